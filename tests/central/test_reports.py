"""Signed reports over real HTTP: verified against the store's CA before they are accepted,
kept by hash, listed, exported; tampered, updated, foreign and revoked ones refused."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field
from reportlab.pdfgen import canvas
from sqlalchemy import select

from qpm_desktop.central import reports
from qpm_desktop.central.schema import AuditLog, SignedReport
from qpm_desktop.reports.sign import SignatureAppearance, sign_pdf
from qpm_desktop.reports.throwaway_ca import make_ca

from .conftest import Central, Session

WHEN = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)
FINDING_TEXT = b"Standard 8.2 NOT MET"


@dataclass(frozen=True)
class Material:
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    ca_certificate: x509.Certificate


def unsigned_report() -> bytes:
    """A one-page PDF (uncompressed, so its text can be found) with two empty signature
    fields, as the app renders a report for a lead and a co-assessor."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1, pageCompression=0)
    page.drawString(72, 760, "QPM visit report (test)")
    page.drawString(72, 740, FINDING_TEXT.decode())
    page.save()
    writer = IncrementalPdfFileWriter(io.BytesIO(buffer.getvalue()))
    append_signature_field(writer, SigFieldSpec("Signature1", box=(72, 72, 272, 152), on_page=0))
    append_signature_field(writer, SigFieldSpec("Signature2", box=(320, 72, 520, 152), on_page=0))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def enrol(session: Session) -> Material:
    """A key and a certificate issued by the store's CA for the signed-in assessor."""
    key = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ignored")]))
        .sign(key, hashes.SHA256())
    )
    r = session.post(
        "/api/v1/certificates",
        json={"csr_pem": csr.public_bytes(serialization.Encoding.PEM).decode()},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    return Material(
        key,
        x509.load_pem_x509_certificate(body["certificate_pem"].encode()),
        x509.load_pem_x509_certificate(body["ca_certificate_pem"].encode()),
    )


def sign(pdf: bytes, material: Any, name: str, *, first: bool = True) -> bytes:
    return sign_pdf(
        pdf,
        material,
        SignatureAppearance(name, "Lead assessor" if first else "Co-assessor", WHEN),
        field_name="Signature1" if first else "Signature2",
        certify=first,
    )


def append_page(pdf: bytes) -> bytes:
    """An ordinary incremental update after signing: a new blank page."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PageObject

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.insert_page(
        PageObject(
            contents=writer.add_object(generic.StreamObject(stream_data=b"")),
            media_box=(0, 0, 595, 842),
        )
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def common_name(cert: x509.Certificate) -> str:
    return str(cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def name_report(session: Session, assessment_id: str, *pdfs: bytes) -> None:
    """Push a report version naming each PDF in turn (as signing, then co-signing, does)."""
    record_id = str(uuid.uuid4())
    for version, pdf in enumerate(pdfs):
        result = session.push(
            [
                {
                    "mutation_id": str(uuid.uuid4()),
                    "entity": "report_version",
                    "record_id": record_id,
                    "op": "create" if version == 0 else "update",
                    "base_version": None if version == 0 else version,
                    "fields": {
                        "assessment_id": assessment_id,
                        "number": 1,
                        "snapshot_sha256": "0" * 64,
                        "pdf_sha256": sha(pdf),
                        "size": len(pdf),
                        "file_name": "report.pdf",
                        "state": "signed",
                    },
                }
            ]
        )[0]
        assert result["status"] == "applied", result["reason"]


def put(
    session: Session | None,
    central: Central,
    assessment_id: str,
    pdf: bytes,
    digest: str | None = None,
) -> httpx.Response:
    headers = session.headers if session else {}
    return central.http.put(
        f"/api/v1/assessments/{assessment_id}/reports/{digest or sha(pdf)}",
        content=pdf,
        headers={**headers, "Content-Type": "application/pdf"},
    )


def held(central: Central, assessment_id: str) -> set[str]:
    with central.db.read() as s:
        return set(
            s.scalars(
                select(SignedReport.sha256).where(SignedReport.assessment_id == assessment_id)
            )
        )


@dataclass
class Setup:
    central: Central
    lead: Session
    co: Session
    assessment: str
    lead_material: Material
    co_material: Material
    unsigned: bytes


@pytest.fixture(scope="module")
def setup(central: Central) -> Setup:
    lead, co = central.user(), central.user()
    ids = central.assessment(lead, co)
    lead_session, co_session = central.sign_in(lead), central.sign_in(co)
    return Setup(
        central,
        lead_session,
        co_session,
        ids["assessment"],
        enrol(lead_session),
        enrol(co_session),
        unsigned_report(),
    )


def test_valid_report_is_accepted_kept_by_hash_and_listed(setup: Setup) -> None:
    """A report signed with a certificate from the store's CA, then co-signed, is accepted; both
    files are kept by hash, listed, downloadable, audited, and a resend is acknowledged."""
    signed = sign(setup.unsigned, setup.lead_material, "Sam Okafor")
    cosigned = sign(signed, setup.co_material, "Elin Dŵr-Davies", first=False)
    name_report(setup.lead, setup.assessment, signed, cosigned)

    for pdf in (signed, cosigned):
        r = put(setup.lead, setup.central, setup.assessment, pdf)
        assert r.status_code == 200, r.text
        assert r.json()["already_held"] is False
        assert r.json()["report"]["sha256"] == sha(pdf)
    signers = r.json()["report"]["signers"]
    assert [s["kind"] for s in signers] == ["certification", "approval"]
    assert [s["name"] for s in signers] == [
        common_name(setup.lead_material.certificate),
        common_name(setup.co_material.certificate),
    ]

    again = put(setup.co, setup.central, setup.assessment, cosigned)
    assert again.status_code == 200 and again.json()["already_held"] is True
    assert held(setup.central, setup.assessment) == {sha(signed), sha(cosigned)}

    listed = setup.co.get(f"/api/v1/assessments/{setup.assessment}/reports")
    assert listed.status_code == 200
    assert {r["sha256"] for r in listed.json()["reports"]} == {sha(signed), sha(cosigned)}
    back = setup.co.get(f"/api/v1/assessments/{setup.assessment}/reports/{sha(cosigned)}")
    assert back.status_code == 200 and back.content == cosigned
    assert back.headers["content-type"] == "application/pdf"
    with setup.central.db.read() as s:
        audited = s.scalars(
            select(AuditLog.detail).where(
                AuditLog.action == "report_upload", AuditLog.record_id == setup.assessment
            )
        ).all()
    assert sorted(d["sha256"] for d in audited) == sorted([sha(signed), sha(cosigned)])


@pytest.mark.parametrize("kind", ["tampered", "page_appended", "foreign_ca", "unsigned"])
def test_invalid_reports_are_refused_and_not_kept(setup: Setup, kind: str) -> None:
    """A tampered report, one with an ordinary update after the signature, one chained to
    another CA and an unsigned one are each refused with a reason, and nothing is kept."""
    signed = sign(setup.unsigned, setup.lead_material, "Sam Okafor")
    if kind == "tampered":
        assert signed.count(FINDING_TEXT) == 1
        pdf = signed.replace(FINDING_TEXT, b"Standard 8.2 MET    ")
        expected = "changed after signing"
    elif kind == "page_appended":
        pdf = append_page(signed)
        expected = "whole file"
    elif kind == "foreign_ca":
        pdf = sign(setup.unsigned, make_ca("Some Other CA").material("Sam Okafor"), "Sam Okafor")
        expected = "chain to the QPM CA"
    else:
        pdf = setup.unsigned
        expected = "no signature"
    name_report(setup.lead, setup.assessment, pdf)
    r = put(setup.lead, setup.central, setup.assessment, pdf)
    assert r.status_code == 422, r.text
    assert r.json()["error"] == "report_not_valid"
    assert any(expected in p for p in r.json()["problems"]), r.json()["problems"]
    assert sha(pdf) not in held(setup.central, setup.assessment)


def test_report_no_record_names_or_whose_bytes_differ_is_refused(setup: Setup) -> None:
    """A valid report no report version names is refused (409), and bytes that do not match
    the SHA-256 in the path are refused (422); neither is kept."""
    stray = sign(setup.unsigned, setup.lead_material, "Sam Okafor")
    r = put(setup.lead, setup.central, setup.assessment, stray)
    assert r.status_code == 409 and r.json()["error"] == "unknown_report"
    liar = put(setup.lead, setup.central, setup.assessment, stray, sha(b"other"))
    assert liar.status_code == 422 and liar.json()["error"] == "hash_mismatch"
    assert sha(stray) not in held(setup.central, setup.assessment)


def test_report_signed_with_a_revoked_certificate_is_refused(setup: Setup) -> None:
    """After ``admin revoke-certificate``, a report signed with that certificate is refused."""
    session = setup.central.sign_in(setup.central.user())
    # A fresh assessor of the same assessment, so revoking does not touch the other tests.
    with setup.central.db.write() as s:
        from qpm_desktop.central import admin

        admin.assign(s, setup.assessment, _username(session), "co", actor="t", now=WHEN)
    material = enrol(session)
    pdf = sign(setup.unsigned, material, "Revoked Person")
    name_report(session, setup.assessment, pdf)
    done = _cli(
        setup.central,
        "admin",
        "revoke-certificate",
        format(material.certificate.serial_number, "x"),
    )
    assert done.returncode == 0, done.stderr
    r = put(session, setup.central, setup.assessment, pdf)
    assert r.status_code == 422 and any("revoked" in p for p in r.json()["problems"])


def _username(session: Session) -> str:
    me = session.central.http.get("/api/v1/sync/pull", headers=session.headers)
    assert me.status_code == 200
    with session.central.db.read() as s:
        from qpm_desktop.central.schema import Device

        return s.scalars(select(Device.username).where(Device.device_id == session.device_id)).one()


def _cli(central: Central, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "qpm_desktop.central.cli",
            *args,
            "--db-url",
            central.db_url,
            "--data-dir",
            str(central.data_dir),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _normalise(r: httpx.Response) -> dict[str, Any]:
    if r.headers.get("content-type") == "application/pdf":
        return {"status": r.status_code, "body": sha(r.content)}
    body = r.json()
    body.pop("server_time", None)
    return {"status": r.status_code, "body": body}


def test_reports_of_someone_elses_assessment_look_absent(setup: Setup) -> None:
    """An assessor of another assessment gets for every report endpoint exactly the answer
    about an assessment that does not exist; a reviewer may list but not upload."""
    central = setup.central
    outsider = central.sign_in(central.user())
    central.assessment(_username(outsider))
    signed = sign(setup.unsigned, setup.lead_material, "Sam Okafor")
    name_report(setup.lead, setup.assessment, signed)
    assert put(setup.lead, central, setup.assessment, signed).status_code == 200
    absent = str(uuid.uuid4())
    reviewer = central.sign_in(central.user("reviewer"))

    def calls(session: Session, assessment_id: str) -> list[dict[str, Any]]:
        base = f"/api/v1/assessments/{assessment_id}/reports"
        return [
            _normalise(put(session, central, assessment_id, signed)),
            _normalise(session.get(base)),
            _normalise(session.get(f"{base}/{sha(signed)}")),
        ]

    foreign = calls(outsider, setup.assessment)
    assert [c["status"] for c in foreign] == [404, 404, 404]
    assert foreign == calls(outsider, absent)
    by_reviewer = calls(reviewer, setup.assessment)
    assert [c["status"] for c in by_reviewer] == [404, 200, 200]
    assert by_reviewer[0] == calls(reviewer, absent)[0]
    anonymous = put(None, central, setup.assessment, signed)
    assert anonymous.status_code == 401


def test_export_writes_the_reports_beside_the_json(setup: Setup, tmp_path: Path) -> None:
    """``admin export-assessment --output`` lists the accepted reports and writes each PDF,
    byte for byte, beside the JSON."""
    signed = sign(setup.unsigned, setup.lead_material, "Sam Okafor")
    name_report(setup.lead, setup.assessment, signed)
    assert put(setup.lead, setup.central, setup.assessment, signed).status_code == 200
    out = tmp_path / "export.json"
    done = _cli(setup.central, "admin", "export-assessment", setup.assessment, "--output", str(out))
    assert done.returncode == 0, done.stderr
    exported = json.loads(out.read_text(encoding="utf-8"))
    files = {r["sha256"]: r["file"] for r in exported["reports"]}
    assert sha(signed) in files
    for digest, name in files.items():
        assert sha((tmp_path / name).read_bytes()) == digest
    assert reports.report_path(setup.central.data_dir, sha(signed)).read_bytes() == signed
