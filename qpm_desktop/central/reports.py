"""Signed reports uploaded to the store: checked before they are accepted, then kept by hash.

An upload is accepted only when, in this order:

1. the caller may write the assessment (anything else is answered as if it did not exist);
2. the bytes have the SHA-256 named in the path;
3. a report version of that assessment (now or in its history) names this file as its PDF, so
   a report is always tied to the record the assessors signed;
4. the same verification as ``qpm-desktop verify`` passes (:mod:`qpm_desktop.signing`): every
   signature intact and valid, chained to this store's CA, nothing but co-signatures and
   validation data after it, the last one covering the whole file, and no signer's certificate
   revoked here.

The PDF is written under ``<data>/reports/`` (content-addressed, fsynced, renamed into place)
before its row is committed, so an accepted report always has its bytes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qpm_desktop.central import auth, ca
from qpm_desktop.central.auth import Principal
from qpm_desktop.central.schema import Certificate, Record, RecordVersion, SignedReport
from qpm_desktop.central.sync import NOT_FOUND, Access
from qpm_desktop.signing.verify import Verification, verify_pdf


class ReportRefused(Exception):
    """An upload that is not accepted: the HTTP status, an error code and a plain reason."""

    def __init__(
        self, status: int, error: str, detail: str, problems: list[str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error
        self.detail = detail
        self.problems = problems or []


def not_found() -> ReportRefused:
    return ReportRefused(404, "not_found", NOT_FOUND)


def report_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / "reports" / sha256[:2] / f"{sha256}.pdf"


def can_write_assessment(session: Session, principal: Principal, assessment_id: str) -> bool:
    record = session.get(Record, ("assessment", assessment_id))
    return record is not None and Access(session, principal).can_write(
        record.organisation_id, assessment_id
    )


def referenced_pdfs(session: Session, assessment_id: str) -> set[str]:
    """Every PDF hash a report version of the assessment names, now or in its history."""
    ids = list(
        session.scalars(
            select(Record.id).where(
                Record.assessment_id == assessment_id, Record.entity == "report_version"
            )
        )
    )
    if not ids:
        return set()
    shas: set[str] = set()
    for start in range(0, len(ids), 500):
        for fields in session.scalars(
            select(RecordVersion.fields).where(
                RecordVersion.entity == "report_version",
                RecordVersion.id.in_(ids[start : start + 500]),
            )
        ):
            if isinstance(fields.get("pdf_sha256"), str):
                shas.add(fields["pdf_sha256"])
    return shas


def revoked_serials(session: Session) -> set[int]:
    """The serials the CA's revocation list names (revoked certificates and devices)."""
    return {serial for serial, _at in ca.revoked_certificates(session)}


def signers_of(verification: Verification) -> list[dict[str, Any]]:
    return [
        {
            "name": s.signer,
            "subject": s.signer_subject,
            "kind": s.kind,
            "signed_at": s.signing_time.isoformat() if s.signing_time else None,
        }
        for s in verification.signatures
    ]


@dataclass(frozen=True, slots=True)
class Accepted:
    report: SignedReport
    already_held: bool


def accept(
    read: Any,
    write: Any,
    principal: Principal,
    assessment_id: str,
    sha256: str,
    data: bytes,
    *,
    data_dir: Path,
    now: datetime,
) -> Accepted:
    """Check an uploaded report and keep it; ``ReportRefused`` says why it was not accepted.

    ``read`` and ``write`` are the database's session factories (``Database.read/write``): the
    checks read, the verification runs outside any transaction, and only the acceptance writes.
    """
    with read() as session:
        if not can_write_assessment(session, principal, assessment_id):
            raise not_found()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ReportRefused(422, "hash_mismatch", "the bytes received do not have this SHA-256")
        held = session.get(SignedReport, (assessment_id, sha256))
        if held is not None:
            return Accepted(held, True)
        if sha256 not in referenced_pdfs(session, assessment_id):
            raise ReportRefused(
                409,
                "unknown_report",
                "no report version of this assessment names this file as its PDF; push the "
                "report version first",
            )
        ca_cert = ca.existing_ca_certificate(session)
        revoked = revoked_serials(session)
    verification = verify_pdf(data, [ca_cert] if ca_cert else [], revoked_serials=revoked)
    if not verification.valid:
        problems = [*verification.problems]
        for index, check in enumerate(verification.signatures, start=1):
            problems += [f"signature {index} ({check.field_name}): {p}" for p in check.problems]
        raise ReportRefused(
            422,
            "report_not_valid",
            "the file is not a valid signed QPM report: every signature must be intact, chained "
            "to this store's CA, and the last one must cover the whole file",
            problems,
        )
    target = report_path(data_dir, sha256)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    with write() as session:
        held = session.get(SignedReport, (assessment_id, sha256))
        if held is not None:  # accepted meanwhile by a concurrent upload
            return Accepted(held, True)
        row = SignedReport(
            assessment_id=assessment_id,
            sha256=sha256,
            size=len(data),
            uploaded_by=principal.username,
            uploaded_at=now,
            signers=signers_of(verification),
        )
        session.add(row)
        auth.audit(
            session,
            now,
            principal.username,
            "report_upload",
            entity="assessment",
            record_id=assessment_id,
            detail={"sha256": sha256, "size": len(data), "signers": row.signers},
        )
    return Accepted(row, False)


def list_reports(session: Session, assessment_id: str) -> list[SignedReport]:
    return list(
        session.scalars(
            select(SignedReport)
            .where(SignedReport.assessment_id == assessment_id)
            .order_by(SignedReport.uploaded_at, SignedReport.sha256)
        )
    )


def revoke_certificate(session: Session, serial: str, *, actor: str, now: datetime) -> Certificate:
    """Revoke an issued certificate (hexadecimal serial, as issued): reports signed with it are
    refused from now on."""
    key = serial.lower().removeprefix("0x").lstrip("0") or "0"
    row = session.get(Certificate, key)
    if row is None:
        raise ValueError(f"no certificate with serial number {serial}")
    if row.revoked_at is None:
        row.revoked_at = now
        auth.audit(
            session,
            now,
            actor,
            "certificate_revoke",
            detail={"serial_number": key, "username": row.username},
        )
    return row
