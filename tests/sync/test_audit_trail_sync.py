"""The audit trail travels with each sync and the central store checks it (issue 7, item 2).

A real central store process (SQLite) and local copies: the whole chain arrives and a resend is
harmless; an entry edited or removed behind the app's back (raw SQL on the local database) is
reported by the local check and refused by the central store with its seq named, while the
records themselves keep syncing.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from qpm_desktop.central.schema import DeviceAuditEntry
from qpm_desktop.model.enums import Rating
from qpm_desktop.protocol.audit import audit_hash, canonical_entry
from qpm_desktop.services.recording import finding_id
from qpm_desktop.services.syncing import audit_acked_key
from qpm_desktop.store import replica as rep
from qpm_desktop.store.records import verify_audit_chain
from qpm_desktop.store.tables import AuditEntry
from qpm_desktop.store.wire import to_wire

from .test_sync_basics import _standard_codes


def _local(device) -> list[tuple[int, str]]:
    with device.services.store.read() as s:
        return list(s.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq)))


def _central(central, device) -> list[tuple[int, str]]:
    device_id = device.syncing.replica.device_id()
    with central.db.read() as s:
        return list(
            s.execute(
                select(DeviceAuditEntry.seq, DeviceAuditEntry.hash)
                .where(DeviceAuditEntry.device_id == device_id)
                .order_by(DeviceAuditEntry.seq)
            )
        )


def _raw(path: Path, sql: str, *params: object) -> None:
    """Change the local database behind the app's back."""
    conn = sqlite3.connect(path, timeout=30)
    try:
        with conn:
            conn.execute(sql, params)
    finally:
        conn.close()


def _setup(central, make_device):
    user = central.user()
    aid = central.assessment(user)["assessment"]
    device = make_device(user, central.base_url)
    first = device.syncing.sync_now()
    return device, aid, first


def test_the_audit_trail_reaches_the_central_store_with_each_sync(central_sqlite, make_device):
    device, aid, first = _setup(central_sqlite, make_device)
    assert first.audit_problem is None
    assert first.audit_sent == len(_local(device)) > 0  # the downloaded records' entries
    assert _central(central_sqlite, device) == _local(device)
    codes = _standard_codes(device, aid)
    for index, code in enumerate(codes[:3]):
        device.recording.record_finding(aid, code, rating=Rating.MET, rationale=f"seen {index}")
    before = len(_local(device))
    summary = device.syncing.sync_now()
    assert summary.audit_sent >= 3 and summary.audit_problem is None
    assert _central(central_sqlite, device) == _local(device)
    assert len(_local(device)) >= before
    quiet = device.syncing.sync_now()
    assert quiet.audit_sent == 0 and quiet.audit_problem is None
    # The answer was lost (or the setting was): everything is sent again, and acknowledged.
    with device.services.store.write() as s:
        rep.set_setting(s, audit_acked_key(s), None)
    resent = device.syncing.sync_now()
    assert resent.audit_sent == 0 and resent.audit_problem is None
    state = device.syncing.audit_trail()
    assert state.local_problems == () and state.refused is None
    assert state.acknowledged_through == state.newest_seq == _local(device)[-1][0]


def test_an_entry_edited_behind_the_apps_back_is_detected_and_refused(central_sqlite, make_device):
    device, aid, _ = _setup(central_sqlite, make_device)
    held_before = _central(central_sqlite, device)
    codes = _standard_codes(device, aid)
    for index, code in enumerate(codes[:4]):
        device.recording.record_finding(aid, code, rating=Rating.MET, rationale=f"seen {index}")
    unsent = [seq for seq, _ in _local(device) if seq > held_before[-1][0]]
    victim = unsent[2]
    _raw(
        device.services.store.path,
        "UPDATE audit_entries SET after = json_set(after, '$.rationale', 'forged') WHERE seq = ?",
        victim,
    )
    # Detected here, by the app's own check...
    local = device.syncing.audit_trail()
    assert f"entry {victim}: its content does not match its hash" in local.local_problems
    # ... and by the central store, which keeps the chain up to the entry before it.
    summary = device.syncing.sync_now()
    assert summary.audit_problem is not None
    assert f"audit trail at entry {victim}:" in summary.audit_problem
    assert "does not match its hash" in summary.audit_problem
    assert _central(central_sqlite, device) == [p for p in _local(device) if p[0] < victim]
    # The records were not held back.
    assert summary.digests[aid] == "equal"
    assert device.syncing.record_state("finding", finding_id(aid, codes[3]))[0] == "confirmed"
    assert device.syncing.status().audit_problem == summary.audit_problem
    # Later work still syncs; the refusal stays until someone looks into it.
    device.recording.record_finding(aid, codes[4], rating=Rating.NOT_MET, rationale="later")
    later = device.syncing.sync_now()
    assert later.digests[aid] == "equal" and later.audit_problem == summary.audit_problem
    assert device.syncing.record_state("finding", finding_id(aid, codes[4]))[0] == "confirmed"


def test_a_removed_entry_is_detected_and_refused(central_sqlite, make_device):
    device, aid, _ = _setup(central_sqlite, make_device)
    held_before = _central(central_sqlite, device)
    codes = _standard_codes(device, aid)
    for index, code in enumerate(codes[:4]):
        device.recording.record_finding(aid, code, rating=Rating.MET, rationale=f"seen {index}")
    unsent = [seq for seq, _ in _local(device) if seq > held_before[-1][0]]
    victim = unsent[1]
    _raw(device.services.store.path, "DELETE FROM audit_entries WHERE seq = ?", victim)
    local = device.syncing.audit_trail()
    assert f"entry {unsent[2]}: does not follow the entry before it" in local.local_problems
    summary = device.syncing.sync_now()
    assert summary.audit_problem is not None
    assert f"entry {victim} is missing" in summary.audit_problem
    assert _central(central_sqlite, device) == [p for p in _local(device) if p[0] < victim]
    assert summary.digests[aid] == "equal"


def test_a_rewritten_trail_that_checks_out_here_is_refused_by_the_central_store(
    central_sqlite, make_device
):
    """Someone edits an entry already sent and recomputes every hash after it: the local
    chain checks out, but the central store holds what was sent and refuses what follows."""
    device, aid, _ = _setup(central_sqlite, make_device)
    codes = _standard_codes(device, aid)
    for code in codes[2:5]:
        device.recording.record_finding(aid, code, rating=Rating.MET, rationale="as seen")
    device.syncing.sync_now()
    held = _central(central_sqlite, device)
    assert held == _local(device)
    victim = held[-3][0]
    _rewrite_from(device.services.store.path, victim, actor="someone else")
    assert device.syncing.audit_trail().local_problems == ()  # a thorough forgery
    device.recording.record_finding(aid, codes[1], rating=Rating.MET, rationale="next")
    summary = device.syncing.sync_now()
    head = held[-1][0]
    assert summary.audit_problem is not None
    assert f"entry {head + 1} does not follow entry {head}" in summary.audit_problem
    assert _central(central_sqlite, device) == held  # what was sent stays as it was sent
    assert summary.digests[aid] == "equal"
    # Sent again from the start (a lost setting, say), the forged entry itself is named.
    with device.services.store.write() as s:
        rep.set_setting(s, audit_acked_key(s), None)
    again = device.syncing.sync_now()
    assert f"entry {victim} differs from the entry {victim}" in again.audit_problem


def _rewrite_from(path: Path, seq: int, *, actor: str) -> None:
    """Change entry ``seq`` and recompute its hash and every later one, as a forger would."""
    conn = sqlite3.connect(path, timeout=30)
    conn.row_factory = sqlite3.Row
    try:
        with conn:
            rows = conn.execute(
                "SELECT * FROM audit_entries WHERE seq >= ? ORDER BY seq", (seq - 1,)
            ).fetchall()
            prev = rows[0]["hash"]
            for row in rows[1:]:
                who = actor if row["seq"] == seq else row["actor"]
                # Stored naive UTC; hashed in its wire form.
                wire_at = to_wire(datetime.fromisoformat(row["at"]).replace(tzinfo=UTC))
                content = canonical_entry(
                    wire_at,
                    who,
                    row["entity"],
                    row["record_id"],
                    row["action"],
                    json.loads(row["before"]) if row["before"] else None,
                    json.loads(row["after"]) if row["after"] else None,
                    row["session_id"],
                    row["elapsed_ms"],
                )
                digest = audit_hash(prev, content)
                conn.execute(
                    "UPDATE audit_entries SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                    (who, prev, digest, row["seq"]),
                )
                prev = digest
    finally:
        conn.close()


def _pull_entries(device) -> list[AuditEntry]:
    with device.services.store.read() as s:
        pulls = select(AuditEntry).where(AuditEntry.action == "pull")
        return list(s.scalars(pulls.order_by(AuditEntry.seq)))


def _held_versions(device) -> dict[tuple[str, str], int]:
    from qpm_desktop.store.tables import SYNCABLE

    held: dict[tuple[str, str], int] = {}
    with device.services.store.read() as s:
        for cls in SYNCABLE:
            for record_id, version in s.execute(select(cls.id, cls.server_version)):
                held[(cls.__entity__, record_id)] = version
    return held


def test_a_pull_is_audited_once_per_batch_naming_each_record_and_version(
    central_sqlite, make_device
):
    """What a pull changes here is one audit entry per applied batch, by the central store,
    naming each record and the version it now holds (docs/decisions/0018); the chain holds
    and the central store takes it like any other entry."""
    a_user, b_user = central_sqlite.user(), central_sqlite.user()
    aid = central_sqlite.assessment(a_user, b_user)["assessment"]
    a = make_device(a_user, central_sqlite.base_url)
    b = make_device(b_user, central_sqlite.base_url)
    assert a.syncing.sync_now().audit_problem is None
    b.syncing.sync_now()
    entries = _pull_entries(a)
    assert entries and {e.actor for e in entries} == {rep.SYNC_ACTOR}
    assert {e.entity for e in entries} == {rep.PULL_ENTITY}
    named = [tuple(r) for e in entries for r in e.after["records"]]
    assert len(named) == len(set(named))  # each record once
    held = _held_versions(a)
    assert {(entity, rid): version for entity, rid, version in named} == held
    assert len(entries) < len(named)  # batches, not one entry per record

    code = _standard_codes(b, aid)[0]
    b.recording.record_finding(aid, code, rating=Rating.MET, rationale="B saw it")
    b.syncing.sync_now()
    summary = a.syncing.sync_now()
    assert summary.audit_problem is None
    latest = _pull_entries(a)[-1]
    version = _held_versions(a)[("finding", finding_id(aid, code))]
    assert latest.after == {"records": [["finding", finding_id(aid, code), version]]}
    assert int(latest.record_id) > 0  # the newest server seq it brought
    with a.services.store.read() as s:
        assert verify_audit_chain(s) == []
    assert _central(central_sqlite, a) == _local(a)
