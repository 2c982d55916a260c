"""Reading an assessment: lists, the framework tree, coverage, the outcome, sampling."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qpm_desktop.model import coverage as cov
from qpm_desktop.model import outcome as oc
from qpm_desktop.model import sampling as smp
from qpm_desktop.model.enums import (
    EvidenceKind,
    InterviewRole,
    Rating,
    SampleKind,
    SyncState,
)
from qpm_desktop.model.framework import Framework
from qpm_desktop.services.context import ServiceContext
from qpm_desktop.services.recording import finding_id
from qpm_desktop.services.views import (
    AssessmentOverview,
    AssessmentSummary,
    AttachmentView,
    CaseCheckView,
    CaseFileReviewView,
    EvidenceItemView,
    EvidenceRef,
    FindingView,
    InterviewView,
    ObservationView,
    OrganisationView,
    RequiredActionView,
    SiteVisitView,
    StandardRow,
    TeamView,
)
from qpm_desktop.store.records import get_live
from qpm_desktop.store.tables import (
    ASSESSMENT_CHILDREN,
    Assessment,
    Attachment,
    CaseFileCheck,
    CaseFileReview,
    EarlierAction,
    EvidenceItem,
    EvidenceLink,
    Finding,
    Interview,
    Observation,
    Organisation,
    RequiredAction,
    SiteVisit,
    Team,
)

ADVOCATE_ROLES = frozenset({InterviewRole.PAID_ADVOCATE, InterviewRole.VOLUNTEER_ADVOCATE})
_UNCONFIRMED = tuple(state for state in SyncState if state != SyncState.CONFIRMED)


class Queries:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    # -- assessments -----------------------------------------------------------------------

    def list_assessments(self) -> list[AssessmentSummary]:
        with self._ctx.store.read() as s:
            unsynced: dict[str, int] = defaultdict(int)
            for cls in ASSESSMENT_CHILDREN:
                rows = s.execute(
                    select(cls.assessment_id, func.count())  # type: ignore[attr-defined]
                    .where(cls.sync_state.in_(_UNCONFIRMED))  # read from an index alone
                    .group_by(cls.assessment_id)  # type: ignore[attr-defined]
                )
                for assessment_id, n in rows:
                    unsynced[assessment_id] += n
            rows = s.execute(
                select(Assessment, Organisation.name)
                .join(Organisation, Organisation.id == Assessment.organisation_id)
                .where(Assessment.deleted.is_(False))
                .order_by(Assessment.visit_start.desc(), Organisation.name)
            ).all()
            return [_summary(a, name, unsynced[a.id]) for a, name in rows]

    def overview(self, assessment_id: str) -> AssessmentOverview:
        with self._ctx.store.read() as s:
            a = get_live(s, Assessment, assessment_id)
            org = get_live(s, Organisation, a.organisation_id)
            teams = s.scalars(
                select(Team)
                .where(Team.organisation_id == org.id, Team.deleted.is_(False))
                .order_by(Team.name)
            ).all()
            visits = s.scalars(
                select(SiteVisit)
                .where(SiteVisit.assessment_id == a.id, SiteVisit.deleted.is_(False))
                .order_by(SiteVisit.visit_date)
            ).all()
            unsynced = sum(
                s.scalar(
                    select(func.count()).where(
                        cls.sync_state.in_(_UNCONFIRMED),
                        cls.assessment_id == a.id,  # type: ignore[attr-defined]
                    )
                )
                or 0
                for cls in ASSESSMENT_CHILDREN
            )
            framework = self._ctx.frameworks.get(a.framework_key)
            return AssessmentOverview(
                summary=_summary(a, org.name, unsynced),
                organisation=OrganisationView(
                    id=org.id,
                    name=org.name,
                    profile=org.profile,
                    nations=tuple(org.nations),
                    services=tuple(org.services),  # type: ignore[arg-type]
                    advocates=org.advocates,
                    contact=org.contact,
                    teams=tuple(
                        TeamView(t.id, t.name, t.area, t.manager, t.nation, t.advocates)
                        for t in teams
                    ),
                ),
                framework_key=framework.key,
                framework_title=framework.title.en,
                framework_placeholder=framework.placeholder,
                co_assessors=tuple(a.co_assessors),
                desktop_submitted_on=a.desktop_submitted_on,
                desktop_review_notes=a.desktop_review_notes,
                site_visits=tuple(
                    SiteVisitView(v.id, v.visit_date, v.location, v.notes) for v in visits
                ),
            )

    def framework_of(self, assessment_id: str) -> Framework:
        with self._ctx.store.read() as s:
            key = get_live(s, Assessment, assessment_id).framework_key
        return self._ctx.frameworks.get(key)

    # -- standards and findings ------------------------------------------------------------

    def standards(self, assessment_id: str) -> list[StandardRow]:
        """Every standard of the assessment's framework, in order, with its finding's state."""
        return self.standards_and_coverage(assessment_id)[0]

    def standards_and_coverage(
        self, assessment_id: str
    ) -> tuple[list[StandardRow], tuple[cov.StandardCoverage, ...]]:
        """The standards' rows and their coverage, from one reading of the evidence."""
        framework = self.framework_of(assessment_id)
        with self._ctx.store.read() as s:
            findings = {
                code: (rating, state)
                for code, rating, state in s.execute(
                    select(Finding.standard_code, Finding.rating, Finding.sync_state).where(
                        Finding.assessment_id == assessment_id
                    )
                )
            }
            links = _evidence_links(s, assessment_id)
        coverages = cov.coverage(_expectations(framework), links)
        coverage = {c.code: c for c in coverages}
        rows = []
        for section, standard in framework.iter_standards():
            finding = findings.get(standard.code)
            c = coverage[standard.code]
            rows.append(
                StandardRow(
                    section_code=section.code,
                    code=standard.code,
                    title=standard.title.en,
                    mandatory=standard.mandatory,
                    not_applicable_allowed=standard.not_applicable_allowed,
                    rating=finding[0] if finding else Rating.NOT_YET_ASSESSED,
                    sources=len(c.sources),
                    kinds=c.kinds,
                    sync_state=finding[1] if finding else None,
                )
            )
        return rows, coverages

    def finding(self, assessment_id: str, standard_code: str) -> FindingView:
        framework = self.framework_of(assessment_id)
        framework.standard(standard_code)  # KeyError for a code the framework lacks
        fid = finding_id(assessment_id, standard_code)
        with self._ctx.store.read() as s:
            row = s.get(Finding, fid)
            evidence = self._evidence_refs(s, assessment_id, standard_code)
            if row is None:
                return FindingView(
                    id=fid,
                    assessment_id=assessment_id,
                    standard_code=standard_code,
                    rating=Rating.NOT_YET_ASSESSED,
                    rationale="",
                    good_practice="",
                    areas_for_improvement="",
                    evidence=evidence,
                    sync_state=None,
                    updated_at=None,
                    rev=0,
                )
            return _view(FindingView, row, evidence=evidence)

    def _evidence_refs(self, s: Session, assessment_id: str, code: str) -> tuple[EvidenceRef, ...]:
        links = s.scalars(
            select(EvidenceLink)
            .where(
                EvidenceLink.assessment_id == assessment_id,
                EvidenceLink.standard_code == code,
                EvidenceLink.deleted.is_(False),
            )
            .order_by(EvidenceLink.source_kind, EvidenceLink.created_at)
        ).all()
        refs = [_ref(s, link.source_kind, link.source_id) for link in links]
        checks = s.execute(
            select(CaseFileReview)
            .join(CaseFileCheck, CaseFileCheck.review_id == CaseFileReview.id)
            .where(
                CaseFileReview.assessment_id == assessment_id,
                CaseFileReview.deleted.is_(False),
                CaseFileCheck.standard_code == code,
                CaseFileCheck.deleted.is_(False),
            )
        ).scalars()
        seen = {(r.kind, r.source_id) for r in refs if r is not None}
        for review in checks:
            if (EvidenceKind.CASE_FILE, review.id) not in seen:
                refs.append(_ref(s, EvidenceKind.CASE_FILE, review.id))
        return tuple(r for r in refs if r is not None)

    def coverage(self, assessment_id: str) -> tuple[cov.StandardCoverage, ...]:
        framework = self.framework_of(assessment_id)
        with self._ctx.store.read() as s:
            links = _evidence_links(s, assessment_id)
        return cov.coverage(_expectations(framework), links)

    def coverage_matrix(self, assessment_id: str) -> cov.CoverageMatrix:
        framework = self.framework_of(assessment_id)
        with self._ctx.store.read() as s:
            links = _evidence_links(s, assessment_id)
        return cov.coverage_matrix(_expectations(framework), links)

    def outcome(self, assessment_id: str) -> oc.Outcome:
        """The recommended outcome under the V4 rule, as the findings stand now."""
        framework = self.framework_of(assessment_id)
        with self._ctx.store.read() as s:
            ratings = dict(
                s.execute(
                    select(Finding.standard_code, Finding.rating).where(
                        Finding.assessment_id == assessment_id, Finding.deleted.is_(False)
                    )
                ).all()
            )
        return oc.recommend(
            oc.StandardJudgement(
                code=st.code,
                mandatory=st.mandatory,
                not_applicable_allowed=st.not_applicable_allowed,
                rating=ratings.get(st.code, Rating.NOT_YET_ASSESSED),
            )
            for _, st in framework.iter_standards()
        )

    def sampling(self, assessment_id: str) -> smp.SamplingProgress:
        """Sampling targets for the assessment's band and how far the visit has got."""
        with self._ctx.store.read() as s:
            a = get_live(s, Assessment, assessment_id)
            teams = [
                smp.TeamSize(t.id, t.manager, t.area, t.advocates)
                for t in s.scalars(
                    select(Team).where(
                        Team.organisation_id == a.organisation_id, Team.deleted.is_(False)
                    )
                )
            ]
            interviewed = [
                smp.InterviewedAdvocate(team_id, code)
                for team_id, code in s.execute(
                    select(Interview.team_id, Interview.interviewee_code).where(
                        Interview.assessment_id == assessment_id,
                        Interview.deleted.is_(False),
                        Interview.role.in_(ADVOCATE_ROLES),
                    )
                )
            ]
            samples = dict(
                s.execute(
                    select(CaseFileReview.sample_kind, func.count())
                    .where(
                        CaseFileReview.assessment_id == assessment_id,
                        CaseFileReview.deleted.is_(False),
                    )
                    .group_by(CaseFileReview.sample_kind)
                ).all()
            )
            band = a.band
        targets = smp.sampling_targets(band, teams)
        return smp.sampling_progress(
            targets,
            interviewed,
            teams,
            case_files_reviewed=samples.get(SampleKind.CASE_FILE, 0),
            reports_reviewed=samples.get(SampleKind.REPORT, 0),
        )

    # -- evidence records ------------------------------------------------------------------

    def interviews(self, assessment_id: str) -> list[InterviewView]:
        with self._ctx.store.read() as s:
            rows = s.scalars(
                select(Interview)
                .where(Interview.assessment_id == assessment_id, Interview.deleted.is_(False))
                .order_by(Interview.held_at, Interview.created_at)
            ).all()
            linked = _linked_standards(s, assessment_id, EvidenceKind.INTERVIEW)
            return [_interview_view(r, linked.get(r.id, ())) for r in rows]

    def interview(self, interview_id: str) -> InterviewView:
        with self._ctx.store.read() as s:
            row = get_live(s, Interview, interview_id)
            linked = _linked_standards(s, row.assessment_id, EvidenceKind.INTERVIEW)
            return _interview_view(row, linked.get(row.id, ()))

    def observations(self, assessment_id: str) -> list[ObservationView]:
        with self._ctx.store.read() as s:
            rows = s.scalars(
                select(Observation)
                .where(Observation.assessment_id == assessment_id, Observation.deleted.is_(False))
                .order_by(Observation.observed_at, Observation.created_at)
            ).all()
            linked = _linked_standards(s, assessment_id, EvidenceKind.OBSERVATION)
            return [_view(ObservationView, r, linked_standards=linked.get(r.id, ())) for r in rows]

    def case_file_reviews(self, assessment_id: str) -> list[CaseFileReviewView]:
        with self._ctx.store.read() as s:
            rows = s.scalars(
                select(CaseFileReview)
                .where(
                    CaseFileReview.assessment_id == assessment_id,
                    CaseFileReview.deleted.is_(False),
                )
                .order_by(CaseFileReview.case_code)
            ).all()
            checks: dict[str, list[CaseCheckView]] = defaultdict(list)
            for c in s.scalars(
                select(CaseFileCheck)
                .join(CaseFileReview, CaseFileReview.id == CaseFileCheck.review_id)
                .where(
                    CaseFileReview.assessment_id == assessment_id,
                    CaseFileCheck.deleted.is_(False),
                )
            ):
                checks[c.review_id].append(CaseCheckView(c.standard_code, c.result, c.note))
            order = self._standard_order(assessment_id)
            return [
                _view(
                    CaseFileReviewView,
                    r,
                    checks=tuple(sorted(checks[r.id], key=lambda c: order.get(c.standard_code, 0))),
                )
                for r in rows
            ]

    def evidence_items(self, assessment_id: str) -> list[EvidenceItemView]:
        with self._ctx.store.read() as s:
            rows = s.scalars(
                select(EvidenceItem)
                .where(EvidenceItem.assessment_id == assessment_id, EvidenceItem.deleted.is_(False))
                .order_by(EvidenceItem.title)
            ).all()
            attachments: dict[str, list[AttachmentView]] = defaultdict(list)
            for att in s.scalars(
                select(Attachment)
                .join(EvidenceItem, EvidenceItem.id == Attachment.evidence_item_id)
                .where(EvidenceItem.assessment_id == assessment_id, Attachment.deleted.is_(False))
                .order_by(Attachment.created_at)
            ):
                available = bool(att.local_path) and _exists(att.local_path)
                attachments[att.evidence_item_id].append(
                    AttachmentView(
                        att.id, att.file_name, att.media_type, att.size, att.sha256, available
                    )
                )
            linked = _linked_standards(s, assessment_id, EvidenceKind.DOCUMENT)
            return [
                _view(
                    EvidenceItemView,
                    r,
                    attachments=tuple(attachments[r.id]),
                    linked_standards=linked.get(r.id, ()),
                )
                for r in rows
            ]

    def export_attachment(self, attachment_id: str, target: Path) -> None:
        """Write an attachment's content, decrypted and checked against its hash, to ``target``
        (for the assessor to open it; the copy kept here stays sealed)."""
        with self._ctx.store.read() as s:
            sha256 = get_live(s, Attachment, attachment_id).sha256
        self._ctx.file_store().export(sha256, target)

    def required_actions(self, assessment_id: str) -> list[RequiredActionView]:
        order = self._standard_order(assessment_id)
        with self._ctx.store.read() as s:
            rows = s.scalars(
                select(RequiredAction).where(
                    RequiredAction.assessment_id == assessment_id,
                    RequiredAction.deleted.is_(False),
                )
            ).all()
            views = [_view(RequiredActionView, r) for r in rows]
        return sorted(
            views, key=lambda v: (v.from_earlier_assessment, order.get(v.standard_code, 0))
        )

    def earlier_actions(self, assessment_id: str) -> list[RequiredActionView]:
        """Required actions of the organisation's earlier assessments (read-only here: the
        assessor checks on site whether they were done)."""
        order = self._standard_order(assessment_id)
        with self._ctx.store.read() as s:
            a = get_live(s, Assessment, assessment_id)
            rows = s.scalars(
                select(EarlierAction).where(EarlierAction.organisation_id == a.organisation_id)
            ).all()
            views = [
                RequiredActionView(
                    id=r.id,
                    assessment_id=r.assessment_id,
                    standard_code=r.standard_code,
                    description=r.description,
                    owner=r.owner,
                    due_on=r.due_on,
                    status=r.status,
                    from_earlier_assessment=True,
                    sync_state=SyncState.CONFIRMED,
                    rev=0,
                )
                for r in rows
            ]
        return sorted(views, key=lambda v: (order.get(v.standard_code, 0), v.due_on or date.max))

    def _standard_order(self, assessment_id: str) -> dict[str, int]:
        framework = self.framework_of(assessment_id)
        return {st.code: i for i, (_, st) in enumerate(framework.iter_standards())}


def _summary(a: Assessment, organisation: str, unsynced: int) -> AssessmentSummary:
    return AssessmentSummary(
        id=a.id,
        reference=a.reference,
        organisation=organisation,
        stage=a.stage,
        status=a.status,
        band=a.band,
        lead_assessor=a.lead_assessor,
        visit_start=a.visit_start,
        visit_end=a.visit_end,
        unsynced=unsynced,
    )


def _interview_view(r: Interview, linked: Sequence[str]) -> InterviewView:
    return _view(InterviewView, r, linked_standards=tuple(linked))


V = TypeVar("V")


def _view(view: type[V], row: object, **extra: object) -> V:
    """Build the snapshot ``view`` from the same-named attributes of ``row``, plus ``extra``."""
    names = [f.name for f in dataclasses.fields(view)]  # type: ignore[arg-type]
    values = {n: extra[n] if n in extra else getattr(row, n) for n in names}
    return view(**values)


def _exists(path: str) -> bool:
    return Path(path).is_file()


def _expectations(framework: Framework) -> list[cov.StandardExpectation]:
    return [
        cov.StandardExpectation(st.code, tuple(st.evidence_expected))
        for _, st in framework.iter_standards()
    ]


def _linked_standards(
    s: Session, assessment_id: str, kind: EvidenceKind
) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = defaultdict(list)
    for source_id, code in s.execute(
        select(EvidenceLink.source_id, EvidenceLink.standard_code)
        .where(
            EvidenceLink.assessment_id == assessment_id,
            EvidenceLink.source_kind == kind,
            EvidenceLink.deleted.is_(False),
        )
        .order_by(EvidenceLink.standard_code)
    ):
        out[source_id].append(code)
    return {k: tuple(v) for k, v in out.items()}


def _evidence_links(s: Session, assessment_id: str) -> list[cov.EvidenceLink]:
    """Every live link of the assessment, plus each case file check as case-file evidence."""
    roles = dict(
        s.execute(
            select(Interview.id, Interview.role).where(
                Interview.assessment_id == assessment_id, Interview.deleted.is_(False)
            )
        ).all()
    )
    links = []
    for code, kind, source_id in s.execute(
        select(EvidenceLink.standard_code, EvidenceLink.source_kind, EvidenceLink.source_id).where(
            EvidenceLink.assessment_id == assessment_id, EvidenceLink.deleted.is_(False)
        )
    ):
        role = roles.get(source_id) if kind is EvidenceKind.INTERVIEW else None
        links.append(cov.EvidenceLink(code, kind, source_id, role))
    for code, review_id in s.execute(
        select(CaseFileCheck.standard_code, CaseFileCheck.review_id)
        .join(CaseFileReview, CaseFileReview.id == CaseFileCheck.review_id)
        .where(
            CaseFileReview.assessment_id == assessment_id,
            CaseFileReview.deleted.is_(False),
            CaseFileCheck.deleted.is_(False),
        )
    ):
        links.append(cov.EvidenceLink(code, EvidenceKind.CASE_FILE, review_id))
    return links


def _ref(s: Session, kind: EvidenceKind, source_id: str) -> EvidenceRef | None:
    if kind is EvidenceKind.INTERVIEW:
        i = s.get(Interview, source_id)
        return None if i is None else EvidenceRef(kind, i.id, i.interviewee_code, i.role.value)
    if kind is EvidenceKind.OBSERVATION:
        o = s.get(Observation, source_id)
        return None if o is None else EvidenceRef(kind, o.id, o.title, o.kind.value)
    if kind is EvidenceKind.CASE_FILE:
        c = s.get(CaseFileReview, source_id)
        return None if c is None else EvidenceRef(kind, c.id, c.case_code, c.sample_kind.value)
    d = s.get(EvidenceItem, source_id)
    return None if d is None else EvidenceRef(kind, d.id, d.title, d.kind.value)
