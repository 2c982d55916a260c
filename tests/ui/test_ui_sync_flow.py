"""The demo's whole flow in the window: a local central store, sign-in, recording, sync."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from qpm_desktop.embedded_central import embedded_central
from qpm_desktop.model import demo
from qpm_desktop.services.core import Services
from qpm_desktop.services.demo import seed_demo_through_central
from qpm_desktop.services.syncing import Syncing
from qpm_desktop.ui.main_window import MainWindow
from qpm_desktop.ui.ops import SyncOpRunner


def test_the_demo_signs_in_downloads_records_and_syncs(qtbot, tmp_path: Path, test_key: bytes):
    """Against a real local central store: the demo downloads its assignment, the window says
    who is signed in, a new finding goes out on F5, and sign-out then leaves nothing behind."""
    with embedded_central(tmp_path / "central") as url:
        assert url is not None, (tmp_path / "central" / "central.log").read_text()
        services = Services.open(tmp_path / "copy", actor=demo.LEAD_ASSESSOR, key=test_key)
        try:
            syncing = Syncing(services.ctx)
            aid = seed_demo_through_central(services, syncing, url)
            assert syncing.status().pending == 0  # the morning's work is on the server
            settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
            window = MainWindow(
                services,
                demo=True,
                runner=SyncOpRunner(),
                settings=settings,
                open_on_start=aid,
                syncing=syncing,
            )
            qtbot.addWidget(window)
            window.show()
            qtbot.waitExposed(window)
            assert "Signed in as Sam Okafor" in window.connection.text()
            services.recording.record_finding(aid, "1.2", rationale="Seen on the notice board")
            assert syncing.status().pending == 1
            window.activateWindow()
            qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5000)
            QTest.keyClick(window, Qt.Key.Key_F5)
            qtbot.waitUntil(lambda: "Synced" in window.sync_status.label.text(), timeout=60_000)
            assert syncing.status().pending == 0
            assert (syncing.digest_state(aid) or "").startswith("equal")
            window.sign_out()
            assert "Not signed in" in window.connection.text()
            assert not window.sync_action.isEnabled()
            window.close()
        finally:
            services.close()
