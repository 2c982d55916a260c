"""Sync in the background: a network lane apart from the database worker, progress polled by
a timer into the status bar, and a cancel button."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from qpm_desktop.services.syncing import Progress

#: The interpreter's thread switch interval once the window has a sync lane (see there).
SWITCH_INTERVAL_S = 0.001


def _freeze_long_lived() -> None:
    """Keep the garbage collector's full passes short while a sync runs.

    A full collection holds the interpreter for as long as it takes to walk every object, on
    whichever thread triggers it: with everything the app has imported that is a few hundred
    milliseconds on a busy computer, during which the window cannot repaint. So what exists
    when a lane's first sync starts (the modules, classes and window of start-up), and again
    when it ends (what the sync imported on first use), is moved out of the collector's sight
    (``gc.freeze``); collections then walk only what was made since. Twice per lane (the app
    has one) and no more, so that later garbage is still collected.
    """
    gc.freeze()


class SyncLane(QObject):
    """Runs one sync at a time on its own thread, so typing never waits on the network."""

    sync_did_finish = Signal(object)  # SyncSummary
    sync_did_fail = Signal(object)  # exception (its text is the message)
    _deliver = Signal(object)

    def __init__(self, run: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run = run
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qpm-net")
        # While a background thread (this lane, the database worker) runs Python, the GUI
        # thread gets the interpreter only when that thread is asked to let go: ask sooner than
        # the default 5 ms, so a repaint or a keystroke waits one short slice, not several.
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
        self._deliver.connect(self._on_deliver, Qt.ConnectionType.QueuedConnection)
        self.progress: Progress | None = None
        self._freezes = 0  # see _freeze_long_lived
        self._resume_collector = False

    @property
    def running(self) -> bool:
        return self.progress is not None

    def start(self) -> bool:
        if self.progress is not None:
            return False
        progress = self.progress = Progress()
        self._freeze_once(1)

        def work() -> None:
            try:
                result = self._run(progress)
            except Exception as exc:
                self._deliver.emit((False, exc))
                return
            finally:
                self._freeze_once(2)
            self._deliver.emit((True, result))

        self._pool.submit(work)
        return True

    def _freeze_once(self, stage: int) -> None:
        if self._freezes < stage:
            self._freezes = stage
            _freeze_long_lived()
            # The first sync imports what it needs on first use (report signing, say): many
            # long-lived objects at once, which would set off a full collection of them all.
            # So the collector rests during that one sync, and what it leaves is frozen too.
            if stage == 1 and gc.isenabled():
                gc.disable()
                self._resume_collector = True
            elif stage == 2 and self._resume_collector:
                gc.enable()

    def cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel.set()

    @Slot(object)
    def _on_deliver(self, outcome: tuple[bool, Any]) -> None:
        self.progress = None
        ok, value = outcome
        (self.sync_did_finish if ok else self.sync_did_fail).emit(value)

    def shutdown(self) -> None:
        self.cancel()
        self._pool.shutdown(wait=True)


class QtSyncStatus(QWidget):
    """The status bar's sync corner: what is happening, and Sync now / Cancel."""

    def __init__(self, lane: SyncLane, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lane = lane
        self.label = QLabel(self.tr("Not synced yet"))
        self.label.setAccessibleName(self.tr("Sync state"))
        self.button = QPushButton(self.tr("Sync now"))
        self.button.setAccessibleName(self.tr("Sync now"))
        self.button.setAccessibleDescription(
            self.tr("Send your work to the central store and fetch changes (F5)")
        )
        self.button.clicked.connect(self.toggle)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self.timer = QTimer(self)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.poll)
        lane.sync_did_finish.connect(self._finished)
        lane.sync_did_fail.connect(self._failed)

    def toggle(self) -> None:
        """Start a sync, or cancel the one running."""
        if self.lane.running:
            self.lane.cancel()
            self.label.setText(self.tr("Cancelling…"))
            return
        self.start()

    def start(self) -> bool:
        if not self.lane.start():
            return False
        self.button.setText(self.tr("Cancel"))
        self.button.setAccessibleName(self.tr("Cancel the sync"))
        self.timer.start()
        return True

    def poll(self) -> None:
        progress = self.lane.progress
        if progress is None:
            return
        phase, done, total = progress.snapshot()
        if total:
            text = self.tr("Syncing: {phase} ({done} of {total})").format(
                phase=phase, done=done, total=total
            )
        else:
            text = self.tr("Syncing: {phase}").format(phase=phase)
        self.label.setText(text)

    def _idle(self) -> None:
        self.timer.stop()
        self.button.setText(self.tr("Sync now"))
        self.button.setAccessibleName(self.tr("Sync now"))

    def _finished(self, summary: Any) -> None:
        self._idle()
        when = summary.finished_at.astimezone().strftime("%H:%M")
        text = self.tr("✓ Synced at {time}").format(time=when)
        detail = self.tr("{sent} sent, {received} received").format(
            sent=summary.sent, received=summary.received
        )
        if summary.conflicts:
            text += " · " + self.tr("⚠ %n conflict(s) to choose", "", summary.conflicts)
        full = f"{text} ({detail})"
        audit_problem = getattr(summary, "audit_problem", None)
        if audit_problem:
            # The records synced; the central store refused the audit trail (the message says
            # which entry and why, and what to do).
            text += " · " + self.tr("⚠ audit trail refused")
            full = f"{text} ({detail})\n{audit_problem}"
        stamped = getattr(summary, "reports_timestamped", 0)
        if stamped:
            full += "\n" + self.tr("%n signed report(s) timestamped", "", stamped)
        report_problems = getattr(summary, "report_problems", ())
        if report_problems:
            # The records synced; a signed report's timestamp or upload waits for the next sync.
            text += " · " + self.tr("⚠ a signed report waits for the next sync")
            full = "\n".join([f"{text} ({detail})", *full.split("\n")[1:], *report_problems])
        self.label.setText(text)
        self.label.setToolTip(full)
        self.label.setAccessibleDescription(full)

    def _failed(self, error: BaseException) -> None:
        self._idle()
        self.label.setText("⚠ " + str(error))
        self.label.setToolTip(str(error))
