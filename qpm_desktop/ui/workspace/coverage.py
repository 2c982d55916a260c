"""The Coverage tab: standards against the kinds of evidence behind them
(``queries.coverage``), flagging judgements with no evidence or resting on one kind only.

Every flag is words plus a symbol, never colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qpm_desktop.model.coverage import StandardCoverage
from qpm_desktop.model.enums import EvidenceKind
from qpm_desktop.services.views import StandardRow
from qpm_desktop.ui import labels
from qpm_desktop.ui.i18n import localised_rows
from qpm_desktop.ui.ops import OpRunner
from qpm_desktop.ui.workspace.common import WorkspaceContext, WorkspaceTab, accessible, wrapped

KIND_COLUMNS = (
    EvidenceKind.INTERVIEW,
    EvidenceKind.OBSERVATION,
    EvidenceKind.CASE_FILE,
    EvidenceKind.DOCUMENT,
)


class CoverageTab(WorkspaceTab):
    watches = (
        "evidence_link",
        "case_file_check",
        "case_file_review",
        "interview",
        "observation",
        "evidence_item",
        "finding",
    )

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.summary = wrapped("", "coverageSummary")
        self.summary.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        accessible(self.summary, self.tr("Coverage summary"))
        self.thin_only = QCheckBox(self.tr("Show only standards with &thin evidence"))
        accessible(
            self.thin_only,
            self.tr("Show only standards with thin evidence"),
            self.tr("Hide standards whose evidence spans more than one kind"),
        )
        self.thin_only.toggled.connect(self._filter)
        headers = [
            self.tr("Standard"),
            self.tr("Rating"),
            self.tr("Interviews"),
            self.tr("Observations"),
            self.tr("Case files"),
            self.tr("Documents"),
            self.tr("People interviewed"),
            self.tr("Coverage"),
        ]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        # Longer (Welsh) titles and flags wrap onto a second line instead of being cut short:
        # the standard and the coverage columns share the room the counts leave.
        self.table.setWordWrap(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        accessible(
            self.table,
            self.tr("Evidence coverage"),
            self.tr(
                "One row per standard: sources of each kind, who was interviewed, and whether "
                "the judgement rests on one kind of evidence only"
            ),
        )
        self.rows: dict[str, tuple[StandardRow, StandardCoverage]] = {}
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.thin_only)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        q, aid = ctx.services.queries, ctx.assessment_id
        framework = ctx.framework

        def load():  # type: ignore[no-untyped-def]
            rows, coverage = q.standards_and_coverage(aid)
            return localised_rows(rows, framework), coverage

        ctx.runner.query(load, self._show)

    def flag(self, c: StandardCoverage) -> str:
        if c.no_evidence:
            text = self.tr("✗ No evidence")
        elif c.single_source_kind:
            text = self.tr("⚠ One kind only")
        else:
            text = self.tr("✓ %n kinds", "", c.kinds)
        if c.missing_expected and not c.no_evidence:
            missing = ", ".join(labels.label(k) for k in c.missing_expected)
            text += self.tr(" · expected, none: {kinds}").format(kinds=missing)
        return text

    def _show(self, result: tuple[list[StandardRow], tuple[StandardCoverage, ...]]) -> None:
        rows, coverage = result
        by_code = {c.code: c for c in coverage}
        self.rows = {r.code: (r, by_code[r.code]) for r in rows}
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            c = by_code[row.code]
            cells = [
                f"{row.code}  {row.title}",
                labels.rating_text(row.rating),
                *(str(c.by_kind[k]) if c.by_kind[k] else "\u2013" for k in KIND_COLUMNS),
                ", ".join(sorted(labels.label(r) for r in c.interview_roles)) or "\u2013",
                self.flag(c),
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if 2 <= j < 2 + len(KIND_COLUMNS):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    item.setData(
                        Qt.ItemDataRole.AccessibleTextRole,
                        self.tr("{kind}: %n sources", "", c.by_kind[KIND_COLUMNS[j - 2]]).format(
                            kind=labels.label(KIND_COLUMNS[j - 2]),
                        ),
                    )
                if j == len(cells) - 1 and (c.no_evidence or c.single_source_kind):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(i, j, item)
        none = sum(1 for c in coverage if c.no_evidence)
        single = sum(1 for c in coverage if c.single_source_kind)
        self.summary.setText(
            self.tr(
                "{total} standards · ✗ {none} with no evidence · ⚠ {single} resting on one "
                "kind of evidence only"
            ).format(total=len(rows), none=none, single=single)
        )
        self._filter()

    def _filter(self) -> None:
        thin = self.thin_only.isChecked()
        for i, (_, c) in enumerate(self.rows.values()):
            self.table.setRowHidden(i, thin and not (c.no_evidence or c.single_source_kind))

    def set_context(self, ctx: WorkspaceContext) -> None:
        if ctx.coverage is None:
            super().set_context(ctx)
        else:  # opened just now: the rows and their coverage came with the context
            self.ctx = ctx
            self._show((ctx.standards, ctx.coverage))
