"""Make a built screen walkable with the Tab key alone.

Qt's defaults get in the way of keyboard users in two places: item views keep Tab for moving
between cells (so Tab never leaves a table), and scroll areas take the focus themselves (an
unnamed stop a screen reader can only call "scroll area"). Applied once to each screen after it
is built, rather than remembered by every widget.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QPlainTextEdit, QScrollArea, QTextEdit, QWidget


def make_keyboard_friendly(root: QWidget) -> None:
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)  # arrows still move between cells
    for area in root.findChildren(QScrollArea):
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # it scrolls to whatever gets the focus
    for edit in root.findChildren(QTextEdit) + root.findChildren(QPlainTextEdit):
        if not edit.isReadOnly():
            edit.setTabChangesFocus(True)
