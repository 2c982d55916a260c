"""What the assessor reads back: coverage, the recommended outcome and sampling progress."""

from __future__ import annotations

from qpm_desktop.model.enums import EvidenceKind, InterviewRole, Rating
from qpm_desktop.model.outcome import Recommendation
from qpm_desktop.services.demo import seed_demo


def test_the_demo_is_seeded_once(services, assessment_id) -> None:
    """Seeding twice leaves one demo assessment with the same records."""
    before = services.queries.interviews(assessment_id)
    seed_demo(services)
    assert len(services.queries.list_assessments()) == 1
    assert services.queries.interviews(assessment_id) == before


def test_the_list_counts_unsynced_records(services, assessment_id) -> None:
    """Work recorded here and not yet confirmed is counted per assessment, and grows with edits."""
    [before] = services.queries.list_assessments()
    assert before.organisation == "Afon Advocacy Partnership (demo)" and before.unsynced > 0
    services.recording.record_finding(assessment_id, "4.3", rating=Rating.MET)
    [after] = services.queries.list_assessments()
    assert after.unsynced == before.unsynced + 1


def test_coverage_follows_the_links(services, assessment_id) -> None:
    """Linking an observation to a standard adds a kind of evidence to its coverage."""
    q, rec = services.queries, services.recording
    by_code = {c.code: c for c in q.coverage(assessment_id)}
    assert by_code["5.1"].kinds == 2  # an interview and a report
    assert by_code["6.2"].no_evidence
    oid = rec.create_observation(assessment_id, kind="office_practice", title="Desk").record_id(
        "observation"
    )
    rec.link_evidence(assessment_id, "6.2", EvidenceKind.OBSERVATION, oid)
    covered = {c.code: c for c in q.coverage(assessment_id)}["6.2"]
    assert covered.kinds == 1 and covered.single_source_kind
    iid = rec.create_interview(
        assessment_id, interviewee_code="TR-01", role=InterviewRole.TRUSTEE
    ).record_id("interview")
    rec.link_evidence(assessment_id, "6.2", EvidenceKind.INTERVIEW, iid)
    covered = {c.code: c for c in q.coverage(assessment_id)}["6.2"]
    assert covered.kinds == 2 and not covered.single_source_kind
    assert covered.interview_roles == frozenset({InterviewRole.TRUSTEE})
    row = next(r for r in q.standards(assessment_id) if r.code == "6.2")
    assert (row.sources, row.kinds) == (2, 2)


def test_the_recommended_outcome_follows_the_findings(services, assessment_id) -> None:
    """Meeting every mandatory standard turns the recommendation to award; one Not met undoes it."""
    q, rec = services.queries, services.recording
    assert q.outcome(assessment_id).recommendation is Recommendation.ACTIONS_REQUIRED
    framework = q.framework_of(assessment_id)
    for _, st in framework.iter_standards():
        rec.record_finding(assessment_id, st.code, rating=Rating.MET)
    outcome = q.outcome(assessment_id)
    assert outcome.recommendation is Recommendation.AWARD and outcome.unmet == ()
    rec.record_finding(assessment_id, "7.3", rating=Rating.NOT_MET)
    outcome = q.outcome(assessment_id)
    assert outcome.recommendation is Recommendation.ACTIONS_REQUIRED
    assert outcome.unmet == ("7.3",)


def test_sampling_progress_counts_advocates_by_manager_and_area(services, assessment_id) -> None:
    """Interviewing an advocate of a team moves its manager's and its area's progress."""
    from qpm_desktop.model import demo

    q, rec = services.queries, services.recording
    before = {g.group: g.achieved for g in q.sampling(assessment_id).by_area}
    rec.create_interview(
        assessment_id,
        interviewee_code="ADV-09",
        role=InterviewRole.VOLUNTEER_ADVOCATE,
        team_id=demo.TEAM_IDS["community"],
    )
    progress = q.sampling(assessment_id)
    after = {g.group: g.achieved for g in progress.by_area}
    assert after["Cardiff"] == before["Cardiff"] + 1
    carys = next(g for g in progress.by_manager if g.group == "Carys Morgan")
    assert (carys.advocates, carys.target, carys.achieved) == (4, 2, 1)
    assert (progress.case_files.target, progress.case_files.achieved) == (8, 2)
    assert (progress.reports.target, progress.reports.achieved) == (8, 1)


def test_the_overview_names_the_placeholder_framework(services, assessment_id) -> None:
    """The overview carries the organisation, its teams and the placeholder flag."""
    overview = services.queries.overview(assessment_id)
    assert overview.framework_placeholder is True
    assert {t.area for t in overview.organisation.teams} == {"Bristol", "Newport", "Cardiff"}
    assert overview.site_visits[0].visit_date.isoformat() == "2026-12-02"
