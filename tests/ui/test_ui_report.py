"""The visit report in the window: made, saved as a copy, drawn and signed on the spot."""

from __future__ import annotations

from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from qpm_desktop.credentials.signing_key import DeviceCredentials
from qpm_desktop.model import demo
from qpm_desktop.reports.throwaway_ca import make_ca
from qpm_desktop.reports.verify import verify_pdf
from qpm_desktop.ui.report_dialog import ReportDialog


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def _draw(canvas) -> None:  # type: ignore[no-untyped-def]
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(20, 40))
    for x in range(30, 200, 15):
        QTest.mouseMove(canvas, QPoint(x, 40 + (x % 30)))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(200, 50))


def test_make_save_and_sign_the_report(window, services, qtbot, tmp_path: Path) -> None:
    """The report is made as a draft, saved as a PDF, then signed with this computer's
    certificate; the signed copy verifies against the CA, and signing waits for a drawing."""
    ca = make_ca("QPM test CA")
    creds = DeviceCredentials(services.ctx.actor)
    csr = x509.load_pem_x509_csr(creds.certificate_request().encode())
    creds.store_certificate(_pem(ca.issue(csr.public_key(), "Sam Okafor")), _pem(ca.certificate))
    copies = iter([tmp_path / "draft.pdf", tmp_path / "signed.pdf"])
    dialog = ReportDialog(
        services,
        demo.ASSESSMENT_ID,
        window.runner,
        signer_name="Sam Okafor",
        choose_target=lambda _parent, _name: next(copies),
        parent=window,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.save_button.isEnabled() and not dialog.sign_button.isEnabled()
    dialog.make_button.click()
    assert "Version 1" in dialog.state.text() and "draft" in dialog.state.text()
    dialog.save_button.click()
    assert (tmp_path / "draft.pdf").read_bytes().startswith(b"%PDF")
    assert not dialog.sign_button.isEnabled()  # nothing drawn yet
    _draw(dialog.pad.canvas)
    assert dialog.sign_button.isEnabled()
    dialog.sign_button.click()
    assert "signed" in dialog.state.text() and "Sam Okafor" in dialog.state.text()
    dialog.save_button.click()
    result = verify_pdf((tmp_path / "signed.pdf").read_bytes(), [ca.certificate])
    assert result.valid


def test_signing_without_a_certificate_says_what_to_do(window, services, qtbot) -> None:
    """With no signing certificate on this computer, the dialog says to sign in first."""
    dialog = ReportDialog(services, demo.ASSESSMENT_ID, window.runner, signer_name="Sam Okafor")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.make_button.click()
    _draw(dialog.pad.canvas)
    dialog.sign_button.click()
    assert "sign in to the central store" in dialog.state.text()
