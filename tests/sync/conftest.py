"""A real central store on 127.0.0.1 (SQLite) and local copies that sync with it."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from qpm_desktop.central.db import sqlite_url
from qpm_desktop.services.core import Services
from qpm_desktop.services.syncing import Syncing
from qpm_desktop.sync.client import CentralClient, RetryPolicy
from tests.central.conftest import PASSWORD, Central, serving

FAST_RETRY = RetryPolicy(attempts=8, base_delay=0.005, max_delay=0.05)


@pytest.fixture(scope="session")
def central_sqlite() -> Iterator[Central]:
    """One central store process on SQLite for the whole sync test run."""
    data_dir = Path(tempfile.mkdtemp(prefix="qpm-sync-central-"))
    with serving("sqlite", sqlite_url(data_dir / "central.sqlite3"), data_dir) as server:
        yield server


@dataclass
class Device:
    """One assessor's laptop: a local copy and its sync service."""

    username: str
    services: Services
    syncing: Syncing
    root: Path

    @property
    def recording(self) -> Any:
        return self.services.recording

    def close(self) -> None:
        self.syncing.close()
        self.services.close()


@pytest.fixture
def make_device(tmp_path: Path) -> Iterator[Callable[..., Device]]:
    """Open a local copy for ``username`` whose sync talks to ``url`` (fast retries)."""
    made: list[Device] = []

    def _make(
        username: str,
        url: str,
        *,
        seed: int = 0,
        retry: RetryPolicy = FAST_RETRY,
        timeout: float = 30.0,
        root: Path | None = None,
        sign_in: bool = True,
        **client_options: Any,
    ) -> Device:
        root = root or tmp_path / f"{username}-{len(made)}"
        services = Services.open(root, actor=username, key=None)
        rng = random.Random(seed)

        def factory(base_url: str, tokens: Any) -> CentralClient:
            return CentralClient(
                base_url,
                tokens,
                retry=retry,
                timeout=timeout,
                rng=rng,
                **client_options,
            )

        syncing = Syncing(services.ctx, client_factory=factory)
        device = Device(username, services, syncing, root)
        made.append(device)
        if sign_in:
            syncing.sign_in(url, username, PASSWORD)
        return device

    yield _make
    for device in made:
        device.close()
