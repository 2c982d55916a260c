"""Recording on site end to end: interview, links, rating, coverage, outcome, restart."""

from __future__ import annotations

from PySide6.QtCore import Qt

from qpm_desktop.model.enums import EvidenceKind, InterviewRole, Rating
from qpm_desktop.model.outcome import Recommendation


def _coverage_row(window, code: str):  # type: ignore[no-untyped-def]
    return window.workspace.coverage.rows[code][1]


def test_record_interview_link_rate_and_find_it_after_restart(make_window, qtbot) -> None:
    """An interview linked to two standards and a new rating show in coverage and outcome,
    and are all there again after closing and reopening over the same folder."""
    window, services = make_window()
    ws = window.workspace
    aid = ws.assessment_id

    # A new interview from the keyboard, then its code typed over the suggested one.
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert ws.current_tab() == "interviews"
    tab = ws.interviews
    assert len(tab.records) == 5
    tab.code.selectAll()
    qtbot.keyClicks(tab.code, "TR-07")
    tab.code_saver.flush()
    tab.role.choose(InterviewRole.TRUSTEE)
    tab.notes.setPlainText("Board gets a quarterly report on complaints.")
    tab.flush()

    before = _coverage_row(window, "6.2")
    assert before.no_evidence
    tab.standards.set_checked("6.2", True)
    tab.standards.set_checked("6.3", True)
    interview = next(i for i in services.queries.interviews(aid) if i.interviewee_code == "TR-07")
    assert interview.role is InterviewRole.TRUSTEE
    assert interview.notes == "Board gets a quarterly report on complaints."
    assert interview.linked_standards == ("6.2", "6.3")

    # The coverage view redrew on the change notification.
    after = _coverage_row(window, "6.2")
    assert after.by_kind[EvidenceKind.INTERVIEW] == 1
    assert after.single_source_kind
    assert (
        "Trustee or board member"
        in ws.coverage.table.item(list(ws.coverage.rows).index("6.2"), 6).text()
    )

    # Rate 8.2 Met (it was Not met): the recommendation changes from actions to not yet.
    assert ws.standards.outcome.outcome.recommendation is Recommendation.ACTIONS_REQUIRED
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    ws.standards.select("8.2")
    editor = ws.standards.editor
    assert editor.code == "8.2"
    editor.rating.choose(Rating.MET)
    assert ws.standards.outcome.outcome.recommendation is Recommendation.NOT_YET
    assert "Not met:" not in ws.standards.outcome.text()
    assert services.queries.finding(aid, "8.2").rating is Rating.MET
    evidence = [editor.evidence.item(i).text() for i in range(editor.evidence.count())]
    assert any("Lone working policy" in text for text in evidence)

    # The evidence list of 6.2 names the new interview.
    ws.standards.select("6.2")
    evidence = [editor.evidence.item(i).text() for i in range(editor.evidence.count())]
    assert evidence == ["Interview: TR-07 (Trustee or board member)"]

    window.close()
    services.close()

    # A new window over new services on the same folder finds everything, on the same tab.
    window2, _ = make_window()
    ws2 = window2.workspace
    assert ws2.assessment_id == aid
    assert ws2.current_tab() == "standards"
    codes = [i.row_text(r) for i in [ws2.interviews] for r in i.records]
    assert any(text.startswith("TR-07 · Trustee or board member · 2 standards") for text in codes)
    assert _coverage_row(window2, "6.3").by_kind[EvidenceKind.INTERVIEW] == 1
    assert ws2.standards.outcome.outcome.recommendation is Recommendation.NOT_YET
    ws2.standards.select("8.2")
    assert ws2.standards.editor.rating.value() is Rating.MET


def test_rating_change_can_be_undone(window, services, qtbot) -> None:
    """Ctrl+Z after a rating change puts the old rating back, in the database and the editor."""
    ws = window.workspace
    ws.standards.select("1.2")
    editor = ws.standards.editor
    editor.rating.choose(Rating.NOT_MET)
    assert services.queries.finding(ws.assessment_id, "1.2").rating is Rating.NOT_MET
    ws.standards.tree.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.queries.finding(ws.assessment_id, "1.2").rating is Rating.NOT_YET_ASSESSED
    assert editor.rating.value() is Rating.NOT_YET_ASSESSED
    window.redo_action.trigger()
    assert editor.rating.value() is Rating.NOT_MET


def test_not_applicable_is_offered_only_where_allowed(window) -> None:
    """The rating combo offers N/A only for standards whose framework entry allows it."""
    ws = window.workspace
    for row in ws.ctx.standards:
        ws.standards.select(row.code)
        combo = ws.standards.editor.rating
        offered = {combo.itemData(i) for i in range(combo.count())}
        assert (Rating.NOT_APPLICABLE in offered) == row.not_applicable_allowed


def test_quick_note_links_an_observation_to_the_standard_in_view(window, services) -> None:
    """A quick note becomes an observation linked to the standard shown on the Standards tab."""
    ws = window.workspace
    ws.standards.select("3.3")
    ws.add_quick_note("Note on 3.3", "Shredding bin by the printer.")
    notes = [o for o in services.queries.observations(ws.assessment_id) if o.title == "Note on 3.3"]
    assert len(notes) == 1 and notes[0].linked_standards == ("3.3",)
    evidence = ws.standards.editor.evidence
    texts = [evidence.item(i).text() for i in range(evidence.count())]
    assert "Observation: Note on 3.3 (Other observation)" in texts


def test_case_check_and_attachment(window, services, tmp_path) -> None:
    """A checklist result is saved per standard, and an attached file shows name, size, hash."""
    ws = window.workspace
    ws.show_tab("case_files")
    tab = ws.case_files
    combo = tab.checks["2.2"]
    from qpm_desktop.model.enums import CaseCheckResult

    combo.choose(CaseCheckResult.PARTLY_MET)
    review = next(r for r in services.queries.case_file_reviews(ws.assessment_id)
                  if r.id == tab.current_id)  # fmt: skip
    assert any(c.standard_code == "2.2" and c.result is CaseCheckResult.PARTLY_MET
               for c in review.checks)  # fmt: skip

    path = tmp_path / "minutes.txt"
    path.write_text("Board minutes, March.\n")
    ws.evidence.choose_file = lambda _parent: path
    ws.show_tab("evidence")
    ws.evidence.attach()
    text = ws.evidence.attachments.item(0).text()
    assert text.startswith("minutes.txt · 22 B · SHA-256 ")
