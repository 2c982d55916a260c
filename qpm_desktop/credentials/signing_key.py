"""This device's signing key and certificate, kept through the OS keyring.

Enrolment: :meth:`DeviceCredentials.ensure_key` makes an ECDSA P-256 key on the device (once);
:meth:`DeviceCredentials.certificate_request` makes a CSR for the central store's CA; the issued
certificate and the CA certificate come back and are kept with :meth:`store_certificate`, so
signing works offline afterwards. The private key never leaves the device: it is kept in the
keyring (service ``qpm-desktop``, one entry per user) as PKCS#8 PEM. Certificates are public and
sit beside it in the keyring, which keeps the three together per user.

Without a keyring backend (a headless Linux box), every call raises :class:`KeyringUnavailable`
saying what to do; there is deliberately no plain-text fallback (keyrings.alt).
"""

from __future__ import annotations

from dataclasses import dataclass

import keyring
import keyring.errors
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SERVICE = "qpm-desktop"

__all__ = [
    "SERVICE",
    "CredentialsError",
    "DeviceCredentials",
    "KeyringUnavailable",
    "NotEnrolled",
    "SigningMaterial",
]


class CredentialsError(RuntimeError):
    pass


class KeyringUnavailable(CredentialsError):
    """No usable keyring backend: the key cannot be kept safely on this device."""


class NotEnrolled(CredentialsError):
    """This device has no key or no certificate yet for this user."""


@dataclass(frozen=True)
class SigningMaterial:
    """What signing needs: the private key, its certificate and the CA that issued it."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    ca_certificate: x509.Certificate


_NO_KEYRING = (
    "No keyring is available to keep this device's signing key ({detail}). Sign in to a "
    "desktop session with a keyring: on Windows the Credential Manager, on macOS the Keychain, "
    "on Linux a Secret Service such as GNOME Keyring or KWallet (install it, e.g. "
    "'gnome-keyring', and unlock it). QPM Desktop never stores the key in a plain file."
)


class DeviceCredentials:
    """The signing key and certificates of one user on this device."""

    def __init__(self, user: str, *, service: str = SERVICE) -> None:
        if not user.strip():
            raise ValueError("user must not be blank")
        self.user = user
        self.service = service

    # -- keyring access (every error made plain) -------------------------------------------

    def _entry(self, what: str) -> str:
        return f"{self.user}/{what}"

    def _get(self, what: str) -> str | None:
        try:
            return keyring.get_password(self.service, self._entry(what))
        except keyring.errors.NoKeyringError as e:
            raise KeyringUnavailable(_NO_KEYRING.format(detail=e)) from e
        except keyring.errors.KeyringError as e:
            raise KeyringUnavailable(_NO_KEYRING.format(detail=e)) from e

    def _set(self, what: str, value: str) -> None:
        try:
            keyring.set_password(self.service, self._entry(what), value)
        except keyring.errors.NoKeyringError as e:
            raise KeyringUnavailable(_NO_KEYRING.format(detail=e)) from e
        except keyring.errors.PasswordSetError as e:
            raise KeyringUnavailable(_NO_KEYRING.format(detail=e)) from e

    # -- enrolment -------------------------------------------------------------------------

    def has_key(self) -> bool:
        return self._get("signing-key") is not None

    def ensure_key(self) -> ec.EllipticCurvePrivateKey:
        """This device's key for the user, made (ECDSA P-256) and kept on first use."""
        pem = self._get("signing-key")
        if pem is not None:
            return _load_key(pem)
        key = ec.generate_private_key(ec.SECP256R1())
        self._set(
            "signing-key",
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ).decode("ascii"),
        )
        return key

    def certificate_request(self, display_name: str | None = None) -> str:
        """A PEM CSR for this device's key (the CA takes the subject from the account)."""
        key = self.ensure_key()
        subject = x509.Name(
            [x509.NameAttribute(NameOID.COMMON_NAME, (display_name or self.user)[:64])]
        )
        csr = (
            x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, hashes.SHA256())
        )
        return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")

    def store_certificate(self, certificate_pem: str, ca_certificate_pem: str) -> None:
        """Keep the issued certificate and the CA's, after checking they fit the key."""
        cert = x509.load_pem_x509_certificate(certificate_pem.encode())
        ca = x509.load_pem_x509_certificate(ca_certificate_pem.encode())
        key = self.ensure_key()
        if cert.public_key().public_numbers() != key.public_key().public_numbers():
            raise CredentialsError("the certificate is not for this device's key")
        try:
            cert.verify_directly_issued_by(ca)
        except (ValueError, TypeError, Exception) as e:  # InvalidSignature is not a ValueError
            raise CredentialsError("the certificate was not issued by that CA") from e
        self._set("certificate", certificate_pem)
        self._set("ca-certificate", ca_certificate_pem)

    def certificate(self) -> x509.Certificate | None:
        pem = self._get("certificate")
        return None if pem is None else x509.load_pem_x509_certificate(pem.encode())

    def ca_certificate(self) -> x509.Certificate | None:
        pem = self._get("ca-certificate")
        return None if pem is None else x509.load_pem_x509_certificate(pem.encode())

    def signing_material(self) -> SigningMaterial:
        """Key, certificate and CA certificate, or :class:`NotEnrolled` saying what is missing."""
        key_pem = self._get("signing-key")
        if key_pem is None:
            raise NotEnrolled(
                f"{self.user} has no signing key on this device yet: enrol the device "
                "(sign in and sync once) before signing a report."
            )
        cert, ca = self.certificate(), self.ca_certificate()
        if cert is None or ca is None:
            raise NotEnrolled(
                f"{self.user}'s signing key has no certificate yet: sync once with the central "
                "store so its CA can certify the key, then sign."
            )
        return SigningMaterial(_load_key(key_pem), cert, ca)


def _load_key(pem: str) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise CredentialsError("the stored signing key is not an ECDSA key")
    return key
