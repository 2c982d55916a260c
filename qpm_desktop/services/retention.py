"""Retention: a confirmed assessment leaves this computer after a set period (or at once, when
the assessor asks), its files securely deleted (docs/decisions/0012).

An assessment is *confirmed* when the central store demonstrably holds all of it:

1. nothing of it waits to travel or for a choice (every record clean, no conflict);
2. the last sync found its digest equal to the server's, and nothing changed here since;
3. it has a signed report version, acknowledged by the server like every other record;
4. the central store holds the bytes of that report's PDF and of every attachment (asked after
   a sync, by hash), and holds the audit trail through the assessment's last entry.

Steps 1-3 are checked from the local copy at any time; step 4 needs the server, so after each
sync the app asks (:meth:`Retention.confirm_with_server`) and notes *when* it was confirmed
(with the digest it was confirmed at: a later change voids it). The period (Settings; 30 days
by default) runs from that moment. :meth:`Retention.apply` removes what is due; it runs after
each sync and at start-up.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qpm_desktop.services.changes import Changes
from qpm_desktop.services.context import ServiceContext
from qpm_desktop.store import replica as rep
from qpm_desktop.store.records import RecordChange
from qpm_desktop.store.retention import Removal, has_drafts, remove_assessment
from qpm_desktop.store.tables import Assessment, Attachment, AuditEntry, ReportVersion

K_DAYS = "retention.days"
K_CONFIRMED = "retention.confirmed."
DEFAULT_DAYS = 30
MAX_DAYS = 3650

log = logging.getLogger(__name__)

# Why an assessment is not (yet) confirmed; the UI says each in words.
UNSYNCED = "unsynced"  # changes, conflicts or set-aside records wait
NOT_COMPARED = "not_compared"  # the last sync did not find the digests equal (or it changed)
NO_SIGNED_REPORT = "no_signed_report"
NOT_CHECKED = "not_checked"  # the server has not yet been asked whether it holds the files
MISSING = "missing"  # no such assessment here


class RemovalRefused(Exception):
    """The assessment is not confirmed, so it stays; ``reason`` is one of the codes above."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"this assessment is not confirmed by the central store ({reason})")
        self.reason = reason


@dataclass(frozen=True, slots=True)
class RetentionState:
    assessment_id: str
    reference: str
    confirmed_at: datetime | None  # when the central store was found to hold all of it
    remove_after: datetime | None
    reason: str | None  # why it is not confirmed (None when it is)

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


@dataclass(frozen=True, slots=True)
class Removed:
    assessment_id: str
    reference: str
    records: int
    files: int
    redacted_audit_entries: int
    checkpointed: bool


def _local_reason(session: Session, assessment_id: str) -> tuple[str | None, str | None]:
    """(reason it is not confirmed from the local copy alone, its digest when it is). The
    cheap questions first: during a visit there is no signed report yet, and that is one query
    (this runs after every sync and at start-up)."""
    a = session.get(Assessment, assessment_id)
    if a is None:
        return MISSING, None
    signed = session.scalars(
        select(ReportVersion.id).where(
            ReportVersion.assessment_id == assessment_id,
            ReportVersion.state == "signed",
            ReportVersion.deleted.is_(False),
        )
    ).first()
    if signed is None:
        return NO_SIGNED_REPORT, None
    drafts = has_drafts(session, assessment_id)
    settled = None if drafts else rep.settled_digest(session, assessment_id)
    if settled is None:
        return UNSYNCED, None
    noted = rep.get_setting(session, "sync.digest." + assessment_id) or ""
    digest = settled[0]
    if noted != f"equal {digest}":
        return NOT_COMPARED, None
    return None, digest


def _files_of(session: Session, assessment_id: str) -> tuple[list[str], list[str]]:
    """(the hashes of the signed reports' PDFs, of every live attachment)."""
    reports = set(
        session.scalars(
            select(ReportVersion.pdf_sha256).where(
                ReportVersion.assessment_id == assessment_id,
                ReportVersion.state == "signed",
                ReportVersion.deleted.is_(False),
            )
        )
    )
    attachments = {
        row["sha256"]
        for cls, row in rep.assessment_records(session, assessment_id)
        if cls is Attachment and not row["deleted"]
    }
    return sorted(reports), sorted(attachments)


def _last_audit_seq(session: Session, assessment_id: str) -> int:
    ids = [row["id"] for _cls, row in rep.assessment_records(session, assessment_id)]
    last = 0
    for start in range(0, len(ids), 500):
        found = session.scalar(
            select(func.max(AuditEntry.seq)).where(
                AuditEntry.record_id.in_(ids[start : start + 500])
            )
        )
        last = max(last, int(found or 0))
    return last


def secure_unlink(path: Path) -> bool:
    """Overwrite a file with random bytes, flush it to the disk, then remove it. On an SSD or a
    copy-on-write file system the old blocks may survive the overwrite (see 0012); the files
    are sealed with AES-GCM anyway, so what survives is ciphertext."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return False
    with path.open("r+b") as handle:
        left = size
        while left > 0:
            step = min(left, 1 << 20)
            handle.write(os.urandom(step))
            left -= step
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()
    return True


class Retention:
    """The retention rules over one local copy (see the module docstring)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # ---------------------------------------------------------------- the period

    def days(self) -> int:
        with self.ctx.store.read() as s:
            value = rep.get_setting(s, K_DAYS)
        try:
            return max(0, min(MAX_DAYS, int(value))) if value is not None else DEFAULT_DAYS
        except ValueError:
            return DEFAULT_DAYS

    def set_days(self, days: int) -> None:
        if not 0 <= days <= MAX_DAYS:
            raise ValueError(f"the retention period is 0 to {MAX_DAYS} days")
        with self.ctx.store.write() as s:
            rep.set_setting(s, K_DAYS, str(int(days)))

    # ---------------------------------------------------------------- state

    def state(self, assessment_id: str) -> RetentionState:
        days = self.days()
        with self.ctx.store.read() as s:
            return self._state(s, assessment_id, days)

    def states(self) -> list[RetentionState]:
        days = self.days()
        with self.ctx.store.read() as s:
            return [self._state(s, aid, days) for aid in rep.held_assessments(s)]

    def _state(self, s: Session, assessment_id: str, days: int) -> RetentionState:
        a = s.get(Assessment, assessment_id)
        reference = a.reference if a is not None else ""
        reason, digest = _local_reason(s, assessment_id)
        if reason is not None:
            return RetentionState(assessment_id, reference, None, None, reason)
        noted = (rep.get_setting(s, K_CONFIRMED + assessment_id) or "").split(" ")
        if len(noted) != 2 or noted[1] != digest:
            return RetentionState(assessment_id, reference, None, None, NOT_CHECKED)
        at = datetime.fromisoformat(noted[0])
        return RetentionState(assessment_id, reference, at, at + timedelta(days=days), None)

    # ---------------------------------------------------------------- confirmation

    def confirm_with_server(
        self,
        signed_reports: Callable[[str], set[str]],
        holds_file: Callable[[str], bool],
        audit_held_through: int | None,
    ) -> list[str]:
        """After a sync: note the assessments the central store now holds completely: its
        accepted signed reports (``signed_reports(assessment_id)``, by hash) include every
        signed report here, it holds every attachment's bytes (``holds_file(sha256)``), and
        the audit trail through the assessment's last entry (``audit_held_through``; not
        checked when ``None``). A confirmation that no longer holds (something changed) is
        voided. Returns the assessments newly confirmed."""
        now = self.ctx.clock()
        newly: list[str] = []
        with self.ctx.store.read() as s:
            candidates = []
            for aid in rep.held_assessments(s):
                reason, digest = _local_reason(s, aid)
                noted = rep.get_setting(s, K_CONFIRMED + aid)
                if reason is not None:
                    if noted is not None:
                        candidates.append((aid, None, ([], []), 0))  # void it
                    continue
                if noted is not None and noted.split(" ")[-1] == digest:
                    continue  # confirmed already at this digest
                candidates.append((aid, digest, _files_of(s, aid), _last_audit_seq(s, aid)))
        for aid, digest, (reports, attachments), last_seq in candidates:
            if digest is not None:
                if audit_held_through is not None and audit_held_through < last_seq:
                    continue
                if not set(reports) <= signed_reports(aid):
                    continue
                if not all(holds_file(sha) for sha in attachments):
                    continue
            with self.ctx.store.write() as s:
                if digest is None:
                    rep.set_setting(s, K_CONFIRMED + aid, None)
                    continue
                # Still the same when written (an edit may have come in meanwhile).
                if _local_reason(s, aid) != (None, digest):
                    continue
                rep.set_setting(s, K_CONFIRMED + aid, f"{now.isoformat()} {digest}")
                newly.append(aid)
        return newly

    # ---------------------------------------------------------------- removal

    def apply(self, *, keep: Iterable[str] = ()) -> tuple[list[Removed], Changes]:
        """Remove every confirmed assessment whose period is over (except those in ``keep``,
        e.g. the one open on screen)."""
        now = self.ctx.clock()
        kept = set(keep)
        due = [
            st
            for st in self.states()
            if st.remove_after is not None
            and st.remove_after <= now
            and st.assessment_id not in kept
        ]
        removed = [self._remove(st.assessment_id, "retention period over") for st in due]
        return removed, self._changes(removed, now)

    def remove_now(self, assessment_id: str) -> tuple[Removed, Changes]:
        """Remove a confirmed assessment at once; :class:`RemovalRefused` if not confirmed."""
        st = self.state(assessment_id)
        if not st.confirmed:
            raise RemovalRefused(st.reason or NOT_CHECKED)
        removed = self._remove(assessment_id, "removed by the assessor")
        return removed, self._changes([removed], self.ctx.clock())

    def _remove(self, assessment_id: str, reason: str) -> Removed:
        now = self.ctx.clock()
        with self.ctx.store.write() as s:
            # Checked again inside the transaction: nothing may have arrived since.
            local, digest = _local_reason(s, assessment_id)
            noted = (rep.get_setting(s, K_CONFIRMED + assessment_id) or "").split(" ")
            if local is not None or noted[-1] != digest:
                raise RemovalRefused(local or NOT_CHECKED)
            removal: Removal = remove_assessment(
                s, assessment_id, actor=self.ctx.actor, reason=reason, now=now
            )
        gone = 0
        for name in removal.files:
            with contextlib.suppress(OSError):
                gone += secure_unlink(Path(name))
        checkpointed = self._checkpoint()
        log.info(
            "assessment removed from this computer (%s records, %s files, %s audit entries "
            "emptied)",
            removal.records,
            gone,
            removal.redacted,
        )
        return Removed(
            assessment_id, removal.reference, removal.records, gone, removal.redacted, checkpointed
        )

    def _checkpoint(self) -> bool:
        """Copy the WAL into the database and truncate it, so the freed (zeroed) pages replace
        the old ones in the file and the WAL no longer holds the removed rows' pages."""
        raw = self.ctx.store.engine.raw_connection()
        try:
            busy, _log, _done = raw.driver_connection.execute(  # type: ignore[union-attr]
                "PRAGMA wal_checkpoint(TRUNCATE)"
            ).fetchone()
            return busy == 0
        except Exception:
            log.warning("the checkpoint after a removal did not complete", exc_info=True)
            return False
        finally:
            raw.close()

    @staticmethod
    def _changes(removed: list[Removed], now: datetime) -> Changes:
        return Changes.of(
            [RecordChange("assessment", r.assessment_id, "delete", 0, ()) for r in removed], now
        )
