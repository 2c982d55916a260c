"""The Interviews tab: ``InterviewView`` records, their every field and their linked standards."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import QWidget

from qpm_desktop.model.enums import (
    AdvocacyType,
    Consent,
    EvidenceKind,
    InterviewLanguage,
    InterviewMode,
    InterviewRole,
)
from qpm_desktop.services.views import InterviewView
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


def next_code(prefix: str, existing: set[str]) -> str:
    n = len(existing) + 1
    while f"{prefix}-{n:02d}" in existing:
        n += 1
    return f"{prefix}-{n:02d}"


class InterviewsTab(RecordsTab[InterviewView]):
    watches = ("interview", "evidence_link")
    created_entity = "interview"
    update_method = "update_interview"
    evidence_kind = EvidenceKind.INTERVIEW

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        self.list_name = self.tr("Interviews")
        self.new_text = self.tr("New interview")
        self.delete_text = self.tr("Delete interview")
        super().__init__(runner, parent)

        self.code = text_field(
            False,
            self.tr("Interviewee code"),
            self.tr("A code such as ADV-03 that stands in for the person; never a name"),
        )
        self.code_saver, code_error = self.autosave(
            self.code, self.tr("Interviewee code"), target=self.field_target("interviewee_code")
        )
        self.role = self._combo(EnumCombo(InterviewRole), self.tr("Role"), "role")
        self._team_names: dict[str, str] = {}
        self.team = EnumCombo(
            [], none_label=self.tr("No team"), text_of=lambda tid: self._team_names.get(tid, tid)
        )
        self._combo(self.team, self.tr("Team"), "team_id")
        self.advocacy_type = self._combo(
            EnumCombo(AdvocacyType, none_label=self.tr("Not recorded")),
            self.tr("Advocacy type"),
            "advocacy_type",
        )
        self.mode = self._combo(EnumCombo(InterviewMode), self.tr("Mode"), "mode")
        self.language = self._combo(EnumCombo(InterviewLanguage), self.tr("Language"), "language")
        self.welsh_offered = self._combo(
            EnumCombo(
                [True, False],
                none_label=self.tr("Not recorded"),
                text_of=lambda b: self.tr("Yes, offered") if b else self.tr("No, not offered"),
            ),
            self.tr("Welsh offered"),
            "welsh_offered",
            self.tr("Whether a service in Welsh was offered without the person asking"),
        )
        self.consent = self._combo(EnumCombo(Consent), self.tr("Consent"), "consent")
        self.consent_note = text_field(
            False,
            self.tr("Consent note"),
            self.tr("How consent was asked for and the basis for the interview"),
        )
        _, consent_error = self.autosave(
            self.consent_note, self.tr("Consent note"), target=self.field_target("consent_note")
        )
        self.notes = text_field(
            True, self.tr("Notes"), self.tr("What was said, in your words"), min_height=160
        )
        _, notes_error = self.autosave(
            self.notes, self.tr("Notes"), target=self.field_target("notes")
        )
        self.standards = StandardsChecklist()
        self.standards.setMinimumHeight(180)
        accessible(
            self.standards,
            self.tr("Linked standards"),
            self.tr("Tick each standard this interview is evidence for"),
        )
        self.standards.codes_chosen.connect(self._links_chosen)

        rows: list[tuple[str, QWidget, QWidget]] = [
            (self.tr("Interviewee &code"), self.code, field_block(self.code, code_error)),
            (self.tr("R&ole"), self.role, self.role),
            (self.tr("&Team"), self.team, self.team),
            (self.tr("Advocacy t&ype"), self.advocacy_type, self.advocacy_type),
            (self.tr("&Mode"), self.mode, self.mode),
            (self.tr("&Language"), self.language, self.language),
            (self.tr("&Welsh offered"), self.welsh_offered, self.welsh_offered),
            (self.tr("Co&nsent"), self.consent, self.consent),
            (
                self.tr("Consent n&ote"),
                self.consent_note,
                field_block(self.consent_note, consent_error),
            ),
            (self.tr("Note&s"), self.notes, field_block(self.notes, notes_error)),
            (self.tr("Linked &standards"), self.standards, self.standards),
        ]
        self.add_form_rows(rows)

    def _combo(self, combo: EnumCombo, name: str, field: str, description: str = "") -> EnumCombo:
        accessible(combo, name, description or name)
        combo.value_chosen.connect(lambda value: self._chosen(field, value))
        return combo

    def _chosen(self, field: str, value: Any) -> None:
        work = self._update(**{field: value})
        if work is not None:
            self.save_now(work)

    # -- RecordsTab ------------------------------------------------------------------------

    def set_context(self, ctx: WorkspaceContext) -> None:
        self._team_names = {
            t.id: self.tr("{name} ({area}, {manager})").format(
                name=t.name, area=t.area, manager=t.manager
            )
            for t in ctx.overview.organisation.teams
        }
        self.team.set_members(
            [t.id for t in ctx.overview.organisation.teams], none_label=self.tr("No team")
        )
        self.standards.set_standards(ctx.standards)
        super().set_context(ctx)

    def fetch(self, ctx: WorkspaceContext) -> list[InterviewView]:
        return ctx.services.queries.interviews(ctx.assessment_id)

    def row_text(self, r: InterviewView) -> str:
        return self.tr("{code} · {role} · %n standards", "", len(r.linked_standards)).format(
            code=r.interviewee_code, role=labels.label(r.role)
        )

    def show_record(self, r: InterviewView, *, force: bool) -> None:
        self.code_saver.set_value(r.interviewee_code, force=force)
        self.role.set_value(r.role)
        self.team.set_value(r.team_id)
        self.advocacy_type.set_value(r.advocacy_type)
        self.mode.set_value(r.mode)
        self.language.set_value(r.language)
        self.welsh_offered.set_value(r.welsh_offered)
        self.consent.set_value(r.consent)
        for saver in self._fields:
            if saver.widget is self.consent_note:
                saver.set_value(r.consent_note, force=force)
            elif saver.widget is self.notes:
                saver.set_value(r.notes, force=force)
        self.standards.set_codes(r.linked_standards)

    def create_work(self, ctx: WorkspaceContext) -> Work:
        rec, aid = ctx.services.recording, ctx.assessment_id
        code = next_code("INT", {r.interviewee_code for r in self.records})
        visit = ctx.overview.site_visits[0].id if ctx.overview.site_visits else None
        return lambda: rec.create_interview(
            aid,
            interviewee_code=code,
            role=InterviewRole.PAID_ADVOCATE,
            site_visit_id=visit,
            held_at=datetime.now(UTC),
        )

    def delete_work(self, ctx: WorkspaceContext, record_id: str) -> Work:
        rec = ctx.services.recording
        return lambda: rec.delete_interview(record_id)

    def focus_first_field(self) -> None:
        self.code.setFocus()
        self.code.selectAll()
