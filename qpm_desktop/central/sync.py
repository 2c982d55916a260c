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

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from qpm_desktop.central.auth import Principal, audit
from qpm_desktop.central.bulk import DriverWrites, to_json
from qpm_desktop.central.schema import (
    SEQ_COUNTER,
    Assignment,
    AuditLog,
    Counter,
    FrameworkVersion,
    MutationSeen,
    Record,
    RecordVersion,
)
from qpm_desktop.protocol.digest import assessment_digest, mutation_content_sha256
from qpm_desktop.protocol.entities import (
    ENTITY_SPECS,
    EntitySpec,
    canonical_fields,
    check_fields,
    is_uuid,
)
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
        organisation_id=record.organisation_id,
    )


def pull(
    session: Session,
    principal: Principal,
    cursor: int,
    limit: int,
    *,
    omit_mine_since: datetime | None = None,
) -> PullPage:
    """The next page of changes after ``cursor`` the caller may read.

    With ``omit_mine_since``, a version the calling device made itself at or after that time
    (the start of its sync round, by the server's clock), applied exactly as it sent it, is
    left out: the device learnt that very version from the push's answer in this round, so
    sending it back would only be found unchanged. Anything else comes as always: versions
    made by others or by a merge, and the device's own versions from earlier rounds (a copy
    restored from a backup gets them back). The cursor still moves past what was left out.
    """
    access = Access(session, principal)
    # Read the counter before the records: every seq at or below it was committed already
    # (commits happen in seq order), so it is a safe cursor when this page is the last.
    top = committed_seq(session)
    where = [Record.seq > cursor, access.read_filter()]
    if omit_mine_since is not None and principal.device_id:
        where.append(
            or_(
                Record.applied_from.is_(None),
                Record.applied_from != principal.device_id,
                Record.updated_at < omit_mine_since,
            )
        )
    rows = session.scalars(select(Record).where(*where).order_by(Record.seq).limit(limit + 1)).all()
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


_RECORDS = Record.__table__
_VERSIONS = RecordVersion.__table__
_SEEN = MutationSeen.__table__
_AUDIT = AuditLog.__table__
_CHUNK = 500  # ids per IN list (well under SQLite's and PostgreSQL's parameter limits)


@dataclass(slots=True)
class _Row:
    """A record as push sees it: plain values, no ORM object (push writes with Core). What
    push reads of a record is what it decides with (:data:`_READ`); the rest is set when push
    writes the record."""

    entity: str
    id: str
    assessment_id: str | None
    organisation_id: str
    version: int
    fields: dict[str, Any]
    deleted: bool
    seq: int = 0
    updated_at: datetime | None = None
    updated_by: str = ""
    applied_from: str | None = None


#: The columns push reads of a record, in the order of :class:`_Row`.
_READ = ("entity", "id", "assessment_id", "organisation_id", "version", "fields", "deleted")
#: The columns push writes.
_ROW_COLUMNS = (
    _RECORDS.c.entity,
    _RECORDS.c.id,
    _RECORDS.c.assessment_id,
    _RECORDS.c.organisation_id,
    _RECORDS.c.version,
    _RECORDS.c.seq,
    _RECORDS.c.fields,
    _RECORDS.c.deleted,
    _RECORDS.c.updated_at,
    _RECORDS.c.updated_by,
    _RECORDS.c.applied_from,
)


@dataclass(slots=True)
class _Seen:
    content_sha256: str
    username: str
    result: dict[str, Any] | MutationResult  # as stored, or as answered in this batch


@dataclass(slots=True)
class _Batch:
    """One push: what it read (records, their history, mutation ids seen before) and what it
    will write. Repeats within one batch see each other; nothing reaches the database until
    :func:`_write`, which stores everything with a few multi-row statements."""

    records: dict[tuple[str, str], _Row | None] = field(default_factory=dict)
    history: dict[tuple[str, str, int], dict[str, Any]] = field(default_factory=dict)
    seen: dict[str, _Seen] = field(default_factory=dict)
    created: dict[tuple[str, str], _Row] = field(default_factory=dict)
    changed: dict[tuple[str, str], _Row] = field(default_factory=dict)
    version_rows: list[dict[str, Any]] = field(default_factory=list)
    audit_rows: list[dict[str, Any]] = field(default_factory=list)
    seen_rows: list[dict[str, Any]] = field(default_factory=list)
    #: The JSON text of each version written, by (entity, id, version): encoded once for the
    #: record and its history.
    encoded: dict[tuple[str, str, int], str] = field(default_factory=dict)
    #: The pushing device, noted on each version its change makes exactly as sent (``None``:
    #: noted on none, as for a rescue bundle imported by an administrator).
    applied_from: str | None = None


def push(
    session: Session,
    principal: Principal,
    device_id: str,
    mutations: list[MutationIn],
    *,
    now: datetime,
    client: str | None = None,
    mark_applied: bool = True,
) -> list[MutationResult]:
    """Apply a batch of mutations in the caller's transaction; one result per mutation.

    The seqs are taken first (one ``UPDATE ... RETURNING``, which also locks the counter row, so
    pushes are serialised and commit in seq order); then the records, history and mutation ids
    the batch refers to are read with a few ``IN`` queries, every result is worked out in memory,
    and the records, versions, audit entries and seen mutation ids are written with one
    multi-row statement each, all in the caller's transaction.

    A version made by a change applied exactly as sent (a create, or an update on the version
    it was based on, without conflict: the answer ``applied``) notes ``device_id`` in
    ``applied_from`` when ``mark_applied``; the device's next pull may leave it out.
    """
    if not mutations:
        return []
    seqs = allocate_seqs(session, len(mutations))  # also the write lock, taken first
    access = Access(session, principal)
    batch = _Batch(applied_from=device_id if mark_applied else None)
    _prefetch(session, mutations, batch)
    results = [
        _push_one(session, access, device_id, m, batch, seqs, now=now, client=client)
        for m in mutations
    ]
    _write(session, batch)
    return results


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    items = sorted(values)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _read_records(session: Session, entity: str, ids: Collection[str]) -> Iterator[_Row]:
    for values in DriverWrites(session).select_in(
        _RECORDS, _READ, "id", ids, equal=[("entity", entity)]
    ):
        yield _Row(*values)


def _prefetch(session: Session, mutations: list[MutationIn], batch: _Batch) -> None:
    # At the driver's level: a batch reads up to a thousand records and mutation ids.
    for mutation_id, sha, username, result in DriverWrites(session).select_in(
        _SEEN,
        ["mutation_id", "content_sha256", "username", "result"],
        "mutation_id",
        {m.mutation_id for m in mutations},
    ):
        batch.seen[mutation_id] = _Seen(sha, username, result)
    wanted: dict[str, set[str]] = {}
    for m in mutations:
        spec = ENTITY_SPECS.get(m.entity)
        if spec is None:
            continue
        wanted.setdefault(m.entity, set()).add(m.record_id)
        if spec.parent is not None:
            parent_id = m.fields.get(spec.parent[1])
            if is_uuid(parent_id):  # the fields are not checked yet: anything else is refused
                wanted.setdefault(spec.parent[0], set()).add(parent_id)
    for entity, ids in sorted(wanted.items()):
        for record_id in ids:
            batch.records[(entity, record_id)] = None
        for record in _read_records(session, entity, ids):
            batch.records[(record.entity, record.id)] = record
            batch.history[(record.entity, record.id, record.version)] = record.fields
    # The merge bases older than the current version, from the history.
    older: dict[str, set[tuple[str, int]]] = {}
    for m in mutations:
        existing = batch.records.get((m.entity, m.record_id))
        if (
            existing is not None
            and m.base_version is not None
            and m.base_version < existing.version
        ):
            older.setdefault(m.entity, set()).add((m.record_id, m.base_version))
    for entity, pairs in sorted(older.items()):
        for chunk in _chunks(pairs):
            for record_id, version, fields in session.execute(
                select(_VERSIONS.c.id, _VERSIONS.c.version, _VERSIONS.c.fields).where(
                    _VERSIONS.c.entity == entity,
                    _VERSIONS.c.id.in_({i for i, _ in chunk}),
                    _VERSIONS.c.version.in_({v for _, v in chunk}),
                )
            ):
                batch.history[(entity, record_id, version)] = fields


def _get_record(session: Session, batch: _Batch, entity: str, record_id: str) -> _Row | None:
    key = (entity, record_id)
    if key not in batch.records:
        batch.records[key] = next(_read_records(session, entity, [record_id]), None)
    return batch.records[key]


def _base_fields(
    session: Session, batch: _Batch, entity: str, record_id: str, version: int
) -> dict[str, Any] | None:
    key = (entity, record_id, version)
    if key not in batch.history:
        fields = session.execute(
            select(_VERSIONS.c.fields).where(
                _VERSIONS.c.entity == entity,
                _VERSIONS.c.id == record_id,
                _VERSIONS.c.version == version,
            )
        ).scalar_one_or_none()
        if fields is None:
            return None
        batch.history[key] = fields
    return batch.history[key]


def _write(session: Session, batch: _Batch) -> None:
    """Store everything the batch decided: one statement per table and kind, at the driver's
    level, the JSON of each version encoded once (a record and its newest version share it)."""
    writes = DriverWrites(session)
    times: dict[datetime, Any] = {}

    def at(value: datetime) -> Any:  # a push's rows share one time: processed once
        if value not in times:
            times[value] = writes.stored(_RECORDS, "updated_at", value)
        return times[value]

    names = [c.name for c in _ROW_COLUMNS]

    def stored(row: _Row) -> dict[str, Any]:
        return dict(
            zip(
                names,
                (
                    row.entity,
                    row.id,
                    row.assessment_id,
                    row.organisation_id,
                    row.version,
                    row.seq,
                    batch.encoded[(row.entity, row.id, row.version)],
                    row.deleted,
                    at(row.updated_at),
                    row.updated_by,
                    row.applied_from,
                ),
                strict=True,
            )
        )

    writes.insert(_RECORDS, names, [tuple(stored(row).values()) for row in batch.created.values()])
    changes = ["version", "seq", "fields", "deleted", "updated_at", "updated_by", "applied_from"]
    keys = ["entity", "id"]
    writes.update(
        _RECORDS,
        changes,
        keys,
        [
            tuple(values[c] for c in (*changes, *keys))
            for values in map(stored, batch.changed.values())
        ],
    )
    writes.insert(
        _VERSIONS,
        ["entity", "id", "version", "fields", "at", "by"],
        [
            (v["entity"], v["id"], v["version"], v["fields"], at(v["at"]), v["by"])
            for v in batch.version_rows
        ],
    )
    writes.insert(
        _AUDIT,
        ["at", "actor", "action", "entity", "record_id", "client", "detail"],
        [
            (
                at(a["at"]),
                a["actor"],
                a["action"],
                a["entity"],
                a["record_id"],
                a["client"],
                to_json(a["detail"]),
            )
            for a in batch.audit_rows
        ],
    )
    writes.insert(
        _SEEN,
        ["mutation_id", "content_sha256", "result", "username", "device_id", "received_at"],
        [
            (
                r["mutation_id"],
                r["content_sha256"],
                r["result"],
                r["username"],
                r["device_id"],
                at(r["received_at"]),
            )
            for r in batch.seen_rows
        ],
    )


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
            first = (
                seen.result
                if isinstance(seen.result, MutationResult)
                else MutationResult.model_validate(seen.result)
            )
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
    username = access.principal.username
    batch.seen_rows.append(
        {
            "mutation_id": m.mutation_id,
            "content_sha256": sha,
            "result": result.model_dump_json(),  # encoded by pydantic, in one call
            "username": username,
            "device_id": device_id,
            "received_at": now,
        }
    )
    batch.seen[m.mutation_id] = _Seen(sha, username, result)
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


def _audit_row(
    now: datetime,
    username: str,
    action: str,
    m: MutationIn,
    client: str | None,
    detail: dict[str, Any],
) -> dict[str, Any]:
    return {
        "at": now,
        "actor": username,
        "action": action,
        "entity": m.entity,
        "record_id": m.record_id,
        "client": client,
        "detail": detail,
    }


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
    client_fields = canonical_fields(m.entity, client_fields)
    username = access.principal.username
    key = (m.entity, m.record_id)
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
        record = _Row(
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
            applied_from=batch.applied_from,
        )
        batch.records[key] = batch.created[key] = record
        _history(batch, record, now, username)
        batch.audit_rows.append(
            _audit_row(
                now,
                username,
                "record_create",
                m,
                client,
                {
                    "version": 1,
                    "mutation_id": m.mutation_id,
                    "device_id": device_id,
                    "after": values,
                },
            )
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
        old = _base_fields(session, batch, m.entity, m.record_id, m.base_version)
        if old is None:
            raise Rejected(f"base_version {m.base_version} is unknown for this record")
        base = old
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
        # Exactly what the device sent on top of what it knew: it learns the whole version from
        # the answer ("applied"), so its pull need not bring it back.
        as_sent = not conflicts and m.base_version is not None and m.base_version == original
        existing.applied_from = batch.applied_from if as_sent else None
        if key not in batch.created:
            batch.changed[key] = existing
        _history(batch, existing, now, username)
        batch.audit_rows.append(
            _audit_row(
                now,
                username,
                "record_delete" if changed.get("deleted") is True else "record_update",
                m,
                client,
                {
                    "version": version,
                    "mutation_id": m.mutation_id,
                    "device_id": device_id,
                    "before": before,
                    "after": changed,
                    "conflicts": [c.field for c in conflicts],
                },
            )
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


def _history(batch: _Batch, record: _Row, now: datetime, username: str) -> None:
    key = (record.entity, record.id, record.version)
    fields = dict(record.fields)
    batch.history[key] = fields
    batch.encoded[key] = encoded = to_json(fields)
    batch.version_rows.append(
        {
            "entity": record.entity,
            "id": record.id,
            "version": record.version,
            "fields": encoded,
            "at": now,
            "by": username,
        }
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
    values = {**spec.defaults(), **canonical_fields(entity, fields)}
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
    record.applied_from = None
    session.flush()
    session.add(
        RecordVersion(
            entity=record.entity,
            id=record.id,
            version=record.version,
            fields=dict(record.fields),
            at=now,
            by=actor,
        )
    )
    audit(session, now, actor, action, entity=entity, record_id=record_id, detail={"after": values})
    return record


def resequence(session: Session, where: Any, seqs: Callable[[int], Iterable[int]]) -> int:
    """Give the matching records new seqs, so clients whose cursor is past them pull them again
    (used when an assessment is newly assigned)."""
    rows = session.scalars(select(Record).where(where).order_by(Record.seq)).all()
    numbers = iter(seqs(len(rows))) if rows else iter(())
    for row in rows:
        row.seq = next(numbers)
        row.applied_from = None  # it comes again to every device, its writer included
    return len(rows)
