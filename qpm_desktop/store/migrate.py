"""Bring the local database to the newest schema, after a verified backup.

An older app's database is never migrated in place without a copy: the copy is made with
SQLite's online backup API (never a file copy of an open database), checked with
``PRAGMA integrity_check``, and only then is the schema changed. A database that fails its own
integrity check is not touched at all.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from qpm_desktop.locations import migrations_dir
from qpm_desktop.store.db import make_engine


class DatabaseDamaged(RuntimeError):
    """The database failed its integrity check; it has not been changed."""


@dataclass(frozen=True, slots=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir("local")))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the local migrations have no head"
    return head


def current_revision(path: Path) -> str | None:
    if not path.exists():
        return None
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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


def check_integrity(path: Path, *, quick: bool = False) -> list[str]:
    """Problems SQLite finds in the file (empty when it is sound)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        pragma = "quick_check" if quick else "integrity_check"
        rows = [r[0] for r in con.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        con.close()
    return [] if rows == ["ok"] else rows


def backup_database(path: Path, backup_dir: Path, *, label: str) -> Path:
    """Copy the live database with SQLite's backup API and verify the copy."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"{path.stem}-{label}-{stamp}.sqlite3"
    source = sqlite3.connect(path)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    problems = check_integrity(target)
    if problems:
        target.unlink(missing_ok=True)
        raise OSError(f"the backup copy failed its integrity check: {problems[0]}")
    return target


def upgrade_database(path: Path, backup_dir: Path) -> MigrationResult:
    """Create or upgrade the database at ``path`` to the newest schema."""
    path = Path(path)
    head = head_revision()
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        problems = check_integrity(path, quick=True)
        if problems:
            raise DatabaseDamaged(
                f"{path.name} is damaged ({problems[0]}); it has not been changed"
            )
    before = current_revision(path) if existed else None
    if before == head:
        return MigrationResult(before, head, None)
    backup = None
    if existed:
        backup = backup_database(path, backup_dir, label=f"before-{before or 'unversioned'}")
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            # Batch migrations rebuild tables; SQLite only lets foreign keys be switched off
            # outside a transaction, and they are checked as a whole afterwards instead.
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
            with conn.begin():
                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migration left broken references: {broken[:5]}")
    finally:
        engine.dispose()
    return MigrationResult(before, head, backup)
