"""The workspace of one open assessment: a header, a placeholder notice and the tabs."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qpm_desktop.model.coverage import StandardCoverage
from qpm_desktop.model.framework import Framework
from qpm_desktop.model.outcome import Outcome
from qpm_desktop.services.changes import Changes
from qpm_desktop.services.core import Services
from qpm_desktop.services.views import AssessmentOverview, StandardRow
from qpm_desktop.ui import labels
from qpm_desktop.ui.i18n import current as current_language
from qpm_desktop.ui.i18n import framework_text, localised_rows
from qpm_desktop.ui.keyboard import make_keyboard_friendly
from qpm_desktop.ui.ops import OpRunner
from qpm_desktop.ui.workspace.actions import RequiredActionsTab
from qpm_desktop.ui.workspace.case_files import CaseFilesTab
from qpm_desktop.ui.workspace.common import WorkspaceContext, WorkspaceTab, accessible
from qpm_desktop.ui.workspace.coverage import CoverageTab
from qpm_desktop.ui.workspace.evidence import EvidenceTab, FileChooser, ask_for_file
from qpm_desktop.ui.workspace.interviews import InterviewsTab
from qpm_desktop.ui.workspace.observations import ObservationsTab
from qpm_desktop.ui.workspace.overview import OverviewTab
from qpm_desktop.ui.workspace.standards import StandardsTab

TAB_KEYS = (
    "overview",
    "standards",
    "interviews",
    "observations",
    "case_files",
    "evidence",
    "actions",
    "coverage",
)


class QuickNoteDialog(QDialog):
    """A short note, kept as an observation linked to the standard in view."""

    def __init__(self, code: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Quick note on {code}").format(code=code))
        self.title = QLineEdit(self.tr("Note on {code} {title}").format(code=code, title=title))
        accessible(self.title, self.tr("Note title"))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        accessible(self.notes, self.tr("Note"), self.tr("What you want to remember"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        for button in buttons.buttons():
            accessible(button, button.text().replace("&", ""))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Title"), self.title)
        form.addRow(self.tr("&Note"), self.notes)
        form.addRow(buttons)
        self.notes.setFocus()
        self.resize(520, 280)


class AssessmentWorkspace(QWidget):
    """Everything about one assessment, in tabs."""

    context_did_load = Signal()
    tab_did_change = Signal(str)

    def __init__(
        self,
        services: Services,
        runner: OpRunner,
        undo: QUndoStack,
        parent: QWidget | None = None,
        *,
        choose_file: FileChooser = ask_for_file,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.undo = undo
        self.ctx: WorkspaceContext | None = None

        self.title = QLabel()
        self.title.setObjectName("workspaceTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("muted")
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.placeholder = QLabel()
        self.placeholder.setObjectName("placeholderNotice")
        self.placeholder.setWordWrap(True)
        self.placeholder.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        accessible(self.placeholder, self.tr("Framework notice"))
        self.placeholder.setVisible(False)

        self.overview = OverviewTab(runner)
        self.standards = StandardsTab(runner)
        self.interviews = InterviewsTab(runner)
        self.observations = ObservationsTab(runner)
        self.case_files = CaseFilesTab(runner)
        self.evidence = EvidenceTab(runner, choose_file=choose_file)
        self.actions = RequiredActionsTab(runner)
        self.coverage = CoverageTab(runner)
        self.tab_widgets: list[WorkspaceTab] = [
            self.overview,
            self.standards,
            self.interviews,
            self.observations,
            self.case_files,
            self.evidence,
            self.actions,
            self.coverage,
        ]
        names = [
            self.tr("&1 Overview"),
            self.tr("&2 Standards"),
            self.tr("&3 Interviews"),
            self.tr("&4 Observations"),
            self.tr("&5 Case files"),
            self.tr("&6 Evidence"),
            self.tr("&7 Required actions"),
            self.tr("&8 Coverage"),
        ]
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        accessible(
            self.tabs,
            self.tr("Assessment workspace"),
            self.tr("Control+1 to Control+8 switch tabs"),
        )
        for widget, name in zip(self.tab_widgets, names, strict=True):
            self.tabs.addTab(widget, name)
        self.tabs.tabBar().setAccessibleName(self.tr("Workspace tabs"))
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.tabs, 1)
        runner.changes_applied.connect(self._changes_applied)
        make_keyboard_friendly(self)

    # -- loading ---------------------------------------------------------------------------

    def open(self, assessment_id: str) -> None:
        """Load the assessment; each tab then loads its own data."""
        self.flush()
        q = self.services.queries

        drafts = self.services.drafts
        Loaded = tuple[AssessmentOverview, list[StandardRow], Framework, dict, tuple, Outcome]

        def load() -> Loaded:
            # The standards with their coverage and the outcome, read once here for the
            # Standards and Coverage tabs (each would otherwise read the evidence again).
            rows, coverage = q.standards_and_coverage(assessment_id)
            return (
                q.overview(assessment_id),
                rows,
                q.framework_of(assessment_id),
                drafts.left_for(assessment_id),
                coverage,
                q.outcome(assessment_id),
            )

        def localised(result: Loaded) -> None:
            overview, rows, framework, left, coverage, outcome = result
            if current_language() != "en":  # framework texts in the UI language
                overview = dataclasses.replace(
                    overview, framework_title=framework_text(framework.title)
                )
                rows = localised_rows(rows, framework)
            self._loaded(assessment_id, overview, rows, framework, left, coverage, outcome)

        self.runner.query(load, localised)

    def _loaded(
        self,
        assessment_id: str,
        overview: AssessmentOverview,
        standards: list[StandardRow],
        framework: Framework,
        drafts: dict | None = None,
        coverage: tuple[StandardCoverage, ...] | None = None,
        outcome: Outcome | None = None,
    ) -> None:
        self.ctx = WorkspaceContext(
            services=self.services,
            runner=self.runner,
            undo=self.undo,
            assessment_id=assessment_id,
            overview=overview,
            standards=standards,
            framework=framework,
            drafts=dict(drafts or {}),
            coverage=coverage,
            outcome=outcome,
        )
        s = overview.summary
        self.title.setText(f"{s.organisation} — {s.reference}")
        self.subtitle.setText(
            self.tr("{stage} · {status} · band {band} · lead assessor {lead}").format(
                stage=labels.label(s.stage),
                status=labels.label(s.status),
                band=s.band,
                lead=s.lead_assessor,
            )
        )
        if overview.framework_placeholder:
            text = self.tr(
                "⚠ Placeholder framework: “{title}”. These are not NDTi's official standards; "
                "findings recorded against them cannot be used for an award."
            ).format(title=overview.framework_title)
            self.placeholder.setText(text)
            self.placeholder.setAccessibleDescription(text)
        self.placeholder.setVisible(overview.framework_placeholder)
        self.undo.clear()
        for tab in self.tab_widgets:
            tab.set_context(self.ctx)
        self.context_did_load.emit()

    @property
    def assessment_id(self) -> str | None:
        return self.ctx.assessment_id if self.ctx else None

    # -- changes, tabs, saving -------------------------------------------------------------

    def _changes_applied(self, changes: Changes, initiator: object | None) -> None:
        if self.ctx is None or not changes:
            return
        for tab in self.tab_widgets:
            tab.on_changes(changes, initiator)

    def _tab_changed(self, index: int) -> None:
        for tab in self.tab_widgets:
            tab.flush()
        self.tab_did_change.emit(TAB_KEYS[index])

    def show_tab(self, key: str) -> None:
        if key in TAB_KEYS:
            self.tabs.setCurrentIndex(TAB_KEYS.index(key))

    def current_tab(self) -> str:
        return TAB_KEYS[self.tabs.currentIndex()]

    def flush(self) -> None:
        """Save every field with unsaved text now (before switching, closing, quitting)."""
        for tab in self.tab_widgets:
            tab.flush()

    # -- record shortcuts ------------------------------------------------------------------

    def new_interview(self) -> None:
        self.show_tab("interviews")
        self.interviews.create_record()

    def new_observation(self) -> None:
        self.show_tab("observations")
        self.observations.create_record()

    def quick_note(self) -> None:
        """Ask for a short note and keep it linked to the standard in view."""
        ctx = self.ctx
        if ctx is None or self.standards.current_code is None:
            return
        code = self.standards.current_code
        dialog = QuickNoteDialog(code, ctx.titles.get(code, ""), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_quick_note(dialog.title.text(), dialog.notes.toPlainText())

    def add_quick_note(self, title: str, notes: str) -> None:
        ctx = self.ctx
        code = self.standards.current_code
        if ctx is None or code is None:
            return
        work = ObservationsTab.quick_note_work(ctx, title, notes, code)
        self.runner.mutate(work, initiator=None)
