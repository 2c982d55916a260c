"""Drafts: the text of a field as it is typed, durable on every keystroke.

A keystroke must be safe on disk within one frame (16 ms), so a draft does not go through the
record write path (audit entry, outbox, revision): it is one row upserted in one tiny
``BEGIN IMMEDIATE`` transaction on a connection of its own, with the same durability as every
other write (WAL, ``synchronous=FULL``, the same SQLCipher key). The statements are plain SQL
strings, so the driver's statement cache keeps them prepared after the first use.

Promotion (turning a draft into a change of the record) happens in the services layer through
the normal write path; here a draft is only deleted, and only if it still holds the value that
was promoted, so a keystroke that arrived meanwhile is never thrown away.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qpm_desktop.store.crypto import DatabaseKey
from qpm_desktop.store.db import BUSY_TIMEOUT_MS, StorageFull, _is_full, apply_key, dbapi_module

_UPSERT = (
    "INSERT INTO drafts (entity, record_id, field, assessment_id, standard_code, value, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entity, record_id, field) DO UPDATE "
    "SET value = excluded.value, updated_at = excluded.updated_at"
)
_DELETE_IF_SAME = (
    "DELETE FROM drafts WHERE entity = ? AND record_id = ? AND field = ? AND value = ?"
)
_DELETE = "DELETE FROM drafts WHERE entity = ? AND record_id = ? AND field = ?"
_ALL = (
    "SELECT entity, record_id, field, assessment_id, standard_code, value, updated_at "
    "FROM drafts ORDER BY updated_at"
)


class DraftBusy(RuntimeError):
    """The draft could not be written without waiting (asked not to wait): hand it on."""


@dataclass(frozen=True, slots=True)
class StoredDraft:
    entity: str
    record_id: str
    field: str
    assessment_id: str
    standard_code: str | None
    value: str
    updated_at: datetime | str  # a datetime through the store, the stored text raw


def _is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _stamp(now: datetime) -> str:
    # The storage format SQLAlchemy's DateTime uses on SQLite (naive UTC, microseconds), so
    # the row reads back through the ORM like any other.
    return now.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


class DraftWriter:
    """One connection for drafts, safe to call from any one thread at a time (a lock guards it).

    The connection is opened on first use, so opening the local copy costs nothing more.
    """

    def __init__(
        self,
        path: Path,
        key: DatabaseKey | None,
        *,
        before_write: Callable[..., bool] | None = None,
    ) -> None:
        self.path = Path(path)
        self.key = key
        # Store.require_sound: no draft is written before the file is known to be sound.
        self._before_write = before_write
        self._conn: Any = None
        self._lock = threading.Lock()

    def _connection(self) -> Any:
        if self._conn is None:
            # Used from the draft lane and from the database worker (a promotion deletes its
            # draft), one at a time under the lock; hence not tied to the opening thread.
            conn = dbapi_module(self.key).connect(
                str(self.path), isolation_level=None, check_same_thread=False
            )
            try:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                apply_key(conn, self.key)
                conn.execute("PRAGMA synchronous = FULL")
                # Checkpoints (copying the log into the database, with their own syncs) are
                # left to the main connections, off the keystroke's path.
                conn.execute("PRAGMA wal_autocheckpoint = 0")
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _run(self, sql: str, params: tuple[Any, ...], *, wait: bool = True) -> int:
        """One statement in its own write transaction. With ``wait=False`` it raises
        :class:`DraftBusy` at once, instead of waiting, when another writer holds the database
        (or this connection is in use)."""
        if self._before_write is not None and not self._before_write(wait=wait):
            raise DraftBusy()  # the integrity check is still running: hand the draft on
        if not self._lock.acquire(blocking=wait):
            raise DraftBusy()
        try:
            conn = self._connection()
            if not wait:
                conn.execute("PRAGMA busy_timeout = 0")
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    count = conn.execute(sql, params).rowcount
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            except Exception as exc:
                if _is_full(exc):
                    raise StorageFull() from exc
                if not wait and _is_busy(exc):
                    raise DraftBusy() from exc
                raise
            finally:
                if not wait:
                    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            return int(count)
        finally:
            self._lock.release()

    def put(
        self,
        entity: str,
        record_id: str,
        field: str,
        *,
        assessment_id: str,
        standard_code: str | None,
        value: str,
        now: datetime,
        wait: bool = True,
    ) -> None:
        """Keep ``value`` as the draft of one field; durable when this returns. With
        ``wait=False``, :class:`DraftBusy` rather than waiting for another writer."""
        self._run(
            _UPSERT,
            (entity, record_id, field, assessment_id, standard_code, value, _stamp(now)),
            wait=wait,
        )

    def forget(self, entity: str, record_id: str, field: str, value: str | None = None) -> bool:
        """Delete the draft of one field (only if it still holds ``value``, when given)."""
        if value is None:
            return self._run(_DELETE, (entity, record_id, field)) > 0
        return self._run(_DELETE_IF_SAME, (entity, record_id, field, value)) > 0

    def all(self) -> list[StoredDraft]:
        with self._lock:
            rows = self._connection().execute(_ALL).fetchall()
        return [StoredDraft(*row) for row in rows]

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
