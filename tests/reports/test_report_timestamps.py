"""PAdES B-LT without a server: the TSA code the central store runs, under a throwaway CA.

A signed report extended with validation data (certificates and the CA's revocation list) and
a document timestamp stays valid for pyHanko and pdfsig; the timestamp covers the whole file; a
revoked signer, a foreign revocation list and tampering after the timestamp are all caught.
The PDF's dates are the snapshot's time, and one snapshot still renders to the same bytes.
"""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.signers import PdfTimeStamper

from qpm_desktop.reports.render import render_report
from qpm_desktop.reports.sign import (
    SignatureAppearance,
    SigningError,
    TimestampClient,
    extend_signatures,
    sign_pdf,
    unsigned_fields,
)
from qpm_desktop.reports.snapshot import ReportSnapshot
from qpm_desktop.reports.throwaway_ca import ThrowawayCA, make_ca
from qpm_desktop.reports.verify import verify_pdf
from qpm_desktop.reports.verify_cli import verify_main
from qpm_desktop.signing.certificates import revocation_list, tsa_certificate
from qpm_desktop.signing.tsa import TimestampAuthority, TimestampQueryError, respond

NOW = datetime.now(UTC).replace(microsecond=0)
TAKEN = "2026-12-03T16:30:00+00:00"


def authority(ca: ThrowawayCA) -> TimestampAuthority:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "QPM Test TSA")])
    cert = tsa_certificate(
        ca.key,
        ca.certificate,
        key.public_key(),
        name,
        not_before=NOW - timedelta(hours=1),
        not_after=NOW + timedelta(days=365),
    )
    return TimestampAuthority(key, cert, (ca.certificate,))


def crl_of(ca: ThrowawayCA, *revoked: int) -> bytes:
    return revocation_list(
        ca.key,
        ca.certificate,
        [(serial, NOW) for serial in revoked],
        this_update=NOW,
        next_update=NOW + timedelta(days=7),
        number=1,
    ).public_bytes(serialization.Encoding.DER)


def timestamper(tsa: TimestampAuthority) -> TimestampClient:
    return TimestampClient(lambda query: respond(query, tsa, datetime.now(UTC)))


@pytest.fixture(scope="module")
def setting(demo_snapshot: ReportSnapshot, ca: ThrowawayCA):  # type: ignore[no-untyped-def]
    material = ca.material("Sam Okafor")
    pdf = render_report(dataclasses.replace(demo_snapshot, taken_at=TAKEN)).pdf
    signed = sign_pdf(
        pdf,
        material,
        SignatureAppearance("Sam Okafor", "Lead assessor", NOW),
        field_name=unsigned_fields(pdf)[0],
        certify=True,
    )
    tsa = authority(ca)
    extended = extend_signatures(signed, timestamper(tsa), [ca.certificate], crls=[crl_of(ca)])
    return material, signed, extended, tsa


def test_the_extended_report_is_valid_b_lt(setting, ca, run_poppler, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _material, signed, extended, _tsa = setting
    assert extended.startswith(signed)
    result = verify_pdf(extended, [ca.certificate])
    assert result.valid, result.lines()
    assert [s.kind for s in result.signatures] == ["certification", "timestamp"]
    stamp = result.signatures[-1]
    assert stamp.covers_whole_file and stamp.trusted
    assert stamp.timestamp is not None and abs(stamp.timestamp - NOW) < timedelta(minutes=5)
    data = result.validation_data
    assert data.embedded and data.certificates >= 3 and data.crls == 1
    assert data.crl_issued_at == NOW  # the embedded list was consulted
    assert not verify_pdf(signed, [ca.certificate]).validation_data.embedded

    path = tmp_path / "b-lt.pdf"
    path.write_bytes(extended)
    out = run_poppler("pdfsig", str(path))
    blocks = out.split("Signature #")[1:]
    assert "Signature Validation: Signature is Valid." in blocks[0], out
    assert "Total document signed" in blocks[-1] and "QPM Test TSA" in blocks[-1], out

    ca_path = tmp_path / "ca.pem"
    ca_path.write_bytes(ca.certificate.public_bytes(serialization.Encoding.PEM))
    printed = io.StringIO()
    assert verify_main([str(path), "--ca", str(ca_path)], printed) == 0
    text = printed.getvalue()
    assert "Timestamp authority:  QPM Test TSA" in text
    assert f"Trusted timestamp:    {stamp.timestamp.isoformat()}" in text
    assert "Validation data (LTV): embedded (" in text
    assert f"Document timestamp:    {stamp.timestamp.isoformat()}" in text


def test_a_revoked_signer_is_not_valid(setting, ca, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A later CRL listing the signer's certificate makes the timestamped report not valid;
    the same serial on another CA's list, or a list nobody trusted signed, changes nothing
    (but a list given by hand that the CA did not sign is a problem)."""
    material, signed, extended, tsa = setting
    serial = material.certificate.serial_number
    revoked = verify_pdf(extended, [ca.certificate], crls=[crl_of(ca, serial)])
    assert not revoked.valid
    assert "the signer's certificate was revoked by the QPM CA" in revoked.signatures[0].problems
    other = make_ca("Some Other CA")
    foreign = verify_pdf(extended, [ca.certificate], crls=[crl_of(other, serial)])
    assert not foreign.valid
    assert foreign.problems == ("the revocation list given is not signed by the QPM CA",)
    assert foreign.signatures[0].ok

    # On the command line too, with --crl.
    path, ca_path, crl_path = tmp_path / "r.pdf", tmp_path / "ca.pem", tmp_path / "ca.crl"
    path.write_bytes(extended)
    ca_path.write_bytes(ca.certificate.public_bytes(serialization.Encoding.PEM))
    crl_path.write_bytes(crl_of(ca, serial))
    printed = io.StringIO()
    assert verify_main([str(path), "--ca", str(ca_path), "--crl", str(crl_path)], printed) == 1
    assert "revoked" in printed.getvalue()

    # And the extension refuses to timestamp a revoked signature.
    with pytest.raises(SigningError, match="revoked"):
        extend_signatures(signed, timestamper(tsa), [ca.certificate], crls=[crl_of(ca, serial)])


def test_tampering_after_the_timestamp_is_detected(setting, ca) -> None:  # type: ignore[no-untyped-def]
    _material, signed, extended, _tsa = setting
    from tests.reports.test_report_signing import _append_update

    assert not verify_pdf(_append_update(extended), [ca.certificate]).valid
    flipped = bytearray(extended)
    where = len(signed) + (len(extended) - len(signed)) // 3  # inside the timestamped revision
    flipped[where] ^= 0x01
    assert not verify_pdf(bytes(flipped), [ca.certificate]).valid


def test_a_timestamp_from_a_foreign_tsa_does_not_chain(setting, ca) -> None:  # type: ignore[no-untyped-def]
    _material, signed, _extended, _tsa = setting
    """The extension refuses a token the QPM CA does not vouch for; and a file timestamped by
    such a TSA anyway is not valid."""
    foreign_tsa = authority(make_ca("Some Other CA"))
    with pytest.raises(SigningError, match="no trusted timestamp"):
        extend_signatures(signed, timestamper(foreign_tsa), [ca.certificate])
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    stamped = (
        PdfTimeStamper(timestamper(foreign_tsa))
        .timestamp_pdf(writer, md_algorithm="sha256")
        .getvalue()
    )
    result = verify_pdf(stamped, [ca.certificate])
    assert not result.valid
    assert not result.signatures[-1].trusted


def test_the_tsa_refuses_what_it_does_not_answer(ca) -> None:  # type: ignore[no-untyped-def]
    tsa = authority(ca)
    for bad in (b"", b"\x30\x00", b"x" * 5000):
        with pytest.raises(TimestampQueryError):
            respond(bad, tsa, NOW)


def test_the_pdf_dates_are_the_snapshot_time_and_renders_repeat(
    demo_snapshot: ReportSnapshot,
) -> None:
    """CreationDate and ModDate are the snapshot's time (not ReportLab's 2000-01-01 nor the
    clock's), the same snapshot renders to the same bytes, and the time is not part of the
    snapshot's identity."""
    snapshot = dataclasses.replace(demo_snapshot, taken_at=TAKEN)
    first = render_report(snapshot).pdf
    assert render_report(snapshot).pdf == first
    info = PdfFileReader(io.BytesIO(first), strict=False).trailer["/Info"]
    assert str(info["/CreationDate"]) == "D:20261203163000+00'00'"
    assert str(info["/ModDate"]) == "D:20261203163000+00'00'"
    later = dataclasses.replace(demo_snapshot, taken_at="2027-01-05T09:00:00+00:00")
    assert later.sha256 == snapshot.sha256 == demo_snapshot.sha256
    assert render_report(later).pdf != first
