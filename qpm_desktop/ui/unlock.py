"""Unlocking the local copy: the keyring silently, or the assessor's passphrase."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from qpm_desktop.services.core import Services
from qpm_desktop.services.unlock import (
    CredentialsError,
    DatabaseDamaged,
    WrongPassphrase,
    is_new_copy,
    open_local_copy,
    passphrase_needed,
    restore_newest_backup,
)

MAX_TRIES = 5


def _ask(parent: QWidget | None, title: str, label: str) -> str | None:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setAccessibleName(title)
    dialog.setAccessibleDescription(label)
    if dialog.exec() != QInputDialog.DialogCode.Accepted:
        return None
    return dialog.textValue()


def _new_passphrase(parent: QWidget | None) -> str | None:
    title = QCoreApplication.translate("Unlock", "Protect your local data")
    while True:
        first = _ask(
            parent,
            title,
            QCoreApplication.translate(
                "Unlock",
                "This computer has no secure keyring, so the notes you record are protected by "
                "a passphrase. Choose one of at least 10 characters (a short sentence works "
                "well). It cannot be recovered if forgotten.",
            ),
        )
        if first is None:
            return None
        second = _ask(
            parent, title, QCoreApplication.translate("Unlock", "Type the passphrase again.")
        )
        if second is None:
            return None
        if first == second:
            return first
        QMessageBox.warning(
            parent,
            title,
            QCoreApplication.translate("Unlock", "The two passphrases differ. Try again."),
        )


def _offer_restore(
    parent: QWidget | None, data_dir: Path, passphrase: str | None, demo: bool, problem: str
) -> bool:
    """Tell the assessor the database is damaged and offer the newest sound backup."""
    title = QCoreApplication.translate("Unlock", "Your local data is damaged")
    answer = QMessageBox.question(
        parent,
        title,
        QCoreApplication.translate(
            "Unlock",
            "QPM Desktop found damage in your local data and has not changed it:\n{problem}\n\n"
            "Restore the newest sound backup? The damaged file is kept beside the backups.",
        ).format(problem=problem),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    restored = restore_newest_backup(data_dir, passphrase=passphrase, demo=demo)
    if restored is None:
        QMessageBox.critical(
            parent,
            title,
            QCoreApplication.translate("Unlock", "There is no sound backup to restore."),
        )
        return False
    QMessageBox.information(
        parent,
        title,
        QCoreApplication.translate(
            "Unlock",
            "Restored the backup made {when}. Work since then may need to be entered again.",
        ).format(when=restored.made_at.astimezone().strftime("%Y-%m-%d %H:%M")),
    )
    return True


def open_services(
    data_dir: Path, *, demo: bool, actor: str, parent: QWidget | None = None
) -> Services | None:
    """Open the local copy in ``data_dir``, asking for a passphrase where one is needed.

    Returns ``None`` when the assessor gives up; every refusal is explained in a message box.
    """
    title = QCoreApplication.translate("Unlock", "Unlock QPM Desktop")
    for _ in range(MAX_TRIES):
        passphrase = None
        if passphrase_needed(data_dir, demo=demo):
            if is_new_copy(data_dir):
                passphrase = _new_passphrase(parent)
            else:
                passphrase = _ask(
                    parent,
                    title,
                    QCoreApplication.translate(
                        "Unlock", "Enter the passphrase of your local data."
                    ),
                )
            if passphrase is None:
                return None
        try:
            return open_local_copy(data_dir, actor=actor, passphrase=passphrase, demo=demo)
        except DatabaseDamaged as exc:
            if not _offer_restore(parent, data_dir, passphrase, demo, str(exc)):
                return None
        except WrongPassphrase:
            QMessageBox.warning(
                parent,
                title,
                QCoreApplication.translate("Unlock", "That passphrase does not open your data."),
            )
        except CredentialsError as exc:
            QMessageBox.critical(parent, title, str(exc))
            return None
    return None
