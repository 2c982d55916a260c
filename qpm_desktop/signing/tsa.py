"""An RFC 3161 time-stamping authority as a pure function: a query's bytes in, a reply out.

The central store answers ``POST /api/v1/timestamp`` with :func:`respond` (decision 0009); the
tests and the report benchmark use the same code with a throwaway CA. The token is a CMS
SignedData over a ``TSTInfo`` (RFC 3161 section 2.4.2), signed with the TSA's ECDSA P-256 key,
whose certificate (``signing.certificates.tsa_certificate``) carries the critical extended key
usage ``timeStamping`` and chains to the QPM CA. The signed attributes hold the content type,
the message digest and an ESS ``signingCertificateV2`` naming the TSA certificate by its SHA-256
(RFC 5816), which is what pyHanko and poppler expect.

A query this TSA will not answer raises :class:`TimestampQueryError` with a plain reason; the
HTTP layer turns it into a 4xx (rather than an RFC 3161 "rejection" reply, so a client sees the
same kind of error as from every other endpoint).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

__all__ = [
    "DIGEST_SIZES",
    "MAX_QUERY_BYTES",
    "TSA_POLICY",
    "TimestampAuthority",
    "TimestampQueryError",
    "respond",
]

#: The policy under which every token is issued: a UUID-based OID (ITU-T X.667, arc 2.25),
#: which needs no registration. "Tokens from the QPM central store's TSA; the time is the
#: store's clock, to the second."
TSA_POLICY = "2.25.6732867262125592609927015164943405957"
#: A query is about 60 to 120 bytes; anything much larger is not a time-stamp query.
MAX_QUERY_BYTES = 4096
#: The message imprint algorithms accepted, with their digest sizes in bytes.
DIGEST_SIZES = {"sha256": 32, "sha384": 48, "sha512": 64}


class TimestampQueryError(ValueError):
    """A query this TSA does not answer; the text says why."""


@dataclass(frozen=True)
class TimestampAuthority:
    """The TSA's key, its certificate, and the chain above it (the CA certificate)."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    chain: Sequence[x509.Certificate] = ()


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def parse_query(data: bytes) -> tsp.TimeStampReq:
    """The query in ``data``, checked; raises :class:`TimestampQueryError`."""
    if not data:
        raise TimestampQueryError("the body is empty; send a DER-encoded TimeStampReq")
    if len(data) > MAX_QUERY_BYTES:
        raise TimestampQueryError(f"a time-stamp query is at most {MAX_QUERY_BYTES} bytes")
    try:
        req = tsp.TimeStampReq.load(data, strict=True)
        req.native  # noqa: B018 - parses every field now, so a malformed one fails here
    except Exception as e:  # asn1crypto raises ValueError, TypeError and others
        raise TimestampQueryError(f"the body is not a DER-encoded TimeStampReq ({e})") from None
    if req["version"].native != "v1":
        raise TimestampQueryError("only version 1 time-stamp queries are answered")
    imprint = req["message_imprint"]
    algorithm = imprint["hash_algorithm"]["algorithm"].native
    if algorithm not in DIGEST_SIZES:
        raise TimestampQueryError(
            f"the message imprint uses {algorithm}; use one of {', '.join(DIGEST_SIZES)}"
        )
    if len(imprint["hashed_message"].native) != DIGEST_SIZES[algorithm]:
        raise TimestampQueryError(f"the hashed message is not a {algorithm} digest")
    policy = req["req_policy"].native
    if policy is not None and req["req_policy"].dotted != TSA_POLICY:
        raise TimestampQueryError(f"this TSA issues tokens under policy {TSA_POLICY} only")
    if req["extensions"].native:
        raise TimestampQueryError("time-stamp query extensions are not supported")
    return req


def respond(
    data: bytes, authority: TimestampAuthority, now: datetime, *, serial: int | None = None
) -> bytes:
    """The DER ``TimeStampResp`` granting a token for the query ``data`` at ``now``.

    ``serial`` is the token's serial number (random 128-bit when not given: unique without a
    counter to keep). Raises :class:`TimestampQueryError` for a query it does not answer.
    """
    req = parse_query(data)
    tsa_cert = _asn1(authority.certificate)
    gen_time = now.astimezone(UTC).replace(microsecond=0)
    info: dict[str, object] = {
        "version": "v1",
        "policy": TSA_POLICY,
        "message_imprint": req["message_imprint"],
        "serial_number": serial if serial is not None else secrets.randbits(127) | 1,
        "gen_time": gen_time,
        "accuracy": tsp.Accuracy({"seconds": 1}),
        "ordering": False,
        "tsa": asn1_x509.GeneralName(name="directory_name", value=tsa_cert.subject),
    }
    if req["nonce"].native is not None:
        info["nonce"] = req["nonce"]
    tst_info = tsp.TSTInfo(info).dump()
    signing_certificate = tsp.SigningCertificateV2(
        {
            "certs": [
                tsp.ESSCertIDv2(
                    {
                        "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                        "cert_hash": hashlib.sha256(tsa_cert.dump()).digest(),
                        "issuer_serial": tsp.IssuerSerial(
                            {
                                "issuer": [
                                    asn1_x509.GeneralName(
                                        name="directory_name", value=tsa_cert.issuer
                                    )
                                ],
                                "serial_number": tsa_cert.serial_number,
                            }
                        ),
                    }
                )
            ]
        }
    )
    signed_attrs = cms.CMSAttributes(
        [
            cms.CMSAttribute({"type": "content_type", "values": ["tst_info"]}),
            cms.CMSAttribute(
                {"type": "signing_time", "values": [cms.Time({"utc_time": gen_time})]}
            ),
            cms.CMSAttribute(
                {"type": "message_digest", "values": [hashlib.sha256(tst_info).digest()]}
            ),
            cms.CMSAttribute({"type": "signing_certificate_v2", "values": [signing_certificate]}),
        ]
    )
    signature = authority.key.sign(signed_attrs.dump(), ec.ECDSA(hashes.SHA256()))
    digest_algorithm = algos.DigestAlgorithm({"algorithm": "sha256"})
    signer_info = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                {
                    "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                        {"issuer": tsa_cert.issuer, "serial_number": tsa_cert.serial_number}
                    )
                }
            ),
            "digest_algorithm": digest_algorithm,
            "signed_attrs": signed_attrs,
            "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"}),
            "signature": signature,
        }
    )
    certificates = (
        [tsa_cert, *(_asn1(c) for c in authority.chain)] if req["cert_req"].native else []
    )
    signed_data: dict[str, object] = {
        "version": "v3",
        "digest_algorithms": [digest_algorithm],
        "encap_content_info": {
            "content_type": "tst_info",
            "content": core.ParsableOctetString(tst_info),
        },
        "signer_infos": [signer_info],
    }
    if certificates:
        signed_data["certificates"] = certificates
    token = cms.ContentInfo({"content_type": "signed_data", "content": cms.SignedData(signed_data)})
    return tsp.TimeStampResp(
        {"status": tsp.PKIStatusInfo({"status": "granted"}), "time_stamp_token": token}
    ).dump()
