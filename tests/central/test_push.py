"""Push over real HTTP: idempotency, three-way merge, and bad input refused cleanly."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

from sqlalchemy import func, select

from qpm_desktop.central.schema import MutationSeen, Record, RecordVersion

from .conftest import Central


def _id() -> str:
    return str(uuid.uuid4())


def finding(assessment_id: str, record_id: str | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "mutation_id": _id(),
        "entity": "finding",
        "record_id": record_id or _id(),
        "op": "create",
        "base_version": None,
        "fields": {"assessment_id": assessment_id, "standard_code": "1.1", **fields},
    }


def versions(central: Central, record_id: str) -> int:
    with central.db.read() as s:
        return s.scalar(select(func.count()).where(RecordVersion.id == record_id)) or 0


def test_same_mutation_twice_is_stored_once(central: Central) -> None:
    """A resent mutation is answered "duplicate" with the first answer and writes nothing."""
    user = central.user()
    ids = central.assessment(user)
    session = central.sign_in(user)
    m = finding(ids["assessment"], rating="met")
    first = session.push([m])[0]
    again = session.push([m])[0]
    assert first["status"] == "applied" and first["version"] == 1
    assert again["status"] == "duplicate" and again["version"] == 1
    assert versions(central, m["record_id"]) == 1


def test_same_mutation_twice_at_once_is_stored_once(central: Central) -> None:
    """Two pushes of the same mutation at the same moment leave exactly one row."""
    user = central.user()
    ids = central.assessment(user)
    session = central.sign_in(user)
    batch = [finding(ids["assessment"], rationale=f"n{i}") for i in range(50)]
    answers: list[list[dict[str, Any]]] = []
    barrier = threading.Barrier(2)

    def send() -> None:
        barrier.wait()
        answers.append(session.push(batch))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted({r["status"] for r in answers[0]} | {r["status"] for r in answers[1]})
    assert statuses == ["applied", "duplicate"]
    for m in batch:
        assert versions(central, m["record_id"]) == 1
    with central.db.read() as s:
        seen = s.scalar(
            select(func.count()).where(
                MutationSeen.mutation_id.in_([m["mutation_id"] for m in batch])
            )
        )
    assert seen == len(batch)


def test_same_id_other_content_is_rejected(central: Central) -> None:
    """A mutation id reused for a different change is rejected and changes nothing."""
    user = central.user()
    ids = central.assessment(user)
    session = central.sign_in(user)
    m = finding(ids["assessment"], rating="met")
    session.push([m])
    other = {**m, "fields": {**m["fields"], "rating": "not_met"}}
    result = session.push([other])[0]
    assert result["status"] == "rejected" and "different change" in result["reason"]
    with central.db.read() as s:
        assert s.get(Record, ("finding", m["record_id"])).fields["rating"] == "met"


def test_three_way_merge(central: Central) -> None:
    """Changes to different fields merge; the same field changed twice is a conflict with both
    values, and the mergeable fields of that mutation are still applied."""
    lead, co = central.user(), central.user()
    ids = central.assessment(lead, co)
    a, b = central.sign_in(lead), central.sign_in(co)
    rid = _id()
    created = a.push([finding(ids["assessment"], rid, rating="not_yet_assessed")])[0]
    assert created["version"] == 1

    def update(**fields: Any) -> dict[str, Any]:
        return {
            "mutation_id": _id(),
            "entity": "finding",
            "record_id": rid,
            "op": "update",
            "base_version": 1,
            "fields": fields,
        }

    assert a.push([update(rating="met", rationale="seen in files")])[0]["status"] == "applied"
    merged = b.push([update(good_practice="easy read leaflets")])[0]
    assert merged["status"] == "merged" and merged["version"] == 3
    clash = b.push([update(rating="not_met", areas_for_improvement="review policy")])[0]
    assert clash["status"] == "conflict"
    assert clash["conflicts"] == [
        {"field": "rating", "base": "not_yet_assessed", "server": "met", "client": "not_met"}
    ]
    with central.db.read() as s:
        fields = s.get(Record, ("finding", rid)).fields
    assert fields["rating"] == "met"  # the server's value stays
    assert fields["rationale"] == "seen in files"
    assert fields["good_practice"] == "easy read leaflets"
    assert fields["areas_for_improvement"] == "review policy"


def test_same_natural_record_created_on_two_devices_merges(central: Central) -> None:
    """Two assessors creating the same finding offline end with one record, merged by field."""
    lead, co = central.user(), central.user()
    ids = central.assessment(lead, co)
    rid = _id()
    one = central.sign_in(lead).push([finding(ids["assessment"], rid, rating="met")])[0]
    two = central.sign_in(co).push([finding(ids["assessment"], rid, rationale="from CF-101")])[0]
    assert one["status"] == "applied"
    assert two["status"] == "merged" and two["version"] == 2


def test_bad_mutations_do_not_block_the_batch(central: Central) -> None:
    """Unknown entities, unknown fields and wrong types are rejected one by one; the rest apply."""
    user = central.user()
    ids = central.assessment(user)
    session = central.sign_in(user)
    good = finding(ids["assessment"])
    bad_entity = {**finding(ids["assessment"]), "entity": "dragon"}
    bad_field = finding(ids["assessment"], colour="red")
    bad_type = finding(ids["assessment"], rating=5)
    missing = {**finding(ids["assessment"]), "fields": {"assessment_id": ids["assessment"]}}
    results = session.push([bad_entity, bad_field, good, bad_type, missing])
    assert [r["status"] for r in results] == [
        "rejected",
        "rejected",
        "applied",
        "rejected",
        "rejected",
    ]
    assert "dragon" in results[0]["reason"]
    assert "colour" in results[1]["reason"]
    assert "rating" in results[3]["reason"]
    assert "standard_code" in results[4]["reason"]
    for m in (bad_entity, bad_field, bad_type, missing):
        assert versions(central, m["record_id"]) == 0


def _nothing_stored(central: Central, mutation_id: str) -> bool:
    with central.db.read() as s:
        return s.get(MutationSeen, mutation_id) is None


def test_malformed_requests_are_clear_4xx_and_store_nothing(central: Central) -> None:
    """Malformed JSON, wrong envelope types, unknown fields and oversized bodies are refused."""
    user = central.user()
    ids = central.assessment(user)
    session = central.sign_in(user)
    m = finding(ids["assessment"])
    headers = {**session.headers, "Content-Type": "application/json"}
    url = "/api/v1/sync/push"

    raw = json.dumps({"device_id": session.device_id, "mutations": [m]})
    r = central.http.post(url, content=raw[:-5], headers=headers)
    assert r.status_code == 400 and r.json()["error"] == "malformed_json"

    wrong_type = {"device_id": session.device_id, "mutations": [{**m, "base_version": "one"}]}
    r = central.http.post(url, json=wrong_type, headers=headers)
    assert r.status_code == 422 and any("base_version" in p for p in r.json()["problems"])

    unknown = {"device_id": session.device_id, "mutations": [{**m, "priority": 1}]}
    r = central.http.post(url, json=unknown, headers=headers)
    assert r.status_code == 422 and any("priority" in p for p in r.json()["problems"])

    huge = {
        "device_id": session.device_id,
        "mutations": [{**m, "fields": {"rationale": "x" * (9 << 20)}}],
    }
    r = central.http.post(url, json=huge, headers=headers)
    assert r.status_code == 413 and r.json()["error"] == "body_too_large"

    too_many = {"device_id": session.device_id, "mutations": [finding(ids["assessment"])] * 1001}
    r = central.http.post(url, json=too_many, headers=headers)
    assert r.status_code == 422

    assert _nothing_stored(central, m["mutation_id"])
    assert versions(central, m["record_id"]) == 0


def test_stale_base_beyond_server_is_rejected(central: Central) -> None:
    """A base version the server never had is refused rather than guessed at."""
    user = central.user()
    ids = central.assessment(user)
    session = central.sign_in(user)
    m = finding(ids["assessment"])
    session.push([m])
    ahead = {
        **m,
        "mutation_id": _id(),
        "op": "update",
        "base_version": 7,
        "fields": {"rating": "met"},
    }
    result = session.push([ahead])[0]
    assert result["status"] == "rejected" and "newer" in result["reason"]


def test_times_are_stored_in_one_form_however_a_client_writes_them(central: Central) -> None:
    """The same moment written with an offset, with "+00:00" or with "Z" is stored once, as
    UTC with "Z" (the app's form), so every client computes the same digest."""
    user = central.user()
    ids = central.assessment(user)
    session = central.sign_in(user)
    written = ["2026-12-02T10:30:00+01:00", "2026-12-02T09:30:00+00:00", "2026-12-02T09:30:00Z"]
    mutations = [
        {
            "mutation_id": _id(),
            "entity": "interview",
            "record_id": _id(),
            "op": "create",
            "base_version": None,
            "fields": {
                "assessment_id": ids["assessment"],
                "interviewee_code": f"AP-{n}",
                "role": "advocacy_partner",
                "held_at": value,
            },
        }
        for n, value in enumerate(written)
    ]
    assert {r["status"] for r in session.push(mutations)} == {"applied"}
    with central.db.read() as s:
        stored = {s.get(Record, ("interview", m["record_id"])).fields["held_at"] for m in mutations}
    assert stored == {"2026-12-02T09:30:00Z"}


def test_a_push_reads_back_through_the_orm_as_it_was_written(central: Central) -> None:
    """Push writes its rows at the driver's level (central.bulk), on SQLite and PostgreSQL:
    records, versions, seen mutation ids and the audit log read back through the ORM as the
    values pushed, times as aware UTC that still compare with the ORM's own."""
    from qpm_desktop.central.schema import AuditLog

    user = central.user()
    ids = central.assessment(user)
    session = central.sign_in(user)
    odd = "«quoted» 'single' \"double\" \\ back ŵ ☃ 🚀 and\nnew line"
    created = finding(ids["assessment"], rationale=odd)
    before = central.now()
    assert session.push([created])[0]["status"] == "applied"
    update = {
        "mutation_id": _id(),
        "entity": "finding",
        "record_id": created["record_id"],
        "op": "update",
        "base_version": 1,
        "fields": {"rationale": odd[::-1], "rating": "not_yet_assessed"},
    }
    answer = session.push([update])[0]
    assert answer["status"] == "applied" and answer["version"] == 2
    key = ("finding", created["record_id"])
    with central.db.read() as s:
        record = s.get(Record, key)
        assert record is not None
        assert record.fields["rationale"] == odd[::-1]
        assert record.fields["rating"] == "not_yet_assessed" and record.deleted is False
        assert (record.version, record.applied_from) == (2, session.device_id)
        assert record.updated_at.tzinfo is not None and record.updated_at >= before
        # The time written at the driver's level compares with one given through the ORM.
        found = s.scalars(select(Record.id).where(Record.updated_at >= before)).all()
        assert created["record_id"] in found
        history = {
            v.version: v
            for v in s.scalars(select(RecordVersion).where(RecordVersion.id == key[1])).all()
        }
        assert history[1].fields["rationale"] == odd
        assert history[2].fields == record.fields and history[2].at == record.updated_at
        seen = s.get(MutationSeen, update["mutation_id"])
        assert seen is not None and seen.result == answer and seen.received_at == record.updated_at
        logged = s.scalars(
            select(AuditLog).where(AuditLog.record_id == key[1]).order_by(AuditLog.id)
        ).all()
        assert [a.action for a in logged] == ["record_create", "record_update"]
        assert logged[1].detail["after"] == {"rationale": odd[::-1]}
        assert logged[1].at == record.updated_at


def test_a_lone_surrogate_is_refused_and_the_rest_of_the_batch_goes_in(central: Central) -> None:
    """JSON may carry an unpaired UTF-16 surrogate (``"\\ud800"``), which is not text: the
    mutation holding one is rejected with a reason, and the others of its batch are applied.
    The same goes for an audit trail entry: refused, never a server error."""
    user = central.user()
    ids = central.assessment(user)
    session = central.sign_in(user)
    good = finding(ids["assessment"], rationale="fine")
    bad = finding(ids["assessment"], rationale="x")
    body = json.dumps({"device_id": session.device_id, "mutations": [bad, good]})
    body = body.replace('"rationale": "x"', '"rationale": "a\\ud800b"')
    as_json = {**session.headers, "Content-Type": "application/json"}
    response = central.http.post("/api/v1/sync/push", content=body, headers=as_json)
    assert response.status_code == 200, response.text
    first, second = response.json()["results"]
    assert first["status"] == "rejected" and "surrogate" in first["reason"]
    assert second["status"] == "applied"
    with central.db.read() as s:
        assert s.get(Record, ("finding", bad["record_id"])) is None

    entry = {
        "seq": 1, "at": "2026-12-03T09:00:00Z", "actor": user, "entity": "finding",
        "record_id": good["record_id"], "action": "update", "before": None,
        "after": {"rationale": "x"}, "prev_hash": "0" * 64, "hash": "0" * 64,
    }  # fmt: skip
    body = json.dumps({"entries": [entry]}).replace('"rationale": "x"', '"rationale": "\\udfff"')
    response = central.http.post(
        f"/api/v1/devices/{session.device_id}/audit-trail", content=body, headers=as_json
    )
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        assert response.json()["refused"] is not None and response.json()["accepted"] == 0


def test_what_the_database_cannot_hold_is_refused_not_a_server_error(central: Central) -> None:
    """JSON may carry what PostgreSQL cannot store: NaN and infinities (``json.loads`` reads
    them), NUL in text and unpaired surrogates. In a record's fields the mutation is rejected
    with a reason and the rest of its batch goes in; in an audit trail entry (even one whose
    hash is right) the entry is refused and the ones before it are kept. Never a 500."""
    from qpm_desktop.protocol.audit import GENESIS_HASH, audit_hash, canonical_entry

    user = central.user()
    ids = central.assessment(user)
    session = central.sign_in(user)
    as_json = {**session.headers, "Content-Type": "application/json"}
    report = {
        "mutation_id": _id(),
        "entity": "report_version",
        "record_id": _id(),
        "op": "create",
        "base_version": None,
        "fields": {
            "assessment_id": ids["assessment"],
            "number": 1,
            "file_name": "report.pdf",
            "pdf_sha256": "a" * 64,
            "snapshot_sha256": "b" * 64,
            "size": 10,
            "signers": [{"n": 1}],
        },
    }
    good = finding(ids["assessment"], rationale="fine")
    for number in ("NaN", "Infinity", "-Infinity"):
        body = json.dumps({"device_id": session.device_id, "mutations": [report, good]})
        body = body.replace('{"n": 1}', '{"n": ' + number + "}")
        response = central.http.post("/api/v1/sync/push", content=body, headers=as_json)
        assert response.status_code == 200, response.text
        first, second = response.json()["results"]
        assert first["status"] == "rejected" and "finite" in first["reason"], first
        assert second["status"] in ("applied", "duplicate")
    # A parent's id holding NUL (read before the fields are checked) is refused the same way.
    nul_parent = finding("0000\x00")
    body = json.dumps({"device_id": session.device_id, "mutations": [nul_parent]})
    response = central.http.post("/api/v1/sync/push", content=body, headers=as_json)
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["status"] == "rejected", response.text
    # The same report with a plain number goes in.
    body = json.dumps({"device_id": session.device_id, "mutations": [report]})
    response = central.http.post("/api/v1/sync/push", content=body, headers=as_json)
    assert response.json()["results"][0]["status"] == "applied", response.text

    # Audit entries with the right hash: the first is kept, the second refused.
    def entry(seq: int, prev: str, actor: str, after: dict[str, Any]) -> dict[str, Any]:
        at = "2026-12-03T09:00:00Z"
        record = good["record_id"]
        content = canonical_entry(at, actor, "finding", record, "update", None, after, None, None)
        return {
            "seq": seq, "at": at, "actor": actor, "entity": "finding",
            "record_id": good["record_id"], "action": "update", "before": None, "after": after,
            "prev_hash": prev, "hash": audit_hash(prev, content),
        }  # fmt: skip

    first = entry(1, GENESIS_HASH, user, {"rationale": "kept"})
    bad_entries = [
        entry(2, first["hash"], user, {"rationale": float("nan")}),
        entry(2, first["hash"], "a\x00b", {"rationale": "x"}),
        entry(2, first["hash"], user, {"rationale": "\ud800"}),
        entry(2, first["hash"], "\udfff", {"rationale": "x"}),
    ]
    url = f"/api/v1/devices/{session.device_id}/audit-trail"
    for bad in bad_entries:
        body = json.dumps({"entries": [first, bad]})  # NaN as JSON's NaN, surrogates escaped
        response = central.http.post(url, content=body, headers=as_json)
        if response.status_code == 422:  # refused whole where the request's shape says text
            assert "actor" in response.text and bad["actor"] != user, response.text
            continue
        assert response.status_code == 200, response.text
        answer = response.json()
        assert answer["held_through"] == 1 and answer["refused"]["seq"] == 2, answer
        assert "cannot be stored" in answer["refused"]["reason"], answer
    # What was kept reads back.
    response = central.http.get(url, headers=session.headers)
    assert response.status_code == 200 and len(response.json()["entries"]) == 1, response.text
