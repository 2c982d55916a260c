"""The closed vocabularies of the domain.

Every enum is a ``StrEnum`` whose values are the stable identifiers written to the database,
the wire protocol and framework files. Labels for people live in the UI and the report, where
they go through translation; never show ``.value`` to a user.
"""

from __future__ import annotations

from enum import StrEnum


class Rating(StrEnum):
    """Where a standard stands. Only MET and NOT_MET are end states (V4 is not graded)."""

    NOT_YET_ASSESSED = "not_yet_assessed"
    FURTHER_EVIDENCE_NEEDED = "further_evidence_needed"
    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"


class EvidenceKind(StrEnum):
    """The kinds of evidence a judgement can rest on."""

    INTERVIEW = "interview"
    OBSERVATION = "observation"
    CASE_FILE = "case_file"
    DOCUMENT = "document"


class InterviewRole(StrEnum):
    MANAGER = "manager"
    PAID_ADVOCATE = "paid_advocate"
    VOLUNTEER_ADVOCATE = "volunteer_advocate"
    ADVOCACY_PARTNER = "advocacy_partner"
    FAMILY_OR_CARER = "family_or_carer"
    TRUSTEE = "trustee"
    INVOLVEMENT_BOARD_MEMBER = "involvement_board_member"
    SENIOR_MANAGER = "senior_manager"
    COMMISSIONER = "commissioner"
    REFERRER = "referrer"
    OTHER_STAKEHOLDER = "other_stakeholder"


class AdvocacyType(StrEnum):
    IMCA = "imca"
    PAID_RPR = "paid_rpr"
    IMHA = "imha"
    IMHA_WALES = "imha_wales"
    CARE_ACT = "care_act"
    NHS_COMPLAINTS = "nhs_complaints"
    IPA_WALES = "ipa_wales"
    CHILDREN_WALES = "children_wales"
    COMMUNITY = "community"
    PEER = "peer"
    CITIZEN = "citizen"
    SELF_ADVOCACY = "self_advocacy"
    OTHER = "other"


class Nation(StrEnum):
    ENGLAND = "england"
    WALES = "wales"
    NORTHERN_IRELAND = "northern_ireland"


class InterviewMode(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"


class InterviewLanguage(StrEnum):
    ENGLISH = "english"
    WELSH = "welsh"
    BSL = "bsl"
    INTERPRETER = "interpreter"
    OTHER = "other"


class Consent(StrEnum):
    NOT_RECORDED = "not_recorded"
    GIVEN = "given"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class AssessmentStage(StrEnum):
    PRE_ASSESSMENT = "pre_assessment"
    DESKTOP_SUBMISSION = "desktop_submission"
    DESKTOP_REVIEW = "desktop_review"
    SITE_VISIT = "site_visit"
    REPORTING = "reporting"
    INTERNAL_REVIEW = "internal_review"
    DECISION = "decision"
    CLOSED = "closed"


class AssessmentStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    AWARDED = "awarded"
    TARGETED_REASSESSMENT = "targeted_reassessment"
    NOT_AWARDED = "not_awarded"
    DID_NOT_PROCEED = "did_not_proceed"
    LAPSED = "lapsed"
    WITHDRAWN = "withdrawn"


class ObservationKind(StrEnum):
    TEAM_MEETING = "team_meeting"
    OFFICE_PRACTICE = "office_practice"
    RECORD_STORAGE = "record_storage"
    ACCESSIBILITY = "accessibility"
    OTHER = "other"


class CaseCheckResult(StrEnum):
    """One standard checked against one sampled case file."""

    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"


class SampleKind(StrEnum):
    """What a sampled, anonymised file is: a case file, or a report written for a partner."""

    CASE_FILE = "case_file"
    REPORT = "report"


class DocumentKind(StrEnum):
    POLICY = "policy"
    PROCEDURE = "procedure"
    REPORT = "report"
    PHOTO = "photo"
    OTHER = "other"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class SyncState(StrEnum):
    """What is safe on the server, per record."""

    PENDING = "pending"  # changed here, not yet acknowledged
    SENT = "sent"  # in a push whose answer has not arrived
    CONFIRMED = "confirmed"  # the server acknowledged exactly this version
    CONFLICT = "conflict"  # both sides changed the same field; the assessor chooses
    SET_ASIDE = "set_aside"  # refused by the server, kept here with a reason
