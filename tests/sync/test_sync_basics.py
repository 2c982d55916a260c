"""Push, pull, merge and conflicts between two assessors and a real central store."""

from __future__ import annotations

from qpm_desktop.model.enums import Rating
from qpm_desktop.services.recording import finding_id


def _standard_codes(device, assessment_id: str) -> list[str]:
    with device.services.store.read() as s:
        from qpm_desktop.store.tables import Assessment

        key = s.get(Assessment, assessment_id).framework_key
    framework = device.services.ctx.frameworks.get(key)
    return [st.code for section in framework.sections for st in section.standards]


def _two_assessors_synced(central, make_device):  # type: ignore[no-untyped-def]
    """An assessment of two assessors on the store, each with a device that has synced once."""
    a_user, b_user = central.user(), central.user()
    aid = central.assessment(a_user, b_user)["assessment"]
    a = make_device(a_user, central.base_url)
    b = make_device(b_user, central.base_url)
    a.syncing.sync_now()
    b.syncing.sync_now()
    return aid, a, b


def test_download_edit_and_converge(central_sqlite, make_device):
    """An assigned assessment downloads; each side's edits reach the other; digests agree."""
    a_user, b_user = central_sqlite.user(), central_sqlite.user()
    ids = central_sqlite.assessment(a_user, b_user)
    aid = ids["assessment"]
    a = make_device(a_user, central_sqlite.base_url)
    b = make_device(b_user, central_sqlite.base_url)
    first = a.syncing.sync_now()
    assert first.received >= 3
    b.syncing.sync_now()
    code1, code2 = _standard_codes(a, aid)[:2]
    a.recording.record_finding(aid, code1, rating=Rating.MET, rationale="A saw it")
    b.recording.record_finding(aid, code2, rating=Rating.NOT_MET, rationale="B saw it")
    a.syncing.sync_now()
    b.syncing.sync_now()
    summary = a.syncing.sync_now()
    assert summary.digests[aid] == "equal"
    assert b.syncing.sync_now().digests[aid] == "equal"
    assert a.syncing.record_state("finding", finding_id(aid, code2))[0] == "confirmed"


def test_same_field_conflict_keeps_both(central_sqlite, make_device):
    """Both change one field: both values are kept, the assessor chooses, then all agree."""
    aid, a, b = _two_assessors_synced(central_sqlite, make_device)
    code = _standard_codes(a, aid)[0]
    a.recording.record_finding(aid, code, rationale="from A", good_practice="A's note")
    b.recording.record_finding(aid, code, rationale="from B", areas_for_improvement="B's")
    a.syncing.sync_now()
    b.syncing.sync_now()
    conflicts = b.syncing.conflicts()
    assert [(c.field, c.mine, c.theirs) for c in conflicts] == [("rationale", "from B", "from A")]
    b.syncing.resolve(conflicts[0].seq, "edited", "from A and B")
    b.syncing.sync_now()
    a.syncing.sync_now()
    assert a.syncing.sync_now().digests[aid] == "equal"
    assert b.syncing.sync_now().digests[aid] == "equal"
    with a.services.store.read() as s:
        from qpm_desktop.store.tables import Finding

        f = s.get(Finding, finding_id(aid, code))
        assert (f.rationale, f.good_practice, f.areas_for_improvement) == (
            "from A and B",
            "A's note",
            "B's",
        )


def test_a_round_does_not_pull_back_what_it_just_pushed(central_sqlite, make_device):
    """The pull after a push leaves out the versions the server applied exactly as this device
    sent them (it learnt them from the answers); the copy still ends equal to the server's, and
    a co-assessor gets every one of them."""
    aid, a, b = _two_assessors_synced(central_sqlite, make_device)
    code1, code2 = _standard_codes(a, aid)[:2]
    a.recording.record_finding(aid, code1, rationale="A's finding")
    a.recording.create_interview(
        aid, interviewee_code="INT-1", role="manager", notes="A's interview"
    )
    b.recording.record_finding(aid, code2, rationale="B's finding")
    b.syncing.sync_now()
    summary = a.syncing.sync_now()
    assert summary.sent == 2 and summary.results["applied"] == 2
    assert summary.received == 1  # B's finding only
    assert summary.digests[aid] == "equal"
    assert a.syncing.record_state("finding", finding_id(aid, code1))[0] == "confirmed"
    assert a.syncing.sync_now().received == 0
    to_b = b.syncing.sync_now()
    assert to_b.received == 2 and to_b.digests[aid] == "equal"
