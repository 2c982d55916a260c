"""The Standards tab: the framework tree, the finding editor beside it, the recommended outcome.

``StandardsTab`` shows ``queries.standards`` (a tree of sections and standards with rating and
evidence), ``FindingEditor`` shows one ``FindingView`` and ``OutcomeBanner`` the ``Outcome``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qpm_desktop.model.enums import (
    DocumentKind,
    EvidenceKind,
    InterviewRole,
    ObservationKind,
    Rating,
    SampleKind,
)
from qpm_desktop.model.outcome import Outcome, Recommendation
from qpm_desktop.services.changes import Changes
from qpm_desktop.services.drafts import DraftTarget
from qpm_desktop.services.views import EvidenceRef, FindingView, StandardRow
from qpm_desktop.ui import labels
from qpm_desktop.ui.i18n import current as current_language
from qpm_desktop.ui.i18n import framework_text, has_welsh, localised_rows
from qpm_desktop.ui.ops import OpRunner
from qpm_desktop.ui.workspace.common import (
    EnumCombo,
    ServiceCommand,
    WorkspaceContext,
    WorkspaceTab,
    accessible,
    field_block,
    heading,
    text_field,
    wrapped,
)

CODE_ROLE = Qt.ItemDataRole.UserRole
# What a change to these records can alter in this tab (ratings, evidence counts, names).
WATCHED = (
    "finding",
    "evidence_link",
    "case_file_check",
    "case_file_review",
    "interview",
    "observation",
    "evidence_item",
)
_DETAIL_ENUMS = {
    EvidenceKind.INTERVIEW: InterviewRole,
    EvidenceKind.OBSERVATION: ObservationKind,
    EvidenceKind.CASE_FILE: SampleKind,
    EvidenceKind.DOCUMENT: DocumentKind,
}


def evidence_text(ref: EvidenceRef) -> str:
    try:
        detail = labels.label(_DETAIL_ENUMS[ref.kind](ref.detail))
    except (ValueError, KeyError):
        detail = ref.detail
    return QCoreApplication.translate("Standards", "{kind}: {label} ({detail})").format(
        kind=labels.label(ref.kind), label=ref.label, detail=detail
    )


def evidence_summary(row: StandardRow) -> str:
    """E.g. "✗ None", "⚠ 1 · one kind", "4 · 2 kinds" (sources, then kinds of evidence)."""
    if row.sources == 0:
        return QCoreApplication.translate("Standards", "✗ None")
    if row.kinds == 1:
        return QCoreApplication.translate("Standards", "⚠ {sources} · one kind").format(
            sources=row.sources
        )
    return QCoreApplication.translate("Standards", "{sources} · {kinds} kinds").format(
        sources=row.sources, kinds=row.kinds
    )


class OutcomeBanner(QLabel):
    """The recommended outcome under the V4 rule, in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcomeBanner")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        accessible(
            self,
            self.tr("Recommended outcome"),
            self.tr("The recommended outcome under the V4 rule, as the findings stand now"),
        )
        self.outcome: Outcome | None = None

    def show_outcome(self, outcome: Outcome) -> None:
        self.outcome = outcome
        mark = {
            Recommendation.AWARD: "✓",
            Recommendation.NOT_YET: "○",
            Recommendation.ACTIONS_REQUIRED: "✗",
        }[outcome.recommendation]
        parts = [
            self.tr("Recommended outcome: {mark} {label}").format(
                mark=mark, label=labels.label(outcome.recommendation)
            )
        ]
        if outcome.unmet:
            parts.append(self.tr("Not met: {codes}").format(codes=", ".join(outcome.unmet)))
        if outcome.undecided:
            parts.append(
                self.tr("%n mandatory standards still to decide", "", len(outcome.undecided))
            )
        met = outcome.counts[Rating.MET]
        parts.append(self.tr("%n met", "", met))
        text = " · ".join(parts)
        self.setText(text)
        self.setProperty("recommendation", outcome.recommendation.value)
        self.setAccessibleDescription(text)
        self.style().unpolish(self)
        self.style().polish(self)


class FindingEditor(QWidget):
    """Edits one standard's finding: rating, rationale, good practice, areas for improvement."""

    def __init__(self, tab: StandardsTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.code: str | None = None
        self.finding: FindingView | None = None
        self.row: StandardRow | None = None

        self.title = heading("", 2)
        self.title.setObjectName("findingTitle")
        self.meta = wrapped("", "muted")
        self.statement = wrapped("", "statement")
        self.statement.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.guidance = wrapped("", "guidance")
        self.guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.rating = EnumCombo([], text_of=labels.rating_text)
        accessible(
            self.rating,
            self.tr("Rating"),
            self.tr("The judgement on this standard; Met or Not met are the end states"),
        )
        self.rating.value_chosen.connect(self._rating_chosen)

        def finding_field(name: str, label: str, description: str, height: int) -> QWidget:
            widget = text_field(True, label, description, min_height=height)
            widget.setMaximumHeight(height + height // 4)
            widget.setObjectName(name)
            saver, error = tab.autosave(widget, label, target=lambda: self._target(name))
            setattr(self, name, widget)
            setattr(self, f"{name}_saver", saver)
            return field_block(widget, error)

        rationale = finding_field(
            "rationale", self.tr("Rationale"), self.tr("Why the standard is rated as it is"), 104
        )
        good = finding_field(
            "good_practice",
            self.tr("Good practice"),
            self.tr("Good practice seen, for the report (optional)"),
            64,
        )
        improve = finding_field(
            "areas_for_improvement",
            self.tr("Areas for improvement"),
            self.tr("Areas for improvement, for the report (optional)"),
            64,
        )
        self.evidence = QListWidget()
        self.evidence.setMinimumHeight(80)
        self.evidence.setMaximumHeight(150)
        accessible(
            self.evidence,
            self.tr("Linked evidence"),
            self.tr("Interviews, observations, case files and documents behind this finding"),
        )
        self.sync_state = wrapped("", "muted")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self._label(self.tr("&Rating"), self.rating), self.rating)
        form.addRow(self._label(self.tr("Ra&tionale"), self.rationale), rationale)
        form.addRow(self._label(self.tr("&Good practice"), self.good_practice), good)
        form.addRow(
            self._label(self.tr("Areas for &improvement"), self.areas_for_improvement), improve
        )
        form.addRow(self._label(self.tr("Linked &evidence"), self.evidence), self.evidence)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.statement)
        layout.addWidget(self.guidance)
        layout.addLayout(form)
        layout.addWidget(self.sync_state)
        layout.addStretch(1)
        self.setTabOrder(self.rating, self.rationale)
        self.setTabOrder(self.rationale, self.good_practice)
        self.setTabOrder(self.good_practice, self.areas_for_improvement)
        self.setTabOrder(self.areas_for_improvement, self.evidence)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        # A few pixels of slack: some labels ("&Tystiolaeth gysylltiedig") draw wider than the
        # width their size hint reserves and lost their last letter.
        label.setMinimumWidth(label.sizeHint().width() + 6)
        return label

    def _target(self, name: str) -> DraftTarget | None:
        ctx, code = self.tab.ctx, self.code
        if ctx is None or code is None:
            return None
        return DraftTarget.finding(ctx.assessment_id, code, name)

    def savers(self) -> list:
        return [self.rationale_saver, self.good_practice_saver, self.areas_for_improvement_saver]

    def show_finding(self, row: StandardRow, finding: FindingView, *, force: bool) -> None:
        ctx = self.tab.ctx
        assert ctx is not None
        self.row, self.finding, self.code = row, finding, row.code
        standard = ctx.framework.standard(row.code)
        self.title.setText(f"{row.code}  {row.title}")
        mandatory = self.tr("Mandatory") if row.mandatory else self.tr("Advisory (not mandatory)")
        na = (
            self.tr("Not applicable allowed")
            if row.not_applicable_allowed
            else self.tr("Not applicable not allowed")
        )
        expected = ", ".join(labels.label(k) for k in standard.evidence_expected)
        self.meta.setText(
            self.tr("{mandatory} · {na} · Evidence expected: {expected}").format(
                mandatory=mandatory, na=na, expected=expected or self.tr("none stated")
            )
        )
        self.statement.setText(framework_text(standard.statement))
        guidance = framework_text(standard.guidance)
        if guidance and current_language() != "en" and not has_welsh(standard.guidance):
            # No Welsh guidance in the framework file: the English is shown, and says so.
            guidance_text = self.tr("Guidance (in English only): {text}").format(text=guidance)
        else:
            guidance_text = self.tr("Guidance: {text}").format(text=guidance)
        self.guidance.setText(guidance_text if guidance else "")
        self.guidance.setVisible(bool(guidance))
        allowed = [
            r for r in Rating if r is not Rating.NOT_APPLICABLE or row.not_applicable_allowed
        ]
        self.rating.set_members(allowed)
        self.rating.set_value(finding.rating)
        self.rationale_saver.set_value(finding.rationale, force=force)
        self.good_practice_saver.set_value(finding.good_practice, force=force)
        self.areas_for_improvement_saver.set_value(finding.areas_for_improvement, force=force)
        self.evidence.clear()
        for ref in finding.evidence:
            item = QListWidgetItem(evidence_text(ref))
            item.setData(CODE_ROLE, (ref.kind, ref.source_id))
            self.evidence.addItem(item)
        if not finding.evidence:
            self.evidence.addItem(QListWidgetItem(self.tr("No evidence linked yet")))
        self.sync_state.setText(
            self.tr("Sync: {state}").format(state=labels.label(finding.sync_state))
            if finding.sync_state
            else ""
        )

    def _rating_chosen(self, rating: Rating) -> None:
        ctx, code, finding = self.tab.ctx, self.code, self.finding
        if ctx is None or code is None or finding is None or rating == finding.rating:
            return
        old = finding.rating
        rec, aid = ctx.services.recording, ctx.assessment_id
        self.finding = _with_rating(finding, rating)
        ctx.undo.push(
            ServiceCommand(
                self.tr("Rate {code} {rating}").format(code=code, rating=labels.label(rating)),
                ctx.runner,
                lambda: rec.record_finding(aid, code, rating=rating),
                lambda: rec.record_finding(aid, code, rating=old),
                initiator=self.tab,
            )
        )


def _with_rating(finding: FindingView, rating: Rating) -> FindingView:
    from dataclasses import replace

    return replace(finding, rating=rating)


class StandardsTab(WorkspaceTab):
    """Sections and standards on the left, the selected standard's finding on the right."""

    standard_did_change = Signal(str)

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.rows: list[StandardRow] = []
        self._loading = False
        self.outcome = OutcomeBanner()
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Standard"), self.tr("Rating"), self.tr("Evidence")])
        self.tree.headerItem().setToolTip(2, self.tr("Sources linked, and how many kinds"))
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        accessible(
            self.tree,
            self.tr("Standards"),
            self.tr("The framework's sections and standards with each rating and its evidence"),
        )
        self.tree.currentItemChanged.connect(self._selected)
        self.editor = FindingEditor(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.editor)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(scroll)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([660, 640])  # room for the longer Welsh titles in the tree
        layout = QVBoxLayout(self)
        layout.addWidget(self.outcome)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.tree, self.editor.rating)

    @property
    def current_code(self) -> str | None:
        return self.editor.code

    def set_context(self, ctx: WorkspaceContext) -> None:
        if ctx.outcome is None:
            super().set_context(ctx)
            return
        # Opened just now: the rows and the outcome came with the context.
        self.ctx = ctx
        self._show_rows((ctx.standards, ctx.outcome))
        if self.editor.code is not None:
            self._load_finding(self.editor.code, force=False)

    def reload(self, *, refill: bool = True) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        q, aid = ctx.services.queries, ctx.assessment_id
        framework = ctx.framework
        ctx.runner.query(
            lambda: (localised_rows(q.standards(aid), framework), q.outcome(aid)), self._show_rows
        )
        if refill and self.editor.code is not None:
            self._load_finding(self.editor.code, force=False)

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        if self.ctx is None or not changes.touches(*WATCHED):
            return
        self.reload(refill=initiator is not self)

    def _show_rows(self, result: tuple[list[StandardRow], Outcome]) -> None:
        rows, outcome = result
        ctx = self.ctx
        assert ctx is not None
        self.rows = rows
        self.outcome.show_outcome(outcome)
        framework = ctx.framework
        self._loading = True
        try:
            if self.tree.topLevelItemCount() == 0:
                self._build_tree(rows, framework)
            for item in self._standard_items():
                row = next(r for r in rows if r.code == item.data(0, CODE_ROLE))
                self._fill_item(item, row)
        finally:
            self._loading = False
        if self.editor.code is None and rows:
            self.select(rows[0].code)

    def _build_tree(self, rows: list[StandardRow], framework: object) -> None:
        sections: dict[str, QTreeWidgetItem] = {}
        for row in rows:
            parent = sections.get(row.section_code)
            if parent is None:
                section = framework.section(row.section_code)  # type: ignore[attr-defined]
                title = framework_text(section.title)
                parent = QTreeWidgetItem([f"{section.code}  {title}", "", ""])
                parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                sections[row.section_code] = parent
                self.tree.addTopLevelItem(parent)
                parent.setFirstColumnSpanned(True)
            item = QTreeWidgetItem(parent)
            item.setData(0, CODE_ROLE, row.code)
        self.tree.expandAll()

    def _fill_item(self, item: QTreeWidgetItem, row: StandardRow) -> None:
        title = f"{row.code}  {row.title}"
        if not row.mandatory:
            title += self.tr(" (advisory)")
        item.setText(0, title)
        item.setText(1, labels.rating_text(row.rating))
        item.setText(2, evidence_summary(row))
        item.setToolTip(0, title)

    def _standard_items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            out += [top.child(j) for j in range(top.childCount())]
        return out

    def select(self, code: str) -> None:
        for item in self._standard_items():
            if item.data(0, CODE_ROLE) == code:
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return

    def _selected(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        if item is None or self._loading:
            return
        code = item.data(0, CODE_ROLE)
        if code is None:
            return
        for saver in self.editor.savers():
            saver.flush()
        self._load_finding(code, force=True)

    def _load_finding(self, code: str, *, force: bool) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        q, aid = ctx.services.queries, ctx.assessment_id

        def show(finding: FindingView) -> None:
            row = next((r for r in self.rows if r.code == code), None)
            if row is None:
                return
            if not force and code != self.editor.code:
                return  # the user moved on while this was loading
            self.editor.show_finding(row, finding, force=force)
            ctx.current_standard = code
            self.standard_did_change.emit(code)

        ctx.runner.query(lambda: q.finding(aid, code), show)
