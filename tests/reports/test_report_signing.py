"""Signing a report (certification, co-signature, timestamp) and verifying it, tampered or not."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from qpm_desktop.reports.render import RenderedReport, render_report
from qpm_desktop.reports.sign import (
    SignatureAppearance,
    SigningError,
    extend_signatures,
    sign_pdf,
    to_asn1_certificate,
    unsigned_fields,
)
from qpm_desktop.reports.snapshot import ReportSnapshot
from qpm_desktop.reports.verify import verify_pdf
from qpm_desktop.reports.verify_cli import verify_main

WHEN = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)


def _sign(pdf: bytes, material, png: bytes | None, *, first: bool, name: str) -> bytes:  # type: ignore[no-untyped-def]
    role = "Lead assessor" if first else "Co-assessor"
    field = unsigned_fields(pdf)[0]
    return sign_pdf(
        pdf,
        material,
        SignatureAppearance(name, role, WHEN, png),
        field_name=field,
        certify=first,
    )


@pytest.fixture(scope="module")
def signed(demo_report: RenderedReport, ca, drawn_signature: bytes) -> bytes:  # type: ignore[no-untyped-def]
    """The demo report, certified by the lead assessor."""
    return _sign(demo_report.pdf, ca.material("Sam Okafor"), drawn_signature, first=True,
                 name="Sam Okafor")  # fmt: skip


@pytest.fixture(scope="module")
def cosigned(signed: bytes, ca) -> bytes:  # type: ignore[no-untyped-def]
    """The certified report, then approved by the co-assessor (Welsh letters in her name)."""
    return _sign(signed, ca.material("Elin Dŵr-Davies"), None, first=False, name="Elin Dŵr-Davies")


def _append_update(pdf: bytes, *, new_page: bool = False) -> bytes:
    """An ordinary incremental update after signing: text drawn on page 1, or a new page."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    if new_page:
        from pyhanko.pdf_utils.writer import PageObject

        page = PageObject(
            contents=writer.add_object(generic.StreamObject(stream_data=b"")),
            media_box=(0, 0, 595, 842),
        )
        writer.insert_page(page)
    else:
        font = generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Font"),
                generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
                generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica"),
            }
        )
        resources = generic.DictionaryObject(
            {
                generic.pdf_name("/Font"): generic.DictionaryObject(
                    {generic.pdf_name("/FTamper"): writer.add_object(font)}
                )
            }
        )
        stream = generic.StreamObject(
            stream_data=b"BT /FTamper 24 Tf 100 700 Td (Standard 8.2 MET) Tj ET"
        )
        writer.add_stream_to_page(0, writer.add_object(stream), resources=resources)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _signed_range_offset(pdf: bytes) -> int:
    """An offset inside the first signed byte range, well into page content."""
    return len(pdf) // 3


# --------------------------------------------------------------------------- valid


def test_pdfsig_says_the_signature_is_valid(signed: bytes, run_poppler, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """poppler's pdfsig, an independent tool, validates the certification signature."""
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    out = run_poppler("pdfsig", str(path))
    assert "Signer Certificate Common Name: Sam Okafor" in out
    assert "Signature Validation: Signature is Valid." in out
    assert "Total document signed" in out


def test_verify_accepts_the_signed_report_and_names_the_signer(signed: bytes, ca) -> None:  # type: ignore[no-untyped-def]
    """Our verifier: intact, whole file covered, chained to the QPM CA, certification."""
    result = verify_pdf(signed, [ca.certificate])
    assert result.valid, result.lines()
    (check,) = result.signatures
    assert check.signer == "Sam Okafor"
    assert check.kind == "certification"
    assert check.intact and check.trusted and check.covers_whole_file
    assert check.signing_time is not None


def test_the_co_assessor_can_add_a_second_signature(
    cosigned: bytes, ca, run_poppler, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """An approval signature after the certification is allowed: both stay valid, for pdfsig
    and for us, and the first is reported as followed only by permitted form filling."""
    result = verify_pdf(cosigned, [ca.certificate])
    assert result.valid, result.lines()
    first, second = result.signatures
    assert (first.kind, second.kind) == ("certification", "approval")
    assert not first.covers_whole_file and first.modification_level == "form_filling"
    assert second.covers_whole_file and second.signer == "Elin Dŵr-Davies"
    path = tmp_path / "cosigned.pdf"
    path.write_bytes(cosigned)
    out = run_poppler("pdfsig", str(path))
    assert out.count("Signature Validation: Signature is Valid.") == 2
    assert unsigned_fields(cosigned) == []


def test_verify_command_prints_the_account_and_exits_zero(
    signed: bytes, ca, tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    """`qpm-desktop verify` prints who signed, when, intact, covered, chained; exit status 0."""
    report = tmp_path / "r.pdf"
    report.write_bytes(signed)
    ca_pem = tmp_path / "ca.pem"
    ca_pem.write_bytes(ca.certificate.public_bytes(serialization.Encoding.PEM))
    assert verify_main([str(report), "--ca", str(ca_pem)]) == 0
    out = capsys.readouterr().out
    expected = [
        "Signed by:",
        "Sam Okafor",
        "Signed at:",
        "Document intact:      yes",
        "Covers whole file:    yes",
        "Chains to QPM CA:     yes",
        "Result: VALID",
    ]
    assert [e for e in expected if e not in out] == []


# --------------------------------------------------------------------------- tampered


def test_a_byte_flipped_inside_the_signed_range_is_not_intact(signed: bytes, ca) -> None:  # type: ignore[no-untyped-def]
    """One byte changed inside the signed range: not intact, not valid."""
    data = bytearray(signed)
    offset = _signed_range_offset(signed)
    data[offset] = data[offset] ^ 0x01
    result = verify_pdf(bytes(data), [ca.certificate])
    assert not result.valid


def test_an_incremental_update_after_signing_is_rejected(
    signed: bytes, ca, tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    """Text added by an incremental update: the signature is intact but no longer covers the
    file, so the report is not valid and the command exits non-zero."""
    tampered = _append_update(signed)
    result = verify_pdf(tampered, [ca.certificate])
    assert not result.valid
    (check,) = result.signatures
    assert check.intact and not check.covers_whole_file
    assert any("no longer covers the whole file" in p for p in check.problems)
    report = tmp_path / "t.pdf"
    report.write_bytes(tampered)
    ca_pem = tmp_path / "ca.pem"
    ca_pem.write_bytes(ca.certificate.public_bytes(serialization.Encoding.PEM))
    assert verify_main([str(report), "--ca", str(ca_pem)]) == 1
    assert "Covers whole file:    no" in capsys.readouterr().out


def test_an_update_after_the_co_signature_is_rejected(cosigned: bytes, ca) -> None:  # type: ignore[no-untyped-def]
    """The same after two signatures: an unsigned change at the end invalidates the report."""
    assert not verify_pdf(_append_update(cosigned), [ca.certificate]).valid


def test_a_page_appended_after_signing_is_rejected(signed: bytes, ca) -> None:  # type: ignore[no-untyped-def]
    """A page appended by an incremental update makes the report not valid."""
    result = verify_pdf(_append_update(signed, new_page=True), [ca.certificate])
    assert not result.valid


def test_a_signature_copied_onto_another_report_is_not_intact(
    demo_snapshot: ReportSnapshot,
    signed: bytes,
    ca,
    drawn_signature: bytes,  # type: ignore[no-untyped-def]
) -> None:
    """The signature value of one report pasted into another report does not verify."""
    other = render_report(dataclasses.replace(demo_snapshot, reference="QPM-2026-9999"))
    other_signed = _sign(other.pdf, ca.material("Sam Okafor"), drawn_signature, first=True,
                         name="Sam Okafor")  # fmt: skip
    start_a, end_a = _contents_gap(signed)
    start_b, end_b = _contents_gap(other_signed)
    value = signed[start_a + 1 : end_a - 1].rstrip(b"0")  # the signature, without its padding
    room = end_b - start_b - 2
    assert len(value) <= room
    forged = other_signed[:start_b] + b"<" + value.ljust(room, b"0") + b">" + other_signed[end_b:]
    assert forged != other_signed
    result = verify_pdf(forged, [ca.certificate])
    assert not result.valid


def _contents_gap(pdf: bytes) -> tuple[int, int]:
    """Where the (last) signature's /Contents sits: the gap between its two byte ranges."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    sig = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[-1]
    a, b, c, _d = sig.byte_range
    return a + b, c


def test_a_key_the_ca_never_certified_is_not_chained(
    demo_report: RenderedReport, ca, other_ca, drawn_signature
) -> None:  # type: ignore[no-untyped-def]
    """Signed with a certificate from another CA: intact, but not chained to the QPM CA."""
    pdf = _sign(demo_report.pdf, other_ca.material("Sam Okafor"), drawn_signature, first=True,
                name="Sam Okafor")  # fmt: skip
    result = verify_pdf(pdf, [ca.certificate])
    assert not result.valid
    (check,) = result.signatures
    assert check.intact and not check.trusted
    assert verify_pdf(pdf, [other_ca.certificate]).valid  # the same file under its own CA


def test_unsigned_and_broken_files_are_not_valid(demo_report: RenderedReport, ca) -> None:  # type: ignore[no-untyped-def]
    """No signature, or a file that is not a PDF at all: not valid, and no exception escapes."""
    assert not verify_pdf(demo_report.pdf, [ca.certificate]).valid
    broken = verify_pdf(b"%PDF-1.7\n garbage", [ca.certificate])
    assert not broken.valid and broken.problems
    assert not verify_pdf(demo_report.pdf[: len(demo_report.pdf) // 2], [ca.certificate]).valid


def test_a_bad_drawing_is_refused_before_signing(demo_report: RenderedReport, ca) -> None:  # type: ignore[no-untyped-def]
    """A drawn signature that is not an image is a clear SigningError."""
    with pytest.raises(SigningError):
        _sign(demo_report.pdf, ca.material("X"), b"not a png", first=True, name="X")


# --------------------------------------------------------------------------- later: B-T / B-LT


def test_timestamp_and_validation_data_keep_the_report_valid(cosigned: bytes, ca, tsa) -> None:  # type: ignore[no-untyped-def]
    """On sync: validation data plus an RFC 3161 document timestamp (pyHanko's dummy TSA under
    the QPM CA) are appended, and the report stays valid; a change after that still fails."""
    tsa_key, tsa_cert = tsa
    timestamper = DummyTimeStamper(
        tsa_cert=to_asn1_certificate(tsa_cert),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            tsa_key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )
    extended = extend_signatures(cosigned, timestamper, [ca.certificate])
    assert extended.startswith(cosigned)
    result = verify_pdf(extended, [ca.certificate])
    assert result.valid, result.lines()
    kinds = [s.kind for s in result.signatures]
    assert kinds == ["certification", "approval", "timestamp"]
    assert result.signatures[-1].timestamp is not None
    assert b"/DSS" in extended[len(cosigned) :]
    assert not verify_pdf(_append_update(extended), [ca.certificate]).valid
