"""The local audit trail as it travels to the central store (docs/decisions/0010).

The entries after the last seq the central store acknowledged are read in seq order, as the
wire entries the central store checks: exactly what each hash covers, with its place in the
chain. Nothing here changes an entry; the acknowledged seq lives in the settings table.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

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


def _json_size(value: Any) -> int:
    return 4 if value is None else len(json.dumps(value, ensure_ascii=False))
