"""The request and response bodies of the sync API (pydantic, shared by client and server).

Requests forbid unknown fields, so a misspelt field is a clear 4xx rather than silently ignored.
Every response body carries ``server_time``: the server's clock is the one that counts, and the
client compares it with its own to detect skew.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qpm_desktop.protocol import MAX_AUDIT_BATCH, MAX_PUSH_BATCH

Uuid = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Username = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Op = Literal["create", "update", "delete"]
Status = Literal["applied", "duplicate", "merged", "conflict", "rejected"]
Role = Literal["assessor", "reviewer", "admin"]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Response(BaseModel):
    server_time: datetime


class ErrorBody(BaseModel):
    error: str
    detail: str
    server_time: datetime
    problems: list[str] = Field(default_factory=list)


class Health(_Response):
    status: Literal["ok"]
    protocol_version: int
    server_version: str


class TokenRequest(_Request):
    username: Username
    password: Annotated[str, StringConstraints(min_length=1, max_length=1000)]
    device_id: Uuid
    device_name: Annotated[str, StringConstraints(max_length=200)] = ""


class RefreshRequest(_Request):
    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class LogoutRequest(RefreshRequest):
    pass


class TokenResponse(_Response):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
    username: str
    display_name: str
    role: Role


class LogoutResponse(_Response):
    revoked: bool


class Change(BaseModel):
    entity: str
    id: str
    version: int
    seq: int
    fields: dict[str, Any]
    deleted: bool
    #: The organisation the record belongs to: lets a client place a record whose parent it
    #: does not hold (an earlier assessment's required action).
    organisation_id: str | None = None


class FrameworkVersionOut(BaseModel):
    key: str
    sha256: str
    content: str  # the framework's canonical JSON


class PullResponse(_Response):
    changes: list[Change]
    frameworks: list[FrameworkVersionOut]
    next_cursor: int
    has_more: bool


class MutationIn(_Request):
    mutation_id: Uuid
    entity: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    record_id: Uuid
    op: Op
    base_version: Annotated[int, Field(ge=1, lt=2**62)] | None = None
    fields: dict[str, Any]


class PushRequest(_Request):
    device_id: Uuid
    mutations: Annotated[list[MutationIn], Field(max_length=MAX_PUSH_BATCH)]


class FieldConflict(BaseModel):
    field: str
    base: Any
    server: Any
    client: Any


class MutationResult(BaseModel):
    mutation_id: str
    status: Status
    version: int | None = None
    conflicts: list[FieldConflict] = Field(default_factory=list)
    reason: str | None = None


class PushResponse(_Response):
    results: list[MutationResult]


class DigestResponse(_Response):
    assessment_id: str
    digest: str
    records: int


class ExpectedAttachment(BaseModel):
    record_id: str
    sha256: str
    size: int
    arrived: bool


class ExpectedAttachments(_Response):
    assessment_id: str
    attachments: list[ExpectedAttachment]


class UploadState(_Response):
    sha256: str
    received: int
    complete: bool


class CertificateRequest(_Request):
    csr_pem: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


class CertificateResponse(_Response):
    certificate_pem: str
    ca_certificate_pem: str
    serial_number: str
    not_after: datetime


class AuditEntryOut(BaseModel):
    id: int
    at: datetime
    actor: str | None
    action: str
    entity: str | None
    record_id: str | None
    detail: dict[str, Any] | None


class AuditPage(_Response):
    entries: list[AuditEntryOut]
    next_after: int
    has_more: bool


class SignerOut(BaseModel):
    """One signature of an accepted report, as the verifier found it."""

    name: str
    subject: str
    kind: str  # certification | approval | timestamp
    signed_at: datetime | None = None


class SignedReportOut(BaseModel):
    """A signed report the central store verified and accepted."""

    sha256: str
    size: int
    uploaded_by: str
    uploaded_at: datetime
    signers: list[SignerOut]


class SignedReportAccepted(_Response):
    report: SignedReportOut
    already_held: bool


class SignedReports(_Response):
    assessment_id: str
    reports: list[SignedReportOut]


# --- the audit trail on the central store (docs/decisions/0010) ---------------------------


class AuditTrailEntry(_Request):
    """One entry of a device's hash-chained audit trail, exactly what its hash covers (see
    :mod:`qpm_desktop.protocol.audit`), with its place in the chain."""

    seq: Annotated[int, Field(ge=1, lt=2**62)]
    at: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    actor: Annotated[str, StringConstraints(max_length=200)]
    entity: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    record_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    action: Annotated[str, StringConstraints(min_length=1, max_length=16)]
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    session: Uuid | None = None
    elapsed_ms: Annotated[int, Field(ge=0, lt=2**62)] | None = None
    prev_hash: Sha256
    hash: Sha256


class AuditTrailPush(_Request):
    """The next entries of the calling device's audit trail, in seq order."""

    entries: Annotated[list[AuditTrailEntry], Field(min_length=1, max_length=MAX_AUDIT_BATCH)]


class AuditTrailRefusal(BaseModel):
    """The first entry the central store would not take, and why (nothing after it is taken)."""

    seq: int
    reason: str


class AuditTrailAnswer(_Response):
    """``held_through``: the last seq of the chain the central store now holds (0: none);
    entries up to it are acknowledged, whether new (``accepted``) or sent before
    (``already_held``)."""

    device_id: str
    held_through: int
    head_hash: str
    accepted: int
    already_held: int
    refused: AuditTrailRefusal | None = None


class AuditTrailEntryOut(BaseModel):
    device_id: str
    seq: int
    at: str
    actor: str
    entity: str
    record_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    session: str | None
    elapsed_ms: int | None
    prev_hash: str
    hash: str
    received_at: datetime
    received_from: str


class AuditTrailPage(_Response):
    entries: list[AuditTrailEntryOut]
    held_through: int
    next_after: int
    has_more: bool


class AssessmentAuditTrail(_Response):
    assessment_id: str
    entries: list[AuditTrailEntryOut]
    next_offset: int
    has_more: bool
