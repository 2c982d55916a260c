"""A device's audit trail on the central store: the chain is checked before it is kept, a
resend is acknowledged, and a changed, removed or replaced entry is refused with its seq named.

Over the real server process, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from typing import Any

from sqlalchemy import select, update

from qpm_desktop.central.schema import AuditLog, DeviceAuditEntry
from qpm_desktop.protocol import PATH_ASSESSMENT_AUDIT_TRAIL, PATH_DEVICE_AUDIT_TRAIL
from qpm_desktop.protocol.audit import GENESIS_HASH, audit_hash, canonical_entry

from .conftest import Central, Session

SECRET = "Mrs Jones said her advocate never returned her calls"


def chain(
    record_id: str, count: int, *, start: int = 1, prev_hash: str = GENESIS_HASH, tag: str = ""
) -> list[dict[str, Any]]:
    """``count`` well-formed entries continuing a chain, as the app would send them."""
    entries = []
    session = str(uuid.uuid4())
    for seq in range(start, start + count):
        content = canonical_entry(
            f"2026-11-25T10:{seq // 60 % 60:02d}:{seq % 60:02d}.000001Z",
            "assessor",
            "finding",
            record_id,
            "update",
            {"rationale": f"{tag}{seq - 1}"},
            {"rationale": f"{tag}{seq} {SECRET}"},
            session,
            seq * 1000,
        )
        digest = audit_hash(prev_hash, content)
        entries.append(
            {
                "seq": seq,
                **{k: v for k, v in content.items() if k != "session"},
                "session": session,
                "prev_hash": prev_hash,
                "hash": digest,
            }
        )
        prev_hash = digest
    return entries


def send(session: Session, entries: list[dict[str, Any]], device: str | None = None) -> Any:
    path = PATH_DEVICE_AUDIT_TRAIL.format(device_id=device or session.device_id)
    return session.post(path, json={"entries": entries})


def held(central: Central, device_id: str) -> list[tuple[int, str]]:
    with central.db.read() as s:
        return list(
            s.execute(
                select(DeviceAuditEntry.seq, DeviceAuditEntry.hash)
                .where(DeviceAuditEntry.device_id == device_id)
                .order_by(DeviceAuditEntry.seq)
            ).all()
        )


def test_a_chain_is_kept_and_a_resend_is_acknowledged(central: Central) -> None:
    device = central.sign_in(central.user())
    entries = chain(str(uuid.uuid4()), 8)
    first = send(device, entries[:5])
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["held_through"], body["accepted"], body["already_held"]) == (5, 5, 0)
    assert body["refused"] is None and body["head_hash"] == entries[4]["hash"]
    # The answer was lost: the same entries again, and the next ones with some of them.
    again = send(device, entries[:5]).json()
    assert (again["held_through"], again["accepted"], again["already_held"]) == (5, 0, 5)
    overlap = send(device, entries[3:]).json()
    assert (overlap["held_through"], overlap["accepted"], overlap["already_held"]) == (8, 3, 2)
    assert overlap["refused"] is None
    assert held(central, device.device_id) == [(e["seq"], e["hash"]) for e in entries]
    own = device.get(PATH_DEVICE_AUDIT_TRAIL.format(device_id=device.device_id))
    assert own.status_code == 200 and own.json()["held_through"] == 8
    assert [e["hash"] for e in own.json()["entries"]] == [e["hash"] for e in entries]


def test_an_edited_entry_is_refused_with_its_seq_and_the_entries_before_it_kept(
    central: Central,
) -> None:
    device = central.sign_in(central.user())
    entries = chain(str(uuid.uuid4()), 6)
    entries[3]["actor"] = "someone else"  # changed after it was written, hash left alone
    answer = send(device, entries).json()
    assert answer["refused"]["seq"] == 4
    assert "does not match its hash" in answer["refused"]["reason"]
    assert (answer["held_through"], answer["accepted"]) == (3, 3)
    assert [seq for seq, _ in held(central, device.device_id)] == [1, 2, 3]
    # The tampered entry with its hash recomputed: the next one no longer follows it.
    entries[3]["hash"] = audit_hash(
        entries[3]["prev_hash"],
        canonical_entry(
            *(entries[3][k] for k in ("at", "actor", "entity", "record_id", "action")),
            entries[3]["before"],
            entries[3]["after"],
            entries[3]["session"],
            entries[3]["elapsed_ms"],
        ),
    )
    rehashed = send(device, entries[3:]).json()
    assert (
        rehashed["refused"]["seq"] == 5
        and "does not follow entry 4" in (rehashed["refused"]["reason"])
    )
    assert rehashed["held_through"] == 4


def test_a_removed_entry_is_refused_naming_the_missing_seq(central: Central) -> None:
    device = central.sign_in(central.user())
    entries = chain(str(uuid.uuid4()), 6)
    answer = send(device, entries[:2] + entries[3:]).json()
    assert answer["refused"]["seq"] == 3 and "entry 3 is missing" in answer["refused"]["reason"]
    assert answer["held_through"] == 2
    # A chain must start at its first entry.
    fresh = central.sign_in(central.user())
    late = send(fresh, entries[2:]).json()
    assert late["refused"]["seq"] == 1 and late["held_through"] == 0


def test_a_different_entry_at_a_held_seq_is_refused_as_tampering(central: Central) -> None:
    user = central.user()
    device = central.sign_in(user)
    record_id = str(uuid.uuid4())
    entries = chain(record_id, 4)
    assert send(device, entries).json()["held_through"] == 4
    # The trail rewritten from entry 3 on, every hash recomputed: a consistent chain that is
    # not the one already sent.
    rewritten = entries[:2] + chain(record_id, 3, start=3, prev_hash=entries[1]["hash"], tag="x")
    answer = send(device, rewritten).json()
    assert answer["refused"]["seq"] == 3
    assert "differs from the entry 3 the central store received" in answer["refused"]["reason"]
    assert answer["held_through"] == 4 and answer["accepted"] == 0
    assert held(central, device.device_id) == [(e["seq"], e["hash"]) for e in entries]
    with central.db.read() as s:
        refusals = s.scalars(
            select(AuditLog).where(AuditLog.action == "audit_trail_refuse", AuditLog.actor == user)
        ).all()
    assert [r.detail["seq"] for r in refusals] == [3]
    assert SECRET not in str(refusals[0].detail)


def test_only_the_device_writes_its_trail_and_administrators_read_it(central: Central) -> None:
    owner = central.user()
    ids = central.assessment(owner)
    device = central.sign_in(owner)
    finding = str(uuid.uuid4())
    results = device.push(
        [
            {
                "mutation_id": str(uuid.uuid4()),
                "entity": "finding",
                "record_id": finding,
                "op": "create",
                "fields": {"assessment_id": ids["assessment"], "standard_code": "1.1"},
            }
        ]
    )
    assert results[0]["status"] == "applied"
    entries = chain(finding, 3)
    assert send(device, entries).json()["held_through"] == 3
    other = central.sign_in(central.user())
    reviewer = central.sign_in(central.user("reviewer"))
    admin = central.sign_in(central.user("admin"))
    path = PATH_DEVICE_AUDIT_TRAIL.format(device_id=device.device_id)
    for caller in (other, reviewer, admin):
        refused = send(caller, chain(finding, 1), device=device.device_id)
        assert refused.status_code == 404
    for caller in (other, reviewer):
        assert caller.get(path).status_code == 404
    assert held(central, device.device_id) == [(e["seq"], e["hash"]) for e in entries]
    page = admin.get(path, params={"after": 1, "limit": 1}).json()
    assert [e["seq"] for e in page["entries"]] == [2] and page["has_more"] is True
    assert page["entries"][0]["received_from"] == owner
    by_assessment = admin.get(PATH_ASSESSMENT_AUDIT_TRAIL.format(assessment_id=ids["assessment"]))
    assert by_assessment.status_code == 200
    assert [(e["device_id"], e["seq"]) for e in by_assessment.json()["entries"]] == [
        (device.device_id, 1),
        (device.device_id, 2),
        (device.device_id, 3),
    ]
    assert (
        device.get(PATH_ASSESSMENT_AUDIT_TRAIL.format(assessment_id=ids["assessment"])).status_code
        == 403
    )


def test_nothing_of_an_entry_reaches_the_server_log(central: Central) -> None:
    device = central.sign_in(central.user())
    entries = chain(str(uuid.uuid4()), 3)
    entries[1]["after"] = {"rationale": "changed " + SECRET}
    assert send(device, entries).json()["refused"]["seq"] == 2
    assert SECRET not in central.log.read_text(errors="replace")


def test_an_administrator_lists_and_checks_a_held_trail_again(central: Central) -> None:
    """``qpm-central admin audit-trail``: a device's trail as JSON lines, and ``--verify``,
    which finds an entry changed in the central database itself after it was kept."""
    device = central.sign_in(central.user())
    entries = chain(str(uuid.uuid4()), 5)
    assert send(device, entries).json()["held_through"] == 5

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                *(sys.executable, "-m", "qpm_desktop.central.cli", "admin", "audit-trail"),
                *args,
                *("--db-url", central.db_url, "--data-dir", str(central.data_dir)),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )

    listed = cli("--device", device.device_id)
    assert listed.returncode == 0, listed.stderr
    assert [json.loads(line)["hash"] for line in listed.stdout.splitlines()] == [
        e["hash"] for e in entries
    ]
    checked = cli("--device", device.device_id, "--verify")
    assert checked.returncode == 0 and "5 entries, the chain holds" in checked.stdout
    with central.db.write() as s:
        s.execute(
            update(DeviceAuditEntry)
            .where(DeviceAuditEntry.device_id == device.device_id, DeviceAuditEntry.seq == 4)
            .values(actor="someone else")
        )
    broken = cli("--device", device.device_id, "--verify")
    assert broken.returncode == 1
    assert "entry 4: entry 4 does not match its hash" in broken.stderr
