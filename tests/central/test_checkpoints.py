"""The served store's SQLite checkpoints: taken by a thread of its own, not by the commits that
happen to take the write-ahead log past 1,000 pages (central.db)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from qpm_desktop.central.db import Database, sqlite_url
from qpm_desktop.central.schema import AuditLog

ROWS = 3000  # about 6 MB: well past the 1,000 pages (4 MB) of SQLite's automatic checkpoint


def _write_a_lot(db: Database) -> None:
    now = datetime.now(UTC)
    with db.write() as s:
        s.add_all(
            AuditLog(at=now, actor="test", action="test", detail={"text": f"{n} " + "x" * 2000})
            for n in range(ROWS)
        )


def _sizes(path: Path) -> tuple[int, int]:
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size, wal.stat().st_size if wal.exists() else 0


@pytest.mark.parametrize("mode", ["auto", "background"])
def test_a_commit_leaves_the_checkpoint_to_the_thread(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "central.sqlite3"
    db = Database.open(sqlite_url(path), checkpoints=mode)  # type: ignore[arg-type]
    try:
        before, _ = _sizes(path)
        _write_a_lot(db)
        after_commit, wal = _sizes(path)
        assert wal > 4 * 1024 * 1024
        if mode == "auto":
            # The commit itself copied the log into the database file.
            assert after_commit > before + 4 * 1024 * 1024
            return
        # The commit only appended to the log; the thread copies it within a second or so.
        assert after_commit < before + 1024 * 1024
        deadline = time.monotonic() + 60
        while _sizes(path)[0] < before + 4 * 1024 * 1024:
            assert time.monotonic() < deadline, "the background checkpoint never came"
            time.sleep(0.05)  # polling a file's size; the checkpoint itself is not timed
        with db.read() as s:
            assert s.query(AuditLog).filter(AuditLog.action == "test").count() == ROWS
    finally:
        db.close()
    if mode == "background":
        # Closing takes a last full checkpoint and cuts the log back.
        assert _sizes(path)[1] == 0
        reopened = Database.open(sqlite_url(path))
        try:
            with reopened.read() as s:
                assert s.query(AuditLog).filter(AuditLog.action == "test").count() == ROWS
        finally:
            reopened.close()
