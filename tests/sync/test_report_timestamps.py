"""A signed report becomes PAdES B-LT on the next sync, over a real central store process.

The assessor signs on the device; the next sync asks the store's TSA for a document timestamp,
embeds the certificates and the store's revocation list, keeps the extended file as the
report's current file (the signed one unchanged beside it) and sends it, and the store accepts
it after verifying it. poppler's pdfsig and pyHanko both accept the result; tampering after the
timestamp, and a revoked certificate, are reported as not valid; a TSA failure never fails the
sync of records and is tried again next time.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from qpm_desktop.central import reports as central_reports
from qpm_desktop.model.enums import Rating
from qpm_desktop.protocol import PATH_CA, PATH_CRL, PATH_REPORTS
from qpm_desktop.reports.verify import verify_pdf
from qpm_desktop.reports.verify_cli import verify_main
from qpm_desktop.services.reporting import Reporting
from qpm_desktop.sync.client import CentralClient
from qpm_desktop.sync.errors import ServerUnreachable
from tests.central.conftest import missing_tool


def _pdfsig(path: Path) -> str:
    if shutil.which("pdfsig") is None:
        missing_tool("pdfsig (poppler-utils) is not installed")
    done = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60)
    return done.stdout + done.stderr


def _signed_report(device, aid: str):  # type: ignore[no-untyped-def]
    reporting = Reporting(device.services.ctx)
    version = reporting.render_report(aid)
    return reporting, reporting.sign_report(version.id, "Sam Okafor", "Lead assessor", None)


def _ca_and_crl(central) -> tuple[x509.Certificate, bytes]:  # type: ignore[no-untyped-def]
    ca = x509.load_pem_x509_certificate(httpx.get(central.base_url + PATH_CA).content)
    return ca, httpx.get(central.base_url + PATH_CRL).content


def _append_text(pdf: bytes) -> bytes:
    """An ordinary incremental update after the timestamp: a new annotation-free object and a
    changed document info, which the validator must not accept."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    from pyhanko.pdf_utils import generic

    info = writer.trailer["/Info"].get_object() if "/Info" in writer.trailer else None
    if info is not None:
        info[generic.NameObject("/Title")] = generic.TextStringObject("Changed afterwards")
        writer.update_container(info)
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page[generic.NameObject("/Rotate")] = generic.NumberObject(90)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_next_sync_timestamps_the_signed_report(
    central_sqlite, make_device, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    user = central_sqlite.user()
    aid = central_sqlite.assessment(user)["assessment"]
    device = make_device(user, central_sqlite.base_url)
    device.syncing.sync_now()
    reporting, signed = _signed_report(device, aid)
    signed_bytes = reporting._files.read_bytes(signed.pdf_sha256)

    summary = device.syncing.sync_now()
    assert summary.report_problems == ()
    assert summary.reports_timestamped == 1
    assert summary.reports_sent == 1
    current = reporting.version(signed.id)
    assert current.pdf_sha256 != signed.pdf_sha256
    assert current.state == "signed"
    extended = reporting._files.read_bytes(current.pdf_sha256)
    # The signed file is kept unchanged beside it, and is what the extended one starts with.
    assert reporting._files.read_bytes(signed.pdf_sha256) == signed_bytes
    assert extended.startswith(signed_bytes)

    ca, crl = _ca_and_crl(central_sqlite)
    result = verify_pdf(extended, [ca], crls=[crl])
    assert result.valid, result.lines()
    assert [s.kind for s in result.signatures] == ["certification", "timestamp"]
    assert result.timestamp is not None
    assert result.validation_data.embedded
    assert result.validation_data.crls >= 1
    assert verify_pdf(signed_bytes, [ca], crls=[crl]).valid  # the original still verifies

    # poppler, an independent tool: the signature is valid, the timestamp covers everything.
    path = tmp_path / "timestamped.pdf"
    path.write_bytes(extended)
    out = _pdfsig(path)
    blocks = out.split("Signature #")
    assert "Signature Validation: Signature is Valid." in blocks[1], out
    stamp = [b for b in blocks if "Timestamp-" in b or "QPM Central Store Timestamp" in b]
    assert stamp and "Total document signed" in stamp[-1], out

    # The store accepted it (verified on upload) as a report of the assessment.
    with central_sqlite.db.read() as s:
        held = {r.sha256 for r in central_reports.list_reports(s, aid)}
    assert current.pdf_sha256 in held

    # The command line says when it was timestamped and that validation data are embedded.
    ca_path = tmp_path / "ca.pem"
    ca_path.write_bytes(httpx.get(central_sqlite.base_url + PATH_CA).content)
    printed = io.StringIO()
    assert verify_main([str(path), "--ca", str(ca_path)], printed) == 0
    text = printed.getvalue()
    assert "Trusted timestamp:" in text
    assert "Validation data (LTV): embedded" in text
    assert "Result: VALID" in text

    # Nothing more to do on the next sync.
    again = device.syncing.sync_now()
    assert (again.reports_timestamped, again.reports_sent, again.report_problems) == (0, 0, ())

    # Tampering after the timestamp is detected.
    tampered = _append_text(extended)
    assert not verify_pdf(tampered, [ca], crls=[crl]).valid
    flipped = bytearray(extended)
    middle = len(signed_bytes) // 2
    flipped[middle] = flipped[middle] ^ 0x01
    assert not verify_pdf(bytes(flipped), [ca], crls=[crl]).valid


def test_a_revoked_certificate_is_reported_not_valid(central_sqlite, make_device) -> None:  # type: ignore[no-untyped-def]
    """Once the store revokes the signer's certificate, its revocation list makes the
    timestamped report not valid, and the store refuses a report signed with it."""
    user = central_sqlite.user()
    aid = central_sqlite.assessment(user)["assessment"]
    device = make_device(user, central_sqlite.base_url)
    device.syncing.sync_now()
    reporting, _signed = _signed_report(device, aid)
    assert device.syncing.sync_now().reports_timestamped == 1
    extended = reporting._files.read_bytes(reporting.version(_signed.id).pdf_sha256)
    ca, crl_before = _ca_and_crl(central_sqlite)
    assert verify_pdf(extended, [ca], crls=[crl_before]).valid

    certificate = reporting.credentials.certificate()
    assert certificate is not None
    with central_sqlite.db.write() as s:
        central_reports.revoke_certificate(
            s, format(certificate.serial_number, "x"), actor="test", now=central_sqlite.now()
        )
    _ca, crl_after = _ca_and_crl(central_sqlite)
    result = verify_pdf(extended, [ca], crls=[crl_after])
    assert not result.valid
    assert any("revoked" in p for s in result.signatures for p in s.problems), result.lines()
    assert "NOT VALID" in result.lines()[-1]

    # A new report signed with the revoked certificate is not timestamped, and the store
    # does not accept it; the sync of records itself still succeeds.
    device.recording.record_finding(aid, _first_standard(device, aid), rating=Rating.MET)
    version = reporting.render_report(aid)
    reporting.sign_report(version.id, "Sam Okafor", "Lead assessor", None)
    summary = device.syncing.sync_now()
    assert summary.sent >= 1
    assert summary.reports_timestamped == 0
    assert any("revoked" in p for p in summary.report_problems), summary.report_problems
    response = httpx.get(
        central_sqlite.base_url + PATH_REPORTS.format(assessment_id=aid),
        headers={"Authorization": f"Bearer {central_sqlite.sign_in(user).access_token}"},
    )
    assert len(response.json()["reports"]) == 1  # only the report signed before revocation


def test_a_tsa_failure_never_fails_the_sync_and_is_retried(
    central_sqlite, make_device, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    user = central_sqlite.user()
    aid = central_sqlite.assessment(user)["assessment"]
    device = make_device(user, central_sqlite.base_url)
    device.syncing.sync_now()
    reporting, signed = _signed_report(device, aid)

    def unreachable(self: CentralClient, query: bytes) -> bytes:
        raise ServerUnreachable(self.base_url, "ConnectError")

    monkeypatch.setattr(CentralClient, "timestamp", unreachable)
    summary = device.syncing.sync_now()
    assert summary.sent >= 1  # the records went
    assert summary.reports_timestamped == 0
    assert summary.report_problems and "not timestamped" in summary.report_problems[0]
    assert reporting.version(signed.id).pdf_sha256 == signed.pdf_sha256
    assert summary.reports_sent == 1  # the signed (not yet timestamped) report went anyway

    monkeypatch.undo()
    retried = device.syncing.sync_now()
    assert retried.report_problems == ()
    assert retried.reports_timestamped == 1
    current = reporting.version(signed.id)
    assert current.pdf_sha256 != signed.pdf_sha256
    with central_sqlite.db.read() as s:
        held = {r.sha256 for r in central_reports.list_reports(s, aid)}
    assert held == {signed.pdf_sha256, current.pdf_sha256}  # a further version
    reader = PdfFileReader(io.BytesIO(reporting._files.read_bytes(current.pdf_sha256)))
    assert "/DSS" in reader.root


def _first_standard(device, aid: str) -> str:  # type: ignore[no-untyped-def]
    from qpm_desktop.store.tables import Assessment

    with device.services.store.read() as s:
        key = s.get(Assessment, aid).framework_key
    framework = device.services.ctx.frameworks.get(key)
    return framework.sections[0].standards[0].code
