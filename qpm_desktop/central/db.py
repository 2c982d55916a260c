"""The central store's database: engine, migrations and transactions, on SQLite or PostgreSQL.

SQLite (the zero set-up default) runs in WAL mode with ``synchronous=FULL`` and foreign keys on;
write transactions start with ``BEGIN IMMEDIATE`` so two writers never interleave. On
PostgreSQL (psycopg 3) the default READ COMMITTED isolation is used and writes that need an order
lock the counter row first (see ``schema``).

Checkpoints (copying the write-ahead log into the database file): by default SQLite runs one in
the commit that takes the log past 1,000 pages, so every other large write waits for it. The
served store instead checkpoints from a thread of its own, once a second (``Checkpoints``): a
commit only appends to the log and syncs it, which is what makes it durable. Processes that
write beside a served store (the benchmarks) leave its checkpoints to it.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from qpm_desktop.locations import migrations_dir
from qpm_desktop.model import jsoncodec

BUSY_TIMEOUT_MS = 30_000
_WRITE = "qpm_write"
#: How often the served store copies its write-ahead log into the database file.
CHECKPOINT_EVERY_S = 1.0
#: The log file is cut back to this size once it has been copied (it grows during a burst).
WAL_SIZE_LIMIT = 64 * 1024 * 1024

#: Who checkpoints a SQLite database: SQLite in the commits ("auto"), a thread of this process
#: ("background"), or another process (``"elsewhere"``: the served store this one writes beside).
CheckpointMode = Literal["auto", "background", "elsewhere"]

log = logging.getLogger(__name__)


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` and use psycopg 3 for them."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def _sqlite_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event below emits BEGIN itself
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")
    finally:
        cursor.close()


def _no_auto_checkpoint(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.execute("PRAGMA wal_autocheckpoint = 0")


def _sqlite_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


#: JSON columns written and read by :mod:`qpm_desktop.model.jsoncodec` (the same values as the
#: standard library's, several times as fast: a push reads and writes thousands).
_JSON_CODEC: dict[str, Any] = {
    "json_serializer": jsoncodec.dumps,
    "json_deserializer": jsoncodec.loads,
}


def make_engine(url: str, *, checkpoints: CheckpointMode = "auto") -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, future=True, **_JSON_CODEC)
        event.listen(engine, "connect", _sqlite_connect)
        if checkpoints != "auto":
            event.listen(engine, "connect", _no_auto_checkpoint)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        url, future=True, pool_pre_ping=True, pool_size=10, max_overflow=10, **_JSON_CODEC
    )


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir("central")))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def upgrade(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration (safe to call on every start)."""
    with engine.connect() as conn:
        if is_sqlite(engine):
            # Batch migrations rebuild tables; foreign keys can only be switched off outside a
            # transaction on SQLite.
            conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        with conn.begin():
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


class Checkpoints:
    """A thread that copies a SQLite database's write-ahead log into the database file every
    ``every`` seconds (PASSIVE: it never waits for, nor holds up, readers and writers; what a
    reader still uses is copied the next time). Stopped, it runs a last full checkpoint."""

    def __init__(self, engine: Engine, every: float = CHECKPOINT_EVERY_S) -> None:
        self.engine = engine
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="qpm-checkpoints", daemon=True)
        self._thread.start()

    def _checkpoint(self, mode: str) -> None:
        connection = self.engine.raw_connection()  # autocommit: outside any transaction
        try:
            connection.driver_connection.execute(f"PRAGMA wal_checkpoint({mode})")  # type: ignore[union-attr]
        finally:
            connection.close()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self._checkpoint("PASSIVE")
            except Exception:  # a busy or failing checkpoint is tried again a second later
                log.warning("a checkpoint of the central database failed", exc_info=True)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        try:
            self._checkpoint("TRUNCATE")
        except Exception:
            log.warning("the last checkpoint of the central database failed", exc_info=True)


class Database:
    """One engine and its sessions. ``read()`` for queries, ``write()`` for one transaction."""

    def __init__(self, engine: Engine, *, checkpoints: Checkpoints | None = None) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._checkpoints = checkpoints

    @classmethod
    def open(
        cls, url: str, *, migrate: bool = True, checkpoints: CheckpointMode = "auto"
    ) -> Database:
        """``checkpoints`` (SQLite): see :data:`CheckpointMode`; ``"background"`` starts the
        thread (:class:`Checkpoints`), stopped by :meth:`close`."""
        engine = make_engine(url, checkpoints=checkpoints)
        if migrate:
            upgrade(engine)
        background = checkpoints == "background" and is_sqlite(engine)
        return cls(engine, checkpoints=Checkpoints(engine) if background else None)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
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
        if self._checkpoints is not None:
            self._checkpoints.stop()
            self._checkpoints = None
        self.engine.dispose()
