"""The request and response bodies of the sync API (pydantic, shared by client and server).

Requests forbid unknown fields, so a misspelt field is a clear 4xx rather than silently ignored.
Every response body carries ``server_time``: the server's clock is the one that counts, and the
client compares it with its own to detect skew.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qpm_desktop.protocol import MAX_PUSH_BATCH

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
