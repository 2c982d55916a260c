"""Devices' audit trails: checked link by link before they are kept (docs/decisions/0010).

Each desktop copy keeps a hash-chained audit trail and sends the entries the central store does
not yet acknowledge after each sync. The central store keeps them per (device, seq) only once
the chain holds: every entry's hash is recomputed with the function the app uses
(:mod:`qpm_desktop.protocol.audit`), every entry must follow the one before it (the last one
held, or the genesis hash), and no seq may be skipped. An entry already held is acknowledged
again when it is the same entry, and refused as tampering when it is not. The entries before
the first bad one are kept; the answer names the bad one and why.

Only the device itself writes its trail (the access token names the device). Administrators
read any device's trail and the trail of one assessment's records; a device reads its own.
Nothing of an entry's content goes to the server's log or its audit log, only seqs and reasons.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from qpm_desktop.central.auth import Principal, audit
from qpm_desktop.central.bulk import DriverWrites, to_json
from qpm_desktop.central.schema import Device, DeviceAuditEntry, Record
from qpm_desktop.model import jsoncodec
from qpm_desktop.model.text import lone_surrogate_at
from qpm_desktop.protocol.audit import GENESIS_HASH, ChainBreak, entry_hash, first_break
from qpm_desktop.protocol.messages import AuditTrailEntry, AuditTrailEntryOut

_ENTRIES = DeviceAuditEntry.__table__
NO_DEVICE = "not found (no such device, or it is not yours)"


@dataclass(frozen=True, slots=True)
class Outcome:
    held_through: int
    head_hash: str
    accepted: int
    already_held: int
    refused: ChainBreak | None


def head(session: Session, device_id: str) -> tuple[int, str]:
    """The last entry held for ``device_id``: (seq, hash), or (0, genesis)."""
    row = session.execute(
        select(DeviceAuditEntry.seq, DeviceAuditEntry.hash)
        .where(DeviceAuditEntry.device_id == device_id)
        .order_by(DeviceAuditEntry.seq.desc())
        .limit(1)
    ).first()
    return (int(row[0]), row[1]) if row is not None else (0, GENESIS_HASH)


def receive(
    session: Session,
    principal: Principal,
    entries: Sequence[AuditTrailEntry],
    *,
    now: datetime,
    client: str | None = None,
) -> Outcome:
    """Check and keep the next entries of the calling device's trail, in the caller's
    transaction. The device's rows are locked first (PostgreSQL), so two pushes of one
    device's trail cannot both append after the same head."""
    device_id = principal.device_id
    session.execute(
        select(Device.device_id).where(Device.device_id == device_id).with_for_update()
    ).all()
    held_seq, held_hash = head(session, device_id)
    already = 0
    index = 0
    refused: ChainBreak | None = None
    # Entries the store already holds: each must be the very entry held.
    overlap = [e for e in entries if e.seq <= held_seq]
    if overlap:
        held = dict(
            session.execute(
                select(DeviceAuditEntry.seq, DeviceAuditEntry.hash).where(
                    DeviceAuditEntry.device_id == device_id,
                    DeviceAuditEntry.seq.in_([e.seq for e in overlap]),
                )
            ).all()
        )
        previous = 0
        for entry in entries:
            if entry.seq > held_seq:
                break
            if entry.seq <= previous:
                refused = ChainBreak(
                    entry.seq,
                    f"entries must come in order without repeats ({entry.seq} after {previous})",
                )
                break
            previous = entry.seq
            if entry_hash(entry) != entry.hash:
                refused = ChainBreak(
                    entry.seq,
                    f"entry {entry.seq} does not match its hash: it was changed after it was "
                    "written",
                )
                break
            if held.get(entry.seq) != entry.hash:
                refused = ChainBreak(
                    entry.seq,
                    f"entry {entry.seq} differs from the entry {entry.seq} the central store "
                    "received earlier: the audit trail was changed after it was sent",
                )
                break
            already += 1
            index += 1
    new: list[AuditTrailEntry] = []
    if refused is None:
        rest = list(entries[index:])
        good, refused = first_break(held_seq, held_hash, rest)
        new = rest[:good]
        for position, entry in enumerate(new):
            problem = unstorable(entry)
            if problem is not None:  # before any break further on: the first one is told
                refused = ChainBreak(entry.seq, f"entry {entry.seq} cannot be stored: {problem}")
                new = new[:position]
                break
    if new:
        # At the driver's level: a day's trail is thousands of entries (see central.bulk).
        writes = DriverWrites(session)
        received = writes.stored(_ENTRIES, "received_at", now)
        writes.insert(
            _ENTRIES,
            [
                "device_id", "seq", "at", "actor", "entity", "record_id", "action", "before",
                "after", "session_id", "elapsed_ms", "prev_hash", "hash", "received_at",
                "received_from",
            ],
            [
                (
                    device_id,
                    e.seq,
                    e.at,  # text: the time exactly as the device wrote and hashed it
                    e.actor,
                    e.entity,
                    e.record_id,
                    e.action,
                    to_json(e.before),
                    to_json(e.after),
                    e.session,
                    e.elapsed_ms,
                    e.prev_hash,
                    e.hash,
                    received,
                    principal.username,
                )
                for e in new
            ],
        )  # fmt: skip
        held_seq, held_hash = new[-1].seq, new[-1].hash
        audit(
            session,
            now,
            principal.username,
            "audit_trail_receive",
            client=client,
            detail={"device_id": device_id, "from_seq": new[0].seq, "to_seq": new[-1].seq},
        )
    if refused is not None:
        audit(
            session,
            now,
            principal.username,
            "audit_trail_refuse",
            client=client,
            detail={"device_id": device_id, "seq": refused.seq, "reason": refused.reason},
        )
    return Outcome(held_seq, held_hash, len(new), already, refused)


def unstorable(entry: AuditTrailEntry) -> str | None:
    """Why the central store cannot keep ``entry`` as it came (its hash may still be right:
    JSON can carry what PostgreSQL cannot hold, or what cannot be sent back as UTF-8), or
    ``None``: text with NUL or an unpaired surrogate, a number that is not finite."""
    for name in ("at", "actor", "entity", "record_id", "action"):
        text = getattr(entry, name)
        if "\x00" in text:
            return f"its {name} contains a NUL character"
        if lone_surrogate_at(text) is not None:
            return f"its {name} contains an invalid character (a lone surrogate)"
    for name in ("before", "after"):
        if not jsoncodec.sound(getattr(entry, name)):
            return (
                f"its {name} holds a number that is not finite (NaN or infinity) or an "
                "invalid character (a lone surrogate)"
            )
    return None


def to_out(row: DeviceAuditEntry) -> AuditTrailEntryOut:
    """A held entry as an administrator reads it: the entry, where and when it arrived."""
    return AuditTrailEntryOut(
        **dict(held_entry(row)),
        device_id=row.device_id,
        received_at=row.received_at,
        received_from=row.received_from,
    )


def can_read_device(principal: Principal, device_id: str) -> bool:
    return principal.role == "admin" or principal.device_id == device_id


def device_known(session: Session, device_id: str) -> bool:
    found = session.execute(
        select(Device.device_id).where(Device.device_id == device_id).limit(1)
    ).first()
    return found is not None


def device_page(
    session: Session, device_id: str, after: int, limit: int
) -> tuple[list[DeviceAuditEntry], bool]:
    rows = session.scalars(
        select(DeviceAuditEntry)
        .where(DeviceAuditEntry.device_id == device_id, DeviceAuditEntry.seq > after)
        .order_by(DeviceAuditEntry.seq)
        .limit(limit + 1)
    ).all()
    return list(rows[:limit]), len(rows) > limit


def assessment_page(
    session: Session, assessment_id: str, offset: int, limit: int
) -> tuple[list[DeviceAuditEntry], bool]:
    """Entries, from every device, about the records of one assessment (the assessment
    itself included), by device and seq."""
    rows = session.scalars(
        select(DeviceAuditEntry)
        .join(
            Record,
            and_(Record.entity == DeviceAuditEntry.entity, Record.id == DeviceAuditEntry.record_id),
        )
        .where(Record.assessment_id == assessment_id)
        .order_by(DeviceAuditEntry.device_id, DeviceAuditEntry.seq)
        .offset(offset)
        .limit(limit + 1)
    ).all()
    return list(rows[:limit]), len(rows) > limit


def held_entry(row: DeviceAuditEntry) -> AuditTrailEntry:
    return AuditTrailEntry(
        seq=row.seq,
        at=row.at,
        actor=row.actor,
        entity=row.entity,
        record_id=row.record_id,
        action=row.action,
        before=row.before,
        after=row.after,
        session=row.session_id,
        elapsed_ms=row.elapsed_ms,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def verify_held(
    session: Session, device_id: str, *, page: int = 1000
) -> tuple[int, ChainBreak | None]:
    """Check the chain the central store holds for ``device_id`` again, from its first entry
    (it was checked on the way in; this finds a change made to this database since). Returns
    how many entries hold and the first break."""
    prev_seq, prev_hash, good = 0, GENESIS_HASH, 0
    while True:
        rows, more = device_page(session, device_id, prev_seq, page)
        checked, found = first_break(prev_seq, prev_hash, [held_entry(r) for r in rows])
        good += checked
        if found is not None:
            return good, found
        if not rows:
            return good, None
        prev_seq, prev_hash = rows[-1].seq, rows[-1].hash
        if not more:
            return good, None
