"""The device signing key and certificates, kept through keyring (an in-memory backend here)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from qpm_desktop.credentials.signing_key import (
    SERVICE,
    CredentialsError,
    DeviceCredentials,
    KeyringUnavailable,
    NotEnrolled,
)


class _MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def backend() -> Iterator[_MemoryKeyring]:
    previous = keyring.get_keyring()
    memory = _MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


def _ca() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CA")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _issue(csr_pem: str, ca_key: ec.EllipticCurvePrivateKey, ca_cert: x509.Certificate) -> str:
    csr = x509.load_pem_x509_csr(csr_pem.encode())
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(csr.subject)
        .issuer_name(ca_cert.subject)
        .public_key(csr.public_key())
        .serial_number(2)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(ca_key, hashes.SHA256())
    )
    from cryptography.hazmat.primitives import serialization

    return cert.public_bytes(serialization.Encoding.PEM).decode()


def _pem(cert: x509.Certificate) -> str:
    from cryptography.hazmat.primitives import serialization

    return cert.public_bytes(serialization.Encoding.PEM).decode()


def test_the_key_is_made_once_and_kept_in_the_keyring(backend: _MemoryKeyring) -> None:
    """ensure_key makes a P-256 key on first use, stores it under "qpm-desktop", and returns
    the same key afterwards (also to a new DeviceCredentials for the same user)."""
    first = DeviceCredentials("sam").ensure_key()
    assert isinstance(first.curve, ec.SECP256R1)
    assert (SERVICE, "sam/signing-key") in backend.items
    again = DeviceCredentials("sam").ensure_key()
    assert again.private_numbers() == first.private_numbers()
    other = DeviceCredentials("elin").ensure_key()
    assert other.private_numbers() != first.private_numbers()


def test_enrolment_round_trip_gives_signing_material(backend: _MemoryKeyring) -> None:
    """CSR -> CA -> certificate stored: signing_material returns the key, its certificate and
    the CA certificate, and the CSR is signed by the device key."""
    creds = DeviceCredentials("sam")
    csr_pem = creds.certificate_request("Sam Okafor")
    csr = x509.load_pem_x509_csr(csr_pem.encode())
    assert csr.is_signature_valid
    ca_key, ca_cert = _ca()
    creds.store_certificate(_issue(csr_pem, ca_key, ca_cert), _pem(ca_cert))
    material = creds.signing_material()
    assert material.certificate.public_key().public_numbers() == (
        material.key.public_key().public_numbers()
    )
    assert material.ca_certificate == ca_cert


def test_a_certificate_for_another_key_or_ca_is_refused(backend: _MemoryKeyring) -> None:
    """A certificate for someone else's key, or not issued by the given CA, is not stored."""
    ca_key, ca_cert = _ca()
    _other_key, other_ca = _ca()
    someone_else = DeviceCredentials("elin").certificate_request()
    creds = DeviceCredentials("sam")
    creds.ensure_key()
    with pytest.raises(CredentialsError, match="not for this device's key"):
        creds.store_certificate(_issue(someone_else, ca_key, ca_cert), _pem(ca_cert))
    mine = _issue(creds.certificate_request(), ca_key, ca_cert)
    with pytest.raises(CredentialsError, match="not issued by that CA"):
        creds.store_certificate(mine, _pem(other_ca))
    assert creds.certificate() is None


def test_signing_before_enrolment_says_what_to_do(backend: _MemoryKeyring) -> None:
    """No key, or a key without a certificate: NotEnrolled, with the next step in the message."""
    creds = DeviceCredentials("sam")
    with pytest.raises(NotEnrolled, match="enrol the device"):
        creds.signing_material()
    creds.ensure_key()
    with pytest.raises(NotEnrolled, match="sync once"):
        creds.signing_material()


def test_no_keyring_backend_is_a_clear_error() -> None:
    """With no keyring at all (a headless Linux box), the error names what to install."""
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        with pytest.raises(KeyringUnavailable, match="Secret Service") as caught:
            DeviceCredentials("sam").ensure_key()
        assert isinstance(caught.value.__cause__, keyring.errors.NoKeyringError)
    finally:
        keyring.set_keyring(previous)
