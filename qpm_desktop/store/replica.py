"""The local half of sync: the outbox taken and acknowledged, pulled records merged in, conflicts.

Everything here runs inside the caller's write transaction (``Store.write()``), one short
transaction per step, so the assessor can keep typing while a sync runs.

The merge base of every record is its :class:`~qpm_desktop.store.tables.ServerCopy`: the wire
fields of the server's version this device last knew. A field *changed here* is one held by an
outstanding mutation whose local value differs from that copy; a field *changed there* is one
whose pulled value differs from it. Where both changed, both values go to
:class:`~qpm_desktop.store.tables.SyncConflict` and the field leaves the outbox until the assessor
chooses, so it can never silently overwrite the other side.

A row becomes clean (``acked_rev == rev``, confirmed) only when the server acknowledged the
mutation that carried exactly that revision; an edit made while a push was in flight has a
higher ``rev`` and stays pending.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qpm_desktop.model.enums import SyncState
from qpm_desktop.protocol.digest import assessment_digest, normalise_fields
from qpm_desktop.protocol.entities import ENTITY_SPECS
from qpm_desktop.protocol.messages import Change, MutationIn, MutationResult
from qpm_desktop.store.records import _audit, _enqueue
from qpm_desktop.store.tables import (
    ENTITIES,
    SYNCABLE,
    Assessment,
    Attachment,
    CaseFileCheck,
    CaseFileReview,
    EvidenceItem,
    Mutation,
    ServerCopy,
    Setting,
    Syncable,
    SyncConflict,
    sync_fields,
)
from qpm_desktop.store.wire import from_wire, to_wire

SYNC_ACTOR = "central store"
OUTSTANDING = ("pending", "sent")
#: Entities in the order a parent comes before its children (the order of the tables).
ENTITY_ORDER = {cls.__entity__: index for index, cls in enumerate(SYNCABLE)}


# ------------------------------------------------------------------------------ settings


def get_setting(session: Session, key: str) -> str | None:
    row = session.get(Setting, key)
    return None if row is None else row.value


def set_setting(session: Session, key: str, value: str | None) -> None:
    row = session.get(Setting, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


# ------------------------------------------------------------------------------ helpers


def _row(session: Session, cls: type[Syncable], record_id: str) -> dict[str, Any] | None:
    table = cls.__table__  # type: ignore[attr-defined]
    found = session.execute(select(table).where(table.c.id == record_id)).mappings().first()
    return None if found is None else dict(found)


def _update_row(session: Session, cls: type[Syncable], record_id: str, **values: Any) -> None:
    table = cls.__table__  # type: ignore[attr-defined]
    session.execute(update(table).where(table.c.id == record_id).values(**values))


def _wire_values(cls: type[Syncable], row: Mapping[str, Any]) -> dict[str, Any]:
    return {name: to_wire(row[name]) for name in sync_fields(cls)}


def _open_conflicts(session: Session, entity: str, record_id: str) -> dict[str, SyncConflict]:
    rows = session.scalars(
        select(SyncConflict).where(
            SyncConflict.entity == entity,
            SyncConflict.record_id == record_id,
            SyncConflict.resolved_at.is_(None),
        )
    )
    return {c.field: c for c in rows}


def _outstanding(session: Session, entity: str, record_id: str) -> list[Mutation]:
    return list(
        session.scalars(
            select(Mutation)
            .where(
                Mutation.entity == entity,
                Mutation.record_id == record_id,
                Mutation.state.in_(OUTSTANDING),
            )
            .order_by(Mutation.seq)
        )
    )


def _settle_state(session: Session, cls: type[Syncable], record_id: str) -> None:
    """Set the visible state of a record from its outbox and its open conflicts."""
    row = _row(session, cls, record_id)
    if row is None:
        return
    outstanding = _outstanding(session, cls.__entity__, record_id)
    if any(m.state == "pending" for m in outstanding):
        state = SyncState.PENDING
    elif outstanding:
        state = SyncState.SENT
    elif _open_conflicts(session, cls.__entity__, record_id):
        state = SyncState.CONFLICT
    elif row["sync_state"] == SyncState.SET_ASIDE and row["acked_rev"] < row["rev"]:
        return
    else:
        _update_row(
            session,
            cls,
            record_id,
            sync_state=SyncState.CONFIRMED,
            acked_rev=row["rev"],
            sync_note=None,
        )
        return
    _update_row(session, cls, record_id, sync_state=state)


# ------------------------------------------------------------------------------ outbox


@dataclass(frozen=True, slots=True)
class Outgoing:
    mutation: MutationIn
    sha256: str | None  # the file this record refers to, to upload first


def count_outbox(session: Session) -> dict[str, int]:
    counts: dict[str, int] = {}
    for state in ("pending", "sent", "set_aside"):
        counts[state] = len(
            session.scalars(select(Mutation.seq).where(Mutation.state == state)).all()
        )
    counts["conflicts"] = len(
        session.scalars(select(SyncConflict.seq).where(SyncConflict.resolved_at.is_(None))).all()
    )
    return counts


def take_outbox(session: Session, limit: int, *, now: datetime) -> list[Outgoing]:
    """The next batch to push: mutations already sent (a resend, unchanged, so the server
    recognises them) and then pending ones, which become ``sent`` and are never changed again.

    A record's next mutation waits while its previous one is unanswered or its server copy is
    stale; fields with an open conflict stay here until the assessor chooses.
    """
    batch: list[Mutation] = list(
        session.scalars(
            select(Mutation).where(Mutation.state == "sent").order_by(Mutation.seq).limit(limit)
        )
    )
    busy = {(m.entity, m.record_id) for m in batch}
    if len(batch) < limit:
        for m in session.scalars(
            select(Mutation).where(Mutation.state == "pending").order_by(Mutation.seq)
        ):
            if len(batch) >= limit:
                break
            key = (m.entity, m.record_id)
            if key in busy:
                continue
            copy = session.get(ServerCopy, key)
            if copy is not None and copy.stale:
                continue
            conflicted = _open_conflicts(session, m.entity, m.record_id)
            fields = {k: v for k, v in m.fields.items() if k not in conflicted}
            if not fields:
                continue  # everything it holds waits for the assessor's choice
            m.fields = fields
            m.base_version = copy.version if copy is not None else None
            m.state = "sent"
            m.updated_at = now
            busy.add(key)
            batch.append(m)
            cls = ENTITIES[m.entity]
            row = _row(session, cls, m.record_id)
            if row is not None and row["rev"] == m.rev:
                _update_row(session, cls, m.record_id, sync_state=SyncState.SENT)
    out = []
    for m in batch:
        m.attempts += 1
        sha = m.fields.get("sha256") if m.entity == "attachment" else None
        if m.entity == "report_version":
            sha = m.fields.get("pdf_sha256")
        out.append(
            Outgoing(
                MutationIn(
                    mutation_id=m.mutation_id,
                    entity=m.entity,
                    record_id=m.record_id,
                    op=m.op,  # type: ignore[arg-type]
                    base_version=m.base_version,
                    fields=dict(m.fields),
                ),
                sha if isinstance(sha, str) else None,
            )
        )
    return out


def has_sent(session: Session) -> bool:
    return (
        session.scalars(select(Mutation.seq).where(Mutation.state == "sent").limit(1)).first()
        is not None
    )


def note_send_failure(session: Session, mutation_ids: Iterable[str], error: str) -> None:
    for m in session.scalars(select(Mutation).where(Mutation.mutation_id.in_(list(mutation_ids)))):
        m.last_error = error[:500]


@dataclass(slots=True)
class PushTally:
    applied: int = 0
    duplicate: int = 0
    merged: int = 0
    conflict: int = 0
    rejected: int = 0


def record_results(
    session: Session, results: Iterable[MutationResult], *, now: datetime, tally: PushTally
) -> None:
    """Take the server's answers: acknowledged rows become clean only at exactly the revision
    sent; refusals are set aside with their reason; conflicts keep both values."""
    for result in results:
        m = session.scalars(
            select(Mutation).where(Mutation.mutation_id == result.mutation_id)
        ).first()
        if m is None or m.state != "sent":
            continue  # answered before (a resent batch): nothing more to do
        status = result.status
        if status == "duplicate":
            tally.duplicate += 1
            reason = result.reason or ""
            if result.conflicts:
                status = "conflict"
            elif "answered applied" in reason:
                status = "applied"
            elif "answered rejected" in reason:
                status = "rejected"
            else:
                status = "merged"
        else:
            setattr(tally, status, getattr(tally, status) + 1)
        cls = ENTITIES.get(m.entity)
        m.updated_at = now
        if cls is None:
            m.state = "set_aside"
            m.last_error = f"unknown entity {m.entity}"
            continue
        if status == "rejected":
            m.state = "set_aside"
            m.last_error = result.reason or "refused by the central store"
            _update_row(
                session,
                cls,
                m.record_id,
                sync_state=SyncState.SET_ASIDE,
                sync_note=m.last_error,
            )
            continue
        m.state = "acked"
        m.last_error = None
        conflicts = {c.field: c for c in result.conflicts}
        copy = session.get(ServerCopy, (m.entity, m.record_id))
        base = dict(copy.fields) if copy is not None else ENTITY_SPECS[m.entity].defaults()
        known = {
            **base,
            **{k: v for k, v in m.fields.items() if k not in conflicts},
            **{name: c.server for name, c in conflicts.items()},
        }
        if m.op == "delete":
            known.setdefault("deleted", True)
        version = result.version or (copy.version if copy is not None else 1)
        # "applied" means the server's new version is exactly the old one plus this change;
        # otherwise others changed the record too and only a pull tells how.
        stale = status != "applied"
        if copy is None:
            copy = ServerCopy(
                entity=m.entity, record_id=m.record_id, version=version, fields=known, stale=stale
            )
            session.add(copy)
        else:
            copy.fields = known
            copy.version = version
            copy.stale = stale
        row = _row(session, cls, m.record_id)
        if row is None:
            continue
        for name, c in conflicts.items():
            _keep_both(
                session, m.entity, m.record_id, name, c.base, c.client, c.server, version, now
            )
        values: dict[str, Any] = {"server_version": version}
        if row["acked_rev"] < m.rev:
            values["acked_rev"] = m.rev
        _update_row(session, cls, m.record_id, **values)
        if not stale:
            for later in _outstanding(session, m.entity, m.record_id):
                if later.state == "pending":
                    later.base_version = version
        _settle_state(session, cls, m.record_id)
    session.flush()


def _keep_both(
    session: Session,
    entity: str,
    record_id: str,
    field: str,
    base: Any,
    mine: Any,
    theirs: Any,
    version: int | None,
    now: datetime,
) -> None:
    existing = _open_conflicts(session, entity, record_id).get(field)
    if existing is not None:
        existing.theirs = theirs
        existing.server_version = version
        return
    session.add(
        SyncConflict(
            entity=entity,
            record_id=record_id,
            field=field,
            base=base,
            mine=mine,
            theirs=theirs,
            server_version=version,
            detected_at=now,
        )
    )
    session.flush()


# ------------------------------------------------------------------------------ pull


@dataclass(slots=True)
class PullTally:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    skipped: int = 0


def pull_order(changes: Iterable[Change]) -> list[Change]:
    """Parents before children, so a record never arrives before the record it belongs to."""
    return sorted(changes, key=lambda c: (ENTITY_ORDER.get(c.entity, 99), c.seq))


def apply_pulled(
    session: Session,
    change: Change,
    *,
    now: datetime,
    tally: PullTally,
    force: bool = False,
) -> None:
    """Merge one pulled record into the local copy (see the module docstring)."""
    cls = ENTITIES.get(change.entity)
    if cls is None:
        tally.skipped += 1
        return
    key = (change.entity, change.id)
    copy = session.get(ServerCopy, key)
    if copy is not None and not copy.stale and not force and change.version <= copy.version:
        tally.unchanged += 1
        return
    server = normalise_fields(change.entity, {**change.fields, "deleted": change.deleted})
    names = sync_fields(cls)
    row = _row(session, cls, change.id)
    if row is None:
        values = {n: from_wire(cls, n, server[n]) for n in names}
        try:
            with session.begin_nested():
                session.execute(
                    cls.__table__.insert().values(  # type: ignore[attr-defined]
                        id=change.id,
                        rev=1,
                        acked_rev=1,
                        server_version=change.version,
                        sync_state=SyncState.CONFIRMED,
                        sync_note=None,
                        created_at=now,
                        updated_at=now,
                        **values,
                    )
                )
        except IntegrityError:
            # A record that refers to one this device does not hold (an earlier assessment's
            # required action, say): not part of any assessment held here.
            tally.skipped += 1
            return
        _audit(session, change.entity, change.id, "pull", None, server, actor=SYNC_ACTOR, now=now)
        tally.inserted += 1
    else:
        base = dict(copy.fields) if copy is not None else ENTITY_SPECS[change.entity].defaults()
        local = _wire_values(cls, row)
        outstanding = _outstanding(session, change.entity, change.id)
        held = {f for m in outstanding for f in m.fields}
        conflicts = _open_conflicts(session, change.entity, change.id)
        pending = next((m for m in outstanding if m.state == "pending"), None)
        take: dict[str, Any] = {}
        drop: set[str] = set()
        for name in names:
            s, mine, b = server.get(name), local[name], base.get(name)
            changed_here = (name in held or name in conflicts) and mine != b
            if not changed_here:
                if mine != s:
                    take[name] = s
                    drop.add(name)
                continue
            if s == mine:
                if name in conflicts:
                    conflicts[name].resolved_at = now
                    conflicts[name].resolution = "converged"
                    conflicts[name].resolved_value = s
                continue
            if s == b:
                continue
            _keep_both(session, change.entity, change.id, name, b, mine, s, change.version, now)
            tally.conflicts += 1
            drop.add(name)
        if take:
            python = {n: from_wire(cls, n, v) for n, v in take.items()}
            _update_row(session, cls, change.id, updated_at=now, **python)
            _audit(
                session,
                change.entity,
                change.id,
                "pull",
                {n: local[n] for n in take},
                take,
                actor=SYNC_ACTOR,
                now=now,
            )
            tally.updated += 1
        else:
            tally.unchanged += 1
        _update_row(session, cls, change.id, server_version=change.version)
        if pending is not None:
            pending.fields = {k: v for k, v in pending.fields.items() if k not in drop}
            pending.base_version = change.version
            if not pending.fields:
                pending.state = "acked"
                pending.last_error = "nothing left to send after merging the server's version"
    if copy is None:
        session.add(
            ServerCopy(
                entity=change.entity,
                record_id=change.id,
                version=change.version,
                fields=server,
                stale=False,
            )
        )
    else:
        copy.fields = server
        copy.version = change.version
        copy.stale = False
    session.flush()
    if row is not None:
        _settle_state(session, cls, change.id)


# ------------------------------------------------------------------------------ conflicts


@dataclass(frozen=True, slots=True)
class ConflictRow:
    seq: int
    entity: str
    record_id: str
    field: str
    base: Any
    mine: Any
    theirs: Any
    detected_at: datetime


def open_conflicts(session: Session) -> list[ConflictRow]:
    rows = session.scalars(
        select(SyncConflict).where(SyncConflict.resolved_at.is_(None)).order_by(SyncConflict.seq)
    )
    out = []
    for c in rows:
        cls = ENTITIES[c.entity]
        row = _row(session, cls, c.record_id)
        mine = to_wire(row[c.field]) if row is not None else c.mine
        out.append(
            ConflictRow(
                c.seq, c.entity, c.record_id, c.field, c.base, mine, c.theirs, c.detected_at
            )
        )
    return out


def resolve_conflict(
    session: Session, seq: int, choice: str, value: Any, *, actor: str, now: datetime
) -> None:
    """Close one conflict: ``mine`` (the value here), ``theirs`` (the server's) or ``edited``
    (``value``, the two put together by the assessor). Mine and edited travel as a new change
    on top of the server's version; theirs is simply taken."""
    c = session.get(SyncConflict, seq)
    if c is None or c.resolved_at is not None:
        raise LookupError(f"no open conflict {seq}")
    cls = ENTITIES[c.entity]
    row = _row(session, cls, c.record_id)
    if row is None:
        raise LookupError(f"no {c.entity} {c.record_id}")
    current = to_wire(row[c.field])
    if choice == "mine":
        chosen = current
    elif choice == "theirs":
        chosen = c.theirs
    elif choice == "edited":
        chosen = value
    else:
        raise ValueError(f"unknown choice {choice!r}")
    c.resolved_at = now
    c.resolution = choice
    c.resolved_value = chosen
    session.flush()
    changes: dict[str, Any] = {"updated_at": now}
    if chosen != current:
        changes[c.field] = from_wire(cls, c.field, chosen)
    if choice != "theirs":
        rev = row["rev"] + 1
        changes |= {"rev": rev, "sync_state": SyncState.PENDING}
        copy = session.get(ServerCopy, (c.entity, c.record_id))
        _enqueue(
            session,
            c.entity,
            c.record_id,
            "update",
            {c.field: chosen},
            rev=rev,
            base=copy.version if copy is not None else None,
            now=now,
        )
    _update_row(session, cls, c.record_id, **changes)
    _audit(
        session,
        c.entity,
        c.record_id,
        f"resolve_{choice}",
        {c.field: current},
        {c.field: chosen},
        actor=actor,
        now=now,
    )
    session.flush()
    _settle_state(session, cls, c.record_id)


# ------------------------------------------------------------------------------ set aside


@dataclass(frozen=True, slots=True)
class SetAsideRow:
    mutation_id: str
    entity: str
    record_id: str
    fields: dict[str, Any]
    reason: str
    at: datetime


def set_aside(session: Session) -> list[SetAsideRow]:
    rows = session.scalars(
        select(Mutation).where(Mutation.state == "set_aside").order_by(Mutation.seq)
    )
    return [
        SetAsideRow(
            m.mutation_id, m.entity, m.record_id, dict(m.fields), m.last_error or "", m.updated_at
        )
        for m in rows
    ]


def retry_set_aside(session: Session, mutation_id: str, *, now: datetime) -> None:
    """Send a set-aside record again, whole (all its fields), under a new mutation id."""
    m = session.scalars(select(Mutation).where(Mutation.mutation_id == mutation_id)).first()
    if m is None or m.state != "set_aside":
        raise LookupError(f"no set-aside change {mutation_id}")
    m.state = "retried"
    requeue(session, m.entity, m.record_id, now=now)


def requeue(session: Session, entity: str, record_id: str, *, now: datetime) -> None:
    """Put a record's whole current content in the outbox again (retry, repair)."""
    cls = ENTITIES[entity]
    row = _row(session, cls, record_id)
    if row is None:
        return
    copy = session.get(ServerCopy, (entity, record_id))
    rev = row["rev"] + 1
    _enqueue(
        session,
        entity,
        record_id,
        "update" if copy is not None else "create",
        _wire_values(cls, row),
        rev=rev,
        base=copy.version if copy is not None else None,
        now=now,
    )
    _update_row(session, cls, record_id, rev=rev, sync_state=SyncState.PENDING, sync_note=None)


# ------------------------------------------------------------------------------ digest, repair


def assessment_records(session: Session, assessment_id: str) -> list[tuple[type[Syncable], dict]]:
    """Every record of one assessment (the assessment itself and all that belongs to it)."""
    out: list[tuple[type[Syncable], dict]] = []
    row = _row(session, Assessment, assessment_id)
    if row is None:
        return out
    out.append((Assessment, row))
    review_ids: list[str] = []
    item_ids: list[str] = []
    for cls in SYNCABLE:
        table = cls.__table__  # type: ignore[attr-defined]
        if "assessment_id" not in table.c:
            continue
        for r in session.execute(
            select(table).where(table.c.assessment_id == assessment_id)
        ).mappings():
            out.append((cls, dict(r)))
            if cls is CaseFileReview:
                review_ids.append(r["id"])
            elif cls is EvidenceItem:
                item_ids.append(r["id"])
    for cls, column, ids in (
        (CaseFileCheck, "review_id", review_ids),
        (Attachment, "evidence_item_id", item_ids),
    ):
        table = cls.__table__  # type: ignore[attr-defined]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for r in session.execute(select(table).where(table.c[column].in_(chunk))).mappings():
                out.append((cls, dict(r)))
    return out


def local_digest(session: Session, assessment_id: str) -> tuple[str, int]:
    records = [
        (cls.__entity__, row["id"], _wire_values(cls, row))
        for cls, row in assessment_records(session, assessment_id)
    ]
    return assessment_digest(records), len(records)


def is_settled(session: Session, assessment_id: str) -> bool:
    """Nothing of this assessment waits to travel or for a choice (so digests can agree)."""
    for cls, row in assessment_records(session, assessment_id):
        if row["sync_state"] != SyncState.CONFIRMED or row["acked_rev"] != row["rev"]:
            return False
        if _outstanding(session, cls.__entity__, row["id"]):
            return False
    return True


def held_assessments(session: Session) -> list[str]:
    return list(session.scalars(select(Assessment.id).order_by(Assessment.id)))


def mark_for_repair(session: Session, assessment_id: str) -> int:
    """Make every server copy of this assessment stale, so a full pull refreshes each one."""
    count = 0
    for cls, row in assessment_records(session, assessment_id):
        copy = session.get(ServerCopy, (cls.__entity__, row["id"]))
        if copy is not None:
            copy.stale = True
            count += 1
    return count


def requeue_unconfirmed(session: Session, assessment_id: str, *, now: datetime) -> int:
    """After a full pull: records the server did not send back (their copy is still stale, or
    they have none and nothing in the outbox) go back into the outbox, whole."""
    count = 0
    for cls, row in assessment_records(session, assessment_id):
        copy = session.get(ServerCopy, (cls.__entity__, row["id"]))
        if _outstanding(session, cls.__entity__, row["id"]):
            continue
        if copy is None or copy.stale:
            if copy is not None:
                session.delete(copy)
                session.flush()
            requeue(session, cls.__entity__, row["id"], now=now)
            count += 1
    return count
