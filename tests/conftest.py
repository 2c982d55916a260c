"""Fixtures shared by the whole suite: real temporary databases, the demo, a fixed clock."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

# Qt must know it has no screen before it is first imported anywhere in the run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qpm_desktop.model import demo
from qpm_desktop.services.core import Services
from qpm_desktop.services.demo import seed_demo


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
    sv = Services.open(root, actor=demo.LEAD_ASSESSOR, clock=TickingClock())
    seed_demo(sv)
    sv.close()
    return root


@pytest.fixture
def services(data_dir: Path, clock: TickingClock, seeded_template: Path) -> Iterator[Services]:
    """Services over a fresh local copy holding the demo assessment."""
    shutil.copytree(seeded_template, data_dir)
    sv = Services.open(data_dir, actor=demo.LEAD_ASSESSOR, clock=clock)
    yield sv
    sv.close()


@pytest.fixture
def assessment_id(services: Services) -> str:
    return demo.ASSESSMENT_ID
