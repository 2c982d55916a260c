"""The access matrix: every endpoint x every role x a record that is not theirs.

For each combination the answer about someone else's record is compared with the answer about
a record that does not exist: where the caller is refused, the two must be identical, so a
refusal tells nothing (not even that the record exists).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from qpm_desktop.protocol.audit import GENESIS_HASH, audit_hash, canonical_entry

from .conftest import Central, Session

ROLES = ("assessor", "reviewer", "admin", "anonymous")
ENDPOINTS = (
    "digest",
    "expected_attachments",
    "push_update",
    "push_create",
    "pull",
    "attachment_head",
    "attachment_put",
    "attachment_get",
    "audit",
    "audit_trail_read",
    "audit_trail_write",
    "assessment_audit_trail",
)
# Who is allowed what on a record that is not assigned to them (everything else is refused).
ALLOWED = {
    ("reviewer", "digest"),
    ("reviewer", "expected_attachments"),
    ("reviewer", "pull"),
    ("admin", "digest"),
    ("admin", "expected_attachments"),
    ("admin", "pull"),
    ("admin", "push_update"),
    ("admin", "push_create"),
    ("admin", "audit"),
    ("reviewer", "attachment_head"),
    ("admin", "attachment_head"),
    ("reviewer", "attachment_put"),
    ("admin", "attachment_put"),  # "complete": they may read it
    ("reviewer", "attachment_get"),
    ("admin", "attachment_get"),
    ("admin", "audit_trail_read"),
    ("admin", "assessment_audit_trail"),
    # Nobody writes another device's audit trail, administrators included.
}
BLOB = b"someone else's policy document"
BLOB_SHA = hashlib.sha256(BLOB).hexdigest()


@dataclass
class Target:
    assessment: str
    finding: str
    sha256: str
    device: str


@dataclass
class World:
    central: Central
    sessions: dict[str, Session | None]
    foreign: Target
    absent: Target


@pytest.fixture(scope="module")
def world(central: Central) -> World:
    owner, other = central.user(), central.user()
    central.assessment(other)  # the caller's own work, to show it is not a blanket refusal
    foreign = central.assessment(owner)
    owner_session = central.sign_in(owner)
    finding_id = str(uuid.uuid4())
    evidence_id = str(uuid.uuid4())
    results = owner_session.push(
        [
            {
                "mutation_id": str(uuid.uuid4()),
                "entity": "finding",
                "record_id": finding_id,
                "op": "create",
                "fields": {
                    "assessment_id": foreign["assessment"],
                    "standard_code": "1.1",
                    "rating": "met",
                },
            },
            {
                "mutation_id": str(uuid.uuid4()),
                "entity": "evidence_item",
                "record_id": evidence_id,
                "op": "create",
                "fields": {
                    "assessment_id": foreign["assessment"],
                    "kind": "policy",
                    "title": "Policy",
                },
            },
            {
                "mutation_id": str(uuid.uuid4()),
                "entity": "attachment",
                "record_id": str(uuid.uuid4()),
                "op": "create",
                "fields": {
                    "evidence_item_id": evidence_id,
                    "file_name": "p.pdf",
                    "size": len(BLOB),
                    "sha256": BLOB_SHA,
                },
            },
        ]
    )
    assert {r["status"] for r in results} == {"applied"}
    put = owner_session.central.http.put(
        f"/api/v1/attachments/{BLOB_SHA}", content=BLOB, headers=owner_session.headers
    )
    assert put.status_code == 200 and put.json()["complete"] is True
    trail = owner_session.post(
        f"/api/v1/devices/{owner_session.device_id}/audit-trail",
        json={"entries": _trail_entries(finding_id, 2)},
    )
    assert trail.status_code == 200 and trail.json()["held_through"] == 2, trail.text
    sessions: dict[str, Session | None] = {
        "assessor": central.sign_in(other),
        "reviewer": central.sign_in(central.user("reviewer")),
        "admin": central.sign_in(central.user("admin")),
        "anonymous": None,
    }
    absent = Target(
        str(uuid.uuid4()),
        str(uuid.uuid4()),
        hashlib.sha256(b"nothing").hexdigest(),
        str(uuid.uuid4()),
    )
    return World(
        central,
        sessions,
        Target(foreign["assessment"], finding_id, BLOB_SHA, owner_session.device_id),
        absent,
    )


def _trail_entries(record_id: str, count: int, start: int = 1) -> list[dict[str, Any]]:
    """A well-formed audit trail about ``record_id`` (a new chain from its genesis)."""
    entries, prev = [], GENESIS_HASH
    for seq in range(start, start + count):
        content = canonical_entry(
            f"2026-11-25T10:00:{seq:02d}Z",
            "x",
            "finding",
            record_id,
            "update",
            None,
            {},
            None,
            None,
        )
        digest = audit_hash(prev, content)
        entries.append({"seq": seq, **content, "prev_hash": prev, "hash": digest})
        prev = digest
    return entries


def _normalise(response: httpx.Response) -> dict[str, Any]:
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    if isinstance(body, dict):
        body = {k: v for k, v in body.items() if k != "server_time"}
        if "results" in body:
            body["results"] = [
                {k: v for k, v in r.items() if k != "mutation_id"} for r in body["results"]
            ]
    headers = {
        k: v
        for k, v in response.headers.items()
        if k.lower() in ("x-received-bytes", "x-upload-complete", "www-authenticate")
    }
    return {"status": response.status_code, "body": body, "headers": headers}


def _call(world: World, role: str, endpoint: str, target: Target) -> tuple[dict[str, Any], bool]:
    """The caller's answer about ``target``, and whether it shows access to it."""
    session = world.sessions[role]
    http = world.central.http
    headers = session.headers if session else {}
    device = session.device_id if session else str(uuid.uuid4())

    def push(mutation: dict[str, Any]) -> httpx.Response:
        return http.post(
            "/api/v1/sync/push",
            headers=headers,
            json={"device_id": device, "mutations": [mutation]},
        )

    if endpoint == "digest":
        r = http.get(f"/api/v1/assessments/{target.assessment}/digest", headers=headers)
        return _normalise(r), r.status_code == 200
    if endpoint == "expected_attachments":
        r = http.get(f"/api/v1/assessments/{target.assessment}/attachments", headers=headers)
        return _normalise(r), r.status_code == 200
    if endpoint == "push_update":
        r = push(
            {
                "mutation_id": str(uuid.uuid4()),
                "entity": "finding",
                "record_id": target.finding,
                "op": "update",
                "base_version": 1,
                "fields": {"rationale": f"{uuid.uuid4()}"},
            }
        )
        ok = r.status_code == 200 and r.json()["results"][0]["status"] != "rejected"
        return _normalise(r), ok
    if endpoint == "push_create":
        r = push(
            {
                "mutation_id": str(uuid.uuid4()),
                "entity": "finding",
                "record_id": str(uuid.uuid4()),
                "op": "create",
                "fields": {"assessment_id": target.assessment, "standard_code": "2.1"},
            }
        )
        ok = r.status_code == 200 and r.json()["results"][0]["status"] != "rejected"
        if r.status_code == 200:
            # Record ids are fresh per call, so only the status and reason are compared.
            r = httpx.Response(
                200,
                json={
                    "results": [
                        {k: v for k, v in x.items() if k in ("status", "reason")}
                        for x in r.json()["results"]
                    ]
                },
            )
        return _normalise(r), ok
    if endpoint == "pull":
        r = http.get("/api/v1/sync/pull", headers=headers, params={"limit": 1000})
        if r.status_code != 200:
            return _normalise(r), False
        changes = r.json()["changes"]
        seen = any(c["id"] in (target.assessment, target.finding) for c in changes)
        return {"status": 200, "sees_target": seen}, seen
    if endpoint == "attachment_head":
        r = http.head(f"/api/v1/attachments/{target.sha256}", headers=headers)
        return _normalise(r), r.headers.get("x-upload-complete") == "true"
    if endpoint == "attachment_put":
        r = http.put(
            f"/api/v1/attachments/{target.sha256}",
            content=b"x",
            headers={**headers, "Content-Range": "bytes 5-5/6"},
        )
        return _normalise(r), r.status_code == 200
    if endpoint == "attachment_get":
        r = http.get(f"/api/v1/attachments/{target.sha256}", headers=headers)
        return _normalise(r), r.status_code == 200 and r.content == BLOB
    if endpoint == "audit":
        r = http.get("/api/v1/admin/audit", headers=headers, params={"limit": 1})
        return {"status": r.status_code}, r.status_code == 200
    if endpoint == "audit_trail_read":
        r = http.get(f"/api/v1/devices/{target.device}/audit-trail", headers=headers)
        return _normalise(r), r.status_code == 200 and r.json()["held_through"] > 0
    if endpoint == "audit_trail_write":
        # The next entry of the target's chain would be entry 3; a refusal keeps it away.
        r = http.post(
            f"/api/v1/devices/{target.device}/audit-trail",
            headers=headers,
            json={"entries": _trail_entries(target.finding, 3)},
        )
        return _normalise(r), r.status_code == 200
    if endpoint == "assessment_audit_trail":
        r = http.get(f"/api/v1/assessments/{target.assessment}/audit-trail", headers=headers)
        return _normalise(r), r.status_code == 200 and bool(r.json()["entries"])
    raise AssertionError(endpoint)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(world: World, role: str, endpoint: str) -> None:
    """A caller reaches someone else's record only where the role allows it; otherwise the
    answer is exactly the answer for a record that does not exist."""
    foreign, reached = _call(world, role, endpoint, world.foreign)
    if (role, endpoint) in ALLOWED:
        assert reached, foreign
        return
    assert not reached, foreign
    if endpoint == "audit":
        assert foreign["status"] == (401 if role == "anonymous" else 403)
        return
    absent, _ = _call(world, role, endpoint, world.absent)
    assert foreign == absent
    if role == "anonymous":
        assert foreign["status"] == 401
