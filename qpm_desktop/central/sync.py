"""Pull, push and digest: what the sync API does, independent of HTTP.

Who sees what: an assessor sees the assessments assigned to them (the assessment and every
record belonging to it), the organisation and teams of those assessments, and the required
actions of that organisation's earlier assessments; reviewers and administrators see
everything. Only assessors (their assigned assessments, and the organisation behind them) and
administrators write. A record that is not the caller's is answered exactly as a record that
does not exist (``NOT_FOUND``), so a refusal leaks nothing.

Push rules (per mutation, in order; one bad mutation never blocks the rest):

1. a mutation id seen before with the same content: the stored answer again, as "duplicate",
   nothing written; with other content: "rejected" (an id is never reused to overwrite);
2. unknown entity or field, a value of the wrong type, a record out of the caller's reach:
   "rejected" with a reason (not remembered, so a resend once fixed or assigned is judged again);
3. a three-way merge per field, the base being the record at ``base_version`` (or the wire
   defaults for a client that never saw it on the server): client == server or client == base:
   nothing to do; server == base: take the client's value; otherwise a conflict: the server's
   value stays and both are returned. Mergeable fields are applied even when others conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from qpm_desktop.central.auth import Principal, audit
from qpm_desktop.central.schema import (
    SEQ_COUNTER,
    Assignment,
    Counter,
    FrameworkVersion,
    MutationSeen,
    Record,
    RecordVersion,
)
from qpm_desktop.protocol.digest import assessment_digest, mutation_content_sha256
from qpm_desktop.protocol.entities import ENTITY_SPECS, EntitySpec, check_fields
from qpm_desktop.protocol.messages import (
    Change,
    FieldConflict,
    FrameworkVersionOut,
    MutationIn,
    MutationResult,
)

NOT_FOUND = "not found (no such record, or it is not assigned to you)"
READ_ALL_ROLES = frozenset({"reviewer", "admin"})


def allocate_seqs(session: Session, count: int) -> Iterable[int]:
    """Take ``count`` seqs from the counter. The row stays locked until the transaction ends,
    so transactions that write records commit in seq order."""
    top = session.execute(
        update(Counter)
        .where(Counter.name == SEQ_COUNTER)
        .values(value=Counter.value + count)
        .returning(Counter.value)
    ).scalar_one()
    return iter(range(top - count + 1, top + 1))


def committed_seq(session: Session) -> int:
    return session.execute(select(Counter.value).where(Counter.name == SEQ_COUNTER)).scalar_one()


class Access:
    """What one caller may read and write."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.principal = principal
        self.reads_all = principal.role in READ_ALL_ROLES
        self.writes_all = principal.role == "admin"
        self.assigned: frozenset[str] = frozenset()
        self.organisations: frozenset[str] = frozenset()
        if principal.role == "assessor":
            self.assigned = frozenset(
                session.scalars(
                    select(Assignment.assessment_id).where(
                        Assignment.username == principal.username
                    )
                )
            )
            self.organisations = frozenset(
                session.scalars(
                    select(Record.organisation_id).where(
                        Record.entity == "assessment", Record.id.in_(self.assigned)
                    )
                )
            )

    def read_filter(self) -> Any:
        if self.reads_all:
            return True
        return or_(
            Record.assessment_id.in_(self.assigned),
            and_(Record.assessment_id.is_(None), Record.organisation_id.in_(self.organisations)),
            and_(
                Record.entity == "required_action", Record.organisation_id.in_(self.organisations)
            ),
        )

    def can_read(self, record: Record) -> bool:
        if self.reads_all:
            return True
        if record.assessment_id is not None:
            return record.assessment_id in self.assigned or (
                record.entity == "required_action" and record.organisation_id in self.organisations
            )
        return record.organisation_id in self.organisations

    def can_write(self, organisation_id: str, assessment_id: str | None) -> bool:
        if self.writes_all:
            return True
        if self.principal.role != "assessor":
            return False
        if assessment_id is not None:
            return assessment_id in self.assigned
        return organisation_id in self.organisations

    def can_read_assessment(self, session: Session, assessment_id: str) -> bool:
        record = session.get(Record, ("assessment", assessment_id))
        return record is not None and (self.reads_all or assessment_id in self.assigned)


# ------------------------------------------------------------------------------ pull


@dataclass(slots=True)
class PullPage:
    changes: list[Change]
    frameworks: list[FrameworkVersionOut]
    next_cursor: int
    has_more: bool


def to_change(record: Record) -> Change:
    return Change(
        entity=record.entity,
        id=record.id,
        version=record.version,
        seq=record.seq,
        fields=record.fields,
        deleted=record.deleted,
    )


def pull(session: Session, principal: Principal, cursor: int, limit: int) -> PullPage:
    access = Access(session, principal)
    # Read the counter before the records: every seq at or below it was committed already
    # (commits happen in seq order), so it is a safe cursor when this page is the last.
    top = committed_seq(session)
    rows = session.scalars(
        select(Record)
        .where(Record.seq > cursor, access.read_filter())
        .order_by(Record.seq)
        .limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1].seq if rows else cursor
    next_cursor = last if has_more else max(cursor, top, last)
    keys = sorted(
        {r.fields.get("framework_key") for r in rows if r.entity == "assessment"} - {None}
    )
    frameworks = [
        FrameworkVersionOut(key=fw.key, sha256=fw.sha256, content=fw.content)
        for fw in session.scalars(select(FrameworkVersion).where(FrameworkVersion.key.in_(keys)))
    ]
    return PullPage([to_change(r) for r in rows], frameworks, next_cursor, has_more)


# ------------------------------------------------------------------------------ digest


def digest(session: Session, principal: Principal, assessment_id: str) -> tuple[str, int] | None:
    """The digest and record count of one assessment, or ``None`` (absent or not theirs)."""
    access = Access(session, principal)
    if not access.can_read_assessment(session, assessment_id):
        return None
    rows = session.execute(
        select(Record.entity, Record.id, Record.fields).where(Record.assessment_id == assessment_id)
    ).all()
    return assessment_digest((e, i, f) for e, i, f in rows), len(rows)


# ------------------------------------------------------------------------------ push


class Rejected(Exception):
    pass


@dataclass(slots=True)
class _Batch:
    """Records and ids already met in this push, so repeats within one batch see each other."""

    records: dict[tuple[str, str], Record | None] = field(default_factory=dict)
    seen: dict[str, MutationSeen] = field(default_factory=dict)
    versions: list[RecordVersion] = field(default_factory=list)


def push(
    session: Session,
    principal: Principal,
    device_id: str,
    mutations: list[MutationIn],
    *,
    now: datetime,
    client: str | None = None,
) -> list[MutationResult]:
    """Apply a batch of mutations in the caller's transaction; one result per mutation."""
    if not mutations:
        return []
    seqs = allocate_seqs(session, len(mutations))  # also the write lock, taken first
    access = Access(session, principal)
    batch = _Batch()
    _prefetch(session, mutations, batch)
    results: list[MutationResult] = []
    with session.no_autoflush:
        for mutation in mutations:
            results.append(
                _push_one(session, access, device_id, mutation, batch, seqs, now=now, client=client)
            )
    session.flush()
    return results


def _prefetch(session: Session, mutations: list[MutationIn], batch: _Batch) -> None:
    ids = {m.mutation_id for m in mutations}
    for row in session.scalars(select(MutationSeen).where(MutationSeen.mutation_id.in_(ids))):
        batch.seen[row.mutation_id] = row
    wanted = {m.record_id for m in mutations}
    for m in mutations:
        spec = ENTITY_SPECS.get(m.entity)
        if spec is not None and spec.parent is not None:
            parent_id = m.fields.get(spec.parent[1])
            if isinstance(parent_id, str):
                wanted.add(parent_id)
    wanted_list = sorted(wanted)
    for start in range(0, len(wanted_list), 500):
        chunk = wanted_list[start : start + 500]
        for row in session.scalars(select(Record).where(Record.id.in_(chunk))):
            batch.records[(row.entity, row.id)] = row


def _get_record(session: Session, batch: _Batch, entity: str, record_id: str) -> Record | None:
    key = (entity, record_id)
    if key not in batch.records:
        batch.records[key] = session.get(Record, key)
    return batch.records[key]


def _push_one(
    session: Session,
    access: Access,
    device_id: str,
    m: MutationIn,
    batch: _Batch,
    seqs: Any,
    *,
    now: datetime,
    client: str | None,
) -> MutationResult:
    sha = mutation_content_sha256(m.entity, m.record_id, m.op, m.base_version, m.fields)
    seen = batch.seen.get(m.mutation_id)
    if seen is not None:
        if seen.content_sha256 == sha and seen.username == access.principal.username:
            first = MutationResult.model_validate(seen.result)
            return first.model_copy(
                update={
                    "status": "duplicate",
                    "reason": f"already received (answered {first.status})",
                }
            )
        return MutationResult(
            mutation_id=m.mutation_id,
            status="rejected",
            reason="this mutation id was already used for a different change; use a new id",
        )
    try:
        result = _apply(session, access, device_id, m, batch, seqs, now=now, client=client)
    except Rejected as exc:
        return MutationResult(mutation_id=m.mutation_id, status="rejected", reason=str(exc))
    row = MutationSeen(
        mutation_id=m.mutation_id,
        content_sha256=sha,
        result=result.model_dump(mode="json"),
        username=access.principal.username,
        device_id=device_id,
        received_at=now,
    )
    session.add(row)
    batch.seen[m.mutation_id] = row
    return result


def _scope(
    session: Session, batch: _Batch, spec: EntitySpec, record_id: str, fields: dict[str, Any]
) -> tuple[str, str | None]:
    """(organisation_id, assessment_id) of a record with these fields; ``Rejected`` if its
    parent is unknown."""
    if spec.parent is None:
        return record_id, None
    parent_entity, parent_field = spec.parent
    parent = _get_record(session, batch, parent_entity, fields[parent_field])
    if parent is None:
        raise Rejected(NOT_FOUND)
    if spec.name == "assessment":
        return parent.id, record_id
    if parent_entity == "organisation":
        return parent.id, None
    if parent_entity == "assessment":
        return parent.organisation_id, parent.id
    return parent.organisation_id, parent.assessment_id


def _apply(
    session: Session,
    access: Access,
    device_id: str,
    m: MutationIn,
    batch: _Batch,
    seqs: Any,
    *,
    now: datetime,
    client: str | None,
) -> MutationResult:
    spec = ENTITY_SPECS.get(m.entity)
    if spec is None:
        raise Rejected(f"unknown entity {m.entity!r}")
    client_fields = dict(m.fields)
    if m.op == "delete":
        client_fields.setdefault("deleted", True)
    problems = check_fields(m.entity, client_fields)
    if problems:
        raise Rejected("; ".join(problems[:10]))
    username = access.principal.username
    existing = _get_record(session, batch, m.entity, m.record_id)

    if existing is None:
        if m.base_version is not None:
            raise Rejected(NOT_FOUND)
        values = {**spec.defaults(), **client_fields}
        # The scope comes first, so a caller learns nothing about records that are not theirs.
        if spec.parent is not None and not isinstance(values.get(spec.parent[1]), str):
            raise Rejected(f"missing required field {spec.parent[1]!r}")
        organisation_id, assessment_id = _scope(session, batch, spec, m.record_id, values)
        if not access.can_write(organisation_id, assessment_id) or (
            spec.name in ("organisation", "assessment") and not access.writes_all
        ):
            raise Rejected(NOT_FOUND)
        missing = sorted(n for n in spec.required if values.get(n) is None)
        if missing:
            raise Rejected(f"missing required field(s): {', '.join(missing)}")
        record = Record(
            entity=m.entity,
            id=m.record_id,
            assessment_id=assessment_id,
            organisation_id=organisation_id,
            version=1,
            seq=next(seqs),
            fields=values,
            deleted=bool(values["deleted"]),
            updated_at=now,
            updated_by=username,
        )
        session.add(record)
        batch.records[(m.entity, m.record_id)] = record
        _history(session, record, now, username)
        audit(
            session,
            now,
            username,
            "record_create",
            entity=m.entity,
            record_id=m.record_id,
            client=client,
            detail={
                "version": 1,
                "mutation_id": m.mutation_id,
                "device_id": device_id,
                "after": values,
            },
        )
        return MutationResult(mutation_id=m.mutation_id, status="applied", version=1)

    if not access.can_write(existing.organisation_id, existing.assessment_id):
        raise Rejected(NOT_FOUND)
    server = existing.fields
    if m.base_version is None:
        base = spec.defaults()
    elif m.base_version == existing.version:
        base = server
    elif m.base_version > existing.version:
        raise Rejected(
            f"base_version {m.base_version} is newer than the server's version {existing.version}"
        )
    else:
        old = session.get(RecordVersion, (m.entity, m.record_id, m.base_version))
        if old is None:
            raise Rejected(f"base_version {m.base_version} is unknown for this record")
        base = old.fields
    if spec.parent is not None:
        parent_field = spec.parent[1]
        if parent_field in client_fields and client_fields[parent_field] != server.get(
            parent_field
        ):
            raise Rejected(
                f"{parent_field} cannot change (a record does not move to another parent)"
            )

    changed: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name, value in client_fields.items():
        server_value = server.get(name)
        base_value = base.get(name)
        if value in (server_value, base_value):
            continue
        if server_value == base_value:
            changed[name] = value
        else:
            conflicts.append(
                FieldConflict(field=name, base=base_value, server=server_value, client=value)
            )
    original = version = existing.version
    if changed:
        before = {k: server.get(k) for k in changed}
        existing.fields = {**server, **changed}
        existing.deleted = bool(existing.fields.get("deleted", False))
        existing.version = version = existing.version + 1
        existing.seq = next(seqs)
        existing.updated_at = now
        existing.updated_by = username
        _history(session, existing, now, username)
        audit(
            session,
            now,
            username,
            "record_delete" if changed.get("deleted") is True else "record_update",
            entity=m.entity,
            record_id=m.record_id,
            client=client,
            detail={
                "version": version,
                "mutation_id": m.mutation_id,
                "device_id": device_id,
                "before": before,
                "after": changed,
                "conflicts": [c.field for c in conflicts],
            },
        )
    if conflicts:
        status = "conflict"
    elif m.base_version is not None and m.base_version == original:
        status = "applied"
    else:
        status = "merged"
    return MutationResult(
        mutation_id=m.mutation_id, status=status, version=version, conflicts=conflicts
    )


def _history(session: Session, record: Record, now: datetime, username: str) -> None:
    session.add(
        RecordVersion(
            entity=record.entity,
            id=record.id,
            version=record.version,
            fields=dict(record.fields),
            at=now,
            by=username,
        )
    )


# ------------------------------------------------------------------------------ admin writes


def put_record(
    session: Session,
    entity: str,
    record_id: str,
    fields: dict[str, Any],
    *,
    actor: str,
    now: datetime,
    seq: int,
) -> Record:
    """Create or replace a record as an administrator (the admin CLI and the demo)."""
    spec = ENTITY_SPECS[entity]
    problems = check_fields(entity, fields)
    if problems:
        raise ValueError("; ".join(problems))
    values = {**spec.defaults(), **fields}
    missing = sorted(n for n in spec.required if values.get(n) is None)
    if missing:
        raise ValueError(f"missing required field(s): {', '.join(missing)}")
    try:
        organisation_id, assessment_id = _scope(session, _Batch(), spec, record_id, values)
    except Rejected:
        raise ValueError(
            f"the {spec.parent[0] if spec.parent else 'parent'} does not exist"
        ) from None
    record = session.get(Record, (entity, record_id))
    action = "record_create"
    if record is None:
        record = Record(entity=entity, id=record_id, version=1)
        session.add(record)
    else:
        if record.fields == values:
            return record
        record.version += 1
        action = "record_update"
    record.assessment_id = assessment_id
    record.organisation_id = organisation_id
    record.seq = seq
    record.fields = values
    record.deleted = bool(values["deleted"])
    record.updated_at = now
    record.updated_by = actor
    session.flush()
    _history(session, record, now, actor)
    audit(session, now, actor, action, entity=entity, record_id=record_id, detail={"after": values})
    return record


def resequence(session: Session, where: Any, seqs: Callable[[int], Iterable[int]]) -> int:
    """Give the matching records new seqs, so clients whose cursor is past them pull them again
    (used when an assessment is newly assigned)."""
    rows = session.scalars(select(Record).where(where).order_by(Record.seq)).all()
    numbers = iter(seqs(len(rows))) if rows else iter(())
    for row in rows:
        row.seq = next(numbers)
    return len(rows)
