"""Recording on site through the services: what is accepted, refused, and what follows."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from qpm_desktop.model import demo
from qpm_desktop.model.enums import (
    ActionStatus,
    CaseCheckResult,
    EvidenceKind,
    InterviewRole,
    Rating,
)
from qpm_desktop.model.text import InvalidInput
from qpm_desktop.services.recording import NotFound


def test_rating_a_standard_returns_what_changed_after_saving(services, assessment_id) -> None:
    """record_finding returns the changed finding, with the time it was saved."""
    changes = services.recording.record_finding(assessment_id, "1.2", rating=Rating.MET)
    assert changes.touches("finding") and changes.saved_at is not None
    assert services.queries.finding(assessment_id, "1.2").rating is Rating.MET
    nothing = services.recording.record_finding(assessment_id, "1.2", rating=Rating.MET)
    assert not nothing


def test_not_applicable_only_where_the_framework_allows_it(services, assessment_id) -> None:
    """N/A is refused for a standard whose framework entry does not allow it, accepted where so."""
    with pytest.raises(InvalidInput, match=r"1\.2 cannot be rated not applicable"):
        services.recording.record_finding(assessment_id, "1.2", rating=Rating.NOT_APPLICABLE)
    services.recording.record_finding(assessment_id, "5.4", rating=Rating.NOT_APPLICABLE)
    assert services.queries.finding(assessment_id, "5.4").rating is Rating.NOT_APPLICABLE


def test_unknown_standards_and_ratings_are_refused(services, assessment_id) -> None:
    """A code outside the assessment's framework and a made-up rating get clear messages."""
    with pytest.raises(InvalidInput, match=r"'9\.9' is not a standard of qpm-v4-placeholder"):
        services.recording.record_finding(assessment_id, "9.9", rating=Rating.MET)
    with pytest.raises(InvalidInput, match="'excellent' is not one of"):
        services.recording.record_finding(assessment_id, "1.2", rating="excellent")
    with pytest.raises(NotFound):
        services.recording.record_finding("00000000-0000-4000-8000-000000000000", "1.2")


def test_not_met_opens_a_required_action_and_met_closes_an_empty_one(
    services, assessment_id
) -> None:
    """A Not met rating opens one action; rating it Met again removes it while still empty."""
    rec, q = services.recording, services.queries
    changes = rec.record_finding(assessment_id, "3.2", rating=Rating.NOT_MET)
    assert changes.touches("finding", "required_action")
    assert [a.standard_code for a in q.required_actions(assessment_id)] == ["3.2", "8.2"]
    rec.record_finding(assessment_id, "3.2", rating=Rating.NOT_MET, rationale="still")
    assert len(q.required_actions(assessment_id)) == 2
    rec.record_finding(assessment_id, "3.2", rating=Rating.MET)
    assert [a.standard_code for a in q.required_actions(assessment_id)] == ["8.2"]


def test_an_action_someone_filled_in_is_kept(services, assessment_id) -> None:
    """Moving a standard away from Not met never throws away an action with content."""
    rec, q = services.recording, services.queries
    [action] = q.required_actions(assessment_id)
    rec.update_required_action(action.id, owner="CEO", description="Review the policy")
    rec.record_finding(assessment_id, "8.2", rating=Rating.MET)
    [kept] = q.required_actions(assessment_id)
    assert kept.owner == "CEO" and kept.status is ActionStatus.OPEN


def test_an_interview_with_two_standards(services, assessment_id) -> None:
    """An interview is recorded, linked to two standards, and shows in both findings."""
    rec, q = services.recording, services.queries
    changes = rec.create_interview(
        assessment_id,
        interviewee_code="ADV-07",
        role=InterviewRole.VOLUNTEER_ADVOCATE,
        team_id=demo.TEAM_IDS["community"],
        notes="Supervised monthly.",
    )
    iid = changes.record_id("interview")
    rec.set_linked_standards(assessment_id, EvidenceKind.INTERVIEW, iid, ["8.1", "8.3"])
    assert q.interview(iid).linked_standards == ("8.1", "8.3")
    for code in ("8.1", "8.3"):
        labels = [e.label for e in q.finding(assessment_id, code).evidence]
        assert "ADV-07" in labels
    rec.set_linked_standards(assessment_id, EvidenceKind.INTERVIEW, iid, ["8.3"])
    assert q.interview(iid).linked_standards == ("8.3",)
    assert "ADV-07" not in [e.label for e in q.finding(assessment_id, "8.1").evidence]


def test_interviewee_codes_are_codes_not_names(services, assessment_id) -> None:
    """A name typed as the interviewee code is refused with a message saying why."""
    with pytest.raises(InvalidInput, match="code without spaces") as info:
        services.recording.create_interview(
            assessment_id, interviewee_code="Mary Jones", role=InterviewRole.ADVOCACY_PARTNER
        )
    assert info.value.field == "interviewee_code"
    with pytest.raises(InvalidInput, match="role: is required"):
        services.recording.create_interview(assessment_id, interviewee_code="AP-9")


def test_references_must_belong_to_the_assessment(services, assessment_id, tmp_path) -> None:
    """A team of another organisation or a visit of another assessment is refused."""
    with pytest.raises(InvalidInput, match="team_id"):
        services.recording.create_interview(
            assessment_id,
            interviewee_code="X1",
            role=InterviewRole.MANAGER,
            team_id="5b1f7f1e-0000-4000-8000-000000000000",
        )
    with pytest.raises(InvalidInput, match="site_visit_id"):
        services.recording.create_observation(
            assessment_id, kind="other", site_visit_id="5b1f7f1e-0000-4000-8000-000000000001"
        )


def test_deleting_an_interview_unlinks_it(services, assessment_id) -> None:
    """A deleted interview leaves the list and every finding's evidence, as tombstones."""
    rec, q = services.recording, services.queries
    mgr = next(i for i in q.interviews(assessment_id) if i.interviewee_code == "MGR-01")
    changes = rec.delete_interview(mgr.id)
    assert changes.touches("interview", "evidence_link")
    assert "MGR-01" not in [i.interviewee_code for i in q.interviews(assessment_id)]
    assert "MGR-01" not in [e.label for e in q.finding(assessment_id, "1.1").evidence]


def test_case_file_checks_count_as_evidence(services, assessment_id) -> None:
    """A case file's check on a standard shows as case-file evidence for it, and can be removed."""
    rec, q = services.recording, services.queries
    rid = rec.create_case_file_review(assessment_id, case_code="CF-300").record_id(
        "case_file_review"
    )
    rec.set_case_check(rid, "7.2", CaseCheckResult.PARTLY_MET, "No risk log")
    [review] = [r for r in q.case_file_reviews(assessment_id) if r.id == rid]
    assert [(c.standard_code, c.result, c.note) for c in review.checks] == [
        ("7.2", CaseCheckResult.PARTLY_MET, "No risk log")
    ]
    assert [e.label for e in q.finding(assessment_id, "7.2").evidence] == ["CF-300"]
    rec.set_case_check(rid, "7.2", None)
    assert q.finding(assessment_id, "7.2").evidence == ()


def test_attachments_are_hashed_and_kept_once(services, assessment_id, tmp_path: Path) -> None:
    """An attached file is copied in under its SHA-256; the same content is stored once."""
    rec, q = services.recording, services.queries
    item = rec.create_evidence_item(assessment_id, kind="photo", title="Notice board").record_id(
        "evidence_item"
    )
    content = b"\x89PNG fake image " * 1000
    source = tmp_path / "board.png"
    source.write_bytes(content)
    rec.attach_file(item, source)
    rec.attach_file(item, source)
    [view] = [e for e in q.evidence_items(assessment_id) if e.id == item]
    digest = hashlib.sha256(content).hexdigest()
    assert [(a.sha256, a.size, a.media_type, a.available) for a in view.attachments] == [
        (digest, len(content), "image/png", True)
    ] * 2
    stored = list((services.ctx.attachments_dir).rglob(digest))
    assert len(stored) == 1
    assert b"fake image" not in stored[0].read_bytes()  # sealed at rest
    out = tmp_path / "opened.png"
    q.export_attachment(view.attachments[0].id, out)
    assert out.read_bytes() == content


def test_work_survives_closing_and_reopening(services, assessment_id, reopen) -> None:
    """What was saved is there after the database is closed and opened again."""
    services.recording.record_finding(assessment_id, "6.3", rating=Rating.NOT_MET, rationale="r")
    services.close()
    again = reopen()
    try:
        finding = again.queries.finding(assessment_id, "6.3")
        assert (finding.rating, finding.rationale) == (Rating.NOT_MET, "r")
    finally:
        again.close()


def test_a_required_action_can_be_removed_and_comes_back_with_not_met(
    services, assessment_id
) -> None:
    """Deleting an action removes it; rating its standard Not met again brings it back."""
    rec, q = services.recording, services.queries
    [action] = q.required_actions(assessment_id)
    rec.update_required_action(action.id, owner="CEO")
    changes = rec.delete_required_action(action.id)
    assert changes.touches("required_action") and q.required_actions(assessment_id) == []
    rec.record_finding(assessment_id, "8.2", rating=Rating.MET)
    rec.record_finding(assessment_id, "8.2", rating=Rating.NOT_MET)
    [back] = q.required_actions(assessment_id)
    assert back.id == action.id and back.owner == "CEO"
