"""The idle lock: after a set time without input the window hides its content until the
assessor proves it is them (their password, or the passphrase of the local data).

The lock covers the window rather than closing anything: every field, its cursor and its
unsaved text stay exactly as they were, and pending autosaves are flushed when it locks.
A copy with nothing to check yet (the demo before any sign-in) still locks, so nothing shows
on a screen left unattended, and opens with a press of the button.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

SETTING_MINUTES = "security/idle_lock_minutes"
DEFAULT_MINUTES = 10
_INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}


class IdleWatcher(QObject):
    """Emits ``went_idle`` after ``interval_ms`` without keyboard, mouse, pen or touch input."""

    went_idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.went_idle)
        self.set_interval(interval_ms)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_interval(self, interval_ms: int) -> None:
        self._timer.stop()
        if interval_ms > 0:
            self._timer.setInterval(interval_ms)
            self._timer.start()

    def pause(self) -> None:
        self._timer.stop()

    def resume(self) -> None:
        if self._timer.interval() > 0:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            self._timer.start()  # restart the countdown
        return False


class LockScreen(QWidget):
    """Covers its parent window while locked."""

    unlocked = Signal()

    def __init__(
        self,
        window: QWidget,
        *,
        secret_kind: Callable[[], str | None],
        verify: Callable[[str], bool],
    ) -> None:
        super().__init__(window)
        self._secret_kind = secret_kind
        self._verify = verify
        self._focus_before: QWidget | None = None
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        self.setAccessibleName(self.tr("QPM Desktop is locked"))
        self.heading = QLabel(self.tr("Locked to protect the data"))
        self.heading.setObjectName("lockHeading")
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(self.tr("Password or passphrase"))
        self.secret.setAccessibleDescription(self.tr("Type it and press Enter to unlock"))
        self.secret.returnPressed.connect(self.try_unlock)
        self.button = QPushButton(self.tr("&Unlock"))
        self.button.setAccessibleName(self.tr("Unlock"))
        self.button.setAccessibleDescription(self.tr("Show the window again"))
        self.button.clicked.connect(self.try_unlock)
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setAccessibleName(self.tr("Unlock problem"))
        self.problem.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.secret, 1)
        row.addWidget(self.button)
        box = QWidget()
        box.setMaximumWidth(520)
        inner = QVBoxLayout(box)
        inner.addWidget(self.heading)
        inner.addWidget(self.prompt)
        inner.addLayout(row)
        inner.addWidget(self.problem)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.hide()
        window.installEventFilter(self)

    @property
    def locked(self) -> bool:
        return self.isVisible()

    def lock(self) -> None:
        if self.locked:
            return
        kind = self._secret_kind()
        if kind == "password":
            self.prompt.setText(self.tr("Enter your password to carry on."))
        elif kind == "passphrase":
            self.prompt.setText(self.tr("Enter the passphrase of your local data to carry on."))
        else:
            self.prompt.setText(self.tr("Press Unlock to carry on."))
        self.secret.setVisible(kind is not None)
        self.secret.clear()
        self.problem.setVisible(False)
        self._focus_before = QApplication.focusWidget()
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
        (self.secret if kind is not None else self.button).setFocus()

    def try_unlock(self) -> None:
        kind = self._secret_kind()
        if kind is not None and not self._verify(self.secret.text()):
            self.problem.setText(self.tr("⚠ That is not right. Try again."))
            self.problem.setVisible(True)
            self.secret.selectAll()
            return
        self.secret.clear()
        self.hide()
        if self._focus_before is not None:
            self._focus_before.setFocus()
        self.unlocked.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.locked:
            self.setGeometry(self.parentWidget().rect())
        return False


class IdleLock(QObject):
    """Wires the watcher to the lock screen for one window."""

    def __init__(
        self,
        window: QWidget,
        settings: QSettings,
        *,
        secret_kind: Callable[[], str | None],
        verify: Callable[[str], bool],
        before_lock: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(window)
        minutes = float(settings.value(SETTING_MINUTES, DEFAULT_MINUTES))
        self.screen = LockScreen(window, secret_kind=secret_kind, verify=verify)
        self.watcher = IdleWatcher(round(minutes * 60_000), self)
        self._before_lock = before_lock
        self.watcher.went_idle.connect(self.lock)
        self.screen.unlocked.connect(self.watcher.resume)

    def lock(self) -> None:
        self._before_lock()  # pending autosaves are written before the content hides
        self.watcher.pause()
        self.screen.lock()
