"""Retention and the rescue bundle in the window (docs/decisions/0012).

- Sign-out with unsynced work is refused by a dialog that offers Sync now, Export rescue
  bundle… or Cancel; after an export, signing out goes ahead.
- File > Remove from this computer… removes a confirmed assessment at once (after a
  confirmation); an unconfirmed one is refused with the reason.
- Settings > Keep confirmed assessments… sets the retention period.
- The retention check runs at start-up and after each sync (never on the assessment open on
  screen).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qpm_desktop.services.rescue import ConflictsOpen, Rescue, default_name
from qpm_desktop.services.retention import (
    MAX_DAYS,
    NO_SIGNED_REPORT,
    NOT_CHECKED,
    NOT_COMPARED,
    UNSYNCED,
    RemovalRefused,
    Retention,
)

SYNC, EXPORT = "sync", "export"


def refusal_reason(code: str) -> str:
    """Why an assessment cannot be removed yet, in words."""
    reasons = {
        UNSYNCED: QCoreApplication.translate(
            "Rescue",
            "Some of its changes are not yet on the central store, or wait for your choice "
            "in a conflict. Sync first.",
        ),
        NOT_COMPARED: QCoreApplication.translate(
            "Rescue",
            "The last sync did not confirm that the central store holds exactly what is here. "
            "Sync again.",
        ),
        NO_SIGNED_REPORT: QCoreApplication.translate(
            "Rescue", "It has no signed visit report yet."
        ),
        NOT_CHECKED: QCoreApplication.translate(
            "Rescue",
            "The central store has not yet confirmed that it holds its signed report and "
            "files. Sync again.",
        ),
    }
    return reasons.get(
        code, QCoreApplication.translate("Rescue", "The central store has not confirmed it yet.")
    )


class SignOutRefusedDialog(QDialog):
    """Unsynced work: Sync now, Export rescue bundle…, or Cancel. ``choice`` says which."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign out"))
        self.setAccessibleName(self.tr("Sign-out refused"))
        self.choice: str | None = None
        self.message = QLabel(
            self.tr(
                "%n change(s) are not yet on the central store. Signing out now would leave "
                "them on this computer only.\n\nSync them now, or export them to an encrypted "
                "rescue bundle that the central store can import.",
                "",
                count,
            )
        )
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Why signing out is refused"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox()
        self.sync_button = buttons.addButton(
            self.tr("&Sync now"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sync_button.setAccessibleName(self.tr("Sync now"))
        self.export_button = buttons.addButton(
            self.tr("&Export rescue bundle…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setAccessibleName(self.tr("Export rescue bundle"))
        self.cancel_button = buttons.addButton(
            self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.sync_button.clicked.connect(lambda: self._choose(SYNC))
        self.export_button.clicked.connect(lambda: self._choose(EXPORT))
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.sync_button.setDefault(True)
        self.sync_button.setFocus()

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


class ExportBundleDialog(QDialog):
    """Where to write the bundle and the passphrase (twice) that will open it."""

    def __init__(self, rescue: Rescue, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rescue = rescue
        self.exported: Any = None
        self.setWindowTitle(self.tr("Export rescue bundle"))
        self.setAccessibleName(self.tr("Export rescue bundle"))
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        self.path = QLineEdit(str(Path(folder) / default_name(username, datetime.now())))
        self.path.setAccessibleName(self.tr("Bundle file"))
        self.path.setAccessibleDescription(
            self.tr("Where the encrypted bundle is written, e.g. a USB stick")
        )
        self.choose = QPushButton(self.tr("C&hoose…"))
        self.choose.setAccessibleName(self.tr("Choose the bundle file"))
        self.choose.clicked.connect(self._choose_file)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.passphrase.setAccessibleDescription(
            self.tr("At least 10 characters; give it to the administrator separately")
        )
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName(self.tr("Passphrase again"))
        self.message = QLabel(
            self.tr(
                "The bundle holds your unsynced changes, the files they refer to and their "
                "audit entries, encrypted with this passphrase. Give the file and, separately, "
                "the passphrase to the central store's administrator."
            )
        )
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Export message"))
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.choose)
        form = QFormLayout()
        for text, field in (
            (self.tr("&File"), self.path),
            (self.tr("&Passphrase"), self.passphrase),
            (self.tr("&Again"), self.again),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, row if field is self.path else field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("&Export"))
        self.ok.setAccessibleName(self.tr("Export"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))
        cancel.setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.passphrase.setFocus()

    def _choose_file(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export rescue bundle"),
            self.path.text(),
            self.tr("QPM rescue bundles (*.qpmrescue)"),
        )
        if name:
            self.path.setText(name)

    def _say(self, text: str) -> None:
        self.message.setText("⚠ " + text)
        self.message.setAccessibleDescription(text)

    def export(self) -> None:
        if self.passphrase.text() != self.again.text():
            self._say(self.tr("The two passphrases differ."))
            self.again.clear()
            self.again.setFocus()
            return
        if len(self.passphrase.text()) < 10:
            self._say(self.tr("Choose a passphrase of at least 10 characters."))
            self.passphrase.setFocus()
            return
        if not self.path.text().strip():
            self._say(self.tr("Choose where to write the bundle."))
            self.path.setFocus()
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.exported = self.rescue.export(
                Path(self.path.text().strip()), self.passphrase.text()
            )
        except ConflictsOpen as exc:
            self._say(
                self.tr(
                    "%n conflict(s) wait for your choice (Sync > Conflicts); choose, then "
                    "export again.",
                    "",
                    exc.count,
                )
            )
            return
        except (OSError, ValueError) as exc:
            self._say(self.tr("The bundle was not written: {reason}").format(reason=str(exc)))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
            self.passphrase.clear()
            self.again.clear()
        self.accept()


class RetentionDialog(QDialog):
    """Settings > Keep confirmed assessments…: the retention period in days."""

    def __init__(self, days: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keep confirmed assessments"))
        self.setAccessibleName(self.tr("Keep confirmed assessments"))
        self.days = QSpinBox()
        self.days.setRange(0, MAX_DAYS)
        self.days.setValue(days)
        self.days.setSuffix(self.tr(" days"))
        self.days.setAccessibleName(self.tr("Days to keep"))
        self.days.setAccessibleDescription(
            self.tr("Days a confirmed assessment stays on this computer; 0 removes it at once")
        )
        text = QLabel(
            self.tr(
                "Once the central store has confirmed an assessment's data and its signed "
                "report, the copy on this computer is removed after this many days, its files "
                "overwritten. The central store keeps everything."
            )
        )
        text.setWordWrap(True)
        label = QLabel(self.tr("&Keep for"))
        label.setBuddy(self.days)
        form = QFormLayout()
        form.addRow(label, self.days)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.days.setFocus()


# ------------------------------------------------------------------------------ the window


def confirm_sign_out(window: Any) -> bool:
    """True when signing out may go ahead: nothing unsynced, or it was just exported."""
    rescue = Rescue(window.services.ctx)
    count = rescue.unsynced()
    if not count:
        return True
    dialog = SignOutRefusedDialog(count, window)
    window.sign_out_dialog = dialog  # for tests and screen readers' focus
    dialog.exec()
    if dialog.choice == SYNC:
        window.sync_now()
        return False
    if dialog.choice != EXPORT:
        return False
    account = window.syncing.account() if window.syncing else None
    export = ExportBundleDialog(rescue, account.username if account else "", window)
    window.export_dialog = export
    if export.exec() != QDialog.DialogCode.Accepted or export.exported is None:
        return False
    done = export.exported
    QMessageBox.information(
        window,
        QCoreApplication.translate("Rescue", "Rescue bundle written"),
        QCoreApplication.translate(
            "Rescue",
            "{changes} change(s), {files} file(s) and {entries} audit entries were written "
            "to {path}. The central store's administrator imports it with "
            "qpm-central admin import-rescue.",
        ).format(
            changes=done.mutations, files=done.files, entries=done.audit_entries, path=done.path
        ),
    )
    return rescue.unsynced() == 0


#: How long after start-up the retention check runs (the window's first paint comes first).
RETENTION_CHECK_DELAY_MS = 3000


def install_retention(window: Any) -> None:
    """The remove-now action, the retention setting, and the checks at start-up and after
    each sync."""
    retention = Retention(window.services.ctx)
    window.retention = retention
    file_menu = window.menuBar().actions()[0].menu()
    window.remove_action = QAction(
        QCoreApplication.translate("Rescue", "Remo&ve from this computer…"), window
    )
    window.remove_action.setStatusTip(
        QCoreApplication.translate(
            "Rescue",
            "Remove a confirmed assessment from this computer now (the central store keeps it)",
        )
    )
    window.remove_action.triggered.connect(lambda: remove_now(window))
    quit_action = window.quit_action
    file_menu.insertAction(quit_action, window.remove_action)
    window.retention_action = QAction(
        QCoreApplication.translate("Rescue", "&Keep confirmed assessments…"), window
    )
    window.retention_action.triggered.connect(lambda: choose_period(window))
    window.settings_menu.addAction(window.retention_action)
    lane = getattr(window, "sync_lane", None)
    if lane is not None:
        lane.sync_did_finish.connect(lambda _summary: apply_retention(window))
    # Not before the window has shown its list: the check reads every assessment's state.
    QTimer.singleShot(RETENTION_CHECK_DELAY_MS, window, lambda: _after_start(window))


def _after_start(window: Any) -> None:
    if window.isVisible():  # a window closed meanwhile has let go of its local copy
        apply_retention(window)


def _open_assessment(window: Any) -> str | None:
    ctx = window.workspace.ctx
    if window.stack.currentWidget() is window.workspace and ctx is not None:
        return str(ctx.assessment_id)
    return None


def apply_retention(window: Any) -> None:
    """Remove what is due (never the assessment open on screen)."""
    keep = {aid for aid in (_open_assessment(window),) if aid}
    # A query, not a mutation: a check that removes nothing must not say "Saved".
    window.runner.query(lambda: window.retention.apply(keep=keep)[1], lambda c: _applied(window, c))


def _applied(window: Any, changes: Any) -> None:
    if changes:
        window.runner.changes_applied.emit(changes, None)


def choose_period(window: Any) -> None:
    dialog = RetentionDialog(window.retention.days(), window)
    window.retention_dialog = dialog
    if dialog.exec() == QDialog.DialogCode.Accepted:
        window.retention.set_days(dialog.days.value())
        apply_retention(window)


def remove_now(window: Any) -> None:
    aid = _open_assessment(window) or window.page.selected_id()
    if aid is None:
        QMessageBox.information(
            window,
            QCoreApplication.translate("Rescue", "Remove from this computer"),
            QCoreApplication.translate("Rescue", "Select an assessment in My assessments first."),
        )
        return
    state = window.retention.state(aid)
    if not state.confirmed:
        QMessageBox.information(
            window,
            QCoreApplication.translate("Rescue", "Remove from this computer"),
            QCoreApplication.translate(
                "Rescue", "{reference} cannot be removed yet. {reason}"
            ).format(reference=state.reference, reason=refusal_reason(state.reason or NOT_CHECKED)),
        )
        return
    answer = QMessageBox.question(
        window,
        QCoreApplication.translate("Rescue", "Remove from this computer"),
        QCoreApplication.translate(
            "Rescue",
            "Remove {reference} from this computer now? The central store holds all of it "
            "and its signed report; its files here are overwritten and deleted.",
        ).format(reference=state.reference),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    if _open_assessment(window) == aid:
        window.show_list()

    def refused(exc: BaseException) -> None:
        if not isinstance(exc, RemovalRefused):
            window.runner.query_did_fail.emit(exc)
        else:
            QMessageBox.information(
                window,
                QCoreApplication.translate("Rescue", "Remove from this computer"),
                QCoreApplication.translate(
                    "Rescue", "{reference} cannot be removed yet. {reason}"
                ).format(reference=state.reference, reason=refusal_reason(exc.reason)),
            )

    window.runner.query(
        lambda: window.retention.remove_now(aid)[1], lambda c: _applied(window, c), refused
    )
