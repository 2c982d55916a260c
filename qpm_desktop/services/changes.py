"""What a write changed, so each view can decide whether to redraw."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from qpm_desktop.store.records import RecordChange


@dataclass(frozen=True, slots=True)
class Changes:
    """The records one operation changed (possibly none) and when it was committed.

    ``kinds`` holds entity names ("finding", "interview", "evidence_link" ...); views test
    membership, e.g. ``if changes.touches("finding", "evidence_link")``.
    """

    records: tuple[RecordChange, ...] = ()
    saved_at: datetime | None = None
    kinds: frozenset[str] = field(default=frozenset())

    @classmethod
    def of(cls, records: list[RecordChange | None], saved_at: datetime) -> Changes:
        kept = tuple(r for r in records if r is not None)
        return cls(kept, saved_at, frozenset(r.entity for r in kept))

    def touches(self, *kinds: str) -> bool:
        return not self.kinds.isdisjoint(kinds)

    def __bool__(self) -> bool:
        return bool(self.records)

    def record_id(self, entity: str) -> str | None:
        """The id of the first changed record of ``entity`` (handy after a create)."""
        return next((r.record_id for r in self.records if r.entity == entity), None)
