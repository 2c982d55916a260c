"""The main window: the list of assessments, its filters, the status bar, opening one."""

from __future__ import annotations

from PySide6.QtCore import Qt

from qpm_desktop.model import demo
from qpm_desktop.ui.main_window import ID_ROLE


def test_list_shows_the_demo_assessment_with_labels(make_window) -> None:
    """The list shows organisation, reference, stage, dates, status, unsynced and framework."""
    window, _ = make_window(open_demo=False)
    page = window.page
    assert window.stack.currentWidget() is page
    row = [page.model.item(0, c).text() for c in range(page.model.columnCount())]
    assert row[0] == "Afon Advocacy Partnership (demo)"
    assert row[1] == "QPM-2026-0142"
    assert row[2] == "Site visit"  # a label, never the enum value "site_visit"
    assert "02 Dec 2026" in row[3] and "03 Dec 2026" in row[3]
    assert row[4] == "In progress"
    assert int(row[5]) > 0
    assert "Placeholder" in row[6]


def test_search_filters_as_you_type_and_status_filter_applies(make_window, qtbot) -> None:
    """Typing in the search box and choosing a status both narrow the list at once."""
    window, _ = make_window(open_demo=False)
    page = window.page
    qtbot.keyClicks(page.search, "afon")
    assert page.proxy.rowCount() == 1
    qtbot.keyClicks(page.search, "zzz")
    assert page.proxy.rowCount() == 0
    assert page.empty.isVisibleTo(page)
    page.search.clear()
    assert page.proxy.rowCount() == 1
    awarded = page.status.findText("Awarded")
    page.status.setCurrentIndex(awarded)
    assert page.proxy.rowCount() == 0
    page.status.setCurrentIndex(page.status.findText("In progress"))
    assert page.proxy.rowCount() == 1


def test_status_bar_says_offline_unsynced_and_demo(make_window) -> None:
    """The permanent status bar shows the connection state, unsynced count and demo marker."""
    window, _ = make_window(open_demo=False)
    assert window.connection.text() == "Not signed in — working offline"
    assert "not yet synced" in window.unsynced.text()
    assert window.demo_marker.isVisible()
    assert "DEMO" in window.demo_marker.text()


def test_enter_opens_the_workspace_with_a_placeholder_notice(make_window, qtbot) -> None:
    """Enter on the selected row opens the workspace, which warns about the placeholder."""
    window, _ = make_window(open_demo=False)
    window.page.table.setFocus()
    window.page.table.selectRow(0)
    assert window.page.table.currentIndex().isValid() or window.page.selected_id()
    index = window.page.proxy.index(0, 0)
    window.page.table.setCurrentIndex(index)
    qtbot.keyClick(window.page.table, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.assessment_id == demo.ASSESSMENT_ID
    assert window.workspace.placeholder.isVisible()
    assert "Placeholder framework" in window.workspace.placeholder.text()
    assert index.data(ID_ROLE) == demo.ASSESSMENT_ID


def test_demo_opens_straight_into_the_standards(window) -> None:
    """With the demo and no saved session, the demo assessment opens on the Standards tab."""
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.current_tab() == "standards"
    assert window.workspace.standards.current_code == "1.1"
    assert window.workspace.standards.editor.rationale.toPlainText().startswith("Purpose")
