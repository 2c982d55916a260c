"""The first start on a computer with no local copy: sign in to a central store, or try the demo.

The sign-in side records the server address and user name (never the password) and opens a new
local copy, whose window then asks for the password and downloads the assignments; the demo
side opens the demo copy, which lives in its own folder and is marked as demo data everywhere.
The choice of the demo is remembered, so the next start goes straight to it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qpm_desktop.locations import APP_NAME
from qpm_desktop.services.data_location import DataLocation
from qpm_desktop.ui.a11y import accessible

SETTING_CHOICE = "first_run/choice"
SETTING_SERVER = "central/server"
SETTING_USER = "central/user"


class FirstRunChoice(StrEnum):
    DEMO = "demo"
    SIGN_IN = "sign_in"


def has_local_copy(data_dir: Path) -> bool:
    """True when ``data_dir`` already holds a local database (real data: no first-run dialog)."""
    return DataLocation(Path(data_dir)).database.exists()


class FirstRunDialog(QDialog):
    """Two ways in, side by side; everything reachable from the keyboard, every field named."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.choice: FirstRunChoice | None = None
        self.setWindowTitle(self.tr("Welcome to {app}").format(app=APP_NAME))
        accessible(self, self.tr("Welcome"), self.tr("Choose how to start using {app}"))
        intro = QLabel(
            self.tr(
                "There is no assessment on this computer yet. Sign in to your organisation's "
                "central store to receive your assessments, or try the app on invented demo "
                "data first."
            )
        )
        intro.setWordWrap(True)

        # -- sign in -------------------------------------------------------------------------
        sign_in_box = QGroupBox(self.tr("Sign in to a central store"))
        self.server = QLineEdit(str(settings.value(SETTING_SERVER, "") or ""))
        self.server.setPlaceholderText("https://qpm.example.org")
        accessible(
            self.server,
            self.tr("Server address"),
            self.tr("The address of the central store, as given by your administrator"),
        )
        self.user = QLineEdit(str(settings.value(SETTING_USER, "") or ""))
        accessible(self.user, self.tr("User name"), self.tr("Your user name on the central store"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        accessible(self.password, self.tr("Password"), self.tr("Your password; it is never stored"))
        form = QFormLayout()
        # The password is asked once, by the sign-in dialog over the new copy's window.
        self.password.setVisible(False)
        for label, field in (
            (self.tr("Server &address"), self.server),
            (self.tr("&User name"), self.user),
        ):
            buddy = QLabel(label)
            buddy.setBuddy(field)
            form.addRow(buddy, field)
        self.sign_in_button = QPushButton(self.tr("&Sign in"))
        accessible(
            self.sign_in_button,
            self.tr("Sign in"),
            self.tr("Opens a new local copy and asks for your password"),
        )
        self.sign_in_button.clicked.connect(self._sign_in)
        self.sign_in_status = QLabel()
        self.sign_in_status.setWordWrap(True)
        self.sign_in_status.setObjectName("signInStatus")
        self.sign_in_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        accessible(self.sign_in_status, self.tr("Sign-in status"))
        self._say(
            self.tr(
                "Enter the central store's address and your user name; the app asks for your "
                "password once its window is open, and keeps only a sign-in token in the keyring."
            )
        )
        sign_in_layout = QVBoxLayout(sign_in_box)
        sign_in_layout.addLayout(form)
        sign_in_layout.addWidget(self.sign_in_button, 0, Qt.AlignmentFlag.AlignLeft)
        sign_in_layout.addWidget(self.sign_in_status)
        sign_in_layout.addStretch(1)

        # -- demo ----------------------------------------------------------------------------
        demo_box = QGroupBox(self.tr("Try the demo"))
        demo_text = QLabel(
            self.tr(
                "Opens a local demo copy: an invented organisation and an assessment whose site "
                "visit has just begun. It is kept apart from real data and marked DEMO DATA in "
                "the window. Nothing is sent anywhere."
            )
        )
        demo_text.setWordWrap(True)
        self.demo_button = QPushButton(self.tr("&Try the demo"))
        accessible(
            self.demo_button,
            self.tr("Try the demo"),
            self.tr("Opens the invented demo assessment, kept apart from real data"),
        )
        self.demo_button.clicked.connect(self._demo)
        demo_layout = QVBoxLayout(demo_box)
        demo_layout.addWidget(demo_text)
        demo_layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignLeft)
        demo_layout.addStretch(1)

        self.quit_button = QPushButton(self.tr("&Quit"))
        accessible(self.quit_button, self.tr("Quit"), self.tr("Close without choosing"))
        self.quit_button.clicked.connect(self.reject)

        columns = QHBoxLayout()
        columns.addWidget(sign_in_box, 1)
        columns.addWidget(demo_box, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(columns)
        layout.addLayout(bottom)

        self.setTabOrder(self.server, self.user)
        self.setTabOrder(self.user, self.password)
        self.setTabOrder(self.password, self.sign_in_button)
        self.setTabOrder(self.sign_in_button, self.demo_button)
        self.setTabOrder(self.demo_button, self.quit_button)
        # The demo is the one thing that works today, so Enter chooses it.
        self.demo_button.setDefault(True)
        self.demo_button.setFocus()
        self.resize(760, 320)

    def _sign_in(self) -> None:
        server = self.server.text().strip()
        user = self.user.text().strip()
        if not server or not user:
            missing = self.server if not server else self.user
            self._say(self.tr("Enter the server address and your user name."))
            missing.setFocus()
            return
        self.settings.setValue(SETTING_SERVER, server)
        self.settings.setValue(SETTING_USER, user)
        self.settings.setValue(SETTING_CHOICE, FirstRunChoice.SIGN_IN.value)
        self.settings.sync()
        self.password.clear()
        self.choice = FirstRunChoice.SIGN_IN
        self.accept()

    def _say(self, text: str) -> None:
        self.sign_in_status.setText(text)
        self.sign_in_status.setAccessibleDescription(text)

    def _demo(self) -> None:
        self.choice = FirstRunChoice.DEMO
        self.settings.setValue(SETTING_CHOICE, FirstRunChoice.DEMO.value)
        self.settings.sync()
        self.accept()


def resolve_start(
    data_dir: Path,
    demo_dir: Path,
    *,
    settings: QSettings | None = None,
    ask_again: bool = False,
    ask: Callable[[FirstRunDialog], int] = FirstRunDialog.exec,
) -> tuple[Path, bool] | None:
    """Which copy to open: ``(folder, is_demo)``, or None when the assessor closed the dialog.

    A folder with a local copy opens as it is; with none, an earlier choice of the demo is
    followed (unless ``ask_again``), else the dialog asks (``ask`` is injectable for tests).
    """
    settings = settings or QSettings()
    if has_local_copy(data_dir):
        return Path(data_dir), False
    remembered = settings.value(SETTING_CHOICE)
    if remembered == FirstRunChoice.DEMO.value and not ask_again:
        return Path(demo_dir), True
    dialog = FirstRunDialog(settings)
    ask(dialog)
    if dialog.choice is FirstRunChoice.DEMO:
        return Path(demo_dir), True
    if dialog.choice is FirstRunChoice.SIGN_IN:
        return Path(data_dir), False  # a new local copy; the window asks for the password
    return None
