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

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qpm_desktop.model.enums import SyncState
from qpm_desktop.protocol.digest import assessment_digest, normalise_fields
from qpm_desktop.protocol.entities import ENTITY_SPECS
from qpm_desktop.protocol.messages import Change, MutationIn, MutationResult
from qpm_desktop.store import bulk
from qpm_desktop.store.records import _audit, _enqueue
from qpm_desktop.store.tables import (
    ENTITIES,
    SYNCABLE,
    Assessment,
    Attachment,
    CaseFileCheck,
    CaseFileReview,
    EarlierAction,
    EvidenceItem,
    Mutation,
    RequiredAction,
    ServerCopy,
    Setting,
    Syncable,
    SyncConflict,
    sync_fields,
)
from qpm_desktop.store.wire import from_wire, stored_to_wire, to_wire

SYNC_ACTOR = "central store"
#: The audit entries of pulls name this in place of an entity (see :func:`audit_pulled`).
PULL_ENTITY = "sync"
OUTSTANDING = ("pending", "sent")
#: Entities in the order a parent comes before its children (the order of the tables).
ENTITY_ORDER = {cls.__entity__: index for index, cls in enumerate(SYNCABLE)}
_IN_CHUNK = 500  # ids per IN list (well under SQLite's parameter limit)
_COPIES = ServerCopy.__table__
_MUTATIONS = Mutation.__table__


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


def take_outbox(
    session: Session, limit: int, *, now: datetime, in_flight: Collection[str] = ()
) -> list[Outgoing]:
    """The next batch to push: mutations already sent (a resend, unchanged, so the server
    recognises them) and then pending ones, which become ``sent`` and are never changed again.
    Mutations ``in_flight`` (answered, the answers not yet recorded) are not resent, and their
    records' next mutations wait as for any sent one.

    A record's next mutation waits while its previous one is unanswered or its server copy is
    stale; fields with an open conflict stay here until the assessor chooses.

    Written with a few set-wise statements rather than a query per mutation: a day's work can
    be thousands of mutations, and the window keeps turning while this runs.
    """
    session.flush()
    # Every record with a mutation sent (answered or not) waits; the ones not in flight go
    # again first.
    sent = bulk.fetch(
        session, "SELECT entity, record_id, mutation_id FROM mutations WHERE state = 'sent'"
    )
    busy = {(entity, record_id) for entity, record_id, _ in sent}
    flying = set(in_flight)
    resend = any(mutation_id not in flying for _, _, mutation_id in sent)
    batch = _outbox_page(session, "sent", 0, limit, excluding=in_flight) if resend else []
    resent = [m["seq"] for m in batch]
    taken: list[dict[str, Any]] = []
    narrowed: set[int] = set()  # taken with some fields held back (their fields are rewritten)
    if len(batch) < limit:
        conflicted: dict[tuple[str, str], set[str]] = {}
        for entity, record_id, name in session.execute(
            select(SyncConflict.entity, SyncConflict.record_id, SyncConflict.field).where(
                SyncConflict.resolved_at.is_(None)
            )
        ):
            conflicted.setdefault((entity, record_id), set()).add(name)
        # Pending mutations page by page, in seq order, until the batch is full: a day's
        # outbox is read (and its server copies looked up) only as far as this batch needs.
        after = 0
        while len(batch) < limit:
            pending = _outbox_page(session, "pending", after, limit)
            if not pending:
                break
            after = pending[-1]["seq"]
            for m in pending:
                if len(batch) >= limit:
                    break
                key = (m["entity"], m["record_id"])
                if key in busy:
                    continue
                copy = m["copy"]
                if copy is not None and copy[1]:
                    continue
                held_back = conflicted.get(key)
                fields = m["fields"]
                if held_back:
                    fields = {k: v for k, v in fields.items() if k not in held_back}
                if not fields:
                    continue  # everything it holds waits for the assessor's choice
                if len(fields) != len(m["fields"]):
                    narrowed.add(m["seq"])
                    m["fields"] = fields
                m["base_version"] = copy[0] if copy is not None else None
                busy.add(key)
                batch.append(m)
                taken.append(m)
            if len(pending) < limit:
                break
    if taken:
        # Taken: sent from now on, with the base it is sent on (and the fields it is sent
        # with, where some were held back), counted as an attempt: one statement.
        at = bulk.stored(session, _MUTATIONS.c.updated_at, now)
        bulk.execute_many(
            session,
            "UPDATE mutations SET base_version = ?, state = 'sent', updated_at = ?,"
            " attempts = attempts + 1, fields = COALESCE(?, fields) WHERE seq = ?",
            [
                (
                    m["base_version"],
                    at,
                    bulk.to_json(m["fields"]) if m["seq"] in narrowed else None,
                    m["seq"],
                )
                for m in taken
            ],
        )
        by_table: dict[str, list[tuple[str, int]]] = {}
        for m in taken:
            by_table.setdefault(m["entity"], []).append((m["record_id"], m["rev"]))
        for entity, params in by_table.items():
            cls = ENTITIES.get(entity)
            if cls is not None:  # the row shows "sent" only if no later edit came since
                bulk.execute_many(
                    session,
                    f"UPDATE {_table_name(cls)} SET sync_state = '{SyncState.SENT.value}'"
                    " WHERE id = ? AND rev = ?",
                    params,
                )
    if resent:
        bulk.execute(
            session,
            f"UPDATE mutations SET attempts = attempts + 1 WHERE seq {bulk.IN_KEYS}",
            (bulk.keys(resent),),
        )
    if batch:
        session.expire_all()  # any ORM copy of what changed here reloads when read again
    out = []
    # One validation call for the whole batch (a model built per mutation costs more).
    mutations = _MUTATION_LIST.validate_python(
        [
            {
                "mutation_id": m["mutation_id"],
                "entity": m["entity"],
                "record_id": m["record_id"],
                "op": m["op"],
                "base_version": m["base_version"],
                "fields": m["fields"],
            }
            for m in batch
        ]
    )
    for m, mutation in zip(batch, mutations, strict=True):
        sha = m["fields"].get("sha256") if m["entity"] == "attachment" else None
        if m["entity"] == "report_version":
            sha = m["fields"].get("pdf_sha256")
        out.append(Outgoing(mutation, sha if isinstance(sha, str) else None))
    return out


_MUTATION_LIST = TypeAdapter(list[MutationIn])


def _outbox_page(
    session: Session, state: str, after: int, limit: int, *, excluding: Collection[str] = ()
) -> list[dict[str, Any]]:
    """Up to ``limit`` mutations in ``state`` after seq ``after``, in seq order, but for the
    mutation ids ``excluding``; each with its record's server copy as ``copy``: (version,
    stale), or ``None`` when there is none."""
    return [
        {
            "seq": seq,
            "mutation_id": mutation_id,
            "entity": entity,
            "record_id": record_id,
            "op": op,
            "base_version": base_version,
            "rev": rev,
            "fields": bulk.from_json(fields),
            "copy": None if version is None else (version, bool(stale)),
        }
        for seq, mutation_id, entity, record_id, op, base_version, rev, fields, version, stale in (
            bulk.fetch(
                session,
                "SELECT m.seq, m.mutation_id, m.entity, m.record_id, m.op, m.base_version,"
                " m.rev, m.fields, c.version, c.stale FROM mutations AS m"
                " LEFT JOIN server_copies AS c"
                " ON c.entity = m.entity AND c.record_id = m.record_id"
                f" WHERE m.state = ? AND m.seq > ? AND m.mutation_id NOT {bulk.IN_KEYS}"
                " ORDER BY m.seq LIMIT ?",
                (state, after, bulk.keys(excluding), limit),
            )
        )
    ]


@cache
def _table_name(cls: type[Syncable]) -> str:
    return str(cls.__table__.name)  # type: ignore[attr-defined]


def has_outgoing(session: Session, in_flight: Collection[str] = ()) -> bool:
    """Whether :func:`take_outbox` could find anything: a pending mutation, or a sent one not
    ``in_flight``."""
    return bool(
        bulk.fetch(
            session,
            "SELECT 1 FROM mutations WHERE state = 'pending'"
            f" OR (state = 'sent' AND mutation_id NOT {bulk.IN_KEYS}) LIMIT 1",
            (bulk.keys(in_flight),),
        )
    )


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
    sent; refusals are set aside with their reason; conflicts keep both values.

    The common answer (applied or merged, no conflict, one mutation of the record in the
    batch) is recorded set-wise by :func:`_record_acks`; the rest one by one, as below."""
    results = list(results)
    session.flush()
    sent: dict[str, dict[str, Any]] = {}
    for seq, mutation_id, entity, record_id, op, rev, fields, state in bulk.fetch(
        session,
        "SELECT seq, mutation_id, entity, record_id, op, rev, fields, state FROM mutations"
        f" WHERE mutation_id {bulk.IN_KEYS}",
        (bulk.keys(r.mutation_id for r in results),),
    ):
        sent[mutation_id] = {
            "seq": seq,
            "mutation_id": mutation_id,
            "entity": entity,
            "record_id": record_id,
            "op": op,
            "rev": rev,
            "fields": bulk.from_json(fields),
            "state": state,
        }
    per_record: dict[tuple[str, str], int] = {}
    for m in sent.values():
        key = (m["entity"], m["record_id"])
        per_record[key] = per_record.get(key, 0) + 1
    acks: list[tuple[dict[str, Any], str, MutationResult]] = []
    for result in results:
        found = sent.get(result.mutation_id)
        if found is None or found["state"] != "sent":
            continue  # answered before (a resent batch): nothing more to do
        status = _answered(result, tally)
        found["state"] = "answered"  # a repeated answer in the same batch changes nothing
        if (
            status in ("applied", "merged")
            and not result.conflicts
            and found["entity"] in ENTITIES
            and per_record[(found["entity"], found["record_id"])] == 1
        ):
            acks.append((found, status, result))
        else:
            _record_one(session, result, status, now=now)
    _record_acks(session, acks, now=now)
    session.flush()


def _answered(result: MutationResult, tally: PushTally) -> str:
    """What the server's answer means for this mutation (a duplicate: what it first said)."""
    status = result.status
    if status == "duplicate":
        tally.duplicate += 1
        reason = result.reason or ""
        if result.conflicts:
            return "conflict"
        if "answered applied" in reason:
            return "applied"
        if "answered rejected" in reason:
            return "rejected"
        return "merged"
    setattr(tally, status, getattr(tally, status) + 1)
    return status


def _record_one(session: Session, result: MutationResult, status: str, *, now: datetime) -> None:
    """One answer, through the ORM (refusals, conflicts, a record twice in one batch)."""
    session.flush()
    m = session.scalars(select(Mutation).where(Mutation.mutation_id == result.mutation_id)).one()
    cls = ENTITIES.get(m.entity)
    m.updated_at = now
    if cls is None:
        m.state = "set_aside"
        m.last_error = f"unknown entity {m.entity}"
        return
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
        return
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
        return
    for name, c in conflicts.items():
        _keep_both(session, m.entity, m.record_id, name, c.base, c.client, c.server, version, now)
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


def _record_acks(
    session: Session, acks: list[tuple[dict[str, Any], str, MutationResult]], *, now: datetime
) -> None:
    """Acknowledgements without conflicts, by the rules of :func:`_record_one`, with a few
    reads for the whole batch and one multi-row statement per table and kind of write."""
    if not acks:
        return
    # Acknowledged first: the query below for each record's other outstanding mutations then
    # finds only those (usually none), not the batch itself.
    bulk.execute(
        session,
        "UPDATE mutations SET state = 'acked', last_error = NULL, updated_at = ?"
        f" WHERE seq {bulk.IN_KEYS}",
        (
            bulk.stored(session, _MUTATIONS.c.updated_at, now),
            bulk.keys(m["seq"] for m, _, _ in acks),
        ),
    )
    by_entity: dict[str, list[str]] = {}
    for m, _, _ in acks:
        by_entity.setdefault(m["entity"], []).append(m["record_id"])
    copies: dict[tuple[str, str], dict[str, Any]] = {}
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    outstanding: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for entity, ids in by_entity.items():
        listed = bulk.keys(ids)
        for record_id, version, fields in bulk.fetch(
            session,
            "SELECT record_id, version, fields FROM server_copies"
            f" WHERE entity = ? AND record_id {bulk.IN_KEYS}",
            (entity, listed),
        ):
            copies[(entity, record_id)] = {"version": version, "fields": bulk.from_json(fields)}
        for record_id, rev, acked_rev, sync_state, sync_note in bulk.fetch(
            session,
            "SELECT id, rev, acked_rev, sync_state, sync_note"
            f" FROM {_table_name(ENTITIES[entity])} WHERE id {bulk.IN_KEYS}",
            (listed,),
        ):
            rows[(entity, record_id)] = {
                "rev": rev,
                "acked_rev": acked_rev,
                "sync_state": SyncState(sync_state),
                "sync_note": sync_note,
            }
        for seq, record_id, state in bulk.fetch(
            session,
            "SELECT seq, record_id, state FROM mutations"
            f" WHERE entity = ? AND record_id {bulk.IN_KEYS} AND state IN ('pending', 'sent')"
            " ORDER BY seq",
            (entity, listed),
        ):
            outstanding.setdefault((entity, record_id), []).append({"seq": seq, "state": state})
    conflicted = {
        (entity, record_id)
        for entity, record_id in session.execute(
            select(SyncConflict.entity, SyncConflict.record_id).where(
                SyncConflict.resolved_at.is_(None)
            )
        )
    }
    new_copies: list[tuple[str, str, int, str, bool]] = []
    changed_copies: list[tuple[int, str, bool, str, str]] = []
    rebased: list[tuple[int, int]] = []
    row_updates: dict[str, list[tuple[int, int, str, str | None, str]]] = {}
    for m, status, result in acks:
        key = (m["entity"], m["record_id"])
        copy = copies.get(key)
        base = dict(copy["fields"]) if copy is not None else ENTITY_SPECS[key[0]].defaults()
        known = {**base, **m["fields"]}
        if m["op"] == "delete":
            known.setdefault("deleted", True)
        version = result.version or (copy["version"] if copy is not None else 1)
        stale = status != "applied"  # see _record_one
        encoded = bulk.to_json(known)
        if copy is None:
            new_copies.append((key[0], key[1], version, encoded, stale))
        else:
            changed_copies.append((version, encoded, stale, key[0], key[1]))
        row = rows.get(key)
        if row is None:
            continue
        later = outstanding.get(key, [])
        if not stale:
            rebased += [(version, o["seq"]) for o in later if o["state"] == "pending"]
        acked_rev = max(row["acked_rev"], m["rev"])
        state, note = row["sync_state"], row["sync_note"]
        if any(o["state"] == "pending" for o in later):  # as _settle_state decides
            state = SyncState.PENDING
        elif later:
            state = SyncState.SENT
        elif key in conflicted:
            state = SyncState.CONFLICT
        elif state == SyncState.SET_ASIDE and acked_rev < row["rev"]:
            pass
        else:
            state, acked_rev, note = SyncState.CONFIRMED, row["rev"], None
        row_updates.setdefault(key[0], []).append(
            (version, acked_rev, SyncState(state).value, note, key[1])
        )
    bulk.execute_many(session, "UPDATE mutations SET base_version = ? WHERE seq = ?", rebased)
    bulk.execute_many(
        session,
        "INSERT INTO server_copies (entity, record_id, version, fields, stale)"
        " VALUES (?, ?, ?, ?, ?)",
        new_copies,
    )
    bulk.execute_many(
        session,
        "UPDATE server_copies SET version = ?, fields = ?, stale = ?"
        " WHERE entity = ? AND record_id = ?",
        changed_copies,
    )
    for entity, params in row_updates.items():
        bulk.execute_many(
            session,
            f"UPDATE {_table_name(ENTITIES[entity])} SET server_version = ?, acked_rev = ?,"
            " sync_state = ?, sync_note = ? WHERE id = ?",
            params,
        )
    session.expire_all()  # any ORM copy of what changed here reloads when read again


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
    earlier: int = 0  # required actions of earlier assessments, kept read-only


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
    pulled: list[list[Any]] | None = None,
) -> None:
    """Merge one pulled record into the local copy (see the module docstring). What it
    changed here is noted in ``pulled`` for the batch's audit entry (:func:`audit_pulled`),
    or audited at once when there is no batch."""
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
        _note_pulled(session, pulled, change, now)
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
            _note_pulled(session, pulled, change, now)
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


def _note_pulled(
    session: Session, pulled: list[list[Any]] | None, change: Change, now: datetime
) -> None:
    if pulled is None:
        audit_pulled(session, [[change.entity, change.id, change.version]], change.seq, now=now)
    else:
        pulled.append([change.entity, change.id, change.version])


def audit_pulled(session: Session, pulled: list[list[Any]], seq: int, *, now: datetime) -> None:
    """One audit entry for what a pull changed here (docs/decisions/0018): by the central
    store, each record as ``[entity, id, version]`` (the version it holds now; the central
    store keeps every version's content), ``seq`` the newest server seq among them."""
    if pulled:
        _audit(
            session,
            PULL_ENTITY,
            str(seq),
            "pull",
            None,
            {"records": pulled},
            actor=SYNC_ACTOR,
            now=now,
        )


def apply_pulled_many(
    session: Session, changes: Iterable[Change], *, now: datetime, tally: PullTally
) -> None:
    """Merge pulled records, in order (parents first), by the rules of :func:`apply_pulled`.

    The two cases a large sync is made of are done in bulk: a record new to this device (no
    local row, no server copy) is inserted with its audit entry and server copy by multi-row
    statements, and a record already held at that version is skipped, both without a query
    per record. Everything else (a merge) goes through :func:`apply_pulled`; so does a group
    of new records the database refuses as a whole (a foreign key to a record not held here),
    which then sorts out record by record which ones to skip.
    """
    session.flush()
    changes = list(changes)
    pulled: list[list[Any]] = []
    groups: list[tuple[str, list[Change]]] = []
    for change in _keep_earlier_actions(session, changes, tally):
        if groups and groups[-1][0] == change.entity:
            groups[-1][1].append(change)
        else:
            groups.append((change.entity, [change]))
    for entity, group in groups:
        cls = ENTITIES.get(entity)
        if cls is None:
            tally.skipped += len(group)
            continue
        ids = [c.id for c in group]
        copies = _copy_versions(session, entity, ids)
        held = _held_ids(session, cls, ids)
        fresh: list[Change] = []
        for change in group:
            copy = copies.get(change.id)
            if copy is not None and not copy[1] and change.version <= copy[0]:
                tally.unchanged += 1
            elif copy is None and change.id not in held:
                fresh.append(change)
                held.add(change.id)  # a second change of it (if any) is then a merge
            else:
                if fresh:  # in order: what this one merges with may be among them
                    _insert_pulled(session, cls, fresh, now=now, tally=tally, pulled=pulled)
                    fresh = []
                apply_pulled(session, change, now=now, tally=tally, pulled=pulled)
        if fresh:
            _insert_pulled(session, cls, fresh, now=now, tally=tally, pulled=pulled)
    audit_pulled(session, pulled, max((c.seq for c in changes), default=0), now=now)


def _keep_earlier_actions(
    session: Session, changes: list[Change], tally: PullTally
) -> list[Change]:
    """Take out the required actions of assessments this device does not hold (the
    organisation's earlier assessments) and keep them, read-only, in ``earlier_actions``;
    the rest is returned for the usual merge."""
    actions = [c for c in changes if c.entity == "required_action"]
    if not actions:
        return changes
    arriving = {c.id for c in changes if c.entity == "assessment" and not c.deleted}
    wanted = {a for c in actions if isinstance(a := c.fields.get("assessment_id"), str)}
    held = set(session.scalars(select(Assessment.id).where(Assessment.id.in_(wanted))))
    held |= arriving
    earlier = [c for c in actions if c.fields.get("assessment_id") not in held]
    ours = [c.id for c in actions if c.fields.get("assessment_id") in held]
    if ours:  # an earlier assessment now assigned here: its actions become ordinary ones
        session.execute(delete(EarlierAction).where(EarlierAction.id.in_(ours)))
    for change in earlier:
        row = session.get(EarlierAction, change.id)
        if change.deleted or change.organisation_id is None:
            if row is not None:
                session.delete(row)
            if change.organisation_id is None:
                tally.skipped += 1
                continue
        else:
            fields = normalise_fields(change.entity, {**change.fields, "deleted": False})
            values = {
                name: from_wire(RequiredAction, name, fields[name])
                for name in ("standard_code", "description", "owner", "due_on", "status")
            }
            if row is None:
                row = EarlierAction(id=change.id)
                session.add(row)
            row.organisation_id = change.organisation_id
            row.assessment_id = str(change.fields["assessment_id"])
            row.server_version = change.version
            for name, value in values.items():
                setattr(row, name, value)
        tally.earlier += 1
    if not earlier:
        return changes
    taken = {c.id for c in earlier}
    return [c for c in changes if not (c.entity == "required_action" and c.id in taken)]


def _copy_versions(session: Session, entity: str, ids: list[str]) -> dict[str, tuple[int, bool]]:
    return {
        record_id: (version, bool(stale))
        for record_id, version, stale in bulk.fetch(
            session,
            "SELECT record_id, version, stale FROM server_copies"
            f" WHERE entity = ? AND record_id {bulk.IN_KEYS}",
            (entity, bulk.keys(ids)),
        )
    }


def _held_ids(session: Session, cls: type[Syncable], ids: list[str]) -> set[str]:
    table = cls.__table__  # type: ignore[attr-defined]
    held: set[str] = set()
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        held.update(session.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
    return held


def _insert_pulled(
    session: Session,
    cls: type[Syncable],
    changes: list[Change],
    *,
    now: datetime,
    tally: PullTally,
    pulled: list[list[Any]],
) -> None:
    """Records new to this device, inserted together (see :func:`apply_pulled_many`)."""
    entity = cls.__entity__
    names = sync_fields(cls)
    rows, copies = [], []
    for change in changes:
        server = normalise_fields(entity, {**change.fields, "deleted": change.deleted})
        rows.append(
            {
                "id": change.id,
                "rev": 1,
                "acked_rev": 1,
                "server_version": change.version,
                "sync_state": SyncState.CONFIRMED,
                "sync_note": None,
                "created_at": now,
                "updated_at": now,
                **{n: from_wire(cls, n, server[n]) for n in names},
            }
        )
        copies.append(
            {
                "entity": entity,
                "record_id": change.id,
                "version": change.version,
                "fields": server,
                "stale": False,
            }
        )
    try:
        with session.begin_nested():
            bulk.insert_rows(session, cls.__table__, rows)  # type: ignore[attr-defined]
    except IntegrityError:
        for change in changes:  # one by one: which of them can be held here
            apply_pulled(session, change, now=now, tally=tally, pulled=pulled)
        return
    bulk.insert_rows(session, _COPIES, copies)
    pulled.extend([entity, change.id, change.version] for change in changes)
    tally.inserted += len(changes)


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
    else:
        # A value typed in this field while the conflict was open (it was shown as mine) must
        # not travel after all: the assessor chose the server's value over it.
        for m in _outstanding(session, c.entity, c.record_id):
            if m.state == "pending" and c.field in m.fields:
                m.fields = {k: v for k, v in m.fields.items() if k != c.field}
                if not m.fields:
                    m.state = "acked"
                    m.last_error = "nothing left to send after taking the server's value"
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
        for r in _dicts(
            session.execute(select(table).where(table.c.assessment_id == assessment_id))
        ):
            out.append((cls, r))
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
            for r in _dicts(session.execute(select(table).where(table.c[column].in_(chunk)))):
                out.append((cls, r))
    return out


def _dicts(result: Any) -> Iterator[dict[str, Any]]:
    """The rows of a result as plain dicts (cheaper than a mapping copied per row)."""
    keys = list(result.keys())
    for row in result:
        yield dict(zip(keys, row, strict=True))


def local_digest(session: Session, assessment_id: str) -> tuple[str, int]:
    """The assessment's digest and record count, settled or not."""
    rows = _digest_rows(session, assessment_id)
    return assessment_digest((r.entity, r.id, r.fields) for r in rows), len(rows)


@dataclass(frozen=True, slots=True)
class _DigestRow:
    entity: str
    id: str
    sync_state: str
    rev: int
    acked_rev: int
    fields: dict[str, Any]


def _digest_rows(session: Session, assessment_id: str) -> list[_DigestRow]:
    """Every record of one assessment (as :func:`assessment_records`), read at the driver's
    level: its id, sync state and revisions, and its travelling fields in their JSON form."""
    dialect = session.get_bind().dialect
    out: list[_DigestRow] = []

    def read(cls: type[Syncable], where: str, param: Any) -> list[_DigestRow]:
        names = sync_fields(cls)
        convert = stored_to_wire(cls, dialect)
        columns = ", ".join(("id", "sync_state", "rev", "acked_rev", *names))
        rows = [
            _DigestRow(
                cls.__entity__,
                row[0],
                row[1],
                row[2],
                row[3],
                {n: f(v) for n, f, v in zip(names, convert, row[4:], strict=True)},
            )
            for row in bulk.fetch(
                session, f"SELECT {columns} FROM {_table_name(cls)} WHERE {where}", (param,)
            )
        ]
        out.extend(rows)
        return rows

    if not read(Assessment, "id = ?", assessment_id):
        return out
    children: dict[type[Syncable], list[str]] = {}
    for cls in SYNCABLE:
        if cls is Assessment or "assessment_id" not in cls.__table__.c:  # type: ignore[attr-defined]
            continue
        rows = read(cls, "assessment_id = ?", assessment_id)
        if cls in (CaseFileReview, EvidenceItem):
            children[cls] = [r.id for r in rows]
    for cls, column, parent in (
        (CaseFileCheck, "review_id", CaseFileReview),
        (Attachment, "evidence_item_id", EvidenceItem),
    ):
        if children.get(parent):
            read(cls, f"{column} {bulk.IN_KEYS}", bulk.keys(children[parent]))
    return out


def _settled(session: Session, rows: list[_DigestRow]) -> bool:
    """Every one of ``rows`` confirmed at its latest revision, none with a mutation waiting."""
    confirmed = SyncState.CONFIRMED.value
    if any(row.sync_state != confirmed or row.acked_rev != row.rev for row in rows):
        return False
    outstanding = {
        (entity, record_id)
        for entity, record_id in bulk.fetch(
            session,
            f"SELECT entity, record_id FROM mutations WHERE state {bulk.IN_KEYS}",
            (bulk.keys(OUTSTANDING),),
        )
    }
    return not any((row.entity, row.id) in outstanding for row in rows)


def settled_digest(session: Session, assessment_id: str) -> tuple[str, int] | None:
    """The assessment's digest and record count, or ``None`` when it is not settled (see
    :func:`is_settled`). One read of its records, at the driver's level (a large assessment's
    digest is worked out at the end of every sync round)."""
    rows = _digest_rows(session, assessment_id)
    if not _settled(session, rows):
        return None
    return assessment_digest((r.entity, r.id, r.fields) for r in rows), len(rows)


def is_settled(session: Session, assessment_id: str) -> bool:
    """Nothing of this assessment waits to travel or for a choice (so digests can agree)."""
    return _settled(session, _digest_rows(session, assessment_id))


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
