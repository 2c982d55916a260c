"""The central store's tables (SQLAlchemy 2, typed). Alembic (db/central) owns the schema.

Records are stored generically, one table for every entity: the protocol's entity catalogue
says what their fields are, so a new field needs no server migration. Every accepted change
bumps the record's ``version`` and takes a ``seq`` from the one counter row; the seq is
allocated inside the write transaction while the counter row is locked, so the order of commits
is the order of seqs and a pull cursor never skips a change committed late.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SEQ_COUNTER = "seq"


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime in and out; stored naive (UTC) so SQLite and PostgreSQL agree."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware one (UTC)")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


# An autoincrementing 64-bit key on PostgreSQL that is still SQLite's rowid alias.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # assessor | reviewer | admin
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Device(Base):
    """A device a user signed in from (the desktop app's own id for its database)."""

    __tablename__ = "devices"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class RefreshToken(Base):
    """A refresh token, kept only as its SHA-256. ``family`` links a token to its rotations."""

    __tablename__ = "refresh_tokens"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family: Mapped[str] = mapped_column(String(36), index=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    revoked_reason: Mapped[str | None] = mapped_column(String(32), default=None)


class SignInThrottle(Base):
    """Failed sign-ins per (username, client address), for slowing down password guessing."""

    __tablename__ = "sign_in_throttle"

    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class Assignment(Base):
    __tablename__ = "assignments"

    assessment_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(8))  # lead | co
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FrameworkVersion(Base):
    __tablename__ = "framework_versions"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)  # "id@version"
    framework_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    placeholder: Mapped[bool] = mapped_column(Boolean)
    content: Mapped[str] = mapped_column(Text)  # canonical JSON
    sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    imported_by: Mapped[str] = mapped_column(String(100))


class Record(Base):
    """The newest version of one synced record. ``fields`` holds every wire field."""

    __tablename__ = "records"
    __table_args__ = (
        Index("ix_records_assessment_seq", "assessment_id", "seq"),
        Index("ix_records_organisation_seq", "organisation_id", "seq"),
    )

    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    assessment_id: Mapped[str | None] = mapped_column(String(36), default=None)
    organisation_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(100))
    #: The device whose pushed change, applied exactly as sent (base = the version it replaced,
    #: no conflict), made this version; ``None`` for anything else (a merge, a conflict, an
    #: administrator's write, a record re-sequenced). A pull may leave such a version out for
    #: that device, which already knows it from the push's answer (docs/decisions/0016).
    applied_from: Mapped[str | None] = mapped_column(String(36), default=None)


class RecordVersion(Base):
    """Every version a record has had: the base of a three-way merge, and its history."""

    __tablename__ = "record_versions"

    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by: Mapped[str] = mapped_column(String(100))


class MutationSeen(Base):
    """Every mutation id ever pushed, what it contained, and the answer given."""

    __tablename__ = "mutations_seen"

    mutation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    content_sha256: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    username: Mapped[str] = mapped_column(String(100))
    device_id: Mapped[str] = mapped_column(String(36))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditLog(Base):
    """Every write and every sign-in (successful or not), for administrators."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str | None] = mapped_column(String(100), default=None, index=True)
    action: Mapped[str] = mapped_column(String(32), index=True)
    entity: Mapped[str | None] = mapped_column(String(32), default=None)
    record_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    client: Mapped[str | None] = mapped_column(String(64), default=None)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class Counter(Base):
    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class ServerSetting(Base):
    """Server secrets and facts: the token signing key, the CA key and certificate."""

    __tablename__ = "server_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Blob(Base):
    """An attachment whose bytes have all arrived and matched their SHA-256."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    uploaded_by: Mapped[str] = mapped_column(String(100))


class Certificate(Base):
    """A report-signing certificate issued by the store's CA."""

    __tablename__ = "certificates"

    serial_number: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    device_id: Mapped[str | None] = mapped_column(String(36), default=None)
    subject: Mapped[str] = mapped_column(Text)
    not_after: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    pem: Mapped[str] = mapped_column(Text)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class SignedReport(Base):
    """A signed report (PDF) of an assessment, verified against the CA before it was accepted.

    The bytes are kept content-addressed under the data folder (``reports/``); the row keeps
    the SHA-256 and who signed, as the verifier found them.
    """

    __tablename__ = "signed_reports"

    assessment_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    uploaded_by: Mapped[str] = mapped_column(String(100))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    signers: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class DeviceAuditEntry(Base):
    """One entry of a device's hash-chained audit trail, kept once the chain was checked
    (docs/decisions/0010). ``at`` is the time exactly as the device wrote and hashed it."""

    __tablename__ = "device_audit_entries"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    entity: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(16))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    session_id: Mapped[str | None] = mapped_column(String(36), default=None)
    elapsed_ms: Mapped[int | None] = mapped_column(BigInteger, default=None)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_from: Mapped[str] = mapped_column(String(100))
