"""Pieces every workspace tab shares: the context, labelled fields, enum combos, the standards
checklist, undoable service calls and the list-plus-editor layout of the record tabs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from qpm_desktop.model.coverage import StandardCoverage
from qpm_desktop.model.enums import EvidenceKind
from qpm_desktop.model.framework import Framework
from qpm_desktop.model.outcome import Outcome
from qpm_desktop.services.changes import Changes
from qpm_desktop.services.core import Services
from qpm_desktop.services.drafts import DraftTarget
from qpm_desktop.services.views import AssessmentOverview, StandardRow
from qpm_desktop.ui import labels
from qpm_desktop.ui.a11y import accessible as accessible
from qpm_desktop.ui.autosave import AutosaveField, DraftWork, Work
from qpm_desktop.ui.ops import OpRunner

V = TypeVar("V")


@dataclass
class WorkspaceContext:
    """What every tab of one open assessment needs."""

    services: Services
    runner: OpRunner
    undo: QUndoStack
    assessment_id: str
    overview: AssessmentOverview
    standards: list[StandardRow]
    framework: Framework
    current_standard: str | None = None
    titles: dict[str, str] = field(default_factory=dict)
    #: Drafts a crash left that could not be promoted (refused text), by (entity, record id,
    #: field); each is put back into its field, with the reason, when its record is shown.
    drafts: dict[tuple[str, str, str], str] = field(default_factory=dict)
    #: The outcome and the coverage, read with ``standards`` when the assessment was opened:
    #: the Standards and Coverage tabs show them at once instead of reading it all again.
    #: (Later changes reach the tabs as changes; these are not kept current.)
    outcome: Outcome | None = None
    coverage: tuple[StandardCoverage, ...] | None = None

    def __post_init__(self) -> None:
        self.titles = {row.code: row.title for row in self.standards}


def heading(text: str, level: int = 2) -> QLabel:
    label = QLabel(text)
    label.setObjectName(f"heading{level}")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def wrapped(text: str = "", object_name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if object_name:
        label.setObjectName(object_name)
    return label


class EnumCombo(QComboBox):
    """A combo over enum members, showing translated labels; ``none_label`` adds a "not
    recorded" choice meaning ``None``. ``value_chosen`` fires only for the user's choices."""

    value_chosen = Signal(object)

    def __init__(
        self,
        members: Iterable[StrEnum],
        *,
        none_label: str | None = None,
        text_of: Callable[[Any], str] = labels.label,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._loading = False
        self._text_of = text_of
        # Qt turns a StrEnum item data into a plain str; the members are kept here instead.
        self._values: list[Any] = []
        self.set_members(members, none_label=none_label)
        self.currentIndexChanged.connect(self._changed)

    def set_members(self, members: Iterable[Any], *, none_label: str | None = None) -> None:
        self._loading = True
        try:
            self.clear()
            self._values = []
            if none_label is not None:
                self._values.append(None)
                self.addItem(none_label, None)
            for m in members:
                self._values.append(m)
                self.addItem(self._text_of(m), m)
        finally:
            self._loading = False

    def value(self) -> Any:
        i = self.currentIndex()
        return self._values[i] if 0 <= i < len(self._values) else None

    def index_of(self, value: Any) -> int:
        for i, v in enumerate(self._values):
            if v == value and (v is None) == (value is None):
                return i
        return -1

    def choose(self, value: Any) -> None:
        """Pick ``value`` as the user would (saves)."""
        self.setCurrentIndex(self.index_of(value))

    def set_value(self, value: Any) -> None:
        """Show ``value`` without saving."""
        self._loading = True
        try:
            i = self.index_of(value)
            if i >= 0:
                self.setCurrentIndex(i)
        finally:
            self._loading = False

    def _changed(self, _index: int) -> None:
        if not self._loading:
            self.value_chosen.emit(self.value())


class StandardsChecklist(QListWidget):
    """The framework's standards, each a checkbox: which standards a record is evidence for."""

    codes_chosen = Signal(object, object)  # (old codes, new codes), user changes only

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._codes: frozenset[str] = frozenset()
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.itemChanged.connect(self._changed)

    def set_standards(self, rows: Sequence[StandardRow]) -> None:
        self._loading = True
        try:
            self.clear()
            for row in rows:
                item = QListWidgetItem(f"{row.code}  {row.title}")
                item.setData(Qt.ItemDataRole.UserRole, row.code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.addItem(item)
        finally:
            self._loading = False

    def set_codes(self, codes: Iterable[str]) -> None:
        self._codes = frozenset(codes)
        self._loading = True
        first = None
        try:
            for i in range(self.count()):
                item = self.item(i)
                on = item.data(Qt.ItemDataRole.UserRole) in self._codes
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                if on and first is None:
                    first = item
        finally:
            self._loading = False
        # Bring the first ticked standard into view, so what is linked is seen at a glance.
        self.scrollToItem(first or self.item(0), QAbstractItemView.ScrollHint.PositionAtTop)
        linked = ", ".join(sorted(self._codes)) or self.tr("none")
        self.setToolTip(self.tr("Linked: {codes}").format(codes=linked))

    def codes(self) -> frozenset[str]:
        return frozenset(
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )

    def set_checked(self, code: str, on: bool) -> None:
        """Tick or untick one standard as the user would."""
        for i in range(self.count()):
            item = self.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == code:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _changed(self, _item: QListWidgetItem) -> None:
        if self._loading:
            return
        old, new = self._codes, self.codes()
        if old != new:
            self._codes = new
            self.codes_chosen.emit(old, new)


class ServiceCommand(QUndoCommand):
    """One undoable service call. The first ``redo`` (on push) is the user's own edit, so its
    echo goes to ``initiator``; undo and later redos redraw every view (initiator ``None``)."""

    def __init__(
        self,
        text: str,
        runner: OpRunner,
        do: Work,
        undo: Work,
        initiator: object,
    ) -> None:
        super().__init__(text)
        self._runner = runner
        self._do = do
        self._undo = undo
        self._initiator: object | None = initiator

    def redo(self) -> None:
        self._runner.mutate(self._do, initiator=self._initiator)
        self._initiator = None

    def undo(self) -> None:
        self._runner.mutate(self._undo, initiator=None)


def linked_standards_command(
    ctx: WorkspaceContext,
    kind: EvidenceKind,
    source_id: str,
    old: Iterable[str],
    new: Iterable[str],
    initiator: object,
) -> ServiceCommand:
    rec, aid = ctx.services.recording, ctx.assessment_id
    old_codes, new_codes = sorted(old), sorted(new)
    return ServiceCommand(
        QCoreApplication.translate("Workspace", "Change linked standards"),
        ctx.runner,
        lambda: rec.set_linked_standards(aid, kind, source_id, new_codes),
        lambda: rec.set_linked_standards(aid, kind, source_id, old_codes),
        initiator,
    )


class WorkspaceTab(QWidget):
    """A tab of the workspace. Subclasses load from ``ctx`` and redraw on relevant changes."""

    #: Change kinds (entity names) this tab shows; ``None`` means "any change".
    watches: tuple[str, ...] | None = None

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.ctx: WorkspaceContext | None = None
        self._fields: list[AutosaveField] = []

    def set_context(self, ctx: WorkspaceContext) -> None:
        self.ctx = ctx
        self.reload()

    def reload(self) -> None:
        raise NotImplementedError

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        if self.ctx is None or initiator is self:
            return
        if self.watches is None or changes.touches(*self.watches):
            self.reload()

    def flush(self) -> None:
        for f in self._fields:
            f.flush()

    def autosave(
        self,
        widget: QLineEdit | QPlainTextEdit,
        field_label: str,
        make_work: Callable[[str], Work | None] | None = None,
        *,
        target: Callable[[], DraftTarget | None] | None = None,
    ) -> tuple[AutosaveField, QLabel]:
        """Autosave ``widget``. With ``target`` (the field of the record in view, asked for at
        each keystroke and save), every keystroke is kept as a durable draft and the save
        promotes it; ``make_work`` alone saves without drafts."""
        make_draft = left_draft = None
        if target is not None:
            make_work, make_draft = self._draft_works(target)

            def left_draft() -> str | None:
                ctx, where = self.ctx, target()
                if ctx is None or where is None or not ctx.drafts:
                    return None
                return ctx.drafts.pop((where.entity, where.record_id, where.field), None)

        assert make_work is not None
        error = QLabel()
        saver = AutosaveField(
            widget,
            runner=self.runner,
            initiator=self,
            make_work=make_work,
            error_label=error,
            field_label=field_label,
            make_draft=make_draft,
            left_draft=left_draft,
        )
        self._fields.append(saver)
        return saver, error

    def _draft_works(
        self, target: Callable[[], DraftTarget | None]
    ) -> tuple[Callable[[str], Work | None], Callable[[str], DraftWork | None]]:
        def promote(text: str) -> Work | None:
            ctx, where = self.ctx, target()
            if ctx is None or where is None:
                return None
            drafts = ctx.services.drafts
            return lambda: drafts.promote(where, text)

        def draft(text: str) -> DraftWork | None:
            ctx, where = self.ctx, target()
            if ctx is None or where is None:
                return None
            drafts = ctx.services.drafts
            return lambda wait: drafts.save(where, text, wait=wait)

        return promote, draft


def text_field(
    multiline: bool, name: str, description: str, *, min_height: int = 0
) -> QLineEdit | QPlainTextEdit:
    widget: QLineEdit | QPlainTextEdit
    if multiline:
        widget = QPlainTextEdit()
        widget.setTabChangesFocus(True)
        if min_height:
            widget.setMinimumHeight(min_height)
            widget.setMaximumHeight(min_height * 2)
    else:
        widget = QLineEdit()
    accessible(widget, name, description)
    return widget


def field_block(widget: QWidget, error: QLabel) -> QWidget:
    """A field with its error line under it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(widget)
    layout.addWidget(error)
    return box


class RecordsTab(WorkspaceTab, Generic[V]):
    """A list of records on the left, the selected record's editor on the right."""

    list_name = ""
    new_text = ""
    delete_text = ""

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.records: list[Any] = []
        self.current_id: str | None = None
        self._pending_select: str | None = None
        self._loading = False

        self.list = QListWidget()
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        accessible(self.list, self.list_name, self.tr("Select a record to edit it on the right"))
        self.list.currentItemChanged.connect(self._selected)
        self.new_button = QPushButton(self.new_text)
        accessible(self.new_button, self.new_text)
        self.new_button.clicked.connect(self.create_record)
        self.delete_button = QPushButton(self.delete_text)
        accessible(self.delete_button, self.delete_text)
        self.delete_button.clicked.connect(self.delete_record)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.list_heading = heading(self.list_name, 3)
        self.list_heading.setBuddy(self.list)
        left_layout.addWidget(self.list_heading)
        left_layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        left_layout.addLayout(buttons)

        self.editor = QWidget()
        self.form = QFormLayout(self.editor)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.empty = wrapped(self.tr("Nothing selected."), "emptyNote")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.addWidget(self.empty)
        holder_layout.addWidget(self.editor)
        holder_layout.addStretch(1)
        scroll.setWidget(holder)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 900])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.editor.setVisible(False)

    # -- what subclasses provide -----------------------------------------------------------

    #: The Recording method that changes one record of this tab ("update_interview" ...).
    update_method: str = ""
    #: What kind of evidence this tab's records are, when they can be linked to standards.
    evidence_kind: EvidenceKind | None = None

    def add_form_rows(self, rows: Sequence[tuple[str, QWidget, QWidget]]) -> None:
        """Label (with its mnemonic bound to ``buddy``) and field block, row by row; Tab
        follows the rows in order."""
        previous: QWidget | None = None
        for text, buddy, block in rows:
            label = QLabel(text)
            label.setBuddy(buddy)
            self.form.addRow(label, block)
            if previous is not None:
                self.setTabOrder(previous, buddy)
            previous = buddy

    def _update(self, **values: Any) -> Work | None:
        """The write that changes the record in view, or None when there is none."""
        ctx, record_id = self.ctx, self.current_id
        if ctx is None or record_id is None:
            return None
        method = getattr(ctx.services.recording, self.update_method)
        return lambda: method(record_id, **values)

    def field_target(self, field_name: str) -> Callable[[], DraftTarget | None]:
        """The draft target of one text field of the record in view (asked for when used)."""

        def target() -> DraftTarget | None:
            ctx, record_id = self.ctx, self.current_id
            if ctx is None or record_id is None:
                return None
            return DraftTarget(self.created_entity, record_id, field_name, ctx.assessment_id)

        return target

    def _save(self, **values: Any) -> None:
        work = self._update(**values)
        if work is not None:
            self.save_now(work)

    def _links_chosen(self, old: frozenset[str], new: frozenset[str]) -> None:
        ctx, record_id = self.ctx, self.current_id
        if ctx is None or record_id is None or self.evidence_kind is None:
            return
        ctx.undo.push(
            linked_standards_command(ctx, self.evidence_kind, record_id, old, new, initiator=self)
        )

    def fetch(self, ctx: WorkspaceContext) -> list[Any]:
        raise NotImplementedError

    def row_text(self, record: Any) -> str:
        raise NotImplementedError

    def show_record(self, record: Any, *, force: bool) -> None:
        raise NotImplementedError

    def create_work(self, ctx: WorkspaceContext) -> Work:
        raise NotImplementedError

    def delete_work(self, ctx: WorkspaceContext, record_id: str) -> Work:
        raise NotImplementedError

    created_entity = ""

    # -- machinery -------------------------------------------------------------------------

    def reload(self, *, refill: bool = True) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        ctx.runner.query(lambda: self.fetch(ctx), lambda rows: self._show_rows(rows, refill))

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        if self.ctx is None:
            return
        if self.watches is not None and not changes.touches(*self.watches):
            return
        # Our own edits: the editor already shows them; only the list labels may change.
        self.reload(refill=initiator is not self)

    def _show_rows(self, rows: list[Any], refill: bool) -> None:
        self.records = rows
        self._loading = True
        try:
            self.list.clear()
            chosen = None
            wanted = self._pending_select or self.current_id
            for r in rows:
                item = QListWidgetItem(self.row_text(r))
                item.setToolTip(item.text())
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.list.addItem(item)
                if r.id == wanted:
                    chosen = item
            if chosen is None and self.list.count():
                chosen = self.list.item(0)
            if chosen is not None:
                self.list.setCurrentItem(chosen)
        finally:
            self._loading = False
        new_id = chosen.data(Qt.ItemDataRole.UserRole) if chosen is not None else None
        switched = new_id != self.current_id
        self.current_id = new_id
        if switched or refill:
            self._show_current(force=switched)
        if self._pending_select is not None and self._pending_select == new_id:
            self._pending_select = None
            self.focus_first_field()

    def record(self) -> Any:
        return next((r for r in self.records if r.id == self.current_id), None)

    def _show_current(self, *, force: bool) -> None:
        record = self.record()
        self.editor.setVisible(record is not None)
        self.empty.setVisible(record is None)
        self.delete_button.setEnabled(record is not None)
        if record is not None:
            self.show_record(record, force=force)

    def _selected(self, item: QListWidgetItem | None, _previous: object) -> None:
        if self._loading:
            return
        self.flush()  # save what was typed into the record being left
        self.current_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self._show_current(force=True)

    def select(self, record_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == record_id:
                self.list.setCurrentRow(i)
                return

    def create_record(self) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        self.flush()

        def created(changes: Changes) -> None:
            # Selected (and focused) when the list reloads with it, on the change echo.
            self._pending_select = changes.record_id(self.created_entity)

        ctx.runner.mutate(self.create_work(ctx), initiator=None, on_done=created)

    def focus_first_field(self) -> None:
        pass

    def delete_record(self) -> None:
        ctx = self.ctx
        if ctx is None or self.current_id is None:
            return
        item = self.list.currentItem()
        answer = QMessageBox.question(
            self,
            self.delete_text,
            self.tr("Delete “{name}”? Its links to standards are removed too.").format(
                name=item.text() if item is not None else ""
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        record_id = self.current_id
        self.current_id = None
        ctx.runner.mutate(self.delete_work(ctx, record_id), initiator=None)

    def save_now(self, work: Work) -> None:
        """An immediate save (combo, checkbox): echo skipped, list labels refreshed."""
        assert self.ctx is not None
        self.ctx.runner.mutate(work, initiator=self)
