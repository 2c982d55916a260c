"""Fixtures shared by the whole suite: real temporary databases, the demo, a fixed clock."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest

# Qt must know it has no screen before it is first imported anywhere in the run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qpm_desktop.model import demo
from qpm_desktop.services.core import Services
from qpm_desktop.services.demo import seed_demo

# A fixed key for the local copies the tests open directly (the app's own keys come from the
# keyring or a passphrase; tests of that path use the in-memory keyring below).
TEST_KEY = bytes(range(32))


class MemoryKeyring(keyring.backend.KeyringBackend):
    """An in-memory keyring, for tests only: this machine has no OS keyring by design."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture
def test_key() -> bytes:
    """The fixed key of the local copies tests open directly."""
    return TEST_KEY


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keyring."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


class TickingClock:
    """A clock that moves one millisecond per reading, so every change has its own time."""

    def __init__(self, start: datetime = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "local"


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A local copy seeded with the demo once per run; tests get their own copy of it."""
    root = tmp_path_factory.mktemp("template") / "local"
    sv = Services.open(root, actor=demo.LEAD_ASSESSOR, key=TEST_KEY, clock=TickingClock())
    seed_demo(sv)
    sv.close()
    return root


@pytest.fixture
def services(data_dir: Path, clock: TickingClock, seeded_template: Path) -> Iterator[Services]:
    """Services over a fresh local copy holding the demo assessment."""
    shutil.copytree(seeded_template, data_dir)
    sv = Services.open(data_dir, actor=demo.LEAD_ASSESSOR, key=TEST_KEY, clock=clock)
    yield sv
    sv.close()


@pytest.fixture
def assessment_id(services: Services) -> str:
    return demo.ASSESSMENT_ID


@pytest.fixture
def reopen(data_dir: Path, clock: TickingClock):
    """Open the test's local copy again (after the test closed it), as a restart would."""

    def _reopen() -> Services:
        return Services.open(data_dir, actor=demo.LEAD_ASSESSOR, key=TEST_KEY, clock=clock)

    return _reopen
