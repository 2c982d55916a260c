"""Every screen can be walked with the Tab key alone, and everything it reaches has a name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QWidget

from qpm_desktop.ui.workspace import TAB_KEYS

MAX_STEPS = 400


def _describe(w: QWidget) -> str:
    return f"{type(w).__name__} {w.objectName()!r} in {type(w.parentWidget()).__name__}"


def _walk(window, qtbot) -> list[QWidget]:  # type: ignore[no-untyped-def]
    """Press Tab from the current focus until the focus comes back round; return the stops."""
    start = QApplication.focusWidget()
    assert start is not None, "nothing has the keyboard focus"
    seen: list[QWidget] = [start]
    for _ in range(MAX_STEPS):
        current = QApplication.focusWidget()
        QTest.keyClick(current, Qt.Key.Key_Tab)
        QApplication.processEvents()
        after = QApplication.focusWidget()
        if after is current:
            raise AssertionError(f"Tab is trapped in {_describe(current)}")
        if after is start or after in seen:
            return seen
        seen.append(after)
    raise AssertionError(f"the focus did not come round within {MAX_STEPS} presses")


def _check(stops: list[QWidget]) -> None:
    unnamed = [_describe(w) for w in stops if not w.accessibleName().strip()]
    assert unnamed == [], "reached by Tab without an accessible name: " + "; ".join(unnamed)
    for w in stops:
        if isinstance(w, QTextEdit | QPlainTextEdit):
            assert w.tabChangesFocus(), f"{_describe(w)} keeps Tab for itself"


def test_the_list_page_walks_by_tab(make_window, qtbot) -> None:
    """On the list page, Tab visits search, filter and list, each with a name, and comes back."""
    window, _ = make_window(open_demo=False)
    window.page.search.setFocus()
    stops = _walk(window, qtbot)
    _check(stops)
    assert window.page.search in stops


@pytest.mark.parametrize("key", TAB_KEYS)
def test_each_workspace_tab_walks_by_tab(window, qtbot, key: str) -> None:
    """Each workspace tab can be walked with Tab alone: no trap, every stop named."""
    index = TAB_KEYS.index(key)
    window.workspace.tabs.setCurrentIndex(index)
    page = window.workspace.tabs.widget(index)
    QApplication.processEvents()
    first = page.focusProxy() or next(
        (w for w in page.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus
         and w.isVisibleTo(page)),
        None,
    )  # fmt: skip
    assert first is not None, f"the {key} tab has nothing to focus"
    first.setFocus()
    QApplication.processEvents()
    stops = _walk(window, qtbot)
    _check(stops)
    assert len([w for w in stops if page.isAncestorOf(w)]) >= 2, f"Tab barely enters {key}"
