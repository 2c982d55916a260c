"""The central store's time-stamping authority and revocation list, over real HTTP.

The TSA answers an RFC 3161 query with a token signed by a certificate the store's CA issued
for time stamping only; bad queries get a clear 4xx. The CRL is signed by the CA, current for a
week, and lists every revoked certificate, including those of a revoked device.
"""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from asn1crypto import algos, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
from pyhanko.sign.validation.status import TimestampSignatureStatus
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import select

from qpm_desktop.central import auth, ca, reports
from qpm_desktop.central.schema import AuditLog
from qpm_desktop.protocol import PATH_CA, PATH_CRL, PATH_TIMESTAMP
from qpm_desktop.signing.tsa import TSA_POLICY

from .conftest import Central, Session

QUERY_TYPE = {"Content-Type": "application/timestamp-query"}


def post(session: Session, body: bytes, headers: dict[str, str]) -> httpx.Response:
    return session.central.http.post(
        PATH_TIMESTAMP, content=body, headers={**session.headers, **headers}
    )


def query(
    digest: bytes, algorithm: str = "sha256", *, nonce: int | None = 12345, **extra: object
) -> bytes:
    fields: dict[str, object] = {
        "version": "v1",
        "message_imprint": tsp.MessageImprint(
            {
                "hash_algorithm": algos.DigestAlgorithm({"algorithm": algorithm}),
                "hashed_message": digest,
            }
        ),
        "cert_req": True,
        **extra,
    }
    if nonce is not None:
        fields["nonce"] = nonce
    return tsp.TimeStampReq(fields).dump()


def checked(signed_data: object, context: ValidationContext, digest: bytes) -> Any:
    """pyHanko's verdict on a timestamp token's signature (intact, valid, trusted)."""
    found = asyncio.run(validate_tst_signed_data(signed_data, context, lambda _md: digest))  # type: ignore[arg-type]
    return TimestampSignatureStatus(**found)


def ca_of(central: Central) -> x509.Certificate:
    response = central.http.get(PATH_CA)
    assert response.status_code == 200
    return x509.load_pem_x509_certificate(response.content)


def enrol(session: Session) -> x509.Certificate:
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
    return x509.load_pem_x509_certificate(r.json()["certificate_pem"].encode())


def test_the_tsa_grants_a_token_that_chains_to_the_ca(central: Central) -> None:
    """A signed-in user's query gets a granted TimeStampResp: the imprint and nonce echoed,
    the store's time, our policy, and a CMS signature pyHanko validates against the CA, by a
    certificate whose only extended key usage (critical) is time stamping."""
    user = central.user("assessor")
    session = central.sign_in(user)
    digest = hashlib.sha256(b"a signed QPM report").digest()
    before = central.now() - timedelta(seconds=5)
    response = post(session, query(digest), QUERY_TYPE)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/timestamp-reply"
    reply = tsp.TimeStampResp.load(response.content)
    assert reply["status"]["status"].native == "granted"
    signed_data = reply["time_stamp_token"]["content"]
    info = signed_data["encap_content_info"]["content"].parsed
    assert info["message_imprint"]["hashed_message"].native == digest
    assert info["nonce"].native == 12345
    assert info["policy"].dotted == TSA_POLICY
    assert before <= info["gen_time"].native <= central.now() + timedelta(seconds=5)

    root = ca_of(central)
    sid = signed_data["signer_infos"][0]["sid"].chosen
    (tsa_cert,) = (
        x509.load_der_x509_certificate(c.chosen.dump())
        for c in signed_data["certificates"]
        if c.chosen.serial_number == sid["serial_number"].native
    )
    tsa_cert.verify_directly_issued_by(root)
    usage = tsa_cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert usage.critical and list(usage.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER))],
        allow_fetching=False,
    )
    status = checked(signed_data, context, digest)
    assert status.intact and status.valid and status.trusted, status

    # A query from another CA's point of view is not trusted: the check above can fail.
    other_key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Other CA")])
    other = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(other_key.public_key())
        .serial_number(1)
        .not_valid_before(central.now() - timedelta(days=1))
        .not_valid_after(central.now() + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(other_key, hashes.SHA256())
    )
    foreign = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(other.public_bytes(serialization.Encoding.DER))],
        allow_fetching=False,
    )
    status = checked(signed_data, foreign, digest)
    assert status.intact and not status.trusted

    with central.db.read() as s:
        actions = s.scalars(select(AuditLog.action).where(AuditLog.actor == user)).all()
    assert "timestamp_issue" in actions


@pytest.mark.parametrize(
    ("body", "headers", "status", "error"),
    [
        (query(b"\0" * 32), {}, 415, "unsupported_media_type"),
        (query(b"\0" * 32), {"Content-Type": "application/json"}, 415, "unsupported_media_type"),
        (b"", QUERY_TYPE, 400, "bad_timestamp_query"),
        (b"\x30\x03\x02\x01", QUERY_TYPE, 400, "bad_timestamp_query"),
        (b"not DER at all", QUERY_TYPE, 400, "bad_timestamp_query"),
        (query(b"\0" * 20, "sha1"), QUERY_TYPE, 400, "bad_timestamp_query"),
        (query(b"\0" * 31), QUERY_TYPE, 400, "bad_timestamp_query"),
        (query(b"\0" * 32, req_policy="1.2.3.4"), QUERY_TYPE, 400, "bad_timestamp_query"),
        (b"\x30" + b"\0" * 10_000, QUERY_TYPE, 413, "body_too_large"),
    ],
    ids=[
        "no-type",
        "json-type",
        "empty",
        "truncated",
        "garbage",
        "sha1",
        "short-digest",
        "foreign-policy",
        "oversized",
    ],
)
def test_bad_queries_are_refused_with_a_clear_4xx(
    central: Central, body: bytes, headers: dict[str, str], status: int, error: str
) -> None:
    session = central.sign_in(central.user("assessor"))
    response = post(session, body, headers)
    assert response.status_code == status, response.text
    assert response.json()["error"] == error
    assert response.json()["detail"]


def test_the_tsa_needs_a_signed_in_caller(central: Central) -> None:
    response = central.http.post(PATH_TIMESTAMP, content=query(b"\1" * 32), headers=QUERY_TYPE)
    assert response.status_code == 401
    forged = central.http.post(
        PATH_TIMESTAMP,
        content=query(b"\1" * 32),
        headers={**QUERY_TYPE, "Authorization": "Bearer not-a-token"},
    )
    assert forged.status_code == 401


def test_the_revocation_list_is_signed_current_and_lists_revocations(central: Central) -> None:
    """Anyone may fetch the CRL (no sign-in); it is signed by the CA, has a next update a week
    on, and lists a certificate revoked by serial and every certificate of a revoked device."""
    lead = central.user("assessor")
    session = central.sign_in(lead)
    kept = enrol(session)
    revoked_one = enrol(session)
    lost_device = central.sign_in(lead, device_id=str(uuid.uuid4()))
    on_lost_device = enrol(lost_device)
    with central.db.write() as s:
        reports.revoke_certificate(
            s, format(revoked_one.serial_number, "x"), actor="test", now=central.now()
        )
        auth.revoke_device(s, lost_device.device_id, actor="test", now=central.now())

    response = central.http.get(PATH_CRL)  # no Authorization header
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pkix-crl"
    crl = x509.load_der_x509_crl(response.content)
    root = ca_of(central)
    assert crl.issuer == root.subject
    assert crl.is_signature_valid(root.public_key())  # type: ignore[arg-type]
    assert crl.next_update_utc is not None
    assert crl.next_update_utc - crl.last_update_utc == ca.CRL_VALIDITY
    listed = {entry.serial_number for entry in crl}
    assert revoked_one.serial_number in listed
    assert on_lost_device.serial_number in listed
    assert kept.serial_number not in listed
    with central.db.read() as s:
        assert reports.revoked_serials(s) >= {
            revoked_one.serial_number,
            on_lost_device.serial_number,
        }
