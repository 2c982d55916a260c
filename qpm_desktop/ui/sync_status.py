"""Sync in the background: a network lane apart from the database worker, progress polled by
a timer into the status bar, and a cancel button."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from qpm_desktop.services.syncing import Progress


class SyncLane(QObject):
    """Runs one sync at a time on its own thread, so typing never waits on the network."""

    sync_did_finish = Signal(object)  # SyncSummary
    sync_did_fail = Signal(object)  # exception (its text is the message)
    _deliver = Signal(object)

    def __init__(self, run: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run = run
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qpm-net")
        self._deliver.connect(self._on_deliver, Qt.ConnectionType.QueuedConnection)
        self.progress: Progress | None = None

    @property
    def running(self) -> bool:
        return self.progress is not None

    def start(self) -> bool:
        if self.progress is not None:
            return False
        progress = self.progress = Progress()

        def work() -> None:
            try:
                result = self._run(progress)
            except Exception as exc:
                self._deliver.emit((False, exc))
                return
            self._deliver.emit((True, result))

        self._pool.submit(work)
        return True

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
        self.label.setText(text)
        self.label.setToolTip(f"{text} ({detail})")
        self.label.setAccessibleDescription(f"{text} ({detail})")

    def _failed(self, error: BaseException) -> None:
        self._idle()
        self.label.setText("⚠ " + str(error))
        self.label.setToolTip(str(error))
