"""A throwaway certificate authority: for the tests and the benchmark, never for real reports.

It issues certificates with the same extensions as the central store's CA gives an assessor,
so what is signed with them checks like a real report (except that nobody trusts this CA).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from qpm_desktop.signing.certificates import assessor_certificate, ca_certificate

NOW = datetime.now(UTC)


@dataclass(frozen=True)
class Material:
    """Key, certificate and issuing CA: what the reports layer signs with."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    ca_certificate: x509.Certificate


@dataclass(frozen=True)
class ThrowawayCA:
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    def issue(self, public_key: ec.EllipticCurvePublicKey, name: str) -> x509.Certificate:
        return _issue(self, public_key, name)

    def material(self, name: str) -> Material:
        key = ec.generate_private_key(ec.SECP256R1())
        return Material(key, self.issue(key.public_key(), name), self.certificate)


def make_ca(name: str = "QPM Test CA") -> ThrowawayCA:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = ca_certificate(
        key, subject, not_before=NOW - timedelta(days=1), not_after=NOW + timedelta(days=3650)
    )
    return ThrowawayCA(key, cert)


def _issue(ca: ThrowawayCA, public_key: ec.EllipticCurvePublicKey, name: str) -> x509.Certificate:
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "QPM assessors"),
        ]
    )
    return assessor_certificate(
        ca.key,
        ca.certificate,
        public_key,
        subject,
        not_before=NOW - timedelta(hours=1),
        not_after=NOW + timedelta(days=730),
    )
