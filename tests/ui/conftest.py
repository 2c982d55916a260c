"""UI tests: real widgets over real services and a real temporary SQLite database.

The synchronous op runner is injected, so database work happens inline and most tests need no
waits; the one thing that is timed (the autosave debounce) is awaited with ``qtbot.waitUntil``.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from qpm_desktop.services.core import Services
from qpm_desktop.services.demo import seed_demo
from qpm_desktop.ui.main_window import MainWindow
from qpm_desktop.ui.ops import SyncOpRunner

# Seeding runs the migrations and ~30 writes; do it once and copy the folder for each test.
_SEEDED: dict[str, Path] = {}


@pytest.fixture
def data_dir(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, test_key: bytes) -> Path:
    import shutil

    if "demo" not in _SEEDED:
        seeded = tmp_path_factory.mktemp("seeded")
        services = Services.open(seeded, actor="Sam Okafor", key=test_key)
        seed_demo(services)
        services.close()
        _SEEDED["demo"] = seeded
    target = tmp_path / "data"
    shutil.copytree(_SEEDED["demo"], target)
    return target


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


WindowFactory = Callable[..., tuple[MainWindow, Services]]


@pytest.fixture
def make_window(
    qtbot, data_dir: Path, settings_path: Path, test_key: bytes
) -> Iterator[WindowFactory]:  # type: ignore[no-untyped-def]
    """Build a main window over a fresh ``Services`` on the test's data folder."""
    opened: list[Services] = []

    def make(*, open_demo: bool = True, **kwargs: object) -> tuple[MainWindow, Services]:
        services = Services.open(data_dir, actor="Sam Okafor", key=test_key)
        opened.append(services)
        settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        demo_id = seed_demo(services) if open_demo else None
        window = MainWindow(
            services,
            demo=True,
            runner=SyncOpRunner(),
            settings=settings,
            open_on_start=demo_id,
            **kwargs,  # type: ignore[arg-type]
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        # Window shortcuts only fire in the active window; activation is asynchronous.
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        return window, services

    yield make
    for services in opened:
        services.close()


@pytest.fixture
def window(make_window: WindowFactory) -> MainWindow:
    win, _ = make_window()
    return win


@pytest.fixture
def services(window: MainWindow) -> Services:
    return window.services
