"""Pull by cursor in pages, newly assigned work arriving, and the digest agreeing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from qpm_desktop.central import admin
from qpm_desktop.protocol.digest import assessment_digest

from .conftest import Central


def _findings(assessment_id: str, count: int) -> list[dict]:
    return [
        {
            "mutation_id": str(uuid.uuid4()),
            "entity": "finding",
            "record_id": str(uuid.uuid4()),
            "op": "create",
            "fields": {"assessment_id": assessment_id, "standard_code": f"1.{i}"},
        }
        for i in range(count)
    ]


def test_pull_pages_by_cursor(central: Central) -> None:
    """Small pages return every record once, in seq order, and a later pull only the new."""
    user = central.user()
    ids = central.assessment(user)
    session = central.sign_in(user)
    session.push(_findings(ids["assessment"], 25))
    changes, cursor = session.pull_all(limit=7)
    seqs = [c["seq"] for c in changes]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    mine = [c for c in changes if c["entity"] == "finding"]
    assert len(mine) == 25
    assert {c["id"] for c in changes} >= {ids["assessment"], ids["organisation"], ids["team"]}
    more = _findings(ids["assessment"], 3)
    session.push(more)
    later, _ = session.pull_all(cursor=cursor)
    assert {c["id"] for c in later} == {m["record_id"] for m in more}


def test_newly_assigned_assessment_arrives_despite_the_cursor(central: Central) -> None:
    """Records older than the assessor's cursor arrive when the assessment is assigned later."""
    lead, late = central.user(), central.user()
    ids = central.assessment(lead)
    central.sign_in(lead).push(_findings(ids["assessment"], 3))
    session = central.sign_in(late)
    before, cursor = session.pull_all()
    assert ids["assessment"] not in {c["id"] for c in before}
    with central.db.write() as s:
        admin.assign(s, ids["assessment"], late, "co", actor="t", now=datetime.now(UTC))
    after, _ = session.pull_all(cursor=cursor)
    assert sum(c["entity"] == "finding" for c in after) == 3
    assert ids["assessment"] in {c["id"] for c in after}


def test_digest_matches_after_the_same_changes(central: Central) -> None:
    """The server's digest equals the digest computed from the pulled records, and changes."""
    user = central.user()
    ids = central.assessment(user)
    session = central.sign_in(user)
    batch = _findings(ids["assessment"], 4)
    session.push(batch)
    delete = {
        **batch[0],
        "mutation_id": str(uuid.uuid4()),
        "op": "delete",
        "base_version": 1,
        "fields": {"deleted": True},
    }
    assert session.push([delete])[0]["status"] == "applied"
    digest = session.get(f"/api/v1/assessments/{ids['assessment']}/digest").json()
    changes, _ = session.pull_all()
    local = [
        (c["entity"], c["id"], c["fields"])
        for c in changes
        if c["id"] == ids["assessment"] or c["fields"].get("assessment_id") == ids["assessment"]
    ]
    assert digest["records"] == len(local) == 5
    assert digest["digest"] == assessment_digest(local)
    session.push(_findings(ids["assessment"], 1))
    assert (
        session.get(f"/api/v1/assessments/{ids['assessment']}/digest").json()["digest"]
        != digest["digest"]
    )


def _pull_omitting(session, cursor: int, since: str) -> list[dict]:
    response = session.get(
        "/api/v1/sync/pull",
        params={"cursor": cursor, "limit": 1000, "omit_mine_since": since},
    )
    assert response.status_code == 200, response.text
    assert not response.json()["has_more"]
    return response.json()["changes"]


def test_a_pull_leaves_out_what_the_device_pushed_in_its_round_exactly_as_sent(
    central: Central,
) -> None:
    """With ``omit_mine_since`` (the server's time when the device's round began), a pull leaves
    out the versions that device made since, applied exactly as sent (it has them from the
    answers); versions others made, versions merged with others' changes, and the device's
    versions from before that time still come. Without the parameter, everything comes."""
    lead, co = central.user(), central.user()
    ids = central.assessment(lead, co)
    a, b = central.sign_in(lead), central.sign_in(co)
    _, cursor = a.pull_all()
    old = _findings(ids["assessment"], 1)
    assert a.push(old)[0]["status"] == "applied"  # before the round: comes back
    round_start = a.get("/api/v1/health").headers["X-Server-Time"]
    made = _findings(ids["assessment"], 3)
    assert [r["status"] for r in a.push(made)] == ["applied"] * 3
    # B changes the third one, then A changes another field of it on the version it knew: the
    # server merges the two, so A does not know the result and must get it.
    third = made[2]["record_id"]
    update = {"entity": "finding", "record_id": third, "op": "update"}
    b_change = {**update, "mutation_id": str(uuid.uuid4()), "base_version": 1}
    assert b.push([{**b_change, "fields": {"rationale": "B"}}])[0]["status"] == "applied"
    a_change = {**update, "mutation_id": str(uuid.uuid4()), "base_version": 1}
    merged = a.push([{**a_change, "fields": {"good_practice": "A"}}])[0]
    assert (merged["status"], merged["version"]) == ("merged", 3)
    # A applied edit exactly on the version it knew: known from the answer.
    first = made[0]["record_id"]
    edit = {**update, "record_id": first, "mutation_id": str(uuid.uuid4()), "base_version": 1}
    assert a.push([{**edit, "fields": {"rationale": "A again"}}])[0]["status"] == "applied"

    found = {c["id"]: c for c in _pull_omitting(a, cursor, round_start)}
    assert set(found) == {old[0]["record_id"], third}
    assert found[third]["version"] == 3
    assert found[third]["fields"]["rationale"] == "B"
    everything, _ = a.pull_all(cursor=cursor)
    assert {c["id"] for c in everything} == {old[0]["record_id"], *(m["record_id"] for m in made)}
    # Another device of the same assessment gets every version, A's included.
    b_start = b.get("/api/v1/health").headers["X-Server-Time"]
    to_b = {c["id"] for c in _pull_omitting(b, cursor, b_start)}
    assert to_b >= {m["record_id"] for m in made}
    # A later round of A's: what A pushed before it began comes back (a copy restored from a
    # backup gets it again).
    later = a.get("/api/v1/health").headers["X-Server-Time"]
    assert {c["id"] for c in _pull_omitting(a, cursor, later)} == {c["id"] for c in everything}


def test_a_newly_assigned_assessment_reaches_its_own_writer_again(central: Central) -> None:
    """Re-sequenced records (an assessment newly assigned) come to every device, even to the
    one whose change made their current version."""
    lead, late = central.user(), central.user()
    ids = central.assessment(lead)
    a = central.sign_in(lead)
    round_start = a.get("/api/v1/health").headers["X-Server-Time"]
    _, cursor = a.pull_all()
    made = _findings(ids["assessment"], 2)
    a.push(made)
    assert _pull_omitting(a, cursor, round_start) == []
    with central.db.write() as s:
        admin.assign(s, ids["assessment"], late, "co", actor="t", now=datetime.now(UTC))
    back = {c["id"] for c in _pull_omitting(a, cursor, round_start)}
    assert back >= {m["record_id"] for m in made}
