"""Verify a signed report: who signed, when, intact, whole file covered, chained to the QPM CA.

The rule, per signature (pyHanko does the cryptography and the difference analysis):

* the signed bytes are intact and the signature is valid;
* the signer's certificate chains to one of the given QPM CA certificates;
* what was appended after it is allowed: nothing (it covers the whole file), or only what the
  certification permits and a later valid signature covers (a co-assessor's signature), or only
  validation data and document timestamps ("LTA updates", added on sync);
* a certification signature's DocMDP permission is respected;
* the signer's certificate is not on the given list of revoked serial numbers (the central
  store's revocation list; the CA publishes no CRL or OCSP responder, so the list is passed in).

The last signature or timestamp must therefore cover the file, apart from validation data: a
signature that is intact but no longer covers the file because an ordinary incremental update
was appended (new text, a new page, an annotation) makes the report invalid. Any exception
during validation counts as invalid: a broken file never passes.
"""

from __future__ import annotations

import io
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

__all__ = ["SignatureCheck", "Verification", "load_ca_certificates", "verify_pdf"]


@dataclass(frozen=True)
class SignatureCheck:
    """What was found about one signature (or document timestamp)."""

    field_name: str
    kind: str  # "certification" | "approval" | "timestamp"
    signer: str
    signer_subject: str
    signing_time: datetime | None
    timestamp: datetime | None
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    modification_level: str
    docmdp_ok: bool | None
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Verification:
    signatures: tuple[SignatureCheck, ...]
    problems: tuple[str, ...] = field(default=())

    @property
    def valid(self) -> bool:
        return bool(self.signatures) and not self.problems and all(s.ok for s in self.signatures)

    def lines(self) -> list[str]:
        """A plain account for people (what ``qpm-desktop verify`` prints)."""
        out: list[str] = []
        for i, s in enumerate(self.signatures, start=1):
            out.append(f"Signature {i} ({s.kind}, field {s.field_name})")
            out.append(f"  Signed by:            {s.signer} ({s.signer_subject})")
            when = s.signing_time.isoformat() if s.signing_time else "not stated"
            out.append(f"  Signed at:            {when}")
            if s.timestamp:
                out.append(f"  Trusted timestamp:    {s.timestamp.isoformat()}")
            out.append(f"  Document intact:      {_yes(s.intact and s.valid)}")
            out.append(f"  Covers whole file:    {_yes(s.covers_whole_file)}")
            if not s.covers_whole_file:
                out.append(f"  Changed after it:     {s.modification_level}")
            out.append(f"  Chains to QPM CA:     {_yes(s.trusted)}")
            for p in s.problems:
                out.append(f"  PROBLEM: {p}")
        for p in self.problems:
            out.append(f"PROBLEM: {p}")
        out.append("Result: VALID" if self.valid else "Result: NOT VALID")
        return out


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def load_ca_certificates(data: bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM bundle (or one DER certificate)."""
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def verify_pdf(
    data: bytes,
    ca_certificates: Sequence[x509.Certificate],
    *,
    revoked_serials: Collection[int] = (),
) -> Verification:
    """Check every signature of the PDF ``data`` against the QPM CA certificates.

    A signature whose certificate's serial number is in ``revoked_serials`` is not valid.
    """
    try:
        return _verify(data, ca_certificates, frozenset(revoked_serials))
    except Exception as e:  # a broken file, a malformed signature: never "valid"
        return Verification((), (f"the file could not be validated: {type(e).__name__}: {e}",))


def _verify(
    data: bytes, ca_certificates: Sequence[x509.Certificate], revoked: frozenset[int]
) -> Verification:
    if not ca_certificates:
        return Verification((), ("no QPM CA certificate was given to check against",))
    roots = [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
        for c in ca_certificates
    ]

    def context() -> ValidationContext:
        return ValidationContext(
            trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
        )

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    embedded = sorted(reader.embedded_signatures, key=lambda s: s.signed_revision)
    if not embedded:
        return Verification((), ("the file has no signature",))
    usage = KeyUsageConstraints(
        key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
    )
    permitted_later = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES}
    checks = []
    for index, sig in enumerate(embedded):
        is_last = index == len(embedded) - 1
        problems: list[str] = []
        is_timestamp = sig.sig_object.get("/Type") == "/DocTimeStamp"
        status = (
            validate_pdf_timestamp(sig, context())
            if is_timestamp
            else validate_pdf_signature(sig, context(), context(), key_usage_settings=usage)
        )
        level = status.modification_level
        whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        if not status.intact:
            problems.append("the signed bytes were changed after signing")
        elif not status.valid:
            problems.append("the signature does not match its certificate")
        if not status.trusted:
            problems.append(
                "the certificate does not chain to the QPM CA, or may not sign documents"
            )
        if status.coverage is None or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION:
            problems.append("the signature does not cover a whole revision of the file")
        elif not whole:
            if level is None or level not in (permitted_later | {ModificationLevel.FORM_FILLING}):
                problems.append(
                    "the file was changed after signing (it no longer covers the whole file)"
                )
            elif level == ModificationLevel.FORM_FILLING and is_last:
                problems.append(
                    "an unsigned change was appended after the last signature "
                    "(it no longer covers the whole file)"
                )
        if getattr(status, "docmdp_ok", None) is False:
            problems.append("a change after signing breaks the certification's permissions")
        timestamp = None
        tsv = getattr(status, "timestamp_validity", None)
        if is_timestamp:
            timestamp = getattr(status, "timestamp", None)
        elif tsv is not None:
            timestamp = tsv.timestamp
            if not (tsv.intact and tsv.valid and tsv.trusted):
                problems.append("the signature's timestamp is not valid")
        cert = status.signing_cert
        if not is_timestamp and int(cert.serial_number) in revoked:
            problems.append("the signer's certificate was revoked by the QPM CA")
        checks.append(
            SignatureCheck(
                field_name=str(sig.field_name),
                kind="timestamp"
                if is_timestamp
                else ("certification" if sig.docmdp_level is not None else "approval"),
                signer=_common_name(cert),
                signer_subject=cert.subject.human_friendly,
                signing_time=getattr(status, "signer_reported_dt", None),
                timestamp=timestamp,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                covers_whole_file=whole,
                modification_level=level.name.lower() if level is not None else "unknown",
                docmdp_ok=getattr(status, "docmdp_ok", None),
                problems=tuple(problems),
            )
        )
    return Verification(tuple(checks))


def _common_name(cert: object) -> str:
    try:
        return str(cert.subject.native.get("common_name", ""))  # type: ignore[attr-defined]
    except Exception:
        return ""
