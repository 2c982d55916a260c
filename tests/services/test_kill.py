"""Killing the app mid-edit loses nothing that was reported saved and leaves nothing half-done."""

from __future__ import annotations

import multiprocessing
import os
import random
import re
import signal
import time
from pathlib import Path

from sqlalchemy import select

from qpm_desktop.model import demo
from qpm_desktop.services.core import Services
from qpm_desktop.store.migrate import check_integrity
from qpm_desktop.store.records import verify_audit_chain
from qpm_desktop.store.tables import AuditEntry, Finding, Mutation

ROUNDS = 200
CODES = ["1.2", "1.3", "2.2", "3.3", "4.3", "6.2", "7.4"]
_EDIT = re.compile(r"^round (\d+) edit (\d+):")


def _stamp(text: str) -> tuple[int, int]:
    match = _EDIT.match(text)
    return (int(match[1]), int(match[2])) if match else (-1, -1)


def test_sigkill_at_random_moments_loses_no_saved_edit(services: Services, test_key: bytes):
    """200 times: a process saving edits is SIGKILLed at a random moment; every acknowledged
    edit is there after the restart, each finding matches its last audit entry and its outbox
    mutation, the audit chain holds, and integrity_check is ok."""
    root = services.store.path.parent
    services.close()
    rng = random.Random(20261125)
    # A fork server started now is a clean, single-threaded parent for every child, whatever
    # threads this test process has; the services are imported there once.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["qpm_desktop.services.core", "tests.services.kill_worker"])
    from tests.services.kill_worker import record_until_killed

    expected: dict[str, tuple[int, int]] = {}  # standard -> last acknowledged (round, edit)
    killed_mid_run = 0
    for round_no in range(ROUNDS):
        reader, writer = ctx.Pipe(duplex=False)
        child = ctx.Process(
            target=record_until_killed,
            args=(str(root), test_key, demo.ASSESSMENT_ID, CODES, round_no, writer),
            daemon=True,
        )
        child.start()
        writer.close()
        assert reader.poll(60), "the child did not open the database"
        assert reader.recv() == ("opened", round_no)
        # Let it save a random number of edits, then kill it at a random point in the next.
        target = rng.randrange(0, 12)
        acked = -1
        while acked < target - 1 and reader.poll(60):
            acked = reader.recv()[1]
        busy_until = time.perf_counter() + rng.uniform(0, 0.004)
        while time.perf_counter() < busy_until:
            pass
        os.kill(child.pid, signal.SIGKILL)
        child.join(60)
        assert child.exitcode == -signal.SIGKILL
        while reader.poll(0):
            try:
                _kind, i = reader.recv()
            except EOFError:
                break
            acked = max(acked, i)
        reader.close()
        killed_mid_run += 1
        for i in range(acked + 1):
            expected[CODES[i % len(CODES)]] = (round_no, i)

        if round_no % 20 == 19 or round_no == ROUNDS - 1:
            _check(root, test_key, expected)
    assert killed_mid_run == ROUNDS


def _check(root: Path, key: bytes, expected: dict[str, tuple[int, int]]) -> None:
    from qpm_desktop.store.crypto import DatabaseKey

    db = root / "qpm-local.sqlite3"
    sv = Services.open(root, actor="checker", key=key)
    try:
        assert check_integrity(db, DatabaseKey(key)) == []
        with sv.store.read() as s:
            assert verify_audit_chain(s) == []
            findings = {
                f.standard_code: f
                for f in s.scalars(
                    select(Finding).where(Finding.assessment_id == demo.ASSESSMENT_ID)
                )
            }
            for code, stamp in expected.items():
                row = findings[code]
                # The acknowledged edit, or a later one that committed just before the kill.
                assert _stamp(row.rationale) >= stamp, (code, row.rationale[:30], stamp)
                last_audit = s.scalars(
                    select(AuditEntry)
                    .where(AuditEntry.record_id == row.id)
                    .order_by(AuditEntry.seq.desc())
                    .limit(1)
                ).one()
                assert (last_audit.after or {}).get("rationale", row.rationale) == row.rationale
                pending = s.scalars(
                    select(Mutation).where(
                        Mutation.record_id == row.id, Mutation.state == "pending"
                    )
                ).one()
                assert pending.fields["rationale"] == row.rationale and pending.rev == row.rev
    finally:
        sv.close()
