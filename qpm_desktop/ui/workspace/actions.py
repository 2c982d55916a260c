"""The Required actions tab: ``RequiredActionView`` (one per standard rated Not met)."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QSizePolicy, QWidget

from qpm_desktop.model.enums import ActionStatus
from qpm_desktop.services.views import RequiredActionView
from qpm_desktop.ui import labels
from qpm_desktop.ui.autosave import Work
from qpm_desktop.ui.i18n import format_date
from qpm_desktop.ui.ops import OpRunner
from qpm_desktop.ui.workspace.common import (
    EnumCombo,
    RecordsTab,
    WorkspaceContext,
    accessible,
    field_block,
    text_field,
    wrapped,
)


class RequiredActionsTab(RecordsTab[RequiredActionView]):
    watches = ("required_action", "finding")
    created_entity = "required_action"
    update_method = "update_required_action"

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        self.list_name = self.tr("Required actions")
        self.new_text = self.tr("New action for the standard in view")
        self.delete_text = self.tr("Delete action")
        super().__init__(runner, parent)
        self.standard = wrapped("", "heading3")
        # Take the field's whole width: a wrapped label at its size hint broke longer (Welsh)
        # titles onto a second line that the row had no height for.
        self.standard.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.description = text_field(
            True, self.tr("Description"), self.tr("What the organisation must do"), min_height=90
        )
        self.description_saver, description_error = self.autosave(
            self.description, self.tr("Description"), target=self.field_target("description")
        )
        self.owner = text_field(False, self.tr("Owner"), self.tr("Who at the organisation"))
        self.owner_saver, owner_error = self.autosave(
            self.owner, self.tr("Owner"), target=self.field_target("owner")
        )
        self.has_due = QCheckBox(self.tr("Has a due date"))
        accessible(self.has_due, self.tr("Has a due date"))
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("d MMM yyyy")
        accessible(self.due, self.tr("Due date"), self.tr("When the action is due"))
        self.has_due.toggled.connect(self._due_changed)
        self.due.dateChanged.connect(self._due_changed)
        self.status = EnumCombo(ActionStatus)
        accessible(self.status, self.tr("Status"))
        self.status.value_chosen.connect(lambda v: self._save(status=v))
        self._loading_record = False
        rows = [
            (self.tr("Standard"), self.standard, self.standard),
            (
                self.tr("&Description"),
                self.description,
                field_block(self.description, description_error),
            ),
            (self.tr("&Owner"), self.owner, field_block(self.owner, owner_error)),
            ("", self.has_due, self.has_due),
            (self.tr("D&ue date"), self.due, self.due),
            (self.tr("S&tatus"), self.status, self.status),
        ]
        self.add_form_rows(rows)

    def _due_changed(self, *_args: object) -> None:
        self.due.setEnabled(self.has_due.isChecked())
        if self._loading_record:
            return
        self._save(due_on=self.due.date().toPython() if self.has_due.isChecked() else None)

    def fetch(self, ctx: WorkspaceContext) -> list[RequiredActionView]:
        return ctx.services.queries.required_actions(ctx.assessment_id)

    def row_text(self, r: RequiredActionView) -> str:
        ctx = self.ctx
        title = ctx.titles.get(r.standard_code, "") if ctx else ""
        due = format_date(r.due_on) if r.due_on else self.tr("no due date")
        return self.tr("{code} {title} · {status} · {due}").format(
            code=r.standard_code, title=title, status=labels.label(r.status), due=due
        )

    def show_record(self, r: RequiredActionView, *, force: bool) -> None:
        ctx = self.ctx
        title = ctx.titles.get(r.standard_code, "") if ctx else ""
        earlier = self.tr(" (from an earlier assessment)") if r.from_earlier_assessment else ""
        self.standard.setText(f"{r.standard_code}  {title}{earlier}")
        self._loading_record = True
        try:
            self.description_saver.set_value(r.description, force=force)
            self.owner_saver.set_value(r.owner, force=force)
            self.has_due.setChecked(r.due_on is not None)
            self.due.setDate(QDate(r.due_on) if r.due_on else QDate.currentDate().addMonths(3))
            self.due.setEnabled(r.due_on is not None)
            self.status.set_value(r.status)
        finally:
            self._loading_record = False

    def create_work(self, ctx: WorkspaceContext) -> Work:
        rec, aid = ctx.services.recording, ctx.assessment_id
        code = ctx.current_standard or ctx.standards[0].code
        return lambda: rec.create_required_action(aid, code)

    def delete_work(self, ctx: WorkspaceContext, record_id: str) -> Work:
        rec = ctx.services.recording
        return lambda: rec.delete_required_action(record_id)

    def focus_first_field(self) -> None:
        self.description.setFocus()
