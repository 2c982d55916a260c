"""The conflict view: one row per field both sides changed, with mine, theirs and an edit box."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


class ConflictRow(QWidget):
    chosen = Signal(int, str, object)  # conflict seq, mine|theirs|edited, value

    def __init__(self, conflict: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        title = QLabel(f"<b>{conflict.entity.replace('_', ' ')}</b> — {conflict.field}")
        mine = QLabel(f"Mine: {_text(conflict.mine)}")
        theirs = QLabel(f"Theirs: {_text(conflict.theirs)}")
        for label in (mine, theirs):
            label.setWordWrap(True)
        self.editor = QPlainTextEdit(f"{_text(conflict.mine)}\n{_text(conflict.theirs)}")
        self.editor.setMaximumHeight(80)
        keep_mine = QPushButton("Keep mine")
        keep_theirs = QPushButton("Keep theirs")
        keep_edit = QPushButton("Keep this text")
        keep_mine.clicked.connect(lambda: self.chosen.emit(conflict.seq, "mine", None))
        keep_theirs.clicked.connect(lambda: self.chosen.emit(conflict.seq, "theirs", None))
        keep_edit.clicked.connect(
            lambda: self.chosen.emit(conflict.seq, "edited", self.editor.toPlainText())
        )
        buttons = QHBoxLayout()
        for button in (keep_mine, keep_theirs, keep_edit):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        for widget in (title, mine, theirs, self.editor):
            layout.addWidget(widget)
        layout.addLayout(buttons)


class QtConflicts(QWidget):
    """Shows the open conflicts (``services.syncing.conflicts()``); a choice goes to
    ``resolve(seq, choice, value)`` and the list is shown again."""

    def __init__(self, syncing: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.syncing = syncing
        self.setWindowTitle("Conflicts")
        self._inner = QWidget()
        self._rows = QVBoxLayout(self._inner)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._inner)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        self.refresh()

    def refresh(self) -> None:
        while self._rows.count():
            item = self._rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        conflicts = self.syncing.conflicts()
        if not conflicts:
            self._rows.addWidget(QLabel("No conflicts: everything agrees with the server."))
        for conflict in conflicts:
            row = ConflictRow(conflict)
            row.chosen.connect(self._choose)
            self._rows.addWidget(row)
        self._rows.addStretch(1)

    def _choose(self, seq: int, choice: str, value: Any) -> None:
        self.syncing.resolve(seq, choice, value)
        self.refresh()
