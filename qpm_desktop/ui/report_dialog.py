"""The visit report in the window: make it, save a copy, sign it on the spot.

Making and signing run on the database worker (one lane, so ReportLab, which is not
thread-safe, never runs twice at once). A signed version never changes: after more edits,
making the report again gives a new version, and the signed one stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qpm_desktop.services.core import Services
from qpm_desktop.services.reporting import Reporting, ReportVersionView
from qpm_desktop.ui.ops import OpRunner
from qpm_desktop.ui.signature_pad import SignaturePad

SaveChooser = Callable[[QWidget, str], Path | None]


def ask_where_to_save(parent: QWidget, suggested: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("ReportDialog", "Save a copy of the report"),
        suggested,
        QCoreApplication.translate("ReportDialog", "PDF (*.pdf)"),
    )
    return Path(name) if name else None


class ReportDialog(QDialog):
    def __init__(
        self,
        services: Services,
        assessment_id: str,
        runner: OpRunner,
        *,
        signer_name: str = "",
        reporting: Reporting | None = None,
        choose_target: SaveChooser = ask_where_to_save,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Visit report"))
        self.setAccessibleName(self.tr("Visit report"))
        self._assessment_id = assessment_id
        self._runner = runner
        self._reporting = reporting or Reporting(services.ctx)
        self._choose_target = choose_target
        self.version: ReportVersionView | None = None

        self.language = QComboBox()
        for code, text in (
            ("en", self.tr("English")),
            ("cy", self.tr("Cymraeg")),
            ("bilingual", self.tr("Bilingual (Welsh and English)")),
        ):
            self.language.addItem(text, code)
        self.language.setAccessibleName(self.tr("Report language"))
        self.make_button = QPushButton(self.tr("&Make the report"))
        self.make_button.setAccessibleName(self.tr("Make the report"))
        self.make_button.setAccessibleDescription(
            self.tr("Render the report from the assessment as it stands now")
        )
        self.make_button.clicked.connect(self.make)
        self.save_button = QPushButton(self.tr("Save a &copy…"))
        self.save_button.setAccessibleName(self.tr("Save a copy"))
        self.save_button.clicked.connect(self.save_copy)
        self.state = QLabel(self.tr("No report made yet."))
        self.state.setWordWrap(True)
        self.state.setAccessibleName(self.tr("Report state"))

        make_box = QGroupBox(self.tr("Report"))
        make_form = QFormLayout(make_box)
        language_label = QLabel(self.tr("&Language"))
        language_label.setBuddy(self.language)
        make_form.addRow(language_label, self.language)
        row = QHBoxLayout()
        row.addWidget(self.make_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        make_form.addRow(row)
        make_form.addRow(self.state)

        self.pad = SignaturePad(self, name=signer_name, role=self.tr("Lead assessor"))
        self.sign_button = QPushButton(self.tr("&Sign this version"))
        self.sign_button.setAccessibleName(self.tr("Sign this version"))
        self.sign_button.setAccessibleDescription(
            self.tr("Sign with this computer's certificate; the signed version never changes")
        )
        self.sign_button.clicked.connect(self.sign)
        self.pad.signature_changed.connect(self._update)
        sign_box = QGroupBox(self.tr("Signature"))
        sign_layout = QVBoxLayout(sign_box)
        sign_layout.addWidget(self.pad, 1)
        sign_layout.addWidget(self.sign_button)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        close.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(self.tr("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(make_box)
        layout.addWidget(sign_box, 1)
        layout.addWidget(close)
        self.resize(720, 640)
        self._update()

    # -- actions ---------------------------------------------------------------------------

    def make(self) -> None:
        language = self.language.currentData()
        aid, reporting = self._assessment_id, self._reporting
        self._busy(self.tr("Making the report…"))
        self._runner.query(
            lambda: reporting.render_report(aid, language=language), self._shown, self._failed
        )

    def sign(self) -> None:
        if self.version is None or not self.pad.is_complete():
            return
        version_id, reporting = self.version.id, self._reporting
        name, role, png = self.pad.signer_name(), self.pad.role(), self.pad.signature_png()
        self._busy(self.tr("Signing…"))
        self._runner.query(
            lambda: reporting.sign_report(version_id, name, role, png), self._shown, self._failed
        )

    def save_copy(self) -> None:
        if self.version is None:
            return
        target = self._choose_target(self, self.version.file_name)
        if target is None:
            return
        try:
            self._reporting.export(self.version, target)
        except OSError as exc:
            self._failed(exc)
            return
        self.state.setText(self.tr("Saved a copy as {path}.").format(path=str(target)))

    # -- results ---------------------------------------------------------------------------

    def _shown(self, version: ReportVersionView) -> None:
        self.version = version
        signed = version.state != "draft"
        text = self.tr("Version {number}: {state}.").format(
            number=version.number,
            state=self.tr("signed") if signed else self.tr("draft, not signed yet"),
        )
        if version.reused:
            text += " " + self.tr("Nothing has changed since this version was made.")
        if signed:
            names = ", ".join(s.get("name", "") for s in version.signers)
            text += " " + self.tr("Signed by {names}.").format(names=names)
        self.state.setText(text)
        self._update()

    def _failed(self, exc: BaseException) -> None:
        self.state.setText("⚠ " + _explain(exc))
        self._update()

    def _busy(self, text: str) -> None:
        self.state.setText(text)
        for button in (self.make_button, self.save_button, self.sign_button):
            button.setEnabled(False)

    def _update(self) -> None:
        self.make_button.setEnabled(True)
        self.save_button.setEnabled(self.version is not None)
        self.sign_button.setEnabled(self.version is not None and self.pad.is_complete())


def _explain(exc: BaseException) -> str:
    name = type(exc).__name__
    if name in ("NotEnrolled", "KeyringUnavailable"):
        return QCoreApplication.translate(
            "ReportDialog",
            "This computer has no signing certificate yet: sign in to the central store "
            "(Sync > Sign in) so it gets one, then sign. ({detail})",
        ).format(detail=str(exc))
    return str(exc) or name
