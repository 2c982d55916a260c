"""The sign-in dialog, the conflict view and the sync lane over real services."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from qpm_desktop.services.syncing import SyncError
from qpm_desktop.ui.conflicts import ConflictRow, QtConflicts
from qpm_desktop.ui.sign_in import SignInDialog
from qpm_desktop.ui.sync_status import QtSyncStatus, SyncLane


def test_sign_in_dialog_shows_the_services_message(qtbot):
    """A refused sign-in leaves the dialog open with the message and the password cleared."""

    def refuse(url, user, password):
        raise SyncError("The user name or password is wrong")

    dialog = SignInDialog(refuse)
    qtbot.addWidget(dialog)
    dialog.password.setText("secret")
    dialog.try_sign_in()
    assert "password is wrong" in dialog.message.text()
    assert dialog.password.text() == ""


def test_conflict_view_sends_the_choice(qtbot):
    """Each conflict offers mine, theirs and an edited text; a choice goes to the service."""
    chosen = []
    conflict = SimpleNamespace(
        seq=7, entity="finding", record_id="r", field="rationale", mine="A", theirs="B"
    )
    syncing = SimpleNamespace(
        conflicts=lambda: [] if chosen else [conflict],
        resolve=lambda seq, choice, value: chosen.append((seq, choice, value)),
    )
    view = QtConflicts(syncing)
    qtbot.addWidget(view)
    row = view._inner.findChildren(ConflictRow)[0]
    row.chosen.emit(7, "edited", "A and B")
    assert chosen == [(7, "edited", "A and B")]


def test_sync_lane_runs_off_the_ui_thread_and_reports(qtbot):
    """The sync runs on the network lane; the status shows the result when it is done."""
    summary = SimpleNamespace(sent=3, received=5, conflicts=0, finished_at=datetime.now(UTC))
    lane = SyncLane(lambda progress: summary)
    status = QtSyncStatus(lane)
    qtbot.addWidget(status)
    with qtbot.waitSignal(lane.sync_did_finish, timeout=10_000):
        status.toggle()
    assert "Synced" in status.label.text()
    assert "3 sent, 5 received" in status.label.toolTip()
    lane.shutdown()


def test_a_refused_audit_trail_shows_beside_a_successful_sync(qtbot):
    """The records synced but the central store refused the audit trail: the status says so,
    and the message (which entry, why, what to do) is in the tooltip and the description."""
    problem = "The central store refused this computer's audit trail at entry 42: changed"
    summary = SimpleNamespace(
        sent=1, received=0, conflicts=0, finished_at=datetime.now(UTC), audit_problem=problem
    )
    lane = SyncLane(lambda progress: summary)
    status = QtSyncStatus(lane)
    qtbot.addWidget(status)
    with qtbot.waitSignal(lane.sync_did_finish, timeout=10_000):
        status.toggle()
    assert "Synced" in status.label.text() and "audit trail refused" in status.label.text()
    assert problem in status.label.toolTip()
    assert problem in status.label.accessibleDescription()
    lane.shutdown()
