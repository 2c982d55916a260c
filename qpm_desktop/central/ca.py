"""The store's certificate authority: it certifies the keys assessors sign reports with.

The CA key (ECDSA P-256) and certificate are made on first use and kept in the database
(``server_settings``), so a restored backup keeps verifying old reports. The private key is
stored unencrypted there: whoever holds the database holds the CA; protect the database (and
its backups) accordingly. A certificate's subject comes from the account, never from the
request, so nobody can obtain a certificate in someone else's name.

The CA also certifies the store's RFC 3161 time-stamping authority (its key and certificate
kept beside the CA's, made on first use, renewed when close to expiry) and signs a certificate
revocation list of the devices an administrator revoked, made afresh on each request (decision
0009-timestamps-and-ltv.md).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import select
from sqlalchemy.orm import Session

from qpm_desktop.central.schema import Certificate, Device, ServerSetting, User
from qpm_desktop.signing.certificates import (
    assessor_certificate,
    ca_certificate,
    revocation_list,
    tsa_certificate,
)
from qpm_desktop.signing.tsa import TimestampAuthority

CA_VALIDITY = timedelta(days=3650)
CERT_VALIDITY = timedelta(days=730)
_KEY = "ca_key_pem"
_CERT = "ca_cert_pem"
TSA_VALIDITY = timedelta(days=1825)
#: A TSA certificate closer than this to its end is replaced (its tokens stay verifiable).
TSA_RENEW_BEFORE = timedelta(days=30)
_TSA_KEY = "tsa_key_pem"
_TSA_CERT = "tsa_cert_pem"
#: How long a published revocation list is current (its nextUpdate); a client fetches it again
#: on every sync, so a revocation reaches verifiers at the latest this long after it is made.
CRL_VALIDITY = timedelta(days=7)


class CertificateRequestError(ValueError):
    pass


def ca_material(
    session: Session, now: datetime
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key_row = session.get(ServerSetting, _KEY)
    cert_row = session.get(ServerSetting, _CERT)
    if key_row is not None and cert_row is not None:
        key = serialization.load_pem_private_key(key_row.value.encode(), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return key, x509.load_pem_x509_certificate(cert_row.value.encode())
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "QPM Central Store CA"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "QPM Central Store"),
        ]
    )
    cert = ca_certificate(
        key, name, not_before=now - timedelta(minutes=5), not_after=now + CA_VALIDITY
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    session.add(ServerSetting(key=_KEY, value=key_pem))
    session.add(
        ServerSetting(key=_CERT, value=cert.public_bytes(serialization.Encoding.PEM).decode())
    )
    session.flush()
    return key, cert


def existing_ca_certificate(session: Session) -> x509.Certificate | None:
    """The CA certificate, or ``None`` while the CA has not been made (nothing was issued)."""
    row = session.get(ServerSetting, _CERT)
    return None if row is None else x509.load_pem_x509_certificate(row.value.encode())


def ca_certificate_pem(session: Session, now: datetime) -> str:
    return ca_material(session, now)[1].public_bytes(serialization.Encoding.PEM).decode()


def issue_certificate(
    session: Session, user: User, device_id: str, csr_pem: str, *, now: datetime
) -> Certificate:
    try:
        csr = x509.load_pem_x509_csr(csr_pem.encode())
    except ValueError:
        raise CertificateRequestError("csr_pem is not a PEM certificate signing request") from None
    if not csr.is_signature_valid:
        raise CertificateRequestError("the request's signature does not match its key")
    public_key = csr.public_key()
    if (
        not isinstance(public_key, ec.EllipticCurvePublicKey)
        or public_key.curve.name != "secp256r1"
    ):
        raise CertificateRequestError("the key must be an ECDSA P-256 key")
    ca_key, ca_cert = ca_material(session, now)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, user.display_name or user.username),
            x509.NameAttribute(NameOID.USER_ID, user.username),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "QPM assessors"),
        ]
    )
    not_after = now + CERT_VALIDITY
    cert = assessor_certificate(
        ca_key,
        ca_cert,
        public_key,
        subject,
        not_before=now - timedelta(minutes=5),
        not_after=not_after,
    )
    row = Certificate(
        serial_number=format(cert.serial_number, "x"),
        username=user.username,
        device_id=device_id,
        subject=subject.rfc4514_string(),
        not_after=not_after.replace(microsecond=0),
        issued_at=now,
        pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
    )
    session.add(row)
    return row


def _pem(key: ec.EllipticCurvePrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _put_setting(session: Session, key: str, value: str) -> None:
    row = session.get(ServerSetting, key)
    if row is None:
        session.add(ServerSetting(key=key, value=value))
    else:
        row.value = value


def timestamp_authority(session: Session, now: datetime) -> TimestampAuthority:
    """The store's TSA (made, or renewed near its end, on first use; needs a write session
    then): an ECDSA P-256 key certified by the CA for time stamping only."""
    key_row = session.get(ServerSetting, _TSA_KEY)
    cert_row = session.get(ServerSetting, _TSA_CERT)
    if key_row is not None and cert_row is not None:
        cert = x509.load_pem_x509_certificate(cert_row.value.encode())
        if cert.not_valid_after_utc - TSA_RENEW_BEFORE > now:
            key = serialization.load_pem_private_key(key_row.value.encode(), password=None)
            assert isinstance(key, ec.EllipticCurvePrivateKey)
            ca_cert = existing_ca_certificate(session)
            return TimestampAuthority(key, cert, (ca_cert,) if ca_cert else ())
    ca_key, ca_cert = ca_material(session, now)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "QPM Central Store Timestamp Authority"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "QPM Central Store"),
        ]
    )
    cert = tsa_certificate(
        ca_key,
        ca_cert,
        key.public_key(),
        name,
        not_before=now - timedelta(minutes=5),
        not_after=now + TSA_VALIDITY,
    )
    _put_setting(session, _TSA_KEY, _pem(key))
    _put_setting(session, _TSA_CERT, cert.public_bytes(serialization.Encoding.PEM).decode())
    session.flush()
    return TimestampAuthority(key, cert, (ca_cert,))


def existing_timestamp_authority(session: Session, now: datetime) -> TimestampAuthority | None:
    """The TSA when it exists and is current (a read session suffices), else ``None``."""
    key_row = session.get(ServerSetting, _TSA_KEY)
    cert_row = session.get(ServerSetting, _TSA_CERT)
    ca_cert = existing_ca_certificate(session)
    if key_row is None or cert_row is None or ca_cert is None:
        return None
    cert = x509.load_pem_x509_certificate(cert_row.value.encode())
    if cert.not_valid_after_utc - TSA_RENEW_BEFORE <= now:
        return None
    key = serialization.load_pem_private_key(key_row.value.encode(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return TimestampAuthority(key, cert, (ca_cert,))


def revoked_certificates(session: Session) -> list[tuple[int, datetime]]:
    """Every revoked certificate as (serial number, revoked at): revoked one by one
    (``admin revoke-certificate``), or issued to a device that was revoked (``admin
    revoke-device``: a lost or stolen computer takes its signing key with it)."""
    found: dict[int, datetime] = {}
    for serial, at in session.execute(
        select(Certificate.serial_number, Certificate.revoked_at).where(
            Certificate.revoked_at.is_not(None)
        )
    ):
        found[int(serial, 16)] = at
    for serial, at in session.execute(
        select(Certificate.serial_number, Device.revoked_at)
        .join(
            Device,
            (Device.device_id == Certificate.device_id) & (Device.username == Certificate.username),
        )
        .where(Device.revoked_at.is_not(None))
    ):
        found[int(serial, 16)] = min(at, found.get(int(serial, 16), at))
    return sorted(found.items())


def revocation_list_der(session: Session, now: datetime) -> bytes:
    """The CA's CRL (DER): every revoked device certificate, current for ``CRL_VALIDITY``.

    Its CRL number is the issue time in milliseconds, so a later list has a larger number.
    """
    ca_key, ca_cert = ca_material(session, now)
    revoked = revoked_certificates(session)
    this_update = now.replace(microsecond=0)
    crl = revocation_list(
        ca_key,
        ca_cert,
        revoked,
        this_update=this_update,
        next_update=this_update + CRL_VALIDITY,
        number=int(now.timestamp() * 1000),
    )
    return crl.public_bytes(serialization.Encoding.DER)
