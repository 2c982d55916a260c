"""The report use cases: snapshot from the database, versions, signing that freezes a version."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import keyring.backend
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from qpm_desktop.credentials.signing_key import DeviceCredentials, NotEnrolled
from qpm_desktop.reports.verify import verify_pdf
from qpm_desktop.services.core import Services
from qpm_desktop.services.reporting import ReportError, Reporting

SIGNED_AT = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
_SIGNING_USAGE = x509.KeyUsage(
    digital_signature=True,
    content_commitment=True,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=False,
    crl_sign=False,
    encipher_only=False,
    decipher_only=False,
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
def qpm_ca() -> Iterator[tuple[ec.EllipticCurvePrivateKey, x509.Certificate]]:
    """An in-memory keyring for the test, and a CA standing in for the central store's."""
    previous = keyring.get_keyring()
    keyring.set_keyring(_MemoryKeyring())
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "QPM Central Store CA (test)")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    yield key, cert
    keyring.set_keyring(previous)


def _enrol(user: str, ca: tuple[ec.EllipticCurvePrivateKey, x509.Certificate]) -> DeviceCredentials:
    """What enrolment does: a CSR from the device, certified by the CA, kept on the device."""
    ca_key, ca_cert = ca
    creds = DeviceCredentials(user)
    csr = x509.load_pem_x509_csr(creds.certificate_request().encode())
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(csr.subject)
        .issuer_name(ca_cert.subject)
        .public_key(csr.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_SIGNING_USAGE, critical=True)  # as the central store's CA issues it
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    creds.store_certificate(cert.public_bytes(pem).decode(), ca_cert.public_bytes(pem).decode())
    return creds


def test_snapshot_holds_the_demo_without_names_or_notes(
    services: Services, assessment_id: str
) -> None:
    """The snapshot carries every standard, the outcome and sampling, and interviews only by
    code and role (no notes)."""
    snap = Reporting(services.ctx).build_snapshot(assessment_id)
    assert snap.organisation == "Afon Advocacy Partnership (demo)"
    assert snap.framework_placeholder
    assert len(snap.standards()) == len(services.queries.standards(assessment_id))
    assert snap.outcome.unmet == ("8.2",)
    assert {i.code for i in snap.interviews} == {"MGR-01", "ADV-01", "ADV-02", "AP-01"}
    assert "Cyfweliad" not in snap.canonical_json()
    assert Reporting(services.ctx).build_snapshot(assessment_id).sha256 == snap.sha256


def test_rendering_makes_versions_and_reuses_an_identical_one(
    services: Services, assessment_id: str, tmp_path: Path
) -> None:
    """The first render is version 1, kept by content under the data folder; rendering again
    without changes gives version 1 back; a change makes version 2."""
    reporting = Reporting(services.ctx)
    first = reporting.render_report(assessment_id, tmp_path / "out")
    assert (first.number, first.state, first.reused) == (1, "draft", False)
    assert first.path is not None and first.path.is_file()
    assert first.path.name == first.pdf_sha256
    exported = (tmp_path / "out" / first.file_name).read_bytes()
    assert exported.startswith(b"%PDF-")
    assert not first.path.read_bytes().startswith(b"%PDF-")  # the kept copy is sealed
    assert hashlib.sha256(exported).hexdigest() == first.pdf_sha256
    again = reporting.render_report(assessment_id)
    assert (again.id, again.reused) == (first.id, True)
    services.recording.record_finding(assessment_id, "2.1", rating="met")
    second = reporting.render_report(assessment_id)
    assert second.number == 2 and second.id != first.id
    assert [v.number for v in reporting.versions(assessment_id)] == [1, 2]


def test_signing_freezes_the_version_and_later_changes_make_a_new_one(
    services: Services,
    assessment_id: str,
    tmp_path: Path,
    qpm_ca,
    drawn_png: bytes,  # type: ignore[no-untyped-def]
) -> None:
    """Signing stores the signed PDF and marks the version signed; a change to the assessment
    then renders as version 2 while version 1's signed file stays byte for byte as it was."""
    reporting = Reporting(services.ctx, _enrol("Sam Okafor", qpm_ca))
    draft = reporting.render_report(assessment_id)
    signed = reporting.sign_report(
        draft.id, "Sam Okafor", "Lead assessor", drawn_png, signed_at=SIGNED_AT
    )
    assert signed.state == "signed" and signed.signed_at == SIGNED_AT
    assert signed.signers[0]["name"] == "Sam Okafor"
    assert signed.path is not None
    signed_bytes = _pdf(reporting, signed, tmp_path)
    assert verify_pdf(signed_bytes, [qpm_ca[1]]).valid
    assert reporting.render_report(assessment_id).id == draft.id  # unchanged: still version 1

    services.recording.record_finding(assessment_id, "2.1", rating="met")
    newer = reporting.render_report(assessment_id)
    assert newer.number == 2 and newer.state == "draft"
    assert _pdf(reporting, reporting.version(draft.id), tmp_path) == signed_bytes


def test_the_co_assessor_signs_the_same_version(
    services: Services,
    assessment_id: str,
    tmp_path: Path,
    qpm_ca,
    drawn_png: bytes,  # type: ignore[no-untyped-def]
) -> None:
    """A second signature goes in the co-assessor's field; both verify; a third is refused."""
    reporting = Reporting(services.ctx)
    draft = reporting.render_report(assessment_id)
    reporting.sign_report(
        draft.id, "Sam Okafor", "Lead assessor", drawn_png, credentials=_enrol("Sam Okafor", qpm_ca)
    )
    both = reporting.sign_report(
        draft.id, "Elin Davies", "Co-assessor", drawn_png, credentials=_enrol("Elin Davies", qpm_ca)
    )
    assert [s["name"] for s in both.signers] == ["Sam Okafor", "Elin Davies"]
    result = verify_pdf(_pdf(reporting, both, tmp_path), [qpm_ca[1]])
    assert result.valid and [s.kind for s in result.signatures] == ["certification", "approval"]
    with pytest.raises(ReportError, match="every signature field"):
        reporting.sign_report(
            draft.id, "Sam Okafor", "Lead assessor", None, credentials=_enrol("Sam Okafor", qpm_ca)
        )


def test_signing_without_enrolment_fails_before_anything_changes(
    services: Services,
    assessment_id: str,
    qpm_ca,  # type: ignore[no-untyped-def]
) -> None:
    """No certificate on the device: NotEnrolled, and the version stays a draft."""
    reporting = Reporting(services.ctx, DeviceCredentials("nobody"))
    draft = reporting.render_report(assessment_id)
    with pytest.raises(NotEnrolled):
        reporting.sign_report(draft.id, "Nobody", "Lead assessor", None)
    assert reporting.version(draft.id).state == "draft"


@pytest.fixture
def drawn_png() -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(10, 80), (80, 20), (150, 80), (290, 30)], fill="navy", width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_report_command_renders_and_signs_headless(
    services: Services,
    assessment_id: str,
    qpm_ca,
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    """`qpm-desktop report ID --out F.pdf --sign` writes a signed, valid report; an unknown id
    exits non-zero."""
    from qpm_desktop.services.reporting import report_command

    reporting = Reporting(services.ctx, _enrol("Sam Okafor", qpm_ca))
    out = tmp_path / "r.pdf"
    assert report_command(reporting, [assessment_id, "--out", str(out), "--sign"]) == 0
    assert "version 1 (signed)" in capsys.readouterr().out
    assert verify_pdf(out.read_bytes(), [qpm_ca[1]]).valid
    assert report_command(reporting, ["no-such-id", "--out", str(out)]) == 1


def _pdf(reporting, version, tmp_path: Path) -> bytes:  # type: ignore[no-untyped-def]
    """The plaintext PDF of a version, as the assessor would export it."""
    return reporting.export(
        version, tmp_path / "exported" / f"{version.pdf_sha256}.pdf"
    ).read_bytes()
