"""The local database engine and its transactions.

Durability first: an assessor's laptop can lose power mid-sentence. The database runs in WAL
mode with ``synchronous=FULL`` (every commit reaches the disk before "saved" is shown; about
0.7 ms here), foreign keys on, and a busy timeout so a second connection waits instead of
failing. Write transactions start with ``BEGIN IMMEDIATE``: the write lock is taken up front, so
two writers (the UI's worker and a sync, or two processes) can never read the same audit-chain
head and then both append to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 15_000
_WRITE = "qpm_write"


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Take transaction control from the sqlite3 module: SQLAlchemy's "begin" event below
    # emits BEGIN itself, so it can say DEFERRED for readers and IMMEDIATE for writers.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _on_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(path: Path) -> Engine:
    """An engine for the SQLite file at ``path`` with the settings above."""
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Store:
    """The local database: one engine, short sessions.

    ``read()`` gives a session for queries (rolled back at the end; WAL readers never block the
    writer). ``write()`` gives a session in one ``BEGIN IMMEDIATE`` transaction, committed when
    the block ends without an exception; a caller reports "saved" only after it has left the
    block, that is after the commit returned.
    """

    def __init__(self, path: Path, engine: Engine | None = None) -> None:
        self.path = Path(path)
        self.engine = engine or make_engine(self.path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        # Closing (not rolling back) ends the read transaction without expiring what was
        # loaded; callers still copy what they need into plain values before leaving.
        with self._sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._sessions() as session:
            session.connection(execution_options={_WRITE: True})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()
