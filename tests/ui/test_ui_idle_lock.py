"""The idle lock hides the window after a quiet spell and loses nothing being typed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from qpm_desktop.ui.idle_lock import SETTING_MINUTES


def _window_with_lock(make_window, settings_path, minutes: float):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    QSettings(str(settings_path), QSettings.Format.IniFormat).setValue(SETTING_MINUTES, minutes)
    window, services = make_window()
    return window, services


def test_it_locks_when_idle_and_keeps_what_was_typed(make_window, settings_path, qtbot):
    """After the idle time the lock covers the window; unlocking shows the same unsaved text."""
    window, _ = _window_with_lock(make_window, settings_path, 0.002)  # 120 ms
    rationale = window.workspace.standards.editor.rationale
    rationale.setFocus()
    rationale.setPlainText("Typed just before walking away")
    qtbot.waitUntil(lambda: window.idle_lock.screen.locked, timeout=10_000)
    screen = window.idle_lock.screen
    assert screen.isVisible() and screen.geometry() == window.rect()
    assert screen.secret.isHidden()  # the test copy has no passphrase or password to check
    qtbot.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    assert not screen.locked
    assert rationale.toPlainText() == "Typed just before walking away"


def test_a_wrong_secret_keeps_it_locked(make_window, settings_path, qtbot, monkeypatch):
    """With a passphrase copy, a wrong passphrase is refused and the right one unlocks."""
    window, _ = _window_with_lock(make_window, settings_path, 0)  # no automatic lock
    screen = window.idle_lock.screen
    screen._secret_kind = lambda: "passphrase"
    screen._verify = lambda secret: secret == "correct horse battery"
    window.idle_lock.lock()
    assert screen.locked and screen.secret.isVisible()
    qtbot.keyClicks(screen.secret, "wrong")
    qtbot.keyClick(screen.secret, Qt.Key.Key_Return)
    assert screen.locked and screen.problem.isVisible()
    screen.secret.clear()
    qtbot.keyClicks(screen.secret, "correct horse battery")
    qtbot.keyClick(screen.secret, Qt.Key.Key_Return)
    assert not screen.locked
