"""The local database engine and its transactions.

Durability first: an assessor's laptop can lose power mid-sentence. The database runs in WAL
mode with ``synchronous=FULL`` (every commit reaches the disk before "saved" is shown; about
0.7 ms here), foreign keys on, and a busy timeout so a second connection waits instead of
failing. Write transactions start with ``BEGIN IMMEDIATE``: the write lock is taken up front, so
two writers (the UI's worker and a sync, or two processes) can never read the same audit-chain
head and then both append to it.

With a :class:`~qpm_desktop.store.crypto.DatabaseKey` the file is a SQLCipher database: the key
is the first thing said on every connection, temporary tables stay in memory (never in a
plaintext temp file), and without the right key the file is noise.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from qpm_desktop.model import jsoncodec
from qpm_desktop.store.crypto import DatabaseKey

BUSY_TIMEOUT_MS = 15_000


class StorageFull(OSError):
    """The disk (or the space the system allows) is full: the change was not saved."""

    def __init__(self) -> None:
        super().__init__(
            "The disk is full, so nothing of this change was saved; everything saved before "
            "is safe. Free some space and save again."
        )


def _is_full(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    errno = getattr(exc, "errno", None)
    return (
        "disk is full" in text or "disk i/o error" in text or errno in (28, 27)  # ENOSPC, EFBIG
    )


_WRITE = "qpm_write"


def dbapi_module(key: DatabaseKey | None) -> ModuleType:
    """The DB-API module for a database: SQLCipher's when it is encrypted."""
    if key is None:
        return sqlite3
    import sqlcipher3.dbapi2

    return sqlcipher3.dbapi2


def apply_key(dbapi_conn: Any, key: DatabaseKey | None) -> None:
    """Unlock a fresh connection (a no-op for a plain database)."""
    if key is not None:
        # A wrong key is reported to the caller as an exception; SQLCipher's own log line on
        # stderr would only alarm whoever reads the terminal.
        dbapi_conn.execute("PRAGMA cipher_log_level = NONE")
        dbapi_conn.execute(key.sqlcipher_pragma())
        dbapi_conn.execute("PRAGMA temp_store = MEMORY")


def connect(path: Path, key: DatabaseKey | None, *, read_only: bool = False) -> Any:
    """A raw DB-API connection, unlocked; for checks and backups outside SQLAlchemy."""
    module = dbapi_module(key)
    target = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    conn = module.connect(target, uri=True, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        apply_key(conn, key)
    except BaseException:
        conn.close()
        raise
    return conn


def _on_connect(key: DatabaseKey | None) -> Any:
    def listener(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Take transaction control from the driver: SQLAlchemy's "begin" event below emits
        # BEGIN itself, so it can say DEFERRED for readers and IMMEDIATE for writers.
        dbapi_conn.isolation_level = None
        apply_key(dbapi_conn, key)
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
            # 64 MiB of page cache (SQLite's default is 2 MiB): SQLCipher decrypts every page
            # it reads again, and a sync reads the same pages several times.
            cursor.execute("PRAGMA cache_size = -65536")
        finally:
            cursor.close()

    return listener


def _on_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(path: Path, key: DatabaseKey | None = None) -> Engine:
    """An engine for the SQLite (or, with a key, SQLCipher) file at ``path``."""
    engine = create_engine(
        f"sqlite:///{path}",
        module=dbapi_module(key),
        # JSON columns as the standard library writes and reads them, several times as fast.
        json_serializer=jsoncodec.dumps,
        json_deserializer=jsoncodec.loads,
    )
    event.listen(engine, "connect", _on_connect(key))
    event.listen(engine, "begin", _on_begin)
    return engine


class IntegrityVerdict(Protocol):
    def verdict(self, timeout: float | None = None) -> list[str] | None: ...

    def require_sound(self) -> None: ...


class Store:
    """The local database: one engine, short sessions.

    ``read()`` gives a session for queries (rolled back at the end; WAL readers never block the
    writer). ``write()`` gives a session in one ``BEGIN IMMEDIATE`` transaction, committed when
    the block ends without an exception; a caller reports "saved" only after it has left the
    block, that is after the commit returned.
    """

    def __init__(
        self,
        path: Path,
        key: DatabaseKey | None = None,
        *,
        integrity: IntegrityVerdict | None = None,
    ) -> None:
        self.path = Path(path)
        self.key = key
        # An integrity check still running (see store.migrate): every write waits for it.
        self.integrity = integrity
        self.engine = make_engine(self.path, key)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # The working session the audit trail records: this opening of the local copy.
        self.session_id = str(uuid.uuid4())
        self._began = time.monotonic()

    def elapsed_ms(self) -> int:
        """Milliseconds since this working session began (monotonic: wall-clock changes
        do not move it)."""
        return int((time.monotonic() - self._began) * 1000)

    @contextmanager
    def read(self) -> Iterator[Session]:
        # Closing (not rolling back) ends the read transaction without expiring what was
        # loaded; callers still copy what they need into plain values before leaving.
        with self._sessions() as session:
            yield session

    def require_sound(self, *, wait: bool = True) -> bool:
        """Called before every write: True once the file is known to be sound; False when
        ``wait`` is False and the check is still running; ``DatabaseDamaged`` (from
        store.migrate) when it is damaged, so nothing is ever written to a damaged file."""
        check = self.integrity
        if check is None:
            return True
        if not wait and check.verdict(0) is None:
            return False
        check.require_sound()
        self.integrity = None
        return True

    @contextmanager
    def write(self) -> Iterator[Session]:
        self.require_sound()
        with self._sessions() as session:
            session.info["audit_session"] = (self.session_id, self.elapsed_ms)
            session.connection(execution_options={_WRITE: True})
            try:
                yield session
                session.commit()
            except BaseException as exc:
                session.rollback()
                if isinstance(exc, DBAPIError | OSError) and _is_full(exc):
                    raise StorageFull() from exc
                raise

    def close(self) -> None:
        self.engine.dispose()
