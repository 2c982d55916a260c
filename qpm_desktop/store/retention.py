"""Removing a confirmed assessment from this computer, and taking the whole outbox for a rescue
bundle. Both run inside the caller's write transaction (``Store.write()``).

Removal deletes the rows (with SQLite's ``secure_delete`` on, so the freed space in the file is
overwritten with zeros), the sync bookkeeping that holds copies of their fields (mutations,
server copies, conflicts, settings), and the content of their audit entries: each such entry
keeps its place in the chain, its time, actor, entity and record id, but its fields before and
after give way to a marker naming the removal entry. The chain check accepts a marked entry
only when that removal entry exists, and still checks that every link follows the one before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select, text, update
from sqlalchemy.orm import Session

from qpm_desktop.model.enums import SyncState
from qpm_desktop.protocol.messages import MutationIn
from qpm_desktop.store.records import _audit
from qpm_desktop.store.replica import Outgoing, assessment_records
from qpm_desktop.store.tables import (
    ENTITIES,
    SYNCABLE,
    Assessment,
    Attachment,
    AuditEntry,
    Base,
    Mutation,
    Organisation,
    ReportVersion,
    ServerCopy,
    Setting,
    SyncConflict,
    Team,
)

REMOVAL_ACTION = "remove_local"
REDACTED = "_removed_by"  # the key of an audit entry's ``after`` once its content is gone


def is_redacted(before: Any, after: Any) -> bool:
    return before is None and isinstance(after, dict) and set(after) == {REDACTED}


@dataclass(frozen=True, slots=True)
class Removal:
    assessment_id: str
    reference: str
    records: int
    redacted: int
    files: tuple[str, ...]  # local paths of files no remaining record refers to


def _chunks(ids: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def remove_assessment(
    session: Session, assessment_id: str, *, actor: str, reason: str, now: datetime
) -> Removal:
    """Remove one assessment and everything that belongs to it (see the module docstring).
    The organisation and its teams go too when no other assessment here belongs to them."""
    session.execute(text("PRAGMA secure_delete = ON"))
    assessment = session.get(Assessment, assessment_id)
    if assessment is None:
        raise LookupError(f"no assessment {assessment_id}")
    reference, organisation_id = assessment.reference, assessment.organisation_id
    records = assessment_records(session, assessment_id)
    others = session.scalar(
        select(func.count())
        .select_from(Assessment)
        .where(Assessment.organisation_id == organisation_id, Assessment.id != assessment_id)
    )
    if not others:
        for cls, column in ((Team, Team.organisation_id), (Organisation, Organisation.id)):
            table = cls.__table__  # type: ignore[attr-defined]
            for r in session.execute(select(table).where(column == organisation_id)).mappings():
                records.append((cls, dict(r)))
    paths: set[str] = set()
    for cls, row in records:
        if cls in (Attachment, ReportVersion) and row.get("local_path"):
            paths.add(row["local_path"])
    by_entity: dict[str, list[str]] = {}
    for cls, row in records:
        by_entity.setdefault(cls.__entity__, []).append(row["id"])
    all_ids = sorted({row["id"] for _cls, row in records})

    # The removal's own audit entry first: the marked entries name it.
    _audit(
        session,
        "assessment",
        assessment_id,
        REMOVAL_ACTION,
        None,
        {"reason": reason, "records": len(records)},
        actor=actor,
        now=now,
    )
    removal_seq = session.scalar(select(func.max(AuditEntry.seq)))
    redacted = 0
    for chunk in _chunks(all_ids):
        redacted += session.execute(
            update(AuditEntry)
            .where(AuditEntry.record_id.in_(chunk), AuditEntry.seq < removal_seq)
            .values(before=None, after={REDACTED: removal_seq})
        ).rowcount
    for entity, ids in by_entity.items():
        for chunk in _chunks(ids):
            session.execute(
                delete(Mutation).where(Mutation.entity == entity, Mutation.record_id.in_(chunk))
            )
            session.execute(
                delete(ServerCopy).where(
                    ServerCopy.entity == entity, ServerCopy.record_id.in_(chunk)
                )
            )
            session.execute(
                delete(SyncConflict).where(
                    SyncConflict.entity == entity, SyncConflict.record_id.in_(chunk)
                )
            )
    session.execute(delete(Setting).where(Setting.key.like(f"%{assessment_id}")))
    drafts = Base.metadata.tables.get("drafts")  # text being typed (0011), if kept here
    if drafts is not None and "assessment_id" in drafts.c:
        session.execute(delete(drafts).where(drafts.c.assessment_id == assessment_id))
    # Children before parents: the reverse of the tables' order.
    for cls in reversed(SYNCABLE):
        ids = by_entity.get(cls.__entity__, [])
        table = cls.__table__  # type: ignore[attr-defined]
        for chunk in _chunks(ids):
            session.execute(delete(table).where(table.c.id.in_(chunk)))
    session.flush()
    still_used = set(
        session.scalars(select(Attachment.local_path).where(Attachment.local_path.in_(paths)))
    ) | set(
        session.scalars(select(ReportVersion.local_path).where(ReportVersion.local_path.in_(paths)))
    )
    return Removal(
        assessment_id, reference, len(records), redacted, tuple(sorted(paths - still_used))
    )


def has_drafts(session: Session, assessment_id: str) -> bool:
    """Is text being typed into this assessment not yet saved as a change (0011)?"""
    drafts = Base.metadata.tables.get("drafts")
    if drafts is None or "assessment_id" not in drafts.c:
        return False
    found = session.execute(
        select(drafts.c.assessment_id).where(drafts.c.assessment_id == assessment_id).limit(1)
    ).first()
    return found is not None


# ------------------------------------------------------------------------------ rescue


def open_conflict_count(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(SyncConflict).where(SyncConflict.resolved_at.is_(None))
        )
        or 0
    )


def take_everything(session: Session, *, now: datetime) -> list[Outgoing]:
    """Every outstanding mutation, as a push would send it: pending ones become ``sent`` with
    their base version fixed and are never changed again, so when the device later syncs it
    resends exactly these and the central store recognises them. Callers make sure no conflict
    is open (its fields wait for the assessor's choice). Bulk statements: a few thousand
    mutations take a fraction of a second."""
    session.flush()
    table = Mutation.__table__  # type: ignore[attr-defined]
    rows = (
        session.execute(
            select(table).where(table.c.state.in_(("pending", "sent"))).order_by(table.c.seq)
        )
        .mappings()
        .all()
    )
    copies = ServerCopy.__table__  # type: ignore[attr-defined]
    versions: dict[tuple[str, str], int] = {}
    wanted: dict[str, list[str]] = {}
    for r in rows:
        if r["state"] == "pending":
            wanted.setdefault(r["entity"], []).append(r["record_id"])
    for entity, ids in wanted.items():
        for chunk in _chunks(sorted(set(ids))):
            for record_id, version in session.execute(
                select(copies.c.record_id, copies.c.version).where(
                    copies.c.entity == entity, copies.c.record_id.in_(chunk)
                )
            ):
                versions[(entity, record_id)] = version
    taken: list[dict[str, Any]] = []
    sent_rows: dict[str, list[dict[str, Any]]] = {}
    out: list[Outgoing] = []
    for r in rows:
        base = r["base_version"]
        if r["state"] == "pending":
            base = versions.get((r["entity"], r["record_id"]))
            taken.append({"k_seq": r["seq"], "p_base": base})
            sent_rows.setdefault(r["entity"], []).append(
                {"k_id": r["record_id"], "k_rev": r["rev"]}
            )
        fields = dict(r["fields"])
        sha: Any = None
        if r["entity"] == "attachment":
            sha = fields.get("sha256")
        elif r["entity"] == "report_version":
            sha = fields.get("pdf_sha256")
        out.append(
            Outgoing(
                MutationIn(
                    mutation_id=r["mutation_id"],
                    entity=r["entity"],
                    record_id=r["record_id"],
                    op=r["op"],
                    base_version=base,
                    fields=fields,
                ),
                sha if isinstance(sha, str) else None,
            )
        )
    if taken:
        session.execute(
            update(table)
            .where(table.c.seq == bindparam("k_seq"))
            .values(base_version=bindparam("p_base"), state="sent", updated_at=now),
            taken,
        )
    for entity, params in sent_rows.items():
        cls = ENTITIES.get(entity)
        if cls is None:
            continue
        records = cls.__table__  # type: ignore[attr-defined]
        session.execute(
            update(records)
            .where(records.c.id == bindparam("k_id"), records.c.rev == bindparam("k_rev"))
            .values(sync_state=SyncState.SENT),
            params,
        )
    session.expire_all()
    return out


def audit_of(session: Session, record_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The audit entries of these records, in chain order, as plain JSON values."""
    ids = sorted(set(record_ids))
    rows: list[AuditEntry] = []
    for chunk in _chunks(ids):
        rows += session.scalars(select(AuditEntry).where(AuditEntry.record_id.in_(chunk)))
    return [
        {
            "seq": e.seq,
            "at": e.at.isoformat(),
            "actor": e.actor,
            "entity": e.entity,
            "record_id": e.record_id,
            "action": e.action,
            "before": e.before,
            "after": e.after,
            "prev_hash": e.prev_hash,
            "hash": e.hash,
            "session_id": e.session_id,
            "elapsed_ms": e.elapsed_ms,
        }
        for e in sorted(rows, key=lambda e: e.seq)
    ]


def file_path(session: Session, sha256: str) -> str | None:
    """Where the file with this SHA-256 is kept here (an attachment or a report), if anywhere."""
    for column, where in (
        (Attachment.local_path, Attachment.sha256 == sha256),
        (ReportVersion.local_path, ReportVersion.pdf_sha256 == sha256),
    ):
        found = session.scalars(select(column).where(where, column.is_not(None)).limit(1)).first()
        if found:
            return found
    return None
