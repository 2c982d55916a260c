"""Running database work off the UI thread, and telling the views what changed.

Modelled on Anki's ``CollectionOp`` / ``QueryOp``: a view hands the runner a *work* function that
takes no widgets (only plain values captured from the UI and the services), and callbacks that
run back on the UI thread with the result. All database work goes to ONE serial worker, so
writes never race and results arrive in the order the work was asked for.

Mutations return :class:`~qpm_desktop.services.changes.Changes`; after the success callback the
runner emits ``changes_applied(changes, initiator)`` once, and every view decides for itself
whether to redraw (the initiator skips its own echo, it already shows what it saved).

Tests inject :class:`SyncOpRunner`, which runs the work inline, so they need no waits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from qpm_desktop.model.text import InvalidInput

if TYPE_CHECKING:  # the services load after the first screen is up (services.first_screen)
    from qpm_desktop.services.changes import Changes

log = logging.getLogger(__name__)

T = TypeVar("T")
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class OpRunner(QObject):
    """Base runner: the signals views listen to, and the bookkeeping around each op.

    Signals (each emitted on the UI thread):

    * ``changes_applied(changes, initiator)``: a mutation committed; ``initiator`` is whoever
      asked for it (a view, an undo stack) or ``None``.
    * ``mutation_did_start()``: a mutation was handed to the worker ("Saving…").
    * ``mutation_did_finish(changes, announced)``: a mutation committed ("Saved at …");
      ``announced`` is False for one whose start was not signalled (see ``mutate``).
    * ``mutation_did_fail(error, announced)``: a mutation raised; nothing was saved.
    * ``query_did_fail(error)``: a read raised and nobody handled it.
    * ``draft_did_start()`` / ``draft_did_finish(saved_at)`` / ``draft_did_fail(error)``: a
      keystroke's draft was handed to the draft lane / is on disk / could not be written.
    """

    changes_applied = Signal(object, object)
    mutation_did_start = Signal()
    mutation_did_finish = Signal(object, bool)
    mutation_did_fail = Signal(object, bool)
    query_did_fail = Signal(object)
    draft_did_start = Signal()
    draft_did_finish = Signal(object)
    draft_did_fail = Signal(object)

    def query(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Failed | None = None,
    ) -> None:
        """Run the read ``work`` on the worker; ``on_done(result)`` on the UI thread."""

        def failed(exc: BaseException) -> None:
            if on_error is not None:
                on_error(exc)
            else:
                log.error("query failed", exc_info=exc)
                self.query_did_fail.emit(exc)

        self._submit(work, on_done, failed)

    def mutate(
        self,
        work: Callable[[], Changes],
        *,
        initiator: object | None,
        on_done: Callable[[Changes], None] | None = None,
        on_error: Failed | None = None,
        announce: bool = True,
    ) -> None:
        """Run the write ``work``; then ``on_done(changes)`` and ``changes_applied``.

        ``on_error`` receives any exception (an :class:`InvalidInput` names the field);
        ``mutation_did_fail`` is emitted as well so the save indicator can say "Not saved".
        With ``announce=False`` (promoting a draft, whose text is already saved) the start is
        not signalled, so the save state does not go back to "Saving…" meanwhile.
        """
        if announce:
            self.mutation_did_start.emit()

        def done(changes: Changes) -> None:
            if on_done is not None:
                on_done(changes)
            self.mutation_did_finish.emit(changes, announce)
            self.changes_applied.emit(changes, initiator)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, InvalidInput):
                log.error("mutation failed", exc_info=exc)
            if on_error is not None:
                on_error(exc)
            self.mutation_did_fail.emit(exc, announce)

        self._submit(work, done, failed)

    def save_draft(self, work: Callable[[bool], Any], *, on_error: Failed | None = None) -> None:
        """Write a keystroke's draft (see :mod:`qpm_desktop.services.drafts`).

        ``work(wait)`` returns when the draft is durable, with the moment it was saved; with
        ``wait=False`` it raises :class:`DraftBusy` instead of waiting for another writer. The
        threaded runner first tries it right here, without waiting (a tiny transaction, no
        thread hand-over: the fastest way to "Saved"); when the database is busy (a promotion,
        a sync) or drafts are already queued, the draft goes to a lane of its own, so a
        keystroke never waits behind a long query. Every mutation waits for the drafts handed
        over before it, so a promotion always follows its drafts.
        """
        self.draft_did_start.emit()

        def done(saved_at: Any) -> None:
            self.draft_did_finish.emit(saved_at)

        def failed(exc: BaseException) -> None:
            log.error("draft not saved", exc_info=exc)
            if on_error is not None:
                on_error(exc)
            self.draft_did_fail.emit(exc)

        self._submit_draft(work, done, failed)

    def _submit(self, work: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        raise NotImplementedError

    def _submit_draft(self, work: Callable[[bool], Any], on_done: Done, on_error: Failed) -> None:
        self._submit(lambda: work(True), on_done, on_error)

    def wait_idle(self) -> None:
        """Block until the work already submitted has run (used on close)."""

    def shutdown(self) -> None:
        """Finish the submitted work and stop the worker."""


class SyncOpRunner(OpRunner):
    """Runs each op inline on the calling (UI) thread: for tests and scripted screenshots."""

    def _submit(self, work: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        try:
            result = work()
        except Exception as exc:
            on_error(exc)
            return
        on_done(result)


class _Relay(QObject):
    """Carries a finished op's callback from the worker thread to the UI thread."""

    deliver = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        # Emitted only on the workers' threads, so Qt queues each call (the automatic
        # connection): the slot runs in the event loop of the thread this object lives in,
        # the UI's. (Naming QueuedConnection here would load the Qt namespace's ninety-odd
        # enums before the first screen.)
        self.deliver.connect(self._run)

    @Slot(object)
    def _run(self, callback: Callable[[], None]) -> None:
        callback()


class ThreadedOpRunner(OpRunner):
    """Runs every op on one serial worker thread; callbacks come back on the UI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qpm-db")
        self._drafts = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qpm-drafts")
        self._drafts_queued = 0
        self._relay = _Relay()
        self._last: Any = None

    def _submit(self, work: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        relay = self._relay
        drafts = self._drafts

        def run() -> None:
            try:
                # The drafts handed over before this op are written first (a promotion must
                # never be overtaken by an older draft of the same field).
                drafts.submit(_nothing).result()
                result = work()
            except Exception as exc:
                error = exc
                relay.deliver.emit(lambda: on_error(error))
                return
            relay.deliver.emit(lambda: on_done(result))

        self._last = self._pool.submit(run)

    def _submit_draft(self, work: Callable[[bool], Any], on_done: Done, on_error: Failed) -> None:
        if not self._drafts_queued:
            from qpm_desktop.services.drafts import DraftBusy

            try:
                result = work(False)
            except DraftBusy:
                pass  # another writer holds the database: the lane waits for it instead
            except Exception as exc:
                on_error(exc)
                return
            else:
                on_done(result)
                return
        relay = self._relay
        self._drafts_queued += 1  # until it is done, later drafts queue behind it (in order)

        def done(result: Any) -> None:
            self._drafts_queued -= 1
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._drafts_queued -= 1
            on_error(exc)

        def run() -> None:
            try:
                result = work(True)
            except Exception as exc:
                error = exc
                relay.deliver.emit(lambda: failed(error))
                return
            relay.deliver.emit(lambda: done(result))

        self._drafts.submit(run)

    def wait_idle(self) -> None:
        self._drafts.submit(_nothing).result()
        if self._last is not None:
            self._last.result()

    def shutdown(self) -> None:
        # The database worker first: its ops wait on the draft lane, which must still run.
        self._pool.shutdown(wait=True)
        self._drafts.shutdown(wait=True)


def _nothing() -> None:
    return None
