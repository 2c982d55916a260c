"""The Case file reviews tab: each sampled file (``CaseFileReviewView``) and its checklist over
the standards (``recording.set_case_check`` per standard)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from qpm_desktop.model.enums import AdvocacyType, CaseCheckResult, SampleKind
from qpm_desktop.services.views import CaseFileReviewView
from qpm_desktop.ui import labels
from qpm_desktop.ui.autosave import Work
from qpm_desktop.ui.ops import OpRunner
from qpm_desktop.ui.workspace.common import (
    EnumCombo,
    RecordsTab,
    WorkspaceContext,
    accessible,
    field_block,
    text_field,
)
from qpm_desktop.ui.workspace.interviews import next_code


class CaseFilesTab(RecordsTab[CaseFileReviewView]):
    watches = ("case_file_review", "case_file_check")
    created_entity = "case_file_review"
    update_method = "update_case_file_review"

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        self.list_name = self.tr("Sampled case files and reports")
        self.new_text = self.tr("New case file review")
        self.delete_text = self.tr("Delete review")
        super().__init__(runner, parent)
        self.checks: dict[str, EnumCombo] = {}
        self._checklist_for: tuple[tuple[str, str], ...] | None = None
        self.case_code = text_field(
            False, self.tr("Case code"), self.tr("The anonymised file's code, such as CF-101")
        )
        self.code_saver, code_error = self.autosave(
            self.case_code, self.tr("Case code"), target=self.field_target("case_code")
        )
        self.sample_kind = EnumCombo(SampleKind)
        accessible(self.sample_kind, self.tr("Case file or report"))
        self.sample_kind.value_chosen.connect(lambda v: self._save(sample_kind=v))
        self.advocacy_type = EnumCombo(AdvocacyType, none_label=self.tr("Not recorded"))
        accessible(self.advocacy_type, self.tr("Advocacy type"))
        self.advocacy_type.value_chosen.connect(lambda v: self._save(advocacy_type=v))
        self.on_site = QCheckBox(self.tr("Spot-checked on site"))
        accessible(
            self.on_site,
            self.tr("Spot-checked on site"),
            self.tr("Ticked when the file was picked on the visit, not sent with the submission"),
        )
        self.on_site.toggled.connect(self._on_site_toggled)
        self.notes = text_field(
            True, self.tr("Notes"), self.tr("Notes on this file"), min_height=70
        )
        self.notes_saver, notes_error = self.autosave(
            self.notes, self.tr("Notes"), target=self.field_target("notes")
        )
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Standard"), self.tr("Result")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setMinimumHeight(320)
        accessible(
            self.table,
            self.tr("Checklist"),
            self.tr("How this file bears on each standard; leave Not checked where it does not"),
        )
        self._loading_record = False
        rows = [
            (self.tr("Case &code"), self.case_code, field_block(self.case_code, code_error)),
            (self.tr("&Sampled as"), self.sample_kind, self.sample_kind),
            (self.tr("Advocacy t&ype"), self.advocacy_type, self.advocacy_type),
            ("", self.on_site, self.on_site),
            (self.tr("Note&s"), self.notes, field_block(self.notes, notes_error)),
            (self.tr("C&hecklist"), self.table, self.table),
        ]
        self.add_form_rows(rows)

    def _on_site_toggled(self, on: bool) -> None:
        if not self._loading_record:
            self._save(on_site=on)

    def set_check(self, code: str, result: CaseCheckResult | None) -> None:
        ctx, rid = self.ctx, self.current_id
        if ctx is None or rid is None:
            return
        rec = ctx.services.recording
        self.save_now(lambda: rec.set_case_check(rid, code, result))

    def set_context(self, ctx: WorkspaceContext) -> None:
        # One result box per standard: rebuilt only when the standards themselves change (another
        # framework, another language), since building 40-odd boxes is most of opening this tab.
        shown = tuple((row.code, row.title) for row in ctx.standards)
        if shown != self._checklist_for:
            self._build_checklist(ctx)
            self._checklist_for = shown
        super().set_context(ctx)

    def _build_checklist(self, ctx: WorkspaceContext) -> None:
        self.table.setRowCount(len(ctx.standards))
        self.checks.clear()
        for i, row in enumerate(ctx.standards):
            item = QTableWidgetItem(f"{row.code}  {row.title}")
            self.table.setItem(i, 0, item)
            combo = EnumCombo(
                CaseCheckResult, none_label=self.tr("Not checked"), text_of=labels.check_text
            )
            accessible(
                combo,
                self.tr("Result for {code} {title}").format(code=row.code, title=row.title),
            )
            combo.value_chosen.connect(lambda v, code=row.code: self.set_check(code, v))
            self.table.setCellWidget(i, 1, combo)
            self.checks[row.code] = combo

    def fetch(self, ctx: WorkspaceContext) -> list[CaseFileReviewView]:
        return ctx.services.queries.case_file_reviews(ctx.assessment_id)

    def row_text(self, r: CaseFileReviewView) -> str:
        return self.tr("{code} · {kind} · %n checks", "", len(r.checks)).format(
            code=r.case_code, kind=labels.label(r.sample_kind)
        )

    def show_record(self, r: CaseFileReviewView, *, force: bool) -> None:
        self._loading_record = True
        try:
            self.code_saver.set_value(r.case_code, force=force)
            self.sample_kind.set_value(r.sample_kind)
            self.advocacy_type.set_value(r.advocacy_type)
            self.on_site.setChecked(r.on_site)
            self.notes_saver.set_value(r.notes, force=force)
            results = {c.standard_code: c.result for c in r.checks}
            for code, combo in self.checks.items():
                combo.set_value(results.get(code))
        finally:
            self._loading_record = False

    def create_work(self, ctx: WorkspaceContext) -> Work:
        rec, aid = ctx.services.recording, ctx.assessment_id
        code = next_code("CF", {r.case_code for r in self.records})
        return lambda: rec.create_case_file_review(
            aid, case_code=code, sample_kind=SampleKind.CASE_FILE, on_site=True
        )

    def delete_work(self, ctx: WorkspaceContext, record_id: str) -> Work:
        rec = ctx.services.recording
        return lambda: rec.delete_case_file_review(record_id)

    def focus_first_field(self) -> None:
        self.case_code.setFocus()
        self.case_code.selectAll()
