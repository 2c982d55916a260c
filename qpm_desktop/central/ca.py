"""The store's certificate authority: it certifies the keys assessors sign reports with.

The CA key (ECDSA P-256) and certificate are made on first use and kept in the database
(``server_settings``), so a restored backup keeps verifying old reports. The private key is
stored unencrypted there: whoever holds the database holds the CA; protect the database (and
its backups) accordingly. A certificate's subject comes from the account, never from the
request, so nobody can obtain a certificate in someone else's name.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy.orm import Session

from qpm_desktop.central.schema import Certificate, ServerSetting, User
from qpm_desktop.signing.certificates import assessor_certificate, ca_certificate

CA_VALIDITY = timedelta(days=3650)
CERT_VALIDITY = timedelta(days=730)
_KEY = "ca_key_pem"
_CERT = "ca_cert_pem"


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
