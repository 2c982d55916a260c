"""Accessibility and keyboard: names on every control, labels not values, tab shortcuts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from qpm_desktop.ui import labels
from qpm_desktop.ui.workspace import TAB_KEYS

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractItemView,
    QAbstractSpinBox,
)


def _interactive(root: QWidget) -> list[QWidget]:
    out = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE) or isinstance(w, QHeaderView):
            continue
        if w.objectName().startswith("qt_"):
            continue  # Qt's own parts (scroll area viewports, corner buttons)
        parent = w.parentWidget()
        if isinstance(parent, QComboBox | QAbstractSpinBox | QLineEdit | QTabBar):
            continue  # the inner parts of a control that is itself named
        if (
            isinstance(w, QAbstractItemView)
            and isinstance(parent, QWidget)
            and parent.inherits("QComboBoxPrivateContainer")
        ):
            continue
        if not w.isVisibleTo(root):
            continue
        out.append(w)
    return out


def _unnamed(root: QWidget) -> list[str]:
    return [
        f"{type(w).__name__} {w.objectName()!r} in {type(w.parentWidget()).__name__}"
        for w in _interactive(root)
        if not w.accessibleName().strip()
    ]


def test_every_control_on_the_list_page_has_a_name(make_window) -> None:
    """Each interactive control of "My assessments" has an accessible name."""
    window, _ = make_window(open_demo=False)
    assert _interactive(window.page)
    assert _unnamed(window.page) == []


@pytest.mark.parametrize("key", TAB_KEYS)
def test_every_control_on_each_tab_has_a_name(window, key: str) -> None:
    """Each interactive control of each workspace tab has an accessible name."""
    window.workspace.show_tab(key)
    tab = window.workspace.tabs.currentWidget()
    assert _interactive(tab)
    assert _unnamed(tab) == []
    for w in _interactive(tab):
        assert w.accessibleDescription().strip(), type(w).__name__


def test_tab_shortcuts_switch_tabs(window, qtbot) -> None:
    """Ctrl+1 to Ctrl+8 bring up the eight workspace tabs in order."""
    for i, key in enumerate(TAB_KEYS):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{i + 1}"), Qt.KeyboardModifier.ControlModifier)
        assert window.workspace.current_tab() == key


def test_ctrl_f_goes_to_the_search_box(window, qtbot) -> None:
    """Ctrl+F from the workspace returns to the list with the search box focused."""
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.page
    qtbot.waitUntil(lambda: window.page.search.hasFocus(), timeout=5000)


def test_every_enum_member_has_a_label() -> None:
    """The label table covers every member of every vocabulary shown on screen."""
    assert labels.missing_labels() == []


def test_no_enum_value_is_shown_in_the_interviews_editor(window) -> None:
    """Combos show translated labels, never identifiers such as "paid_advocate"."""
    window.workspace.show_tab("interviews")
    tab = window.workspace.interviews
    for combo in tab.findChildren(QComboBox):
        for i in range(combo.count()):
            assert "_" not in combo.itemText(i), combo.itemText(i)


def test_last_tab_is_reopened_after_a_restart(make_window, qtbot) -> None:
    """The tab in use when the window closed is the one shown when the app starts again."""
    window, services = make_window()
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    window.close()
    services.close()
    window2, _ = make_window()
    assert window2.workspace.current_tab() == "coverage"
    assert window2.workspace.coverage.table.rowCount() == len(window2.workspace.ctx.standards)
