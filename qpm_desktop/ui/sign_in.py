"""The sign-in dialog: server address, user name, password; the refusal shown as the services
word it (wrong password, disabled account, server down, clock far off)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

DEFAULT_SERVER = "http://127.0.0.1:8470"


class SignInDialog(QDialog):
    """Asks for the account; ``sign_in(url, user, password)`` does the work (a service call).

    The password is never kept: after a refusal the field is emptied, and on success only the
    tokens (in the keyring) remain.
    """

    def __init__(
        self,
        sign_in: Callable[[str, str, str], Any],
        *,
        server_url: str = DEFAULT_SERVER,
        username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in to the central store"))
        self.setAccessibleName(self.tr("Sign in to the central store"))
        self._sign_in = sign_in
        self.server = QLineEdit(server_url)
        self.server.setAccessibleName(self.tr("Server address"))
        self.server.setAccessibleDescription(self.tr("The central store's address, from NDTi"))
        self.user = QLineEdit(username)
        self.user.setAccessibleName(self.tr("User name"))
        self.user.setAccessibleDescription(self.tr("Your QPM assessor account"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setAccessibleDescription(self.tr("It is not kept on this computer"))
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setObjectName("signInMessage")
        self.message.setAccessibleName(self.tr("Sign-in message"))
        form = QFormLayout()
        for text, field in (
            (self.tr("&Server"), self.server),
            (self.tr("&User name"), self.user),
            (self.tr("&Password"), self.password),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Sign &in"))
        ok.setAccessibleName(self.tr("Sign in"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))
        cancel.setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.account: Any = None
        (self.password if username else self.user).setFocus()

    def try_sign_in(self) -> None:
        self.message.setText(self.tr("Signing in…"))
        self.message.repaint()
        try:
            self.account = self._sign_in(self.server.text(), self.user.text(), self.password.text())
        except Exception as exc:
            self.password.clear()
            self.message.setText("⚠ " + str(exc))
            self.password.setFocus()
            return
        self.password.clear()
        self.accept()
