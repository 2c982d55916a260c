"""The Overview tab: the ``AssessmentOverview`` (organisation, teams, visit), sampling targets
and progress (``queries.sampling``), and the desktop review notes (autosaved)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qpm_desktop.model.enums import AdvocacyType, Nation
from qpm_desktop.model.sampling import SamplingProgress
from qpm_desktop.services.drafts import DraftTarget
from qpm_desktop.services.views import AssessmentOverview, RequiredActionView
from qpm_desktop.ui import labels
from qpm_desktop.ui.i18n import format_date
from qpm_desktop.ui.ops import OpRunner
from qpm_desktop.ui.workspace.common import (
    WorkspaceContext,
    WorkspaceTab,
    accessible,
    field_block,
    heading,
    text_field,
    wrapped,
)


def _date(d: object) -> str:
    return format_date(d)  # type: ignore[arg-type]


def _table(headers: list[str], name: str, description: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    accessible(table, name, description)
    return table


def _fit_height(table: QTableWidget) -> None:
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(i) for i in range(table.rowCount()))
    table.setFixedHeight(height + 2)


class OverviewTab(WorkspaceTab):
    watches = ("assessment", "interview", "case_file_review", "site_visit", "team")

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.org_name = heading("", 2)
        self.profile = wrapped("")
        self.facts = QFormLayout()
        self.facts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.facts.setHorizontalSpacing(14)
        self.fact_labels: dict[str, QLabel] = {}
        for key, text in [
            ("nations", self.tr("Nations")),
            ("services", self.tr("Services delivered")),
            ("advocates", self.tr("Advocates")),
            ("contact", self.tr("Contact")),
            ("reference", self.tr("Reference")),
            ("stage", self.tr("Stage and status")),
            ("assessors", self.tr("Assessors")),
            ("submitted", self.tr("Desktop submission")),
            ("visits", self.tr("Site visits")),
            ("framework", self.tr("Framework")),
        ]:
            value = wrapped("")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fact_labels[key] = value
            self.facts.addRow(QLabel(text), value)
        self.notes = text_field(
            True,
            self.tr("Desktop review notes"),
            self.tr("Your notes from the desktop review, saved as you type"),
            min_height=110,
        )
        self.notes_saver, notes_error = self.autosave(
            self.notes, self.tr("Desktop review notes"), target=self._notes_target
        )
        notes_label = QLabel(self.tr("Desktop &review notes"))
        notes_label.setBuddy(self.notes)
        self.teams = _table(
            [self.tr("Team"), self.tr("Area"), self.tr("Manager"), self.tr("Nation"),
             self.tr("Advocates")],
            self.tr("Teams"),
            self.tr("The organisation's teams, areas, managers and advocate counts"),
        )  # fmt: skip
        self.sampling = _table(
            [self.tr("Sampling group"), self.tr("Advocates"), self.tr("Target"),
             self.tr("Met so far"), self.tr("Reached")],
            self.tr("Sampling targets"),
            self.tr("Advocates to meet per manager and per area, and files to review"),
        )  # fmt: skip
        self.sampling_note = wrapped("", "muted")
        self.earlier = _table(
            [self.tr("Standard"), self.tr("Action"), self.tr("Owner"), self.tr("Due"),
             self.tr("Status")],
            self.tr("Actions from earlier assessments"),
            self.tr("Required actions the organisation was given at earlier assessments, to "
                    "check on this visit"),
        )  # fmt: skip
        header = self.earlier.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.earlier.setWordWrap(True)
        self.earlier_note = wrapped("", "muted")

        left = QVBoxLayout()
        left.addWidget(self.org_name)
        left.addWidget(self.profile)
        left.addLayout(self.facts)
        left.addWidget(notes_label)
        left.addWidget(field_block(self.notes, notes_error))
        left.addWidget(heading(self.tr("Actions from earlier assessments"), 3))
        left.addWidget(self.earlier)
        left.addWidget(self.earlier_note)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(heading(self.tr("Teams and areas"), 3))
        right.addWidget(self.teams)
        right.addWidget(heading(self.tr("Sampling targets and progress"), 3))
        right.addWidget(self.sampling)
        right.addWidget(self.sampling_note)
        right.addStretch(1)
        body = QWidget()
        grid = QGridLayout(body)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(24)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _show_earlier(self, actions: list[RequiredActionView]) -> None:
        self.earlier.setVisible(bool(actions))
        self.earlier.setRowCount(len(actions))
        for i, a in enumerate(actions):
            due = format_date(a.due_on) if a.due_on else self.tr("no due date")
            cells = [a.standard_code, a.description, a.owner, due, labels.label(a.status)]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.earlier.setItem(i, j, item)
        self.earlier.resizeRowsToContents()
        _fit_height(self.earlier)
        self.earlier_note.setText(
            self.tr("None: the central store holds no earlier actions for this organisation.")
            if not actions
            else self.tr("Shown for reference: they cannot be changed here.")
        )

    def _notes_target(self) -> DraftTarget | None:
        ctx = self.ctx
        return DraftTarget.assessment_notes(ctx.assessment_id) if ctx is not None else None

    def set_context(self, ctx: WorkspaceContext) -> None:
        super().set_context(ctx)

    def reload(self) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        q, aid = ctx.services.queries, ctx.assessment_id
        ctx.runner.query(
            lambda: (q.overview(aid), q.sampling(aid), q.earlier_actions(aid)), self._show
        )

    def _show(
        self, result: tuple[AssessmentOverview, SamplingProgress, list[RequiredActionView]]
    ) -> None:
        o, progress, earlier = result
        self._show_earlier(earlier)
        org, s = o.organisation, o.summary
        self.org_name.setText(org.name)
        self.profile.setText(org.profile)
        f = self.fact_labels
        f["nations"].setText(", ".join(labels.labels_of(org.nations, Nation)))
        f["services"].setText("; ".join(labels.labels_of(org.services, AdvocacyType)))
        f["advocates"].setText(str(org.advocates))
        f["contact"].setText(org.contact)
        f["reference"].setText(self.tr("{ref} (band {band})").format(ref=s.reference, band=s.band))
        f["stage"].setText(f"{labels.label(s.stage)} · {labels.label(s.status)}")
        f["assessors"].setText(
            self.tr("{lead} (lead); {co}").format(
                lead=s.lead_assessor, co=", ".join(o.co_assessors) or self.tr("no co-assessor")
            )
        )
        f["submitted"].setText(_date(o.desktop_submitted_on))
        f["visits"].setText(
            "; ".join(f"{_date(v.visit_date)}, {v.location}" for v in o.site_visits) or "\u2013"
        )
        framework = o.framework_title
        if o.framework_placeholder:
            framework = self.tr("⚠ {title} — placeholder, not the official standards").format(
                title=framework
            )
        f["framework"].setText(framework)
        self.notes_saver.set_value(o.desktop_review_notes)

        self.teams.setRowCount(len(org.teams))
        for i, t in enumerate(org.teams):
            nation = labels.labels_of((t.nation,), Nation)[0]
            for j, text in enumerate([t.name, t.area, t.manager, nation, str(t.advocates)]):
                self.teams.setItem(i, j, QTableWidgetItem(text))
        _fit_height(self.teams)

        rows: list[tuple[str, int | str, int, int, bool]] = []
        for g in progress.by_manager:
            rows.append((self.tr("Manager: {name}").format(name=g.group), g.advocates,
                         g.target, g.achieved, g.met))  # fmt: skip
        for g in progress.by_area:
            rows.append((self.tr("Area: {name}").format(name=g.group), g.advocates,
                         g.target, g.achieved, g.met))  # fmt: skip
        rows.append((self.tr("Case files reviewed"), "\u2013", progress.case_files.target,
                     progress.case_files.achieved, progress.case_files.met))  # fmt: skip
        rows.append((self.tr("Reports reviewed"), "\u2013", progress.reports.target,
                     progress.reports.achieved, progress.reports.met))  # fmt: skip
        self.sampling.setRowCount(len(rows))
        for i, (group, advocates, target, achieved, met) in enumerate(rows):
            reached = self.tr("✓ Yes") if met else self.tr("✗ Not yet")
            for j, text in enumerate([group, str(advocates), str(target), str(achieved), reached]):
                self.sampling.setItem(i, j, QTableWidgetItem(text))
        _fit_height(self.sampling)
        note = self.tr("%n advocates interviewed so far", "", progress.interviewed)
        if progress.unassigned:
            note += self.tr(
                "; %n without a known team count towards no group", "", progress.unassigned
            )
        self.sampling_note.setText(
            note + self.tr(". Targets are placeholders until NDTi publishes official figures.")
        )
