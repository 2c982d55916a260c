"""Autosave: every edit goes through the services, with no save button.

Each keystroke is kept at once as a durable *draft* of the field (``make_draft``, on the
runner's draft lane; about a millisecond), and the save state says "Saved" as soon as it is on
disk. The record itself is changed (validated, audited once, queued for sync) 400 ms after the
last keystroke, at once when the field loses focus, and when the window closes (``flush``),
which promotes the draft; see :mod:`qpm_desktop.services.drafts`. A refused value
(:class:`InvalidInput`) leaves the user's text in the field, shows the reason beside it and says
"Not saved" in the status bar; nothing is lost or silently altered. The status bar's
:class:`SaveIndicator` shows "Saving…", "Saved at HH:MM:SS" or the error, in words (never
colour alone).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from qpm_desktop.model.text import InvalidInput
from qpm_desktop.ui.ops import OpRunner

if TYPE_CHECKING:  # the services load after the first screen is up (services.first_screen)
    from qpm_desktop.services.changes import Changes

DEBOUNCE_MS = 400

Work = Callable[[], "Changes"]
DraftWork = Callable[[bool], datetime]  # wait: see OpRunner.save_draft


def describe_error(exc: BaseException, field_label: str | None = None) -> str:
    """A sentence for a refused save; the model's reason is kept word for word."""
    if isinstance(exc, InvalidInput):
        if field_label:
            return QCoreApplication.translate("Autosave", "{field} {problem}.").format(
                field=field_label, problem=exc.problem
            )
        return str(exc)
    return QCoreApplication.translate("Autosave", "Could not save: {error}").format(
        error=str(exc) or type(exc).__name__
    )


class AutosaveField(QObject):
    """Binds one text widget to a save: ``make_work(text)`` builds the write, or ``None``.

    ``make_work`` is called when the save happens (not when the key is pressed), with the record
    the view shows at that moment; views ``flush()`` before they switch records.
    """

    def __init__(
        self,
        widget: QLineEdit | QPlainTextEdit,
        *,
        runner: OpRunner,
        initiator: object,
        make_work: Callable[[str], Work | None],
        error_label: QLabel,
        field_label: str,
        debounce_ms: int = DEBOUNCE_MS,
        make_draft: Callable[[str], DraftWork | None] | None = None,
        left_draft: Callable[[], str | None] | None = None,
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self._runner = runner
        self._initiator = initiator
        self._make_work = make_work
        self._make_draft = make_draft
        self._left_draft = left_draft
        self._error_label = error_label
        self._field_label = field_label
        self._loading = False
        self.dirty = False
        self.error: str | None = None
        self._description = widget.accessibleDescription()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.flush)
        error_label.setVisible(False)
        error_label.setWordWrap(True)
        error_label.setObjectName("fieldError")
        error_label.setAccessibleName(self.tr("Problem with {field}").format(field=field_label))
        widget.installEventFilter(self)
        widget.textChanged.connect(self._edited)

    # -- reading and writing the widget ----------------------------------------------------

    def text(self) -> str:
        w = self.widget
        return w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()

    def set_value(self, text: str, *, force: bool = False) -> None:
        """Show a stored value. Skipped while the user has unsaved or refused text (unless
        ``force``, used when switching records), so a redraw never eats typing."""
        if not force and self.busy:
            return
        self._timer.stop()
        self.dirty = False
        self._clear_error()
        if self.text() != text:
            self._loading = True
            try:
                self._put(text)
            finally:
                self._loading = False
        left = self._left_draft() if self._left_draft is not None else None
        if left is not None and left != text:
            # Typed before a crash and refused when the copy was reopened: back in the field,
            # saved again now, so the reason shows beside it.
            self._put(left)
            self.flush()

    def _put(self, text: str) -> None:
        if isinstance(self.widget, QPlainTextEdit):
            self.widget.setPlainText(text)
        else:
            self.widget.setText(text)

    @property
    def busy(self) -> bool:
        return self.dirty or self.error is not None

    # -- saving ----------------------------------------------------------------------------

    def _edited(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self._timer.start()
        if self._make_draft is not None:
            draft = self._make_draft(self.text())
            if draft is not None:
                self._runner.save_draft(draft)

    def flush(self) -> None:
        """Save now if there is anything unsaved."""
        self._timer.stop()
        if not self.dirty:
            return
        self.dirty = False
        work = self._make_work(self.text())
        if work is None:
            return
        self._runner.mutate(
            work,
            initiator=self._initiator,
            on_done=self._saved,
            on_error=self._refused,
            announce=self._make_draft is None,  # a draft's text is already saved
        )

    def _saved(self, _changes: Changes) -> None:
        self._clear_error()

    def _refused(self, exc: BaseException) -> None:
        message = describe_error(exc, self._field_label)
        self.error = message
        self._error_label.setText("⚠ " + message)
        self._error_label.setVisible(True)
        self.widget.setProperty("invalid", True)
        self.widget.setAccessibleDescription(
            self.tr("{description} Not saved: {message}").format(
                description=self._description, message=message
            )
        )
        self._restyle()

    def _clear_error(self) -> None:
        if self.error is None:
            return
        self.error = None
        self._error_label.setVisible(False)
        self._error_label.clear()
        self.widget.setProperty("invalid", False)
        self.widget.setAccessibleDescription(self._description)
        self._restyle()

    def _restyle(self) -> None:
        style = self.widget.style()
        style.unpolish(self.widget)
        style.polish(self.widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return False


class SaveIndicator(QLabel):
    """The status bar's "Saving…" / "Saved at HH:MM:SS" / "Not saved" text."""

    def __init__(self, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pending = 0
        self.setObjectName("saveIndicator")
        self.setAccessibleName(self.tr("Save state"))
        self.setAccessibleDescription(self.tr("Whether your latest change has been saved"))
        self.setText(self.tr("All changes are saved as you type"))
        runner.mutation_did_start.connect(self._started)
        runner.mutation_did_finish.connect(self._finished)
        runner.mutation_did_fail.connect(self._failed)
        # A keystroke's draft: "Saved" once it is on disk (the record follows on a pause).
        runner.draft_did_start.connect(self._started)
        runner.draft_did_finish.connect(self._saved_at)
        runner.draft_did_fail.connect(self._failed)

    def _started(self) -> None:
        self._pending += 1
        self.setProperty("state", "saving")
        self.setText(self.tr("Saving…"))

    def _finished(self, changes: Changes, announced: bool = True) -> None:
        self._saved_at(changes.saved_at, announced)

    def _saved_at(self, saved_at: datetime | None, announced: bool = True) -> None:
        if announced:
            self._pending = max(0, self._pending - 1)
        if self._pending:
            return
        when = saved_at.astimezone() if saved_at else datetime.now()
        self.setProperty("state", "saved")
        self.setText(self.tr("✓ Saved at {time}").format(time=when.strftime("%H:%M:%S")))

    def _failed(self, exc: BaseException, announced: bool = True) -> None:
        if announced:
            self._pending = max(0, self._pending - 1)
        self.setProperty("state", "error")
        self.setText(self.tr("⚠ Not saved: {reason}").format(reason=describe_error(exc)))
