"""Verify a signed report. The rule lives in :mod:`qpm_desktop.signing.verify`, which the
central store shares (it may not import this layer); this module keeps the reports layer's
name for it (``qpm-desktop verify`` and the services use it)."""

from __future__ import annotations

from qpm_desktop.signing.verify import (
    SignatureCheck,
    ValidationData,
    Verification,
    load_ca_certificates,
    load_crl,
    verify_pdf,
)

__all__ = [
    "SignatureCheck",
    "ValidationData",
    "Verification",
    "load_ca_certificates",
    "load_crl",
    "verify_pdf",
]
