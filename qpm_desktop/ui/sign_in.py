"""The sign-in dialog: server address, user name, password; the error shown as the services
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


class SignInDialog(QDialog):
    """Asks for the account; ``sign_in(url, user, password)`` does the work (a service call)."""

    def __init__(
        self,
        sign_in: Callable[[str, str, str], Any],
        *,
        server_url: str = "http://127.0.0.1:8470",
        username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign in to the central store")
        self._sign_in = sign_in
        self.server = QLineEdit(server_url)
        self.user = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setObjectName("signInMessage")
        form = QFormLayout()
        form.addRow("Server", self.server)
        form.addRow("User name", self.user)
        form.addRow("Password", self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Sign in")
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.account: Any = None

    def try_sign_in(self) -> None:
        self.message.setText("Signing in…")
        try:
            self.account = self._sign_in(self.server.text(), self.user.text(), self.password.text())
        except Exception as exc:
            self.password.clear()
            self.message.setText(str(exc))
            return
        self.accept()
