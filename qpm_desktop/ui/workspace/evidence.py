"""The Evidence tab: documents (``EvidenceItemView``), their attached files and linked standards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from qpm_desktop.model.enums import DocumentKind, EvidenceKind
from qpm_desktop.services.views import AttachmentView, EvidenceItemView
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

FileChooser = Callable[[QWidget], Path | None]


def ask_for_file(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("EvidenceTab", "Attach a file"),
        "",
        QCoreApplication.translate("EvidenceTab", "All files (*)"),
    )
    return Path(name) if name else None


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


class EvidenceTab(RecordsTab[EvidenceItemView]):
    watches = ("evidence_item", "attachment", "evidence_link")
    created_entity = "evidence_item"
    update_method = "update_evidence_item"
    evidence_kind = EvidenceKind.DOCUMENT

    def __init__(
        self,
        runner: OpRunner,
        parent: QWidget | None = None,
        *,
        choose_file: FileChooser = ask_for_file,
    ) -> None:
        self.list_name = self.tr("Documents")
        self.new_text = self.tr("New document")
        self.delete_text = self.tr("Delete document")
        super().__init__(runner, parent)
        self.choose_file = choose_file
        self.kind = EnumCombo(DocumentKind)
        accessible(self.kind, self.tr("Kind of document"))
        self.kind.value_chosen.connect(lambda v: self._save(kind=v))
        self.title = text_field(False, self.tr("Title"), self.tr("The document's title"))
        self.title_saver, title_error = self.autosave(
            self.title, self.tr("Title"), target=self.field_target("title")
        )
        self.description = text_field(
            True, self.tr("Description"), self.tr("What the document shows"), min_height=90
        )
        self.description_saver, description_error = self.autosave(
            self.description, self.tr("Description"), target=self.field_target("description")
        )
        self.attachments = QListWidget()
        self.attachments.setMaximumHeight(120)
        accessible(
            self.attachments,
            self.tr("Attached files"),
            self.tr("Files kept with this document: name, size and fingerprint (SHA-256)"),
        )
        self.attach_button = QPushButton(self.tr("&Attach file…"))
        accessible(
            self.attach_button,
            self.tr("Attach file"),
            self.tr("Choose a file on this computer to keep with the document"),
        )
        self.attach_button.clicked.connect(self.attach)
        self.standards = StandardsChecklist()
        self.standards.setMinimumHeight(180)
        accessible(
            self.standards,
            self.tr("Linked standards"),
            self.tr("Tick each standard this document is evidence for"),
        )
        self.standards.codes_chosen.connect(self._links_chosen)
        rows = [
            (self.tr("&Kind"), self.kind, self.kind),
            (self.tr("&Title"), self.title, field_block(self.title, title_error)),
            (
                self.tr("&Description"),
                self.description,
                field_block(self.description, description_error),
            ),
            (self.tr("&Files"), self.attachments, self.attachments),
            ("", self.attach_button, self.attach_button),
            (self.tr("Linked &standards"), self.standards, self.standards),
        ]
        self.add_form_rows(rows)

    def attach(self) -> None:
        ctx, did = self.ctx, self.current_id
        if ctx is None or did is None:
            return
        path = self.choose_file(self)
        if path is None:
            return
        rec = ctx.services.recording
        ctx.runner.mutate(lambda: rec.attach_file(did, path), initiator=None)

    def set_context(self, ctx: WorkspaceContext) -> None:
        self.standards.set_standards(ctx.standards)
        super().set_context(ctx)

    def fetch(self, ctx: WorkspaceContext) -> list[EvidenceItemView]:
        return ctx.services.queries.evidence_items(ctx.assessment_id)

    def row_text(self, r: EvidenceItemView) -> str:
        return self.tr("{title} · {kind} · %n files", "", len(r.attachments)).format(
            title=r.title, kind=labels.label(r.kind)
        )

    def attachment_text(self, a: AttachmentView) -> str:
        state = "" if a.available else self.tr(" · not on this device")
        return self.tr("{name} · {size} · SHA-256 {hash}…{state}").format(
            name=a.file_name, size=human_size(a.size), hash=a.sha256[:12], state=state
        )

    def show_record(self, r: EvidenceItemView, *, force: bool) -> None:
        self.kind.set_value(r.kind)
        self.title_saver.set_value(r.title, force=force)
        self.description_saver.set_value(r.description, force=force)
        self.attachments.clear()
        for a in r.attachments:
            self.attachments.addItem(QListWidgetItem(self.attachment_text(a)))
        if not r.attachments:
            self.attachments.addItem(QListWidgetItem(self.tr("No files attached")))
        self.standards.set_codes(r.linked_standards)

    def create_work(self, ctx: WorkspaceContext) -> Work:
        rec, aid = ctx.services.recording, ctx.assessment_id
        title = self.tr("New document")
        return lambda: rec.create_evidence_item(aid, kind=DocumentKind.POLICY, title=title)

    def delete_work(self, ctx: WorkspaceContext, record_id: str) -> Work:
        rec = ctx.services.recording
        return lambda: rec.delete_evidence_item(record_id)

    def focus_first_field(self) -> None:
        self.title.setFocus()
        self.title.selectAll()
