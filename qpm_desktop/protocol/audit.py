"""The audit trail's hash chain, shared by the desktop app (which writes and checks it) and the
central store (which checks it again before it keeps it).

Each entry's hash is SHA-256 over the previous entry's hash (ASCII hex) followed by the entry's
canonical JSON (sorted keys, no spaces, UTF-8). The first entry follows :data:`GENESIS_HASH`.
The entry covers its time as written (ISO 8601, UTC, ``Z``), who, which record, the action and
the fields before and after; entries written in a working session also cover the session's id
and the milliseconds since it began (left out, not null, on older entries, so their hashes stay
valid).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from qpm_desktop.protocol.digest import canonical_bytes
from qpm_desktop.protocol.messages import AuditTrailEntry

GENESIS_HASH = "0" * 64


def canonical_entry(
    at: str,
    actor: str,
    entity: str,
    record_id: str,
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    session_id: str | None,
    elapsed_ms: int | None,
) -> dict[str, Any]:
    """What an audit entry's hash covers, as a plain JSON object."""
    entry: dict[str, Any] = {
        "at": at,
        "actor": actor,
        "entity": entity,
        "record_id": record_id,
        "action": action,
        "before": before,
        "after": after,
    }
    if session_id is not None:
        entry["session"] = session_id
        entry["elapsed_ms"] = elapsed_ms
    return entry


def audit_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    """The chain hash of one entry: SHA-256 over the previous hash and the canonical entry."""
    return hashlib.sha256(prev_hash.encode("ascii") + canonical_bytes(entry)).hexdigest()


def entry_hash(entry: AuditTrailEntry) -> str:
    """The hash a wire entry should carry, recomputed from its content and its ``prev_hash``."""
    return audit_hash(
        entry.prev_hash,
        canonical_entry(
            entry.at,
            entry.actor,
            entry.entity,
            entry.record_id,
            entry.action,
            entry.before,
            entry.after,
            entry.session,
            entry.elapsed_ms,
        ),
    )


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """The first entry that does not hold, and why (words an administrator can act on)."""

    seq: int
    reason: str


def first_break(
    prev_seq: int, prev_hash: str, entries: Iterable[AuditTrailEntry]
) -> tuple[int, ChainBreak | None]:
    """Check ``entries`` as the continuation of a chain whose last entry is ``prev_seq`` with
    ``prev_hash`` (0 and :data:`GENESIS_HASH` for a new chain).

    Returns how many entries hold, from the first, and the first break (``None`` when all do):
    a missing seq (an entry removed), an entry that does not follow the one before it (an
    earlier entry removed or changed and its hash recomputed), or an entry whose content does
    not match its own hash (changed after it was written).
    """
    good = 0
    for entry in entries:
        expected = prev_seq + 1
        if entry.seq != expected:
            if entry.seq > expected:
                reason = (
                    f"entry {expected} is missing (the entry after {prev_seq} is {entry.seq}): "
                    "it was removed from the audit trail"
                )
            else:
                reason = (
                    f"entries must come in order without repeats ({entry.seq} after {prev_seq})"
                )
            return good, ChainBreak(expected if entry.seq > expected else entry.seq, reason)
        if entry.prev_hash != prev_hash:
            return good, ChainBreak(
                entry.seq,
                f"entry {entry.seq} does not follow entry {prev_seq}: an entry before it was "
                "removed or changed",
            )
        if entry_hash(entry) != entry.hash:
            return good, ChainBreak(
                entry.seq,
                f"entry {entry.seq} does not match its hash: it was changed after it was written",
            )
        prev_seq, prev_hash = entry.seq, entry.hash
        good += 1
    return good, None
