"""The local audit trail as it travels to the central store (docs/decisions/0010).

The entries after the last seq the central store acknowledged are read in seq order, as the
wire entries the central store checks: exactly what each hash covers, with its place in the
chain. Nothing here changes an entry; the acknowledged seq lives in the settings table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, bindparam, func, select, type_coerce
from sqlalchemy.orm import Session

from qpm_desktop.model import jsoncodec
from qpm_desktop.protocol.messages import AuditTrailEntry
from qpm_desktop.store.tables import AuditEntry
from qpm_desktop.store.wire import to_wire

#: A batch stops growing past this many bytes of JSON (well under the request body limit).
MAX_BATCH_BYTES = 2 * 1024 * 1024


def head_seq(session: Session) -> int:
    """The seq of the newest entry here (0 when there is none)."""
    return int(session.execute(select(func.max(AuditEntry.seq))).scalar_one_or_none() or 0)


_ENTRIES = AuditEntry.__table__
_AFTER = (
    select(_ENTRIES)
    .where(_ENTRIES.c.seq > bindparam("p_after"))
    .order_by(_ENTRIES.c.seq)
    .limit(bindparam("p_limit"))
)
# Bytes of an entry's JSON besides its fields before and after (hashes, ids, times), roughly.
_ENTRY_OVERHEAD = 400


def wire_entry(row: Mapping[str, Any]) -> AuditTrailEntry:
    return AuditTrailEntry(
        seq=row["seq"],
        at=to_wire(row["at"]),
        actor=row["actor"],
        entity=row["entity"],
        record_id=row["record_id"],
        action=row["action"],
        before=row["before"],
        after=row["after"],
        session=row["session_id"],
        elapsed_ms=row["elapsed_ms"],
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


def entries_after(
    session: Session, after_seq: int, *, limit: int, max_bytes: int = MAX_BATCH_BYTES
) -> list[AuditTrailEntry]:
    """Up to ``limit`` entries after ``after_seq``, in seq order, at least one when there is
    one, and no more than about ``max_bytes`` of JSON."""
    rows = session.execute(_AFTER, {"p_after": after_seq, "p_limit": limit}).mappings()
    batch: list[AuditTrailEntry] = []
    size = 0
    for row in rows:
        size += _ENTRY_OVERHEAD + _json_size(row["before"]) + _json_size(row["after"])
        if batch and size > max_bytes:
            break
        batch.append(wire_entry(row))
    return batch


@dataclass(frozen=True, slots=True)
class EncodedEntries:
    """A batch of entries ready to send: the request body (``{"entries": [...]}``, UTF-8
    JSON), how many entries it holds and the seq of the last."""

    count: int
    last_seq: int
    body: bytes


_AFTER_RAW = (
    select(
        _ENTRIES.c.seq,
        _ENTRIES.c.at,
        _ENTRIES.c.actor,
        _ENTRIES.c.entity,
        _ENTRIES.c.record_id,
        _ENTRIES.c.action,
        _ENTRIES.c.session_id,
        _ENTRIES.c.elapsed_ms,
        _ENTRIES.c.prev_hash,
        _ENTRIES.c.hash,
        # The fields before and after as the JSON text stored: they go out as they are, not
        # decoded and encoded again (the server decodes them and recomputes the hash).
        type_coerce(_ENTRIES.c.before, Text).label("before"),
        type_coerce(_ENTRIES.c.after, Text).label("after"),
    )
    .where(_ENTRIES.c.seq > bindparam("p_after"))
    .order_by(_ENTRIES.c.seq)
    .limit(bindparam("p_limit"))
)


def encoded_after(
    session: Session, after_seq: int, *, limit: int, max_bytes: int = MAX_BATCH_BYTES
) -> EncodedEntries | None:
    """The entries :func:`entries_after` would give, already encoded as the request body that
    sends them (the same JSON values; the fields before and after copied as stored), or
    ``None`` when there is nothing after ``after_seq``."""
    rows = session.execute(_AFTER_RAW, {"p_after": after_seq, "p_limit": limit})
    parts: list[str] = []
    size = 0
    last = 0
    dumps = jsoncodec.dumps
    for seq, at, actor, entity, record_id, action, sid, ms, prev, digest, before, after in rows:
        head = dumps(
            {
                "seq": seq,
                "at": to_wire(at),
                "actor": actor,
                "entity": entity,
                "record_id": record_id,
                "action": action,
                "session": None if sid is None else str(sid),
                "elapsed_ms": ms,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        item = f'{head[:-1]},"before":{before or "null"},"after":{after or "null"}}}'
        size += len(item) + 1
        if parts and size > max_bytes:
            break
        parts.append(item)
        last = seq
    if not parts:
        return None
    body = '{"entries":[' + ",".join(parts) + "]}"
    return EncodedEntries(len(parts), last, body.encode("utf-8"))


def _json_size(value: Any) -> int:
    return 4 if value is None else len(jsoncodec.dumps(value))
