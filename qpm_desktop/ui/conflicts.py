"""The conflict view: one entry per field both sides changed, with mine, theirs and an edit
box; nothing is dropped until the assessor chooses."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


def entity_label(entity: str) -> str:
    names = {
        "finding": QCoreApplication.translate("Conflicts", "Finding"),
        "interview": QCoreApplication.translate("Conflicts", "Interview"),
        "observation": QCoreApplication.translate("Conflicts", "Observation"),
        "case_file_review": QCoreApplication.translate("Conflicts", "Case file review"),
        "case_file_check": QCoreApplication.translate("Conflicts", "Case file check"),
        "evidence_item": QCoreApplication.translate("Conflicts", "Document"),
        "attachment": QCoreApplication.translate("Conflicts", "Attachment"),
        "evidence_link": QCoreApplication.translate("Conflicts", "Link to a standard"),
        "required_action": QCoreApplication.translate("Conflicts", "Required action"),
        "site_visit": QCoreApplication.translate("Conflicts", "Site visit"),
        "assessment": QCoreApplication.translate("Conflicts", "Assessment"),
        "report_version": QCoreApplication.translate("Conflicts", "Report"),
    }
    return names.get(entity, entity)


def field_label(field: str) -> str:
    names = {
        "rating": QCoreApplication.translate("Conflicts", "Rating"),
        "rationale": QCoreApplication.translate("Conflicts", "Rationale"),
        "good_practice": QCoreApplication.translate("Conflicts", "Good practice"),
        "areas_for_improvement": QCoreApplication.translate("Conflicts", "Areas for improvement"),
        "notes": QCoreApplication.translate("Conflicts", "Notes"),
        "title": QCoreApplication.translate("Conflicts", "Title"),
        "description": QCoreApplication.translate("Conflicts", "Description"),
        "owner": QCoreApplication.translate("Conflicts", "Owner"),
        "due_on": QCoreApplication.translate("Conflicts", "Due date"),
        "status": QCoreApplication.translate("Conflicts", "Status"),
        "result": QCoreApplication.translate("Conflicts", "Result"),
        "note": QCoreApplication.translate("Conflicts", "Note"),
        "deleted": QCoreApplication.translate("Conflicts", "Deleted"),
    }
    return names.get(field, field.replace("_", " "))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


class ConflictRow(QWidget):
    chosen = Signal(int, str, object)  # conflict seq, mine|theirs|edited, value

    def __init__(self, conflict: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        what = self.tr("{record}: {field}").format(
            record=entity_label(conflict.entity), field=field_label(conflict.field)
        )
        title = QLabel(what)
        title.setObjectName("conflictTitle")
        mine = QLabel(self.tr("Yours: {value}").format(value=_text(conflict.mine)))
        theirs = QLabel(self.tr("On the server: {value}").format(value=_text(conflict.theirs)))
        for label in (mine, theirs):
            label.setWordWrap(True)
        self.editor = QPlainTextEdit(f"{_text(conflict.mine)}\n{_text(conflict.theirs)}")
        self.editor.setMaximumHeight(90)
        self.editor.setTabChangesFocus(True)
        self.editor.setAccessibleName(self.tr("Both texts together, to edit"))
        self.editor.setAccessibleDescription(what)
        buttons = QHBoxLayout()
        for text, choice in (
            (self.tr("Keep &mine"), "mine"),
            (self.tr("Keep &theirs"), "theirs"),
            (self.tr("Keep this &text"), "edited"),
        ):
            button = QPushButton(text)
            button.setAccessibleName(text.replace("&", ""))
            button.setAccessibleDescription(what)
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        for widget in (title, mine, theirs, self.editor):
            layout.addWidget(widget)
        layout.addLayout(buttons)

    def _choose(self, choice: str) -> None:
        value = self.editor.toPlainText() if choice == "edited" else None
        self.chosen.emit(self.conflict.seq, choice, value)


class QtConflicts(QDialog):
    """Shows the open conflicts (``syncing.conflicts()``); a choice goes to
    ``syncing.resolve(seq, choice, value)``, its changes go out on ``resolved`` (for the views to
    redraw), and the list is shown again."""

    resolved = Signal(object)  # Changes

    def __init__(self, syncing: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.syncing = syncing
        self.setWindowTitle(self.tr("Conflicts to choose"))
        self.setAccessibleName(self.tr("Conflicts to choose"))
        self._inner = QWidget()
        self._rows = QVBoxLayout(self._inner)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._inner)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        close.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(self.tr("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "You and someone else changed the same field. Nothing has been lost: "
                    "choose what to keep."
                )
            )
        )
        layout.addWidget(scroll, 1)
        layout.addWidget(close)
        self.resize(720, 480)
        self.refresh()

    def refresh(self) -> None:
        while self._rows.count():
            item = self._rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        conflicts = self.syncing.conflicts()
        if not conflicts:
            self._rows.addWidget(QLabel(self.tr("No conflicts: everything agrees.")))
        for conflict in conflicts:
            row = ConflictRow(conflict)
            row.chosen.connect(self._choose)
            self._rows.addWidget(row)
        self._rows.addStretch(1)

    def _choose(self, seq: int, choice: str, value: Any) -> None:
        changes = self.syncing.resolve(seq, choice, value)
        self.resolved.emit(changes)
        self.refresh()
