"""The engine's durability settings, and write transactions that lock up front."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from qpm_desktop.store.db import BUSY_TIMEOUT_MS, Store
from qpm_desktop.store.migrate import upgrade_database


@pytest.fixture
def store(tmp_path: Path) -> Store:
    db = tmp_path / "db.sqlite3"
    upgrade_database(db, tmp_path / "backups")
    s = Store(db)
    yield s
    s.close()


def test_every_connection_is_durable(store: Store) -> None:
    """WAL, synchronous=FULL, foreign keys and a busy timeout are on for every connection."""
    with store.read() as s:
        pragma = lambda name: s.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == BUSY_TIMEOUT_MS


def test_a_write_takes_the_lock_when_it_begins(store: Store) -> None:
    """While a write transaction is open, another writer cannot start (BEGIN IMMEDIATE)."""
    other = sqlite3.connect(store.path, timeout=0, isolation_level=None)
    with store.write() as s:
        s.execute(text("SELECT 1"))
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()


def test_a_failed_write_leaves_nothing_behind(store: Store) -> None:
    """An exception inside write() rolls the whole transaction back."""
    with pytest.raises(RuntimeError), store.write() as s:
        s.execute(text("INSERT INTO settings (key, value) VALUES ('a', 'b')"))
        raise RuntimeError("boom")
    with store.read() as s:
        assert s.execute(text("SELECT count(*) FROM settings")).scalar() == 0


def test_foreign_keys_are_enforced(store: Store) -> None:
    """A team pointing at an organisation that does not exist is refused by the database."""
    with pytest.raises(Exception, match="FOREIGN KEY"), store.write() as s:
        s.execute(
            text(
                "INSERT INTO teams (id, organisation_id, name, area, manager, nation, advocates,"
                " rev, acked_rev, sync_state, created_at, updated_at, deleted)"
                " VALUES ('t', 'nope', 'n', '', '', '', 0, 1, 0, 'pending',"
                " '2026-01-01', '2026-01-01', 0)"
            )
        )
