"""The Observations tab: ``ObservationView`` records (team meetings, office practice ...)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QWidget

from qpm_desktop.model.enums import EvidenceKind, ObservationKind
from qpm_desktop.services.changes import Changes
from qpm_desktop.services.views import ObservationView
from qpm_desktop.ui import labels
from qpm_desktop.ui.autosave import Work
from qpm_desktop.ui.ops import OpRunner
from qpm_desktop.ui.workspace.common import (
    EnumCombo,
    RecordsTab,
    StandardsChecklist,
    WorkspaceContext,
    accessible,
    field_block,
    text_field,
)


class ObservationsTab(RecordsTab[ObservationView]):
    watches = ("observation", "evidence_link")
    created_entity = "observation"
    update_method = "update_observation"
    evidence_kind = EvidenceKind.OBSERVATION

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        self.list_name = self.tr("Observations")
        self.new_text = self.tr("New observation")
        self.delete_text = self.tr("Delete observation")
        super().__init__(runner, parent)
        self.kind = EnumCombo(ObservationKind)
        accessible(self.kind, self.tr("Kind of observation"))
        self.kind.value_chosen.connect(lambda v: self._save(kind=v))
        self.title = text_field(False, self.tr("Title"), self.tr("A short title for what you saw"))
        self.title_saver, title_error = self.autosave(
            self.title, self.tr("Title"), target=self.field_target("title")
        )
        self.notes = text_field(True, self.tr("Notes"), self.tr("What you saw"), min_height=160)
        self.notes_saver, notes_error = self.autosave(
            self.notes, self.tr("Notes"), target=self.field_target("notes")
        )
        self.standards = StandardsChecklist()
        self.standards.setMinimumHeight(180)
        accessible(
            self.standards,
            self.tr("Linked standards"),
            self.tr("Tick each standard this observation is evidence for"),
        )
        self.standards.codes_chosen.connect(self._links_chosen)
        rows = [
            (self.tr("&Kind"), self.kind, self.kind),
            (self.tr("&Title"), self.title, field_block(self.title, title_error)),
            (self.tr("Note&s"), self.notes, field_block(self.notes, notes_error)),
            (self.tr("Linked &standards"), self.standards, self.standards),
        ]
        self.add_form_rows(rows)

    def set_context(self, ctx: WorkspaceContext) -> None:
        self.standards.set_standards(ctx.standards)
        super().set_context(ctx)

    def fetch(self, ctx: WorkspaceContext) -> list[ObservationView]:
        return ctx.services.queries.observations(ctx.assessment_id)

    def row_text(self, r: ObservationView) -> str:
        return self.tr("{title} · {kind}").format(
            title=r.title or self.tr("(untitled)"), kind=labels.label(r.kind)
        )

    def show_record(self, r: ObservationView, *, force: bool) -> None:
        self.kind.set_value(r.kind)
        self.title_saver.set_value(r.title, force=force)
        self.notes_saver.set_value(r.notes, force=force)
        self.standards.set_codes(r.linked_standards)

    def create_work(self, ctx: WorkspaceContext) -> Work:
        return self.quick_note_work(ctx, self.tr("New observation"), "", None)

    @staticmethod
    def quick_note_work(
        ctx: WorkspaceContext, title: str, notes: str, standard_code: str | None
    ) -> Work:
        """Create an observation (and link it to ``standard_code``) in one go."""
        rec, aid = ctx.services.recording, ctx.assessment_id
        visit = ctx.overview.site_visits[0].id if ctx.overview.site_visits else None

        def work() -> Changes:
            created = rec.create_observation(
                aid,
                kind=ObservationKind.OTHER,
                title=title,
                notes=notes,
                site_visit_id=visit,
                observed_at=datetime.now(UTC),
            )
            if standard_code is None:
                return created
            oid = created.record_id("observation")
            assert oid is not None
            linked = rec.link_evidence(aid, standard_code, EvidenceKind.OBSERVATION, oid)
            return Changes(
                created.records + linked.records,
                linked.saved_at,
                created.kinds | linked.kinds,
            )

        return work

    def delete_work(self, ctx: WorkspaceContext, record_id: str) -> Work:
        rec = ctx.services.recording
        return lambda: rec.delete_observation(record_id)

    def focus_first_field(self) -> None:
        self.title.setFocus()
        self.title.selectAll()
