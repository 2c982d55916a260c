"""Sign a rendered report with pyHanko (PAdES), and extend it later with a timestamp.

The first signature is a *certification* signature (DocMDP) with permission level 2, "fill in
forms and sign": nothing in the report may change afterwards, except that the remaining empty
signature fields (one per co-assessor, made when the report was rendered) may be signed. Level 1
("no changes at all") would forbid the co-assessor's signature; level 3 would also allow
annotations, which could lay text over the findings. See docs/decisions/0004-signed-reports.md.

Each signature fills its field with a visible appearance: the drawn signature (a PNG from the
signature pad) on the left, and the signer's name, role and the time on the right.

:func:`extend_signatures` is for the next sync: it embeds validation data (certificates; CRLs or
OCSP responses where the chain names any) in the document security store and adds an RFC 3161
document timestamp from the central store's timestamp authority, taking the report from PAdES
B-B towards B-LT / B-LTA without touching what was signed.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from asn1crypto import crl as asn1_crl
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from PIL import Image
from pyhanko.pdf_utils import content, layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import TimestampDSSContentSettings
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from qpm_desktop.reports.render import render_signature_appearance

#: The DocMDP permission of the certification signature (see the module docstring).
CERTIFICATION_PERMISSION = fields.MDPPerm.FILL_FORMS

_MAX_PNG_BYTES = 8 * 1024 * 1024
_MAX_PNG_PIXELS = 4096 * 4096

__all__ = [
    "CERTIFICATION_PERMISSION",
    "SignatureAppearance",
    "SigningError",
    "SigningMaterial",
    "TimestampClient",
    "extend_signatures",
    "sign_pdf",
    "unsigned_fields",
]


class SigningError(RuntimeError):
    pass


class SigningMaterial(Protocol):
    """A private key with its certificate and the CA certificate that issued it.

    The credentials layer's ``SigningMaterial`` fits; this layer does not import it (the
    reports and credentials layers are independent).
    """

    @property
    def key(self) -> ec.EllipticCurvePrivateKey: ...

    @property
    def certificate(self) -> x509.Certificate: ...

    @property
    def ca_certificate(self) -> x509.Certificate: ...


@dataclass(frozen=True)
class SignatureAppearance:
    """What the visible signature shows."""

    name: str
    role: str  # as it should read: "Lead assessor"
    signed_at: datetime
    drawing_png: bytes | None = None
    location: str | None = None


def to_asn1_certificate(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _asn1_key(material: SigningMaterial) -> asn1_keys.PrivateKeyInfo:
    der = material.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return asn1_keys.PrivateKeyInfo.load(der)


def unsigned_fields(pdf: bytes) -> list[str]:
    """The names of the empty signature fields, in document order."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    return [name for name, _value, _ref in fields.enumerate_sig_fields(reader, filled_status=False)]


def _check_png(png: bytes) -> None:
    if len(png) > _MAX_PNG_BYTES:
        raise SigningError("the drawn signature image is too large")
    try:
        image = Image.open(io.BytesIO(png))
        if image.width * image.height > _MAX_PNG_PIXELS:
            raise SigningError("the drawn signature image has too many pixels")
        image.load()
    except SigningError:
        raise
    except Exception as e:  # Pillow raises many kinds for a bad file
        raise SigningError(f"the drawn signature is not a readable image: {e}") from e


class _ImportedPdfBytes(content.PdfContent):
    """The first page of a PDF held in memory, as a form XObject (pyHanko's own reads a file)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        super().__init__()

    def render(self) -> bytes:
        writer = self._ensure_writer
        reader = PdfFileReader(io.BytesIO(self.data), strict=False)
        xobj = writer.import_page_as_xobject(reader, page_ix=0)
        name = "/QPMSignatureFace"
        self.resources.xobject[name] = xobj
        x1, y1, x2, y2 = xobj.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name.encode("ascii") + b" Do"


def _field_size(pdf: bytes, field_name: str) -> tuple[float, float]:
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    for name, _value, ref in fields.enumerate_sig_fields(reader):
        if name == field_name:
            x1, y1, x2, y2 = (float(v) for v in ref.get_object()["/Rect"])
            return abs(x2 - x1), abs(y2 - y1)
    raise SigningError(f"the report has no signature field {field_name!r}")


def _stamp_style(face: bytes) -> StaticStampStyle:
    return StaticStampStyle(
        background=_ImportedPdfBytes(face),
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MIN,
            margins=layout.Margins.uniform(0),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
        background_opacity=1.0,
        border_width=0,
    )


def _one_line(text: str, limit: int = 120) -> str:
    text = " ".join(
        "".join(ch for ch in text if ch >= " " and not 0xD800 <= ord(ch) <= 0xDFFF).split()
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sign_pdf(
    pdf: bytes,
    material: SigningMaterial,
    appearance: SignatureAppearance,
    *,
    field_name: str,
    certify: bool,
    timestamper: TimeStamper | None = None,
) -> bytes:
    """``pdf`` with ``field_name`` signed (an incremental update; the bytes before are kept).

    ``certify`` makes it the certification signature (the first one); otherwise it is an
    approval signature, which the certification's permission level allows.
    """
    signer = signers.SimpleSigner(
        signing_cert=to_asn1_certificate(material.certificate),
        signing_key=_asn1_key(material),
        cert_registry=SimpleCertificateStore.from_certs(
            [to_asn1_certificate(material.ca_certificate)]
        ),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        certify=certify,
        docmdp_permissions=CERTIFICATION_PERMISSION,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        name=_one_line(appearance.name),
        reason=_one_line(f"{appearance.role}: QPM visit report"),
        location=_one_line(appearance.location) if appearance.location else None,
    )
    if appearance.drawing_png:
        _check_png(appearance.drawing_png)
    width, height = _field_size(pdf, field_name)
    face = render_signature_appearance(
        # pyHanko gives the appearance a bounding box of whole points; a face wider by a
        # fraction would lose its right border to the clip.
        math.floor(width),
        math.floor(height),
        name=appearance.name,
        role=appearance.role,
        when=appearance.signed_at.strftime("%Y-%m-%d %H:%M %Z").strip(),
        issuer=_issuer_name(material.certificate),
        drawing_png=appearance.drawing_png,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    pdf_signer = signers.PdfSigner(
        meta, signer=signer, stamp_style=_stamp_style(face), timestamper=timestamper
    )
    return pdf_signer.sign_pdf(writer, existing_fields_only=True).getvalue()


def _issuer_name(cert: x509.Certificate) -> str:
    names = cert.issuer.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.issuer.rfc4514_string()


class TimestampClient(TimeStamper):
    """An RFC 3161 timestamper over any ``post(query DER) -> reply DER`` function.

    The services layer passes the sync client's ``timestamp`` (the central store's TSA, with
    the sync session's sign-in); this layer does no networking itself.
    """

    def __init__(self, post: Callable[[bytes], bytes]) -> None:
        super().__init__(include_nonce=True)
        self._post = post

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return tsp.TimeStampResp.load(self._post(req.dump()))


def extend_signatures(
    pdf: bytes,
    timestamper: TimeStamper,
    trust_roots: Sequence[x509.Certificate],
    *,
    crls: Sequence[bytes] = (),
) -> bytes:
    """Add validation data for every signature and a document timestamp (B-LT, then B-LTA).

    Meant for the next sync, with the central store's RFC 3161 timestamper and its revocation
    list (``crls``, DER). Only appends to the file: every signature keeps covering its own
    revision, and the validator accepts these updates (pyHanko classes them as "LTA
    updates"). With a CRL, a signer whose certificate is on it is refused (``SigningError``):
    a revoked signature is not worth preserving.
    """
    from pyhanko.sign.validation import add_validation_info

    roots = [to_asn1_certificate(c) for c in trust_roots]
    crl_list = [asn1_crl.CertificateList.load(c) for c in crls]

    def context() -> ValidationContext:
        return ValidationContext(
            trust_roots=roots,
            crls=crl_list,
            allow_fetching=False,
            revocation_mode="hard-fail" if crl_list else "soft-fail",
        )

    revoked = {entry.serial_number for c in crls for entry in x509.load_der_x509_crl(c)}
    data = pdf
    count = len(PdfFileReader(io.BytesIO(data), strict=False).embedded_regular_signatures)
    for index in range(count):
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sig = reader.embedded_regular_signatures[index]
        if int(sig.signer_cert.serial_number) in revoked:
            raise SigningError(
                f"the certificate of signature {index + 1} was revoked by the QPM CA; the "
                "report is not timestamped"
            )
        try:
            data = add_validation_info(sig, context(), force_write=True).getvalue()
        except Exception as e:  # pyHanko's path and revocation errors have no common base
            raise SigningError(
                f"the validation data of signature {index + 1} could not be gathered: {e}"
            ) from e
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    # The timestamp authority's own chain and revocation data go in *before* the timestamp,
    # in the same revision, so the timestamp covers the whole file (pdfsig: "Total document
    # signed") and nothing follows it.
    try:
        stamped = signers.PdfTimeStamper(timestamper).timestamp_pdf(
            writer,
            md_algorithm="sha256",
            validation_context=context(),
            dss_settings=TimestampDSSContentSettings(update_before_ts=True, include_vri=False),
        )
    except SigningError:
        raise
    except Exception as e:  # no answer, a refusal, or a TSA that does not chain to the CA
        raise SigningError(f"no trusted timestamp could be added: {e}") from e
    return stamped.getvalue()
