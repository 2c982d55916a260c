"""Verify a signed report: who signed, when, intact, whole file covered, chained to the QPM CA.

The rule, per signature (pyHanko does the cryptography and the difference analysis):

* the signed bytes are intact and the signature is valid;
* the signer's certificate chains to one of the given QPM CA certificates;
* what was appended after it is allowed: nothing (it covers the whole file), or only what the
  certification permits and a later valid signature covers (a co-assessor's signature), or only
  validation data and document timestamps ("LTA updates", added on sync);
* a certification signature's DocMDP permission is respected;
* the signer's certificate is not revoked: not on the given list of revoked serial numbers (the
  central store's own table), nor on a certificate revocation list signed by one of the given
  CAs: one passed in (``qpm-desktop verify --crl``, fetched from the store's ``ca.crl``) or one
  embedded in the file's document security store on sync (decision 0009).

A document timestamp (RFC 3161, from the central store's TSA) must chain to a given CA too. The
account also says whether validation data (certificates and revocation lists, "LTV") are
embedded, which is what keeps the report checkable after its certificates expire.

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
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

_RSA = rsa.RSAPublicKey

__all__ = [
    "SignatureCheck",
    "ValidationData",
    "Verification",
    "load_ca_certificates",
    "load_crl",
    "verify_pdf",
]


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
class ValidationData:
    """What the file's document security store (DSS) holds, and the revocation list used."""

    certificates: int = 0
    crls: int = 0
    ocsp_responses: int = 0
    #: The newest CRL signed by a given CA that was consulted (passed in or embedded).
    crl_issued_at: datetime | None = None
    crl_next_update: datetime | None = None
    revoked_listed: int = 0

    @property
    def embedded(self) -> bool:
        """Certificates and revocation data are in the file (PAdES B-LT)."""
        return self.certificates > 0 and (self.crls + self.ocsp_responses) > 0


@dataclass(frozen=True)
class Verification:
    signatures: tuple[SignatureCheck, ...]
    problems: tuple[str, ...] = field(default=())
    validation_data: ValidationData = field(default_factory=ValidationData)

    @property
    def timestamp(self) -> datetime | None:
        """The time of the latest trusted document timestamp, if any."""
        times = [s.timestamp for s in self.signatures if s.kind == "timestamp" and s.timestamp]
        return max(times) if times else None

    @property
    def valid(self) -> bool:
        return bool(self.signatures) and not self.problems and all(s.ok for s in self.signatures)

    def lines(self) -> list[str]:
        """A plain account for people (what ``qpm-desktop verify`` prints)."""
        out: list[str] = []
        for i, s in enumerate(self.signatures, start=1):
            out.append(f"Signature {i} ({s.kind}, field {s.field_name})")
            if s.kind == "timestamp":
                out.append(f"  Timestamp authority:  {s.signer} ({s.signer_subject})")
            else:
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
        data = self.validation_data
        if data.embedded:
            held = f"{data.certificates} certificate(s), {data.crls} revocation list(s)"
            if data.ocsp_responses:
                held += f", {data.ocsp_responses} OCSP response(s)"
            out.append(f"Validation data (LTV): embedded ({held})")
        else:
            out.append("Validation data (LTV): not embedded")
        stamped = self.timestamp
        out.append(
            "Document timestamp:    "
            + (stamped.isoformat() if stamped else "none (the file has no trusted timestamp)")
        )
        if data.crl_issued_at is not None:
            out.append(
                f"Revocation list:       issued {data.crl_issued_at.isoformat()}, "
                f"{data.revoked_listed} revoked certificate(s) listed"
            )
        else:
            out.append("Revocation list:       none available (revocation not checked)")
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


def load_crl(data: bytes) -> x509.CertificateRevocationList:
    """A certificate revocation list, DER (as the central store serves it) or PEM."""
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_crl(data)
    return x509.load_der_x509_crl(data)


def _issued_by(crl: x509.CertificateRevocationList, cas: Sequence[x509.Certificate]) -> bool:
    for ca in cas:
        key = ca.public_key()
        if crl.issuer == ca.subject and isinstance(key, ec.EllipticCurvePublicKey | _RSA):
            try:
                if crl.is_signature_valid(key):
                    return True
            except Exception:
                continue
    return False


def verify_pdf(
    data: bytes,
    ca_certificates: Sequence[x509.Certificate],
    *,
    revoked_serials: Collection[int] = (),
    crls: Sequence[bytes] = (),
) -> Verification:
    """Check every signature of the PDF ``data`` against the QPM CA certificates.

    A signature whose certificate's serial number is in ``revoked_serials``, or listed on a
    revocation list signed by one of the CAs (``crls``, or one embedded in the file), is not
    valid. A list in ``crls`` that no given CA signed is itself a problem.
    """
    try:
        return _verify(data, ca_certificates, frozenset(revoked_serials), crls)
    except Exception as e:  # a broken file, a malformed signature: never "valid"
        return Verification((), (f"the file could not be validated: {type(e).__name__}: {e}",))


def _embedded_validation_data(
    reader: PdfFileReader,
) -> tuple[int, int, int, list[bytes]]:
    """Counts of certificates, CRLs and OCSP responses in the DSS, and the CRLs' bytes."""
    dss = reader.root.get("/DSS")
    if dss is None:
        return 0, 0, 0, []
    dss = dss.get_object()

    def streams(key: str) -> list[bytes]:
        found = dss.get(key)
        if found is None:
            return []
        return [ref.get_object().data for ref in found.get_object()]

    crls = streams("/CRLs")
    return len(streams("/Certs")), len(crls), len(streams("/OCSPs")), crls


def _verify(
    data: bytes,
    ca_certificates: Sequence[x509.Certificate],
    revoked: frozenset[int],
    given_crls: Sequence[bytes],
) -> Verification:
    if not ca_certificates:
        return Verification((), ("no QPM CA certificate was given to check against",))
    document_problems: list[str] = []
    consulted: list[x509.CertificateRevocationList] = []
    for raw in given_crls:
        try:
            crl = load_crl(raw)
        except ValueError:
            document_problems.append("the revocation list given is not a CRL")
            continue
        if _issued_by(crl, ca_certificates):
            consulted.append(crl)
        else:
            document_problems.append("the revocation list given is not signed by the QPM CA")
    roots = [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
        for c in ca_certificates
    ]

    def context() -> ValidationContext:
        return ValidationContext(
            trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
        )

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    dss_certs, dss_crls, dss_ocsps, embedded_crls = _embedded_validation_data(reader)
    for raw in embedded_crls:
        try:
            crl = load_crl(raw)
        except ValueError:
            continue  # unusable data in the file: nothing is learnt from it
        if _issued_by(crl, ca_certificates):
            consulted.append(crl)
    for crl in consulted:
        revoked = revoked | {entry.serial_number for entry in crl}
    newest = max(consulted, key=lambda c: c.last_update_utc, default=None)
    validation_data = ValidationData(
        certificates=dss_certs,
        crls=dss_crls,
        ocsp_responses=dss_ocsps,
        crl_issued_at=newest.last_update_utc if newest is not None else None,
        crl_next_update=newest.next_update_utc if newest is not None else None,
        revoked_listed=len(newest) if newest is not None else 0,
    )
    embedded = sorted(reader.embedded_signatures, key=lambda s: s.signed_revision)
    if not embedded:
        return Verification((), ("the file has no signature",), validation_data)
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
        if int(cert.serial_number) in revoked:
            problems.append(
                "the timestamp authority's certificate was revoked by the QPM CA"
                if is_timestamp
                else "the signer's certificate was revoked by the QPM CA"
            )
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
    return Verification(tuple(checks), tuple(document_problems), validation_data)


def _common_name(cert: object) -> str:
    try:
        return str(cert.subject.native.get("common_name", ""))  # type: ignore[attr-defined]
    except Exception:
        return ""
