"""Drafts: every keystroke durable at once, the record changed once per pause.

Autosave has two steps. On each keystroke the field's whole text is kept as a *draft*
(:meth:`Drafts.save`: one upsert in a tiny transaction, about a millisecond), and only then does
the window say "Saved". When the assessor pauses or leaves the field, the draft is *promoted*
(:meth:`Drafts.promote`): the text goes through the ordinary use case (validated, one audit
entry, one outbox mutation, exactly as before drafts existed) and the draft is deleted. So the
audit trail keeps one entry per pause, not one per keystroke, and a crash or a kill loses
nothing: :meth:`Drafts.recover`, run when the local copy is opened, promotes what was left.

A draft whose text is refused (an interviewee code with a space, say) stays a draft: the text is
not lost, and the field shows the reason when the record is next in view
(:meth:`Drafts.left_for`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from qpm_desktop.model.text import InvalidInput
from qpm_desktop.services.changes import Changes
from qpm_desktop.services.context import ServiceContext
from qpm_desktop.services.recording import Recording, finding_id
from qpm_desktop.store.drafts import DraftBusy, DraftWriter, StoredDraft
from qpm_desktop.store.records import NotFound
from qpm_desktop.store.tables import Draft

log = logging.getLogger(__name__)

__all__ = ["DraftBusy", "DraftTarget", "Drafts", "Recovery"]

# The use case that changes one text field of each kind of record.
_UPDATES = {
    "interview": "update_interview",
    "observation": "update_observation",
    "case_file_review": "update_case_file_review",
    "evidence_item": "update_evidence_item",
    "required_action": "update_required_action",
    "site_visit": "update_site_visit",
}


@dataclass(frozen=True, slots=True)
class DraftTarget:
    """Which text field a draft belongs to: enough to promote it with no window open."""

    entity: str
    record_id: str
    field: str
    assessment_id: str
    standard_code: str | None = None

    @classmethod
    def finding(cls, assessment_id: str, standard_code: str, field: str) -> DraftTarget:
        return cls(
            "finding", finding_id(assessment_id, standard_code), field, assessment_id, standard_code
        )

    @classmethod
    def assessment_notes(cls, assessment_id: str) -> DraftTarget:
        return cls("assessment", assessment_id, "desktop_review_notes", assessment_id)


@dataclass(frozen=True, slots=True)
class Recovery:
    """What opening the local copy did with drafts a crash left behind."""

    promoted: int = 0
    kept: int = 0  # refused by validation: still drafts, shown in their field
    dropped: int = 0  # their record is gone


class Drafts:
    """Keep, promote and recover drafts over one local database."""

    def __init__(self, ctx: ServiceContext, recording: Recording) -> None:
        self._ctx = ctx
        self._recording = recording
        self._writer = DraftWriter(
            ctx.store.path, ctx.store.key, before_write=ctx.store.require_sound
        )

    def save(self, target: DraftTarget, text: str, *, wait: bool = True) -> datetime:
        """Keep ``text`` as the draft of ``target``; it is on disk when this returns.

        With ``wait=False`` it raises :class:`DraftBusy` at once if another write (a
        promotion, a sync) holds the database, so the caller can hand the draft to a worker
        rather than wait itself.
        """
        now = self._ctx.clock()
        self._writer.put(
            target.entity,
            target.record_id,
            target.field,
            assessment_id=target.assessment_id,
            standard_code=target.standard_code,
            value=text,
            now=now,
            wait=wait,
        )
        return now

    def promote(self, target: DraftTarget, text: str) -> Changes:
        """Change the record through its use case, then delete the draft if it still holds
        ``text``. A refused value raises :class:`InvalidInput` and the draft stays."""
        changes = self._apply(target, text)
        try:
            self._writer.forget(target.entity, target.record_id, target.field, text)
        except Exception as exc:
            # The record holds the text, which is what counts: a draft left behind only
            # repeats it, and promoting it again changes nothing (no audit entry, no mutation).
            log.warning("a promoted draft could not be deleted: %s", type(exc).__name__)
        return changes

    def discard(self, target: DraftTarget) -> None:
        self._writer.forget(target.entity, target.record_id, target.field)

    def left_for(self, assessment_id: str) -> dict[tuple[str, str, str], str]:
        """Drafts of one assessment still waiting: (entity, record id, field) -> text."""
        return {(d.entity, d.record_id, d.field): d.value for d in self._all(assessment_id)}

    def recover(self) -> Recovery:
        """Promote every draft left behind (by a crash, a kill, a power cut)."""
        promoted = kept = dropped = 0
        for d in self._all():
            target = DraftTarget(d.entity, d.record_id, d.field, d.assessment_id, d.standard_code)
            try:
                self.promote(target, d.value)
                promoted += 1
            except InvalidInput:
                kept += 1
            except NotFound:
                self.discard(target)
                dropped += 1
        if promoted or kept or dropped:
            log.info("drafts recovered: %s promoted, %s kept, %s dropped", promoted, kept, dropped)
        return Recovery(promoted, kept, dropped)

    def _all(self, assessment_id: str | None = None) -> list[StoredDraft]:
        # Read on the store's own connection (a Core query: no ORM set-up at start-up); the
        # draft connection is opened by the first keystroke.
        table = Draft.__table__
        query = select(
            table.c.entity,
            table.c.record_id,
            table.c.field,
            table.c.assessment_id,
            table.c.standard_code,
            table.c.value,
            table.c.updated_at,
        ).order_by(table.c.updated_at)
        if assessment_id is not None:
            query = query.where(table.c.assessment_id == assessment_id)
        with self._ctx.store.read() as s:
            return [StoredDraft(*row) for row in s.execute(query)]

    def _apply(self, target: DraftTarget, text: str) -> Changes:
        rec = self._recording
        if target.entity == "finding":
            if target.standard_code is None:
                raise NotFound(f"finding draft {target.record_id} names no standard")
            return rec.record_finding(
                target.assessment_id, target.standard_code, **{target.field: text}
            )
        if target.entity == "assessment" and target.field == "desktop_review_notes":
            return rec.update_desktop_review_notes(target.record_id, text)
        method = _UPDATES.get(target.entity)
        if method is None:
            raise NotFound(f"no draftable field {target.entity}.{target.field}")
        return getattr(rec, method)(target.record_id, **{target.field: text})

    def close(self) -> None:
        self._writer.close()
