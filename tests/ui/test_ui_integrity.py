"""The app opens its local copy while the integrity check still runs; damage the check finds
is shown to the assessor, the session ends without a write, and the next start checks first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from qpm_desktop.services.core import Services
from qpm_desktop.store.migrate import DatabaseDamaged
from qpm_desktop.ui import main_window as main_window_module
from qpm_desktop.ui.main_window import MainWindow
from qpm_desktop.ui.ops import SyncOpRunner

PAGE = 4096


def _damage_last_page(database: Path) -> bytes:
    data = bytearray(database.read_bytes())
    assert len(data) >= 8 * PAGE
    data[-PAGE // 2] ^= 0x5A  # inside the last page: not read to open, found by the scan
    database.write_bytes(bytes(data))
    return bytes(data)


def test_damage_found_while_the_window_is_open_ends_the_session_unwritten(
    qtbot, data_dir: Path, tmp_path: Path, test_key: bytes, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    database = data_dir / "qpm-local.sqlite3"
    damaged = _damage_last_page(database)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        main_window_module.QMessageBox,
        "critical",
        lambda _parent, title, text: shown.append((title, text)),
    )
    exits: list[int] = []  # the app's event loop would end; the test's must carry on
    monkeypatch.setattr(main_window_module.QApplication, "exit", exits.append)
    services = Services.open(data_dir, actor="Sam Okafor", key=test_key, defer_check=True)
    try:
        window = MainWindow(
            services,
            demo=True,
            runner=SyncOpRunner(),
            settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
        title, text = shown[0]
        assert title == "Your local data is damaged"
        assert "has not changed it" in text and "restore the newest sound backup" in text
        assert not window.isVisible() and exits == [main_window_module.EXIT_DAMAGED]
        with pytest.raises(DatabaseDamaged):
            services.recording.record_finding("any", "1.1", rationale="must not be written")
    finally:
        services.close()
    assert database.read_bytes() == damaged
    # The next start checks before anything else, and the restore is offered from there.
    with pytest.raises(DatabaseDamaged):
        Services.open(data_dir, actor="Sam Okafor", key=test_key, defer_check=True)
