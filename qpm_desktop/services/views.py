"""Plain, immutable snapshots the services hand out (safe to pass between threads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

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
    SyncState,
)
from qpm_desktop.services.summary import AssessmentSummary as AssessmentSummary


@dataclass(frozen=True, slots=True)
class TeamView:
    id: str
    name: str
    area: str
    manager: str
    nation: str
    advocates: int


@dataclass(frozen=True, slots=True)
class SiteVisitView:
    id: str
    visit_date: date
    location: str
    notes: str


@dataclass(frozen=True, slots=True)
class OrganisationView:
    id: str
    name: str
    profile: str
    nations: tuple[str, ...]
    services: tuple[AdvocacyType, ...]
    advocates: int
    contact: str
    teams: tuple[TeamView, ...]


@dataclass(frozen=True, slots=True)
class AssessmentOverview:
    summary: AssessmentSummary
    organisation: OrganisationView
    framework_key: str
    framework_title: str
    framework_placeholder: bool
    co_assessors: tuple[str, ...]
    desktop_submitted_on: date | None
    desktop_review_notes: str
    site_visits: tuple[SiteVisitView, ...]


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    """One piece of evidence linked to a standard, with what a person needs to recognise it."""

    kind: EvidenceKind
    source_id: str
    label: str  # the interviewee or case code, the observation or document title
    detail: str  # the interviewee's role, the observation or document kind (identifiers)


@dataclass(frozen=True, slots=True)
class StandardRow:
    """One standard in the framework tree, with where its judgement stands."""

    section_code: str
    code: str
    title: str
    mandatory: bool
    not_applicable_allowed: bool
    rating: Rating
    sources: int
    kinds: int
    sync_state: SyncState | None


@dataclass(frozen=True, slots=True)
class FindingView:
    id: str
    assessment_id: str
    standard_code: str
    rating: Rating
    rationale: str
    good_practice: str
    areas_for_improvement: str
    evidence: tuple[EvidenceRef, ...]
    sync_state: SyncState | None
    updated_at: datetime | None
    rev: int


@dataclass(frozen=True, slots=True)
class InterviewView:
    id: str
    assessment_id: str
    site_visit_id: str | None
    interviewee_code: str
    role: InterviewRole
    team_id: str | None
    advocacy_type: AdvocacyType | None
    mode: InterviewMode
    language: InterviewLanguage
    welsh_offered: bool | None
    consent: Consent
    consent_note: str
    held_at: datetime | None
    notes: str
    linked_standards: tuple[str, ...]
    sync_state: SyncState
    rev: int


@dataclass(frozen=True, slots=True)
class ObservationView:
    id: str
    assessment_id: str
    site_visit_id: str | None
    kind: ObservationKind
    title: str
    observed_at: datetime | None
    notes: str
    linked_standards: tuple[str, ...]
    sync_state: SyncState
    rev: int


@dataclass(frozen=True, slots=True)
class CaseCheckView:
    standard_code: str
    result: CaseCheckResult
    note: str


@dataclass(frozen=True, slots=True)
class CaseFileReviewView:
    id: str
    assessment_id: str
    case_code: str
    sample_kind: SampleKind
    advocacy_type: AdvocacyType | None
    on_site: bool
    notes: str
    checks: tuple[CaseCheckView, ...]
    sync_state: SyncState
    rev: int


@dataclass(frozen=True, slots=True)
class AttachmentView:
    id: str
    file_name: str
    media_type: str
    size: int
    sha256: str
    available: bool  # the file is on this device


@dataclass(frozen=True, slots=True)
class EvidenceItemView:
    id: str
    assessment_id: str
    kind: DocumentKind
    title: str
    description: str
    attachments: tuple[AttachmentView, ...]
    linked_standards: tuple[str, ...]
    sync_state: SyncState
    rev: int


@dataclass(frozen=True, slots=True)
class RequiredActionView:
    id: str
    assessment_id: str
    standard_code: str
    description: str
    owner: str
    due_on: date | None
    status: ActionStatus
    from_earlier_assessment: bool
    sync_state: SyncState
    rev: int
