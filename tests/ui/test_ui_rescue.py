"""Sign-out with unsynced work, the rescue bundle export, remove-now and the retention period,
in the window (real widgets, real services, keyboard where it matters)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest

from qpm_desktop.model import demo
from qpm_desktop.protocol.rescue import read_bundle
from qpm_desktop.services.core import Services
from qpm_desktop.services.rescue import Rescue
from qpm_desktop.services.syncing import Syncing
from qpm_desktop.store import replica as rep
from qpm_desktop.ui import rescue as ui_rescue
from qpm_desktop.ui.main_window import MainWindow
from qpm_desktop.ui.ops import SyncOpRunner
from tests.services.test_retention import _acknowledge_everything, _server_holds_all

PASSPHRASE = "lantern harbour copper seven"


@pytest.fixture
def signed_in_window(qtbot, data_dir: Path, settings_path: Path, test_key: bytes):
    """A window whose local copy knows its account (signed in once) and holds unsynced work."""
    services = Services.open(data_dir, actor="Sam Okafor", key=test_key)
    with services.store.write() as s:
        rep.set_setting(s, "sync.server_url", "http://127.0.0.1:9")
        rep.set_setting(s, "sync.username", "sam.okafor")
        rep.set_setting(s, "sync.device_id", "7a1f0c2e-5b3d-4e6f-9a8b-0c1d2e3f4a5b")
    syncing = Syncing(services.ctx)
    window = MainWindow(
        services,
        demo=True,
        runner=SyncOpRunner(),
        settings=QSettings(str(settings_path), QSettings.Format.IniFormat),
        syncing=syncing,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    calls: list[str] = []
    real = syncing.sign_out
    syncing.sign_out = lambda: (calls.append("sign_out"), real())[1]
    window.sync_now = lambda: calls.append("sync_now")
    services.recording.record_finding(demo.ASSESSMENT_ID, "1.1", rationale="typed on the train")
    yield window, services, calls
    window.close()
    services.close()


def _then(action) -> None:
    QTimer.singleShot(0, action)


def _when_shown(name: str, action, window) -> None:
    """Run ``action`` once the window's dialog ``name`` is up (inside its modal loop)."""

    def poll() -> None:
        dialog = getattr(window, name, None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(10, poll)
            return
        try:
            action()
        finally:
            if dialog.isVisible():  # the action failed: do not leave the test hanging
                dialog.reject()

    QTimer.singleShot(0, poll)


def test_sign_out_with_unsynced_work_is_refused(signed_in_window, qtbot) -> None:
    window, services, calls = signed_in_window
    seen: dict[str, object] = {}

    def escape() -> None:
        dialog = window.sign_out_dialog
        seen["text"] = dialog.message.text()
        seen["names"] = [
            b.accessibleName()
            for b in (dialog.sync_button, dialog.export_button, dialog.cancel_button)
        ]
        seen["default"] = dialog.sync_button.isDefault()
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    waiting = Rescue(services.ctx).unsynced()
    assert waiting > 1  # the demo's morning and the finding just typed
    _then(escape)
    window.sign_out()
    assert f"{waiting} change(s) are not yet on the central store" in str(seen["text"])
    assert seen["names"] == ["Sync now", "Export rescue bundle", "Cancel"]
    assert seen["default"] is True
    assert calls == []  # cancelled: neither synced nor signed out

    _then(lambda: window.sign_out_dialog.sync_button.click())
    window.sign_out()
    assert calls == ["sync_now"]
    assert Rescue(services.ctx).unsynced() == waiting


def test_export_then_sign_out(signed_in_window, qtbot, tmp_path: Path, monkeypatch) -> None:
    window, services, calls = signed_in_window
    told: list[str] = []
    monkeypatch.setattr(
        ui_rescue.QMessageBox, "information", lambda _w, _t, text: told.append(text)
    )
    target = tmp_path / "usb" / "work.qpmrescue"
    waiting = Rescue(services.ctx).unsynced()

    def fill_export() -> None:
        dialog = window.export_dialog
        assert dialog.passphrase.accessibleName() == "Passphrase"
        dialog.path.setText(str(target))
        QTest.keyClicks(dialog.passphrase, PASSPHRASE)
        QTest.keyClicks(dialog.again, "not the same one")
        dialog.ok.click()  # refused: the two differ
        assert "differ" in dialog.message.text()
        assert dialog.isVisible()
        dialog.passphrase.clear()
        QTest.keyClicks(dialog.passphrase, PASSPHRASE)
        QTest.keyClicks(dialog.again, PASSPHRASE)
        dialog.ok.click()

    def choose_export() -> None:
        _when_shown("export_dialog", fill_export, window)
        window.sign_out_dialog.export_button.click()

    _then(choose_export)
    window.sign_out()
    assert calls == ["sign_out"]
    assert told and f"{waiting} change(s)" in told[0] and str(target) in told[0]
    assert Rescue(services.ctx).unsynced() == 0
    bundle = read_bundle(target, PASSPHRASE, tmp_path / "opened")
    assert len(bundle.manifest.mutations) == waiting
    assert "typed on the train" in str([m.fields for m in bundle.manifest.mutations])
    assert bundle.manifest.username == "sam.okafor"


def test_remove_now_refused_then_accepted(make_window, qtbot, monkeypatch, tmp_path) -> None:
    window, services = make_window(open_demo=False)
    told: list[str] = []
    monkeypatch.setattr(
        ui_rescue.QMessageBox, "information", lambda _w, _t, text: told.append(text)
    )
    asked: list[str] = []
    monkeypatch.setattr(
        ui_rescue.QMessageBox,
        "question",
        lambda _w, _t, text, *_a: (asked.append(text), ui_rescue.QMessageBox.StandardButton.Yes)[1],
    )
    from qpm_desktop.services.demo import seed_demo

    aid = seed_demo(services)
    window.refresh_list()
    window.page.select(aid)
    window.remove_action.trigger()
    assert told and "cannot be removed yet" in told[0] and "signed visit report" in told[0]
    assert asked == []
    assert window.page.model.rowCount() == 1

    # Signed, synced and confirmed by the central store: removed at once, after a question.
    from tests.services.test_retention import _work

    _same, files = _work(services, tmp_path)
    _acknowledge_everything(services)
    _server_holds_all(services, aid)
    window.page.select(aid)
    window.remove_action.trigger()
    assert asked and "Remove" in asked[0]
    assert window.page.model.rowCount() == 0
    assert not any(f.exists() for f in files)


def test_retention_period_in_settings(window, services, qtbot) -> None:
    assert window.retention_action in window.settings_menu.actions()

    def set_days() -> None:
        dialog = window.retention_dialog
        assert dialog.days.accessibleName() == "Days to keep"
        assert dialog.days.value() == 30
        dialog.days.setValue(14)
        QTest.keyClick(dialog, Qt.Key.Key_Return)

    _then(set_days)
    window.retention_action.trigger()
    from qpm_desktop.services.retention import Retention

    assert Retention(services.ctx).days() == 14
