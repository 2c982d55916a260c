"""The local database's tables (SQLAlchemy 2, typed).

Every record an assessor can create or change offline is *syncable*: it has a client-made UUID
(so it can be made offline and a resend is recognisable) and the bookkeeping sync needs:

- ``rev``: the local revision, bumped by every change made here;
- ``acked_rev``: the revision the central store acknowledged (the row is clean only when the
  two are equal, so an edit made while a push is in flight stays pending);
- ``server_version``: the central store's version of the row, the base of the next push;
- ``sync_state`` and ``sync_note``: what the assessor sees (pending, sent, confirmed, conflict,
  set aside with a reason);
- ``deleted``: a tombstone; records are never removed while the deletion may still need to
  travel.

Records whose identity is natural (the finding for one standard, a link between a standard and
one piece of evidence) get a name-based UUID (see :func:`natural_id`), so two assessors who
create the same finding offline create the same record, and sync merges them field by field
rather than holding two findings for one standard.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from functools import cache
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

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
    ObservationKind,
    Rating,
    SampleKind,
    SyncState,
)
from qpm_desktop.store.types import UTCDateTime, enum_column, uuid_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# The namespace of name-based record ids; fixed forever, since ids travel to the central store.
_ID_NAMESPACE = uuid.UUID("6f1c2b8e-3d4a-5e6f-8a9b-0c1d2e3f4a5b")


def new_id() -> str:
    return str(uuid.uuid4())


def natural_id(*parts: str) -> str:
    """The same id on every device for the same natural key (e.g. assessment + standard)."""
    return str(uuid.uuid5(_ID_NAMESPACE, "\x1f".join(parts)))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Syncable:
    """Columns every syncable record carries; see the module docstring."""

    # The record's name on the wire and in the audit trail.
    __entity__: ClassVar[str]
    # Columns that stay on this device (a local file path, say) and never travel.
    __local_fields__: ClassVar[frozenset[str]] = frozenset()

    id: Mapped[str] = mapped_column(uuid_column(), primary_key=True, default=new_id)
    rev: Mapped[int] = mapped_column(Integer, default=1)
    acked_rev: Mapped[int] = mapped_column(Integer, default=0)
    server_version: Mapped[int | None] = mapped_column(Integer, default=None)
    sync_state: Mapped[SyncState] = mapped_column(
        enum_column(SyncState), default=SyncState.PENDING, index=True
    )
    sync_note: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


BOOKKEEPING_FIELDS = frozenset(
    {
        "id",
        "rev",
        "acked_rev",
        "server_version",
        "sync_state",
        "sync_note",
        "created_at",
        "updated_at",
    }
)


class FrameworkVersion(Base):
    """One version of a standards framework, exactly as imported (not edited here)."""

    __tablename__ = "framework_versions"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)  # "id@version"
    framework_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    placeholder: Mapped[bool] = mapped_column(Boolean)
    content: Mapped[str] = mapped_column(Text)  # the framework file's JSON
    sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Organisation(Syncable, Base):
    __tablename__ = "organisations"
    __entity__ = "organisation"

    name: Mapped[str] = mapped_column(String(200))
    profile: Mapped[str] = mapped_column(Text, default="")
    nations: Mapped[list[str]] = mapped_column(JSON, default=list)
    services: Mapped[list[str]] = mapped_column(JSON, default=list)  # AdvocacyType values
    advocates: Mapped[int] = mapped_column(Integer, default=0)
    contact: Mapped[str] = mapped_column(Text, default="")


class Team(Syncable, Base):
    """A team or local service: who manages it, which area it covers, how many advocates."""

    __tablename__ = "teams"
    __entity__ = "team"

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(200), default="")
    manager: Mapped[str] = mapped_column(String(200), default="")
    nation: Mapped[str] = mapped_column(String(32), default="")
    advocates: Mapped[int] = mapped_column(Integer, default=0)


class Assessment(Syncable, Base):
    __tablename__ = "assessments"
    __entity__ = "assessment"

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    framework_key: Mapped[str] = mapped_column(ForeignKey("framework_versions.key"))
    reference: Mapped[str] = mapped_column(String(64))
    stage: Mapped[AssessmentStage] = mapped_column(enum_column(AssessmentStage))
    status: Mapped[AssessmentStatus] = mapped_column(enum_column(AssessmentStatus))
    band: Mapped[int] = mapped_column(Integer)
    lead_assessor: Mapped[str] = mapped_column(String(200))
    co_assessors: Mapped[list[str]] = mapped_column(JSON, default=list)
    desktop_submitted_on: Mapped[date | None] = mapped_column(default=None)
    visit_start: Mapped[date | None] = mapped_column(default=None)
    visit_end: Mapped[date | None] = mapped_column(default=None)
    desktop_review_notes: Mapped[str] = mapped_column(Text, default="")
    retention_until: Mapped[date | None] = mapped_column(default=None)


class SiteVisit(Syncable, Base):
    __tablename__ = "site_visits"
    __entity__ = "site_visit"

    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), index=True)
    visit_date: Mapped[date]
    location: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Finding(Syncable, Base):
    """The judgement on one standard; its id is natural_id(assessment, "finding", code)."""

    __tablename__ = "findings"
    __entity__ = "finding"
    __table_args__ = (UniqueConstraint("assessment_id", "standard_code"),)

    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"))
    standard_code: Mapped[str] = mapped_column(String(16))
    rating: Mapped[Rating] = mapped_column(enum_column(Rating), default=Rating.NOT_YET_ASSESSED)
    rationale: Mapped[str] = mapped_column(Text, default="")
    good_practice: Mapped[str] = mapped_column(Text, default="")
    areas_for_improvement: Mapped[str] = mapped_column(Text, default="")


class Interview(Syncable, Base):
    """One interview. The interviewee is a code, never a name."""

    __tablename__ = "interviews"
    __entity__ = "interview"

    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), index=True)
    site_visit_id: Mapped[str | None] = mapped_column(ForeignKey("site_visits.id"), default=None)
    interviewee_code: Mapped[str] = mapped_column(String(32))
    role: Mapped[InterviewRole] = mapped_column(enum_column(InterviewRole))
    team_id: Mapped[str | None] = mapped_column(ForeignKey("teams.id"), default=None)
    advocacy_type: Mapped[AdvocacyType | None] = mapped_column(
        enum_column(AdvocacyType), default=None
    )
    mode: Mapped[InterviewMode] = mapped_column(
        enum_column(InterviewMode), default=InterviewMode.IN_PERSON
    )
    language: Mapped[InterviewLanguage] = mapped_column(
        enum_column(InterviewLanguage), default=InterviewLanguage.ENGLISH
    )
    welsh_offered: Mapped[bool | None] = mapped_column(Boolean, default=None)
    consent: Mapped[Consent] = mapped_column(enum_column(Consent), default=Consent.NOT_RECORDED)
    consent_note: Mapped[str] = mapped_column(Text, default="")
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    notes: Mapped[str] = mapped_column(Text, default="")


class Observation(Syncable, Base):
    __tablename__ = "observations"
    __entity__ = "observation"

    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), index=True)
    site_visit_id: Mapped[str | None] = mapped_column(ForeignKey("site_visits.id"), default=None)
    kind: Mapped[ObservationKind] = mapped_column(enum_column(ObservationKind))
    title: Mapped[str] = mapped_column(String(200), default="")
    observed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    notes: Mapped[str] = mapped_column(Text, default="")


class CaseFileReview(Syncable, Base):
    """One sampled, anonymised case file or report, known by its code."""

    __tablename__ = "case_file_reviews"
    __entity__ = "case_file_review"

    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), index=True)
    case_code: Mapped[str] = mapped_column(String(32))
    sample_kind: Mapped[SampleKind] = mapped_column(
        enum_column(SampleKind), default=SampleKind.CASE_FILE
    )
    advocacy_type: Mapped[AdvocacyType | None] = mapped_column(
        enum_column(AdvocacyType), default=None
    )
    on_site: Mapped[bool] = mapped_column(Boolean, default=False)  # else from the desktop sample
    notes: Mapped[str] = mapped_column(Text, default="")


class CaseFileCheck(Syncable, Base):
    """One standard checked in one case file; id natural_id(review, "check", code)."""

    __tablename__ = "case_file_checks"
    __entity__ = "case_file_check"
    __table_args__ = (UniqueConstraint("review_id", "standard_code"),)

    review_id: Mapped[str] = mapped_column(ForeignKey("case_file_reviews.id"))
    standard_code: Mapped[str] = mapped_column(String(16))
    result: Mapped[CaseCheckResult] = mapped_column(enum_column(CaseCheckResult))
    note: Mapped[str] = mapped_column(Text, default="")


class EvidenceItem(Syncable, Base):
    """A document or photo seen as evidence (a policy, a procedure, a report ...)."""

    __tablename__ = "evidence_items"
    __entity__ = "evidence_item"

    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")


class Attachment(Syncable, Base):
    """A file behind an evidence item, known by its SHA-256 (content-addressed)."""

    __tablename__ = "attachments"
    __entity__ = "attachment"
    __local_fields__ = frozenset({"local_path"})

    evidence_item_id: Mapped[str] = mapped_column(ForeignKey("evidence_items.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(127), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    local_path: Mapped[str | None] = mapped_column(Text, default=None)


class EvidenceLink(Syncable, Base):
    """A standard's judgement rests on this piece of evidence.

    ``source_id`` names an interview, observation, case file review or evidence item (by
    ``source_kind``); the id is natural_id(assessment, "link", code, kind, source), so linking
    twice is one link and unlinking is a tombstone.
    """

    __tablename__ = "evidence_links"
    __entity__ = "evidence_link"
    __table_args__ = (
        UniqueConstraint("assessment_id", "standard_code", "source_kind", "source_id"),
        Index("ix_evidence_links_source", "source_id"),
    )

    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"))
    standard_code: Mapped[str] = mapped_column(String(16))
    source_kind: Mapped[EvidenceKind] = mapped_column(enum_column(EvidenceKind))
    source_id: Mapped[str] = mapped_column(uuid_column())
    note: Mapped[str] = mapped_column(Text, default="")


class RequiredAction(Syncable, Base):
    """What the organisation must do about an unmet standard, by whom and by when."""

    __tablename__ = "required_actions"
    __entity__ = "required_action"

    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), index=True)
    standard_code: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(default=None)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus), default=ActionStatus.OPEN
    )
    from_earlier_assessment: Mapped[bool] = mapped_column(Boolean, default=False)


class ReportVersion(Syncable, Base):
    """One rendered visit report. Once signed, its PDF never changes: later edits to the
    assessment make a new version (``number`` + 1), and the signed one stays as it was.

    The PDF itself is a file known by its SHA-256 (it travels like an attachment).
    """

    __tablename__ = "report_versions"
    __entity__ = "report_version"
    __local_fields__ = frozenset({"local_path"})
    __table_args__ = (UniqueConstraint("assessment_id", "number"),)

    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(16), default="en")  # en | cy | bilingual
    snapshot_sha256: Mapped[str] = mapped_column(String(64))  # what the report was made from
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="draft")  # draft | signed | ...
    signers: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    local_path: Mapped[str | None] = mapped_column(Text, default=None)


class AuditEntry(Base):
    """One change to one record: who, when (wall clock, and time since the working session
    began), which record, the fields before and after.

    Entries form a hash chain (each holds the hash of the one before), so a removed or altered
    entry is detectable.
    """

    __tablename__ = "audit_entries"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(uuid_column(), index=True)
    action: Mapped[str] = mapped_column(String(16))  # create | update | delete | pull
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # The working session (from opening the local copy) and the time since it began on a
    # monotonic clock: the order and spacing of entries hold even if the wall clock is changed.
    session_id: Mapped[str | None] = mapped_column(uuid_column(), default=None)
    elapsed_ms: Mapped[int | None] = mapped_column(Integer, default=None)


class Mutation(Base):
    """The outbox: one local change on its way to the central store.

    Changes to a record that have not yet been taken by a push are folded into its one pending
    mutation (autosave writes often); once a push has taken a mutation (state ``sent``), later
    changes start a new one, so the server's answer always refers to exactly what was sent.
    """

    __tablename__ = "mutations"
    __table_args__ = (Index("ix_mutations_record", "entity", "record_id", "state"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[str] = mapped_column(uuid_column(), unique=True)
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(uuid_column())
    op: Mapped[str] = mapped_column(String(16))  # create | update | delete
    base_version: Mapped[int | None] = mapped_column(Integer, default=None)
    rev: Mapped[int] = mapped_column(Integer)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- sync bookkeeping (issue 4) ------------------------------------------------------------


class ServerCopy(Base):
    """The central store's copy of a record as this device last knew it (its wire fields).

    It is the base of every three-way merge made here: a field the server changed is one whose
    pulled value differs from this copy; a field changed here is one whose local value differs
    from it. ``stale`` means the server has moved on past ``version`` in ways not yet pulled (a
    push was merged with someone else's change), so the record's next change waits for a pull.
    """

    __tablename__ = "server_copies"

    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(uuid_column(), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    stale: Mapped[bool] = mapped_column(Boolean, default=False)


class SyncConflict(Base):
    """One field both sides changed: both values kept until the assessor chooses."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (Index("ix_sync_conflicts_record", "entity", "record_id", "resolved_at"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(uuid_column())
    field: Mapped[str] = mapped_column(String(64))
    base: Mapped[Any] = mapped_column(JSON, nullable=True)
    mine: Mapped[Any] = mapped_column(JSON, nullable=True)
    theirs: Mapped[Any] = mapped_column(JSON, nullable=True)
    server_version: Mapped[int | None] = mapped_column(Integer, default=None)
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    resolution: Mapped[str | None] = mapped_column(String(16), default=None)  # mine|theirs|edited
    resolved_value: Mapped[Any] = mapped_column(JSON, nullable=True)


class Setting(Base):
    """Small facts about this database: the device id, the sync cursor, the signed-in user."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Draft(Base):
    """What is being typed into one text field, kept on every keystroke until it is promoted.

    A draft is not a change of the record: it has no audit entry and no outbox mutation. When
    the assessor pauses (or leaves the field) the draft is promoted through the normal write
    path, which audits and queues the change once, and the draft is deleted; a draft left by a
    crash is promoted when the local copy is next opened (see
    :mod:`qpm_desktop.services.drafts`).
    """

    __tablename__ = "drafts"

    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(uuid_column(), primary_key=True)
    field: Mapped[str] = mapped_column(String(64), primary_key=True)
    assessment_id: Mapped[str] = mapped_column(uuid_column())
    standard_code: Mapped[str | None] = mapped_column(String(32), default=None)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EarlierAction(Base):
    """A required action from one of the organisation's earlier assessments, as the central
    store last sent it: read-only here (the assessor checks on site whether it was done), and
    never sent back. Its assessment is not held on this computer, so it has a table of its own.
    """

    __tablename__ = "earlier_actions"

    id: Mapped[str] = mapped_column(uuid_column(), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(uuid_column(), index=True)
    assessment_id: Mapped[str] = mapped_column(uuid_column())  # the earlier assessment
    standard_code: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(default=None)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus), default=ActionStatus.OPEN
    )
    server_version: Mapped[int] = mapped_column(Integer)


SYNCABLE: tuple[type[Syncable], ...] = (
    Organisation,
    Team,
    Assessment,
    SiteVisit,
    Finding,
    Interview,
    Observation,
    CaseFileReview,
    CaseFileCheck,
    EvidenceItem,
    Attachment,
    EvidenceLink,
    RequiredAction,
    ReportVersion,
)
ENTITIES: dict[str, type[Syncable]] = {cls.__entity__: cls for cls in SYNCABLE}

#: Records that belong to an assessment directly (the list shows their unsynced count).
ASSESSMENT_CHILDREN: tuple[type[Syncable], ...] = (
    SiteVisit,
    Finding,
    Interview,
    Observation,
    CaseFileReview,
    EvidenceItem,
    EvidenceLink,
    RequiredAction,
)
for _child in ASSESSMENT_CHILDREN:
    # Counting what is not yet confirmed, per assessment, then reads this index alone, not
    # every row (the list of assessments does it at every start).
    Index(
        f"ix_{_child.__tablename__}_sync_assessment",
        _child.sync_state,
        _child.assessment_id,  # type: ignore[attr-defined]
    )


@cache
def sync_fields(cls: type[Syncable]) -> tuple[str, ...]:
    """The columns of ``cls`` that travel to the central store (content, not bookkeeping).

    Worked out once per class (it is asked for every record a sync or a digest touches)."""
    table = cls.__table__  # type: ignore[attr-defined]
    return tuple(
        c.name
        for c in table.columns
        if c.name not in BOOKKEEPING_FIELDS and c.name not in cls.__local_fields__
    )
