"""Recording on site: findings, interviews, observations, case files, evidence, actions.

Each public method is one use case and one transaction. Input is checked first (against the
field specs and the assessment's framework), then written through
:func:`qpm_desktop.store.records.write_record`, which keeps the audit trail and the outbox in step
with the record.
"""

from __future__ import annotations

import errno
import mimetypes
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qpm_desktop.model.enums import (
    ActionStatus,
    AdvocacyType,
    CaseCheckResult,
    Consent,
    DocumentKind,
    EvidenceKind,
    InterviewLanguage,
    InterviewMode,
    InterviewRole,
    ObservationKind,
    Rating,
    SampleKind,
)
from qpm_desktop.model.framework import Framework
from qpm_desktop.model.text import InvalidInput, check_short_text
from qpm_desktop.services import fields as f
from qpm_desktop.services.changes import Changes
from qpm_desktop.services.context import ServiceContext
from qpm_desktop.store.db import StorageFull
from qpm_desktop.store.records import (
    NotFound,
    RecordChange,
    get_live,
    live_values,
    write_record,
)
from qpm_desktop.store.tables import (
    Assessment,
    Attachment,
    CaseFileCheck,
    CaseFileReview,
    EvidenceItem,
    EvidenceLink,
    Finding,
    Interview,
    Observation,
    RequiredAction,
    SiteVisit,
    Syncable,
    Team,
    natural_id,
    new_id,
)

FINDING_SPEC: f.Spec = {
    "rating": f.enum_of(Rating),
    "rationale": f.long_text,
    "good_practice": f.long_text,
    "areas_for_improvement": f.long_text,
}
INTERVIEW_SPEC: f.Spec = {
    "interviewee_code": f.code,
    "role": f.enum_of(InterviewRole),
    "site_visit_id": f.reference(),
    "team_id": f.reference(),
    "advocacy_type": f.enum_of(AdvocacyType, optional=True),
    "mode": f.enum_of(InterviewMode),
    "language": f.enum_of(InterviewLanguage),
    "welsh_offered": f.boolean(optional=True),
    "consent": f.enum_of(Consent),
    "consent_note": f.long_text,
    "held_at": f.moment(),
    "notes": f.long_text,
}
OBSERVATION_SPEC: f.Spec = {
    "kind": f.enum_of(ObservationKind),
    "site_visit_id": f.reference(),
    "title": f.short_text,
    "observed_at": f.moment(),
    "notes": f.long_text,
}
CASE_FILE_SPEC: f.Spec = {
    "case_code": f.code,
    "sample_kind": f.enum_of(SampleKind),
    "advocacy_type": f.enum_of(AdvocacyType, optional=True),
    "on_site": f.boolean(),
    "notes": f.long_text,
}
EVIDENCE_SPEC: f.Spec = {
    "kind": f.enum_of(DocumentKind),
    "title": f.required_text,
    "description": f.long_text,
}
ACTION_SPEC: f.Spec = {
    "description": f.long_text,
    "owner": f.short_text,
    "due_on": f.day(),
    "status": f.enum_of(ActionStatus),
}
SITE_VISIT_SPEC: f.Spec = {
    "visit_date": f.day(optional=False),
    "location": f.short_text,
    "notes": f.long_text,
}
ASSESSMENT_NOTES_SPEC: f.Spec = {"desktop_review_notes": f.long_text}

# What a new record needs before it can exist.
_REQUIRED_ON_CREATE = {
    Interview: ("interviewee_code", "role"),
    Observation: ("kind",),
    CaseFileReview: ("case_code",),
    EvidenceItem: ("kind", "title"),
    SiteVisit: ("visit_date",),
}
# The record kinds an evidence link can point at.
_SOURCES: dict[EvidenceKind, type[Syncable]] = {
    EvidenceKind.INTERVIEW: Interview,
    EvidenceKind.OBSERVATION: Observation,
    EvidenceKind.CASE_FILE: CaseFileReview,
    EvidenceKind.DOCUMENT: EvidenceItem,
}


def finding_id(assessment_id: str, standard_code: str) -> str:
    return natural_id(assessment_id, "finding", standard_code)


def link_id(assessment_id: str, standard_code: str, kind: EvidenceKind, source_id: str) -> str:
    return natural_id(assessment_id, "link", standard_code, kind.value, source_id)


def check_id(review_id: str, standard_code: str) -> str:
    return natural_id(review_id, "check", standard_code)


def action_id(assessment_id: str, standard_code: str) -> str:
    return natural_id(assessment_id, "action", standard_code)


__all__ = ["NotFound", "Recording", "StorageFull"]


class Recording:
    """Write use cases over one local database."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx
        self._files = ctx.file_store()

    # -- findings ---------------------------------------------------------------------------

    def record_finding(self, assessment_id: str, standard_code: str, **values: Any) -> Changes:
        """Set any of a standard's rating, rationale, good practice, areas for improvement.

        Rating a mandatory standard Not met opens a required action for it (once); moving it
        away from Not met removes that action again if nobody has filled it in.
        """
        checked = f.validate(FINDING_SPEC, values)
        with self._ctx.store.write() as s:
            assessment = live_values(s, Assessment, assessment_id)
            framework = self._ctx.frameworks.get(assessment["framework_key"])
            standard = self._standard(framework, standard_code)
            rating = checked.get("rating")
            if rating is Rating.NOT_APPLICABLE and not standard.not_applicable_allowed:
                raise InvalidInput(
                    "rating", f"standard {standard_code} cannot be rated not applicable"
                )
            fid = finding_id(assessment_id, standard_code)
            key = {"assessment_id": assessment_id, "standard_code": standard_code}
            changes = [self._write(s, Finding, fid, checked, on_create=key)]
            if rating is not None:
                changes += self._follow_rating(s, assessment_id, standard_code, rating)
        return self._done(changes)

    def _follow_rating(
        self, s: Session, assessment_id: str, code: str, rating: Rating
    ) -> list[RecordChange | None]:
        aid = action_id(assessment_id, code)
        action = s.get(RequiredAction, aid)
        if rating is Rating.NOT_MET:
            if action is None:
                values = {"assessment_id": assessment_id, "standard_code": code}
                return [self._write(s, RequiredAction, aid, values)]
            if action.deleted:
                return [self._write(s, RequiredAction, aid, {"deleted": False})]
            return []
        untouched = (
            action is not None
            and not action.deleted
            and not action.description.strip()
            and not action.owner.strip()
            and action.due_on is None
        )
        if untouched:
            return [self._write(s, RequiredAction, aid, {"deleted": True})]
        return []

    # -- evidence links ---------------------------------------------------------------------

    def link_evidence(
        self,
        assessment_id: str,
        standard_code: str,
        kind: EvidenceKind,
        source_id: str,
        *,
        linked: bool = True,
    ) -> Changes:
        """Link (or unlink) one piece of evidence to the judgement on one standard."""
        with self._ctx.store.write() as s:
            changes = self._set_link(s, assessment_id, standard_code, kind, source_id, linked)
        return self._done([changes])

    def set_linked_standards(
        self, assessment_id: str, kind: EvidenceKind, source_id: str, codes: Iterable[str]
    ) -> Changes:
        """Make ``codes`` exactly the standards this piece of evidence supports."""
        wanted = set(codes)
        with self._ctx.store.write() as s:
            current = set(
                s.scalars(
                    select(EvidenceLink.standard_code).where(
                        EvidenceLink.assessment_id == assessment_id,
                        EvidenceLink.source_kind == kind,
                        EvidenceLink.source_id == source_id,
                        EvidenceLink.deleted.is_(False),
                    )
                )
            )
            changes = [
                self._set_link(s, assessment_id, code, kind, source_id, code in wanted)
                for code in sorted(wanted ^ current)
            ]
        return self._done(changes)

    def _set_link(
        self,
        s: Session,
        assessment_id: str,
        code: str,
        kind: EvidenceKind,
        source_id: str,
        linked: bool,
    ) -> RecordChange | None:
        assessment = self._assessment(s, assessment_id)
        self._standard(self._framework(assessment), code)
        kind = EvidenceKind(kind)
        source = s.get(_SOURCES[kind], source_id)
        if source is None or getattr(source, "assessment_id", None) != assessment_id:
            raise NotFound(f"no {kind.value} {source_id} in assessment {assessment_id}")
        lid = link_id(assessment_id, code, kind, source_id)
        if s.get(EvidenceLink, lid) is None:
            if not linked:
                return None
            values = {
                "assessment_id": assessment_id,
                "standard_code": code,
                "source_kind": kind,
                "source_id": source_id,
            }
            return self._write(s, EvidenceLink, lid, values)
        return self._write(s, EvidenceLink, lid, {"deleted": not linked})

    # -- interviews, observations, case files, documents, visits ---------------------------

    def create_interview(self, assessment_id: str, **values: Any) -> Changes:
        return self._create(Interview, INTERVIEW_SPEC, assessment_id, values)

    def update_interview(self, interview_id: str, **values: Any) -> Changes:
        return self._update(Interview, INTERVIEW_SPEC, interview_id, values)

    def delete_interview(self, interview_id: str) -> Changes:
        return self._delete(Interview, interview_id, EvidenceKind.INTERVIEW)

    def create_observation(self, assessment_id: str, **values: Any) -> Changes:
        return self._create(Observation, OBSERVATION_SPEC, assessment_id, values)

    def update_observation(self, observation_id: str, **values: Any) -> Changes:
        return self._update(Observation, OBSERVATION_SPEC, observation_id, values)

    def delete_observation(self, observation_id: str) -> Changes:
        return self._delete(Observation, observation_id, EvidenceKind.OBSERVATION)

    def create_case_file_review(self, assessment_id: str, **values: Any) -> Changes:
        return self._create(CaseFileReview, CASE_FILE_SPEC, assessment_id, values)

    def update_case_file_review(self, review_id: str, **values: Any) -> Changes:
        return self._update(CaseFileReview, CASE_FILE_SPEC, review_id, values)

    def delete_case_file_review(self, review_id: str) -> Changes:
        return self._delete(CaseFileReview, review_id, EvidenceKind.CASE_FILE)

    def create_evidence_item(self, assessment_id: str, **values: Any) -> Changes:
        return self._create(EvidenceItem, EVIDENCE_SPEC, assessment_id, values)

    def update_evidence_item(self, item_id: str, **values: Any) -> Changes:
        return self._update(EvidenceItem, EVIDENCE_SPEC, item_id, values)

    def delete_evidence_item(self, item_id: str) -> Changes:
        return self._delete(EvidenceItem, item_id, EvidenceKind.DOCUMENT)

    def create_site_visit(self, assessment_id: str, **values: Any) -> Changes:
        return self._create(SiteVisit, SITE_VISIT_SPEC, assessment_id, values)

    def update_site_visit(self, visit_id: str, **values: Any) -> Changes:
        return self._update(SiteVisit, SITE_VISIT_SPEC, visit_id, values)

    def update_desktop_review_notes(self, assessment_id: str, notes: str) -> Changes:
        checked = f.validate(ASSESSMENT_NOTES_SPEC, {"desktop_review_notes": notes})
        with self._ctx.store.write() as s:
            self._assessment(s, assessment_id)
            change = self._write(s, Assessment, assessment_id, checked)
        return self._done([change])

    def set_case_check(
        self,
        review_id: str,
        standard_code: str,
        result: CaseCheckResult | None,
        note: str = "",
    ) -> Changes:
        """Record how one sampled case file bears on one standard (``None`` removes it)."""
        note = f.long_text("note", note)
        with self._ctx.store.write() as s:
            review = self._live(s, CaseFileReview, review_id)
            assessment = self._assessment(s, review.assessment_id)
            self._standard(self._framework(assessment), standard_code)
            cid = check_id(review_id, standard_code)
            existing = s.get(CaseFileCheck, cid)
            if result is None:
                change = None
                if existing is not None and not existing.deleted:
                    change = self._write(s, CaseFileCheck, cid, {"deleted": True})
            else:
                values: dict[str, Any] = {
                    "result": f.enum_of(CaseCheckResult)("result", result),
                    "note": note,
                }
                if existing is None:
                    values |= {"review_id": review_id, "standard_code": standard_code}
                else:
                    values["deleted"] = False
                change = self._write(s, CaseFileCheck, cid, values)
        return self._done([change])

    def attach_file(self, item_id: str, path: Path, *, media_type: str | None = None) -> Changes:
        """Keep a copy of the file at ``path`` as an attachment of an evidence item."""
        source = Path(path)
        file_name = check_short_text("file_name", source.name, required=True)
        with self._ctx.store.read() as s:
            self._live(s, EvidenceItem, item_id)
        try:
            stored = self._files.put(source)  # hashed while copied, outside the transaction
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EFBIG):
                raise StorageFull() from exc
            raise
        values = {
            "evidence_item_id": item_id,
            "file_name": file_name,
            "media_type": media_type
            or mimetypes.guess_type(file_name)[0]
            or "application/octet-stream",
            "size": stored.size,
            "sha256": stored.sha256,
            "local_path": str(stored.path),
        }
        with self._ctx.store.write() as s:
            self._live(s, EvidenceItem, item_id)
            change = self._write(s, Attachment, new_id(), values)
        return self._done([change])

    def remove_attachment(self, attachment_id: str) -> Changes:
        with self._ctx.store.write() as s:
            self._live(s, Attachment, attachment_id)
            change = self._write(s, Attachment, attachment_id, {"deleted": True})
        return self._done([change])

    # -- required actions ------------------------------------------------------------------

    def update_required_action(self, action_id_: str, **values: Any) -> Changes:
        return self._update(RequiredAction, ACTION_SPEC, action_id_, values)

    def delete_required_action(self, action_id_: str) -> Changes:
        """Remove a required action (a tombstone). Rating the standard Not met again opens it
        again, with what was written in it."""
        with self._ctx.store.write() as s:
            self._live(s, RequiredAction, action_id_)
            change = self._write(s, RequiredAction, action_id_, {"deleted": True})
        return self._done([change])

    def create_required_action(
        self, assessment_id: str, standard_code: str, **values: Any
    ) -> Changes:
        checked = f.validate(ACTION_SPEC, values)
        with self._ctx.store.write() as s:
            assessment = self._assessment(s, assessment_id)
            self._standard(self._framework(assessment), standard_code)
            aid = action_id(assessment_id, standard_code)
            existing = s.get(RequiredAction, aid)
            if existing is None:
                checked |= {"assessment_id": assessment_id, "standard_code": standard_code}
            else:
                checked["deleted"] = False
            change = self._write(s, RequiredAction, aid, checked)
        return self._done([change])

    # -- shared machinery ------------------------------------------------------------------

    def _create(
        self,
        cls: type[Syncable],
        spec: f.Spec,
        assessment_id: str,
        values: Mapping[str, Any],
    ) -> Changes:
        checked = f.validate(spec, values)
        for name in _REQUIRED_ON_CREATE.get(cls, ()):
            if checked.get(name) in (None, ""):
                raise InvalidInput(name, "is required")
        with self._ctx.store.write() as s:
            self._assessment(s, assessment_id)
            self._check_references(s, assessment_id, checked)
            change = self._write(s, cls, new_id(), {"assessment_id": assessment_id, **checked})
        return self._done([change])

    def _update(
        self, cls: type[Syncable], spec: f.Spec, record_id: str, values: Mapping[str, Any]
    ) -> Changes:
        checked = f.validate(spec, values)
        for name in _REQUIRED_ON_CREATE.get(cls, ()):
            if name in checked and checked[name] in (None, ""):
                raise InvalidInput(name, "is required")
        with self._ctx.store.write() as s:
            row = self._live(s, cls, record_id)
            self._check_references(s, row.assessment_id, checked)  # type: ignore[attr-defined]
            change = self._write(s, cls, record_id, checked)
        return self._done([change])

    def _delete(self, cls: type[Syncable], record_id: str, kind: EvidenceKind) -> Changes:
        """A tombstone for the record and for every link that points at it."""
        with self._ctx.store.write() as s:
            self._live(s, cls, record_id)
            changes = [self._write(s, cls, record_id, {"deleted": True})]
            links = s.scalars(
                select(EvidenceLink).where(
                    EvidenceLink.source_kind == kind,
                    EvidenceLink.source_id == record_id,
                    EvidenceLink.deleted.is_(False),
                )
            ).all()
            changes += [self._write(s, EvidenceLink, link.id, {"deleted": True}) for link in links]
        return self._done(changes)

    def _check_references(self, s: Session, assessment_id: str, values: Mapping[str, Any]) -> None:
        visit_id = values.get("site_visit_id")
        if visit_id is not None:
            visit = s.get(SiteVisit, visit_id)
            if visit is None or visit.deleted or visit.assessment_id != assessment_id:
                raise InvalidInput("site_visit_id", "is not a visit of this assessment")
        team_id = values.get("team_id")
        if team_id is not None:
            assessment = self._assessment(s, assessment_id)
            team = s.get(Team, team_id)
            if team is None or team.deleted or team.organisation_id != assessment.organisation_id:
                raise InvalidInput("team_id", "is not a team of this organisation")

    def _write(
        self,
        s: Session,
        cls: type[Syncable],
        record_id: str,
        values: Mapping[str, Any],
        *,
        on_create: Mapping[str, Any] | None = None,
    ) -> RecordChange | None:
        return write_record(
            s,
            cls,
            record_id,
            values,
            actor=self._ctx.actor,
            now=self._ctx.clock(),
            on_create=on_create,
        )

    def _done(self, changes: list[RecordChange | None]) -> Changes:
        # Called after the transaction block has committed: only now is it "saved".
        return Changes.of(changes, self._ctx.clock())

    def _assessment(self, s: Session, assessment_id: str) -> Assessment:
        return self._live(s, Assessment, assessment_id)

    def _framework(self, assessment: Assessment) -> Framework:
        return self._ctx.frameworks.get(assessment.framework_key)

    @staticmethod
    def _standard(framework: Framework, code: str) -> Any:
        try:
            return framework.standard(code)
        except KeyError:
            raise InvalidInput(
                "standard_code", f"{code!r} is not a standard of {framework.key}"
            ) from None

    @staticmethod
    def _live(s: Session, cls: type[Syncable], record_id: str) -> Any:
        return get_live(s, cls, record_id)
