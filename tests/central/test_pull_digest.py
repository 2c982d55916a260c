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
