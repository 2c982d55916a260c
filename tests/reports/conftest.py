"""Fixtures for the report tests: the demo's snapshot and report, a throwaway CA (cryptography),
assessor certificates under it, and a drawn signature."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image, ImageDraw

from qpm_desktop.model import demo
from qpm_desktop.reports.render import RenderedReport, render_report
from qpm_desktop.reports.snapshot import ReportSnapshot
from qpm_desktop.reports.throwaway_ca import ThrowawayCA as TestCA
from qpm_desktop.reports.throwaway_ca import make_ca
from qpm_desktop.services.core import Services
from qpm_desktop.services.demo import seed_demo
from qpm_desktop.services.reporting import Reporting

NOW = datetime.now(UTC)


def make_tsa(ca: TestCA) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A timestamp authority under ``ca`` (RSA: pyHanko's dummy RFC 3161 timestamper needs it)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "QPM Test TSA")]))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(hours=1))
        .not_valid_after(NOW + timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca.key, hashes.SHA256())
    )
    return key, cert


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def demo_snapshot(tmp_path_factory: pytest.TempPathFactory) -> ReportSnapshot:
    """The demo assessment, seeded into a fresh local copy, frozen as a report snapshot."""
    root = tmp_path_factory.mktemp("report-demo") / "local"
    services = Services.open(root, actor=demo.LEAD_ASSESSOR, key=None)
    try:
        seed_demo(services)
        return Reporting(services.ctx).build_snapshot(demo.ASSESSMENT_ID)
    finally:
        services.close()


@pytest.fixture(scope="session")
def demo_report(demo_snapshot: ReportSnapshot) -> RenderedReport:
    return render_report(demo_snapshot)


@pytest.fixture(scope="session")
def ca() -> TestCA:
    return make_ca()


@pytest.fixture(scope="session")
def drawn_signature() -> bytes:
    """A scribble, as the signature pad would export it (transparent PNG)."""
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    points = [(20, 150), (100, 40), (160, 160), (260, 50), (330, 140), (420, 60), (560, 120)]
    ImageDraw.Draw(image).line(points, fill=(10, 20, 120, 255), width=6)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def poppler(tool: str, *args: str) -> str:
    """Run a poppler tool and return what it printed (the tests need poppler-utils)."""
    if shutil.which(tool) is None:
        # Skipped on a developer's machine; in CI, where `./dev test` installs it, a failure.
        message = f"{tool} (poppler-utils) is not installed"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must have it")
        pytest.skip(message)
    done = subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)
    return done.stdout + done.stderr


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture(scope="session")
def run_poppler():  # type: ignore[no-untyped-def]
    """``run_poppler("pdfinfo", path)`` -> what the tool printed."""
    return poppler


@pytest.fixture(scope="session")
def other_ca() -> TestCA:
    """A CA that is not the QPM CA."""
    return make_ca("Some Other CA")


@pytest.fixture(scope="session")
def tsa(ca: TestCA) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    return make_tsa(ca)
