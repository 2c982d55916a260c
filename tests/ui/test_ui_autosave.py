"""Autosave: no save button, a visible save state, refused input kept with its reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor


def test_typing_saves_after_a_pause_and_says_when(window, services, qtbot) -> None:
    """Text typed into the rationale is saved after the debounce and "Saved at" is shown."""
    ws = window.workspace
    ws.standards.select("1.3")
    editor = ws.standards.editor
    editor.rationale.setFocus()
    qtbot.keyClicks(editor.rationale, "Agreed issues recorded in every file seen.")
    assert editor.rationale_saver.dirty
    qtbot.waitUntil(lambda: not editor.rationale_saver.dirty, timeout=5000)
    finding = services.queries.finding(ws.assessment_id, "1.3")
    assert finding.rationale == "Agreed issues recorded in every file seen."
    assert window.save_indicator.text().startswith("✓ Saved at ")


def test_focus_out_saves_at_once(window, services, qtbot) -> None:
    """Leaving a field saves it without waiting for the debounce."""
    ws = window.workspace
    ws.show_tab("overview")
    notes = ws.overview.notes
    notes.setFocus()
    notes.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(notes, " Extra.")
    ws.overview.teams.setFocus()
    overview = services.queries.overview(ws.assessment_id)
    assert overview.desktop_review_notes.endswith(" Extra.")


def test_invalid_code_shows_the_reason_and_keeps_the_text(window, services, qtbot) -> None:
    """An interviewee code with a space is refused: the message shows, the text stays."""
    ws = window.workspace
    ws.show_tab("interviews")
    tab = ws.interviews
    before = tab.record().interviewee_code
    tab.code.setFocus()
    tab.code.selectAll()
    qtbot.keyClicks(tab.code, "Jane Smith")
    qtbot.keyClick(tab.code, Qt.Key.Key_Tab)  # focus out: save now
    error = tab.code_saver._error_label
    assert error.isVisible()
    assert "without spaces" in error.text()
    assert tab.code.text() == "Jane Smith"
    assert "Not saved" in window.save_indicator.text()
    assert "Not saved" in tab.code.accessibleDescription()
    stored = services.queries.interview(tab.current_id).interviewee_code
    assert stored == before
    # A redraw from elsewhere does not wipe the refused text.
    ws.add_quick_note("Elsewhere", "")
    assert tab.code.text() == "Jane Smith"
    # Fixing it saves and clears the message.
    tab.code.setFocus()
    tab.code.selectAll()
    qtbot.keyClicks(tab.code, "AP-02")
    tab.code_saver.flush()
    assert not error.isVisible()
    assert services.queries.interview(tab.current_id).interviewee_code == "AP-02"


def test_close_saves_pending_text(make_window, qtbot) -> None:
    """Text typed just before closing the window is saved, not lost."""
    window, services = make_window()
    ws = window.workspace
    aid = ws.assessment_id
    ws.standards.select("1.4")
    qtbot.keyClicks(ws.standards.editor.good_practice, "Exit letters in easy read.")
    window.close()
    assert services.queries.finding(aid, "1.4").good_practice == "Exit letters in easy read."
