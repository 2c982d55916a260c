"""Translated labels for the domain's closed vocabularies.

Enum values are stable identifiers, never shown to people. Every label here is marked with
``QT_TRANSLATE_NOOP`` (so ``pyside6-lupdate`` extracts it) and translated when it is shown, so a
language switch at runtime takes effect on the next redraw.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from qpm_desktop.model.enums import (
    ActionStatus,
    AdvocacyType,
    AssessmentStage,
    AssessmentStatus,
    CaseCheckResult,
    Consent,
    DocumentKind,
    EvidenceKind,
    InterviewLanguage,
    InterviewMode,
    InterviewRole,
    Nation,
    ObservationKind,
    Rating,
    SampleKind,
    SyncState,
)
from qpm_desktop.model.outcome import Recommendation

CONTEXT = "Labels"

_ENTRIES: tuple[tuple[StrEnum, str], ...] = (
    (Rating.NOT_YET_ASSESSED, QT_TRANSLATE_NOOP("Labels", "Not yet assessed")),
    (Rating.FURTHER_EVIDENCE_NEEDED, QT_TRANSLATE_NOOP("Labels", "Further evidence needed")),
    (Rating.MET, QT_TRANSLATE_NOOP("Labels", "Met")),
    (Rating.NOT_MET, QT_TRANSLATE_NOOP("Labels", "Not met")),
    (Rating.NOT_APPLICABLE, QT_TRANSLATE_NOOP("Labels", "Not applicable")),
    (EvidenceKind.INTERVIEW, QT_TRANSLATE_NOOP("Labels", "Interview")),
    (EvidenceKind.OBSERVATION, QT_TRANSLATE_NOOP("Labels", "Observation")),
    (EvidenceKind.CASE_FILE, QT_TRANSLATE_NOOP("Labels", "Case file review")),
    (EvidenceKind.DOCUMENT, QT_TRANSLATE_NOOP("Labels", "Document")),
    (InterviewRole.MANAGER, QT_TRANSLATE_NOOP("Labels", "Manager")),
    (InterviewRole.PAID_ADVOCATE, QT_TRANSLATE_NOOP("Labels", "Paid advocate")),
    (InterviewRole.VOLUNTEER_ADVOCATE, QT_TRANSLATE_NOOP("Labels", "Volunteer advocate")),
    (InterviewRole.ADVOCACY_PARTNER, QT_TRANSLATE_NOOP("Labels", "Advocacy partner")),
    (InterviewRole.FAMILY_OR_CARER, QT_TRANSLATE_NOOP("Labels", "Family member or carer")),
    (InterviewRole.TRUSTEE, QT_TRANSLATE_NOOP("Labels", "Trustee or board member")),
    (
        InterviewRole.INVOLVEMENT_BOARD_MEMBER,
        QT_TRANSLATE_NOOP("Labels", "Involvement board member"),
    ),
    (InterviewRole.SENIOR_MANAGER, QT_TRANSLATE_NOOP("Labels", "Senior manager")),
    (InterviewRole.COMMISSIONER, QT_TRANSLATE_NOOP("Labels", "Commissioner")),
    (InterviewRole.REFERRER, QT_TRANSLATE_NOOP("Labels", "Referrer")),
    (InterviewRole.OTHER_STAKEHOLDER, QT_TRANSLATE_NOOP("Labels", "Other stakeholder")),
    (AdvocacyType.IMCA, QT_TRANSLATE_NOOP("Labels", "IMCA (Mental Capacity Act)")),
    (AdvocacyType.PAID_RPR, QT_TRANSLATE_NOOP("Labels", "Paid Relevant Person's Representative")),
    (AdvocacyType.IMHA, QT_TRANSLATE_NOOP("Labels", "IMHA (Mental Health Act)")),
    (AdvocacyType.IMHA_WALES, QT_TRANSLATE_NOOP("Labels", "IMHA (Mental Health (Wales) Measure)")),
    (AdvocacyType.CARE_ACT, QT_TRANSLATE_NOOP("Labels", "Care Act advocacy")),
    (AdvocacyType.NHS_COMPLAINTS, QT_TRANSLATE_NOOP("Labels", "NHS complaints advocacy")),
    (
        AdvocacyType.IPA_WALES,
        QT_TRANSLATE_NOOP("Labels", "Independent Professional Advocacy (Wales)"),
    ),
    (
        AdvocacyType.CHILDREN_WALES,
        QT_TRANSLATE_NOOP("Labels", "Statutory advocacy for children and young people (Wales)"),
    ),
    (AdvocacyType.COMMUNITY, QT_TRANSLATE_NOOP("Labels", "Community advocacy")),
    (AdvocacyType.PEER, QT_TRANSLATE_NOOP("Labels", "Peer advocacy")),
    (AdvocacyType.CITIZEN, QT_TRANSLATE_NOOP("Labels", "Citizen advocacy")),
    (AdvocacyType.SELF_ADVOCACY, QT_TRANSLATE_NOOP("Labels", "Self-advocacy support")),
    (AdvocacyType.OTHER, QT_TRANSLATE_NOOP("Labels", "Other advocacy")),
    (Nation.ENGLAND, QT_TRANSLATE_NOOP("Labels", "England")),
    (Nation.WALES, QT_TRANSLATE_NOOP("Labels", "Wales")),
    (Nation.NORTHERN_IRELAND, QT_TRANSLATE_NOOP("Labels", "Northern Ireland")),
    (InterviewMode.IN_PERSON, QT_TRANSLATE_NOOP("Labels", "In person")),
    (InterviewMode.PHONE, QT_TRANSLATE_NOOP("Labels", "Phone")),
    (InterviewMode.VIDEO, QT_TRANSLATE_NOOP("Labels", "Video")),
    (InterviewLanguage.ENGLISH, QT_TRANSLATE_NOOP("Labels", "English")),
    (InterviewLanguage.WELSH, QT_TRANSLATE_NOOP("Labels", "Welsh")),
    (InterviewLanguage.BSL, QT_TRANSLATE_NOOP("Labels", "British Sign Language")),
    (InterviewLanguage.INTERPRETER, QT_TRANSLATE_NOOP("Labels", "Through an interpreter")),
    (InterviewLanguage.OTHER, QT_TRANSLATE_NOOP("Labels", "Other language")),
    (Consent.NOT_RECORDED, QT_TRANSLATE_NOOP("Labels", "Not recorded")),
    (Consent.GIVEN, QT_TRANSLATE_NOOP("Labels", "Given")),
    (Consent.DECLINED, QT_TRANSLATE_NOOP("Labels", "Declined")),
    (Consent.WITHDRAWN, QT_TRANSLATE_NOOP("Labels", "Withdrawn")),
    (AssessmentStage.PRE_ASSESSMENT, QT_TRANSLATE_NOOP("Labels", "Pre-assessment")),
    (AssessmentStage.DESKTOP_SUBMISSION, QT_TRANSLATE_NOOP("Labels", "Desktop submission")),
    (AssessmentStage.DESKTOP_REVIEW, QT_TRANSLATE_NOOP("Labels", "Desktop review")),
    (AssessmentStage.SITE_VISIT, QT_TRANSLATE_NOOP("Labels", "Site visit")),
    (AssessmentStage.REPORTING, QT_TRANSLATE_NOOP("Labels", "Reporting")),
    (AssessmentStage.INTERNAL_REVIEW, QT_TRANSLATE_NOOP("Labels", "Internal review")),
    (AssessmentStage.DECISION, QT_TRANSLATE_NOOP("Labels", "Decision")),
    (AssessmentStage.CLOSED, QT_TRANSLATE_NOOP("Labels", "Closed")),
    (AssessmentStatus.IN_PROGRESS, QT_TRANSLATE_NOOP("Labels", "In progress")),
    (AssessmentStatus.AWARDED, QT_TRANSLATE_NOOP("Labels", "Awarded")),
    (AssessmentStatus.TARGETED_REASSESSMENT, QT_TRANSLATE_NOOP("Labels", "Targeted re-assessment")),
    (AssessmentStatus.NOT_AWARDED, QT_TRANSLATE_NOOP("Labels", "Not awarded")),
    (
        AssessmentStatus.DID_NOT_PROCEED,
        QT_TRANSLATE_NOOP("Labels", "Did not proceed to site visit"),
    ),
    (AssessmentStatus.LAPSED, QT_TRANSLATE_NOOP("Labels", "Lapsed")),
    (AssessmentStatus.WITHDRAWN, QT_TRANSLATE_NOOP("Labels", "Withdrawn")),
    (ObservationKind.TEAM_MEETING, QT_TRANSLATE_NOOP("Labels", "Team meeting")),
    (ObservationKind.OFFICE_PRACTICE, QT_TRANSLATE_NOOP("Labels", "Office practice")),
    (ObservationKind.RECORD_STORAGE, QT_TRANSLATE_NOOP("Labels", "Record storage")),
    (ObservationKind.ACCESSIBILITY, QT_TRANSLATE_NOOP("Labels", "Accessibility")),
    (ObservationKind.OTHER, QT_TRANSLATE_NOOP("Labels", "Other observation")),
    (CaseCheckResult.MET, QT_TRANSLATE_NOOP("Labels", "Met")),
    (CaseCheckResult.PARTLY_MET, QT_TRANSLATE_NOOP("Labels", "Partly met")),
    (CaseCheckResult.NOT_MET, QT_TRANSLATE_NOOP("Labels", "Not met")),
    (CaseCheckResult.NOT_APPLICABLE, QT_TRANSLATE_NOOP("Labels", "Not applicable")),
    (SampleKind.CASE_FILE, QT_TRANSLATE_NOOP("Labels", "Case file")),
    (SampleKind.REPORT, QT_TRANSLATE_NOOP("Labels", "Report")),
    (DocumentKind.POLICY, QT_TRANSLATE_NOOP("Labels", "Policy")),
    (DocumentKind.PROCEDURE, QT_TRANSLATE_NOOP("Labels", "Procedure")),
    (DocumentKind.REPORT, QT_TRANSLATE_NOOP("Labels", "Report")),
    (DocumentKind.PHOTO, QT_TRANSLATE_NOOP("Labels", "Photo")),
    (DocumentKind.OTHER, QT_TRANSLATE_NOOP("Labels", "Other document")),
    (ActionStatus.OPEN, QT_TRANSLATE_NOOP("Labels", "Open")),
    (ActionStatus.DONE, QT_TRANSLATE_NOOP("Labels", "Done")),
    (SyncState.PENDING, QT_TRANSLATE_NOOP("Labels", "Not yet synced")),
    (SyncState.SENT, QT_TRANSLATE_NOOP("Labels", "Sending")),
    (SyncState.CONFIRMED, QT_TRANSLATE_NOOP("Labels", "Synced")),
    (SyncState.CONFLICT, QT_TRANSLATE_NOOP("Labels", "Conflict: choose a version")),
    (SyncState.SET_ASIDE, QT_TRANSLATE_NOOP("Labels", "Set aside by the central store")),
    (Recommendation.AWARD, QT_TRANSLATE_NOOP("Labels", "Award the QPM")),
    (Recommendation.NOT_YET, QT_TRANSLATE_NOOP("Labels", "Not yet decided")),
    (Recommendation.ACTIONS_REQUIRED, QT_TRANSLATE_NOOP("Labels", "Not yet: required actions")),
)
# Keyed by (enum class, member): members of different enums share values ("other").
_LABELS = {(type(m), m.value): text for m, text in _ENTRIES}

# A mark beside each rating, so a rating never rests on colour alone (also read by screen
# readers as part of the text, hence plain symbols with a meaning of their own).
_RATING_MARKS = {
    Rating.NOT_YET_ASSESSED: "○",
    Rating.FURTHER_EVIDENCE_NEEDED: "?",
    Rating.MET: "✓",
    Rating.NOT_MET: "✗",
    Rating.NOT_APPLICABLE: "\u2013",
}
_CHECK_MARKS = {
    CaseCheckResult.MET: "✓",
    CaseCheckResult.PARTLY_MET: "◐",
    CaseCheckResult.NOT_MET: "✗",
    CaseCheckResult.NOT_APPLICABLE: "\u2013",
}


def label(value: StrEnum) -> str:
    """The translated label of an enum member (never its ``.value``)."""
    return QCoreApplication.translate(CONTEXT, _LABELS[(type(value), value.value)])


def rating_mark(rating: Rating) -> str:
    return _RATING_MARKS[rating]


def rating_text(rating: Rating) -> str:
    """A rating with its mark, e.g. "✓ Met"."""
    return f"{_RATING_MARKS[rating]} {label(rating)}"


def check_text(result: CaseCheckResult) -> str:
    return f"{_CHECK_MARKS[result]} {label(result)}"


def labels_of(values: list[str] | tuple[str, ...], enum: type[StrEnum]) -> list[str]:
    """Labels for stored identifiers (unknown identifiers are shown as they are)."""
    out = []
    for raw in values:
        try:
            out.append(label(enum(raw)))
        except (ValueError, KeyError):
            out.append(str(raw))
    return out


def missing_labels() -> list[StrEnum]:
    """Enum members of the tables above without a label (a test keeps this empty)."""
    enums = (
        ActionStatus, AdvocacyType, AssessmentStage, AssessmentStatus, CaseCheckResult, Consent,
        DocumentKind, EvidenceKind, InterviewLanguage, InterviewMode, InterviewRole, Nation,
        ObservationKind, Rating, SampleKind, SyncState, Recommendation,
    )  # fmt: skip
    return [m for e in enums for m in e if (e, m.value) not in _LABELS]
