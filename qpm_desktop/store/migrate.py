"""Bring the local database to the newest schema, after a verified backup.

An older app's database is never migrated in place without a copy: the copy is made with
SQLite's online backup API (never a file copy of an open database; for an encrypted database
the copy is encrypted with the same key), checked with ``PRAGMA integrity_check``, and only
then is the schema changed. A database that fails its own check is not touched at all.

An up-to-date database can open without waiting for its ``quick_check`` (a scan of the whole
file, and with encryption a decryption of every page): the check then runs on its own thread
(:class:`IntegrityCheck`) and every write waits for its verdict, so a damaged database is still
never written to.
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from qpm_desktop.locations import migrations_dir
from qpm_desktop.store.crypto import DatabaseKey
from qpm_desktop.store.db import connect, dbapi_module, make_engine
from qpm_desktop.store.revision import HEAD_REVISION

SQLITE_HEADER = b"SQLite format 3\x00"


#: How much lower the background integrity check runs than the rest of the app (Linux nice).
CHECK_NICENESS = 5


class DatabaseDamaged(RuntimeError):
    """The database failed its integrity check; it has not been changed."""


class DatabaseLocked(RuntimeError):
    """The database does not open with the key given (or its first page is damaged)."""


@dataclass(frozen=True, slots=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None
    #: The integrity check still running, when the caller let opening go ahead without it.
    check: IntegrityCheck | None = None


class IntegrityCheck:
    """``quick_check`` of a database on its own thread; writes wait for its verdict.

    The thread starts when the verdict is first asked for (the window asks once it has shown
    its first screen; a write asks before it writes), so the check does not compete with
    opening for the processor.
    """

    def __init__(self, path: Path, key: DatabaseKey | None) -> None:
        self.path = Path(path)
        self.key = key
        self._problems: list[str] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="qpm-integrity-check", daemon=True)
        self._start = threading.Lock()

    def start(self) -> None:
        with self._start:
            if self._thread.ident is None:
                self._thread.start()

    def _run(self) -> None:
        if hasattr(os, "setpriority"):
            # Linux schedules threads on their own: let the window's start-up come first.
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), CHECK_NICENESS)
        try:
            self._problems = check_integrity(self.path, self.key, quick=True)
        except Exception as exc:  # a check that cannot run proves nothing: treat it as damage
            self._problems = [f"the check could not run ({type(exc).__name__}: {exc})"]
        finally:
            self._done.set()

    def verdict(self, timeout: float | None = None) -> list[str] | None:
        """The problems found ([] when sound), or None if the check has not finished."""
        self.start()
        return list(self._problems) if self._done.wait(timeout) else None

    def require_sound(self) -> None:
        """Wait for the verdict; :class:`DatabaseDamaged` if the file is damaged."""
        problems = self.verdict(None) or []
        if problems:
            raise DatabaseDamaged(
                f"{self.path.name} is damaged ({problems[0]}); it has not been changed"
            )


def alembic_config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir("local")))
    return cfg


def head_revision() -> str:
    """The head according to Alembic's scripts (slow: loads Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the local migrations have no head"
    return head


def is_plaintext(path: Path) -> bool:
    """True for an ordinary (unencrypted) SQLite file."""
    with Path(path).open("rb") as f:
        return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def current_revision(path: Path, key: DatabaseKey | None = None) -> str | None:
    if not path.exists():
        return None
    con = connect(path, key, read_only=True)
    try:
        has_table = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if not has_table:
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        con.close()


def check_integrity(
    path: Path, key: DatabaseKey | None = None, *, quick: bool = False
) -> list[str]:
    """Problems SQLite finds in the file (empty when it is sound)."""
    module = dbapi_module(key)
    try:
        con = connect(path, key, read_only=True)
    except module.DatabaseError as exc:
        return [str(exc)]
    try:
        pragma = "quick_check" if quick else "integrity_check"
        rows = [r[0] for r in con.execute(f"PRAGMA {pragma}")]
    except module.DatabaseError as exc:
        return [str(exc)]
    finally:
        con.close()
    return [] if rows == ["ok"] else rows


def backup_database(
    path: Path,
    backup_dir: Path,
    *,
    label: str,
    key: DatabaseKey | None = None,
    at: datetime | None = None,
) -> Path:
    """Copy the live database with SQLite's backup API and verify the copy.

    The copy is named ``{database stem}-{label}-{UTC time}.sqlite3``.
    """
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = (at or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"{path.stem}-{label}-{stamp}.sqlite3"
    source = connect(path, key)
    dest = connect(target, key)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    problems = check_integrity(target, key)
    if problems:
        target.unlink(missing_ok=True)
        raise OSError(f"the backup copy failed its integrity check: {problems[0]}")
    return target


def encrypt_in_place(path: Path, key: DatabaseKey) -> None:
    """Turn a plaintext database (from before encryption) into an encrypted one.

    SQLCipher's export writes the encrypted copy beside it; the copy replaces the original only
    once it has passed its integrity check, so a crash midway leaves the original as it was.
    """
    import sqlcipher3.dbapi2 as sqlcipher

    tmp = path.with_name(path.name + ".encrypting")
    tmp.unlink(missing_ok=True)
    con = sqlcipher.connect(str(path), isolation_level=None)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.raw.hex()}'\"", (str(tmp),))
        con.execute("SELECT sqlcipher_export('encrypted')")
        version = con.execute("PRAGMA user_version").fetchone()[0]
        con.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        con.execute("DETACH DATABASE encrypted")
    finally:
        con.close()
    problems = check_integrity(tmp, key)
    if problems:
        tmp.unlink(missing_ok=True)
        raise OSError(f"the encrypted copy failed its integrity check: {problems[0]}")
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    _overwrite(path)
    os.replace(tmp, path)


def _overwrite(path: Path) -> None:
    """Overwrite a file's bytes before it is replaced (best effort: SSDs may keep old blocks)."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        zeros = bytes(1 << 16)
        written = 0
        while written < size:
            written += f.write(zeros[: min(len(zeros), size - written)])
        f.flush()
        os.fsync(f.fileno())


def _refuse(path: Path, key: DatabaseKey | None, problems: list[str]) -> NoReturn:
    if key is not None and problems[0].startswith("file is not a database"):
        raise DatabaseLocked(f"{path.name} does not open with this key; it has not been changed")
    raise DatabaseDamaged(f"{path.name} is damaged ({problems[0]}); it has not been changed")


def upgrade_database(
    path: Path, backup_dir: Path, key: DatabaseKey | None = None, *, defer_check: bool = False
) -> MigrationResult:
    """Create or upgrade the database at ``path`` to the newest schema.

    With ``defer_check`` an up-to-date database is not scanned here: the result's ``check``
    runs the scan on its own thread (the caller makes writes wait for it). A database that must
    be encrypted or migrated is always checked first.
    """
    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    if existed and key is not None and is_plaintext(path):
        problems = check_integrity(path, None, quick=True)
        if problems:
            raise DatabaseDamaged(
                f"{path.name} is damaged ({problems[0]}); it has not been changed"
            )
        # No plaintext backup: the original is replaced only by a verified encrypted copy.
        encrypt_in_place(path, key)
    if existed and defer_check:
        try:
            before = current_revision(path, key)
        except dbapi_module(key).DatabaseError as exc:
            _refuse(path, key, [str(exc)])
        if before == HEAD_REVISION:
            return MigrationResult(before, before, None, IntegrityCheck(path, key))
    if existed:
        problems = check_integrity(path, key, quick=True)
        if problems:
            _refuse(path, key, problems)
    before = current_revision(path, key) if existed else None
    if before == HEAD_REVISION:
        return MigrationResult(before, before, None)
    head = head_revision()
    if before == head:
        return MigrationResult(before, head, None)
    backup = None
    if existed:
        backup = backup_database(
            path, backup_dir, label=f"before-{before or 'unversioned'}", key=key
        )
    engine = make_engine(path, key)
    try:
        with engine.connect() as conn:
            # Batch migrations rebuild tables; SQLite only lets foreign keys be switched off
            # outside a transaction, and they are checked as a whole afterwards instead.
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
            with conn.begin():
                from alembic import command

                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migration left broken references: {broken[:5]}")
    finally:
        engine.dispose()
    return MigrationResult(before, head, backup)
