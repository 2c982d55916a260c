"""Drafts: each keystroke durable at once, the record changed once per pause, nothing lost.

The kill test runs the real threaded window in a child process, types, waits for "Saved" and
kills it (SIGKILL) before the pause could promote anything; the next opening finds the text.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit
from sqlalchemy import select

from qpm_desktop.services.core import Services
from qpm_desktop.services.demo import seed_demo
from qpm_desktop.services.drafts import DraftTarget
from qpm_desktop.store.crypto import DatabaseKey
from qpm_desktop.store.db import connect
from qpm_desktop.store.drafts import DraftWriter
from qpm_desktop.store.tables import AuditEntry
from qpm_desktop.ui.autosave import AutosaveField, SaveIndicator
from qpm_desktop.ui.ops import ThreadedOpRunner

WORKER = Path(__file__).with_name("draft_kill_worker.py")


def _audit_count(services, record_id: str) -> int:  # type: ignore[no-untyped-def]
    with services.store.read() as s:
        return len(s.scalars(select(AuditEntry.seq).where(AuditEntry.record_id == record_id)).all())


def test_keystrokes_are_drafts_and_a_pause_audits_once(window, services, qtbot) -> None:
    """Every keystroke is on disk as a draft and "Saved" shows; the record changes on the pause,
    with one audit entry for the whole sentence, and the draft is gone."""
    ws = window.workspace
    aid = ws.assessment_id
    ws.standards.select("2.1")
    editor = ws.standards.editor
    target = DraftTarget.finding(aid, "2.1", "rationale")
    before = _audit_count(services, target.record_id)
    old = services.queries.finding(aid, "2.1").rationale
    editor.rationale.setFocus()
    editor.rationale.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.rationale, "Twelve files seen")
    key = (target.entity, target.record_id, target.field)
    assert services.drafts.left_for(aid)[key] == old + "Twelve files seen"
    assert services.queries.finding(aid, "2.1").rationale == old  # not promoted yet
    assert window.save_indicator.text().startswith("✓ Saved at ")
    qtbot.waitUntil(lambda: not editor.rationale_saver.dirty, timeout=5000)
    assert services.queries.finding(aid, "2.1").rationale == old + "Twelve files seen"
    assert key not in services.drafts.left_for(aid)
    assert _audit_count(services, target.record_id) == before + 1


def test_a_draft_survives_a_kill(make_window, data_dir, settings_path, test_key, qtbot) -> None:
    """Typed, shown as saved, killed before the pause: the next opening has every letter."""
    text = "Seen on site, killed before the pause."
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(data_dir), test_key.hex(), text, str(settings_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("worker: saved: ✓ Saved at "), line + proc.stderr.read()
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=60) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=60)
    # Before anything is reopened: the draft is on disk, the record does not have the text.
    writer = DraftWriter(data_dir / "qpm-local.sqlite3", DatabaseKey(test_key))
    try:
        left = writer.all()
    finally:
        writer.close()
    assert [(d.entity, d.field, d.standard_code) for d in left] == [("finding", "rationale", "1.3")]
    assert left[0].value.endswith(text)
    # Opening the copy promotes it: in the record, in the editor, audited once, draft gone.
    window, services = make_window()
    ws = window.workspace
    aid = ws.assessment_id
    assert services.queries.finding(aid, "1.3").rationale.endswith(text)
    assert services.drafts.left_for(aid) == {}
    with services.store.read() as s:
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.record_id == left[0].record_id)
        ).all()
    assert sum(1 for e in entries if (e.after or {}).get("rationale", "").endswith(text)) == 1
    ws.standards.select("1.3")
    assert ws.standards.editor.rationale.toPlainText().endswith(text)


def test_a_refused_draft_comes_back_in_its_field(make_window, data_dir, test_key) -> None:
    """A draft the record refuses (a code with a space) is kept and shown, with the reason."""
    window, services = make_window()
    ws = window.workspace
    ws.show_tab("interviews")
    interview_id = ws.interviews.current_id
    stored = ws.interviews.record().interviewee_code
    target = DraftTarget("interview", interview_id, "interviewee_code", ws.assessment_id)
    services.drafts.save(target, "Jane Smith")  # as if the app died right after this keystroke
    window.close()
    services.close()
    window2, services2 = make_window()  # opening tries to promote it: refused, kept
    ws2 = window2.workspace
    assert services2.queries.interview(interview_id).interviewee_code == stored
    ws2.show_tab("interviews")
    ws2.interviews.select(interview_id)
    tab = ws2.interviews
    assert tab.code.text() == "Jane Smith"
    assert tab.code_saver._error_label.isVisible()
    assert "without spaces" in tab.code_saver._error_label.text()
    assert "Not saved" in window2.save_indicator.text()


def test_undo_and_redo_still_work(window, services, qtbot) -> None:
    """The field's own undo and redo go through drafts and promotion like typing; the app's
    undo of a rating still works beside them."""
    ws = window.workspace
    aid = ws.assessment_id
    ws.standards.select("4.1")
    editor = ws.standards.editor
    old = services.queries.finding(aid, "4.1").rationale
    key = ("finding", DraftTarget.finding(aid, "4.1", "rationale").record_id, "rationale")
    editor.rationale.setFocus()
    editor.rationale.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.rationale, "Kept and undone")
    editor.rationale_saver.flush()
    for _ in range(len(" undone")):
        qtbot.keyClick(editor.rationale, Qt.Key.Key_Backspace)
    assert services.drafts.left_for(aid)[key] == old + "Kept and"
    editor.rationale.undo()  # the field's own undo (Ctrl+Z inside the field)
    assert editor.rationale.toPlainText() == old + "Kept and undone"
    assert services.drafts.left_for(aid)[key] == old + "Kept and undone"
    editor.rationale_saver.flush()
    assert services.queries.finding(aid, "4.1").rationale == old + "Kept and undone"
    editor.rationale.redo()
    assert services.drafts.left_for(aid)[key] == old + "Kept and"
    editor.rationale_saver.flush()
    assert services.queries.finding(aid, "4.1").rationale == old + "Kept and"
    # The app's undo stack (ratings, links) is untouched by typing.
    from qpm_desktop.model.enums import Rating

    editor.rating.choose(Rating.MET)
    ws.standards.tree.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.queries.finding(aid, "4.1").rating is not Rating.MET
    window.redo_action.trigger()
    assert services.queries.finding(aid, "4.1").rating is Rating.MET


def test_a_failing_draft_write_says_not_saved(window, services, qtbot) -> None:
    """When the draft cannot be written, the window says "Not saved", not "Saved"; the pause
    still saves the text into the record, and then it says so."""
    ws = window.workspace
    aid = ws.assessment_id
    ws.standards.select("5.1")
    editor = ws.standards.editor
    with services.store.write() as s:  # a real failure: the drafts table is gone
        s.connection().exec_driver_sql("DROP TABLE drafts")
    editor.rationale.setFocus()
    editor.rationale.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.rationale, "X")
    text = window.save_indicator.text()
    assert text.startswith("⚠ Not saved") and "drafts" in text
    assert editor.rationale_saver.dirty
    editor.rationale_saver.flush()
    assert services.queries.finding(aid, "5.1").rationale.endswith("X")
    assert window.save_indicator.text().startswith("✓ Saved at ")


@pytest.mark.parametrize(
    ("tab_key", "field", "entity"),
    [
        ("interviews", "notes", "interview"),
        ("interviews", "consent_note", "interview"),
        ("observations", "notes", "observation"),
        ("case_files", "notes", "case_file_review"),
        ("evidence", "description", "evidence_item"),
    ],
)
def test_record_tab_fields_keep_drafts(
    window, services, qtbot, tab_key: str, field: str, entity: str
) -> None:
    """The record tabs' text fields keep a draft of the record in view, then promote it."""
    ws = window.workspace
    ws.show_tab(tab_key)
    tab = getattr(ws, tab_key)
    widget = getattr(tab, field)
    widget.setFocus()
    qtbot.keyClicks(widget, "Q")
    typed = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
    key = (entity, tab.current_id, field)
    assert services.drafts.left_for(ws.assessment_id)[key] == typed
    tab.flush()
    assert key not in services.drafts.left_for(ws.assessment_id)
    assert getattr(tab.record(), field) == typed


def test_overview_notes_keep_drafts(window, services, qtbot) -> None:
    ws = window.workspace
    ws.show_tab("overview")
    notes = ws.overview.notes
    notes.setFocus()
    qtbot.keyClicks(notes, "Q")
    key = ("assessment", ws.assessment_id, "desktop_review_notes")
    assert services.drafts.left_for(ws.assessment_id)[key] == notes.toPlainText()
    ws.overview.flush()
    assert services.queries.overview(ws.assessment_id).desktop_review_notes == notes.toPlainText()


def test_a_busy_database_queues_drafts_in_order(qtbot, data_dir, test_key) -> None:
    """While another writer holds the database, keystrokes are not shown as saved; their
    drafts wait on the draft lane in order, and "Saved" comes once the latest is on disk."""
    services = Services.open(data_dir, actor="Sam Okafor", key=test_key)
    runner = ThreadedOpRunner()
    blocker = connect(data_dir / "qpm-local.sqlite3", DatabaseKey(test_key))
    try:
        aid = seed_demo(services)
        indicator = SaveIndicator(runner)
        edit = QPlainTextEdit()
        target = DraftTarget.finding(aid, "1.1", "rationale")
        AutosaveField(
            edit,
            runner=runner,
            initiator=None,
            make_work=lambda _text: None,
            error_label=QLabel(),
            field_label="Rationale",
            debounce_ms=600_000,
            make_draft=lambda text: lambda wait: services.drafts.save(target, text, wait=wait),
        )
        qtbot.addWidget(edit)
        qtbot.keyClicks(edit, "a")  # written at once: the database is free
        assert indicator.property("state") == "saved"
        blocker.execute("BEGIN IMMEDIATE")  # a long write elsewhere (a sync, say)
        qtbot.keyClicks(edit, "bc")
        assert indicator.property("state") == "saving"
        assert indicator.text() == "Saving…"
        blocker.execute("COMMIT")
        qtbot.waitUntil(lambda: indicator.property("state") == "saved", timeout=30_000)
        key = (target.entity, target.record_id, target.field)
        assert services.drafts.left_for(aid)[key] == "abc"
    finally:
        blocker.close()
        runner.shutdown()
        services.close()
