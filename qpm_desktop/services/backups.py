"""Backups of the local copy: made daily while in use and before every migration, thinned,
encrypted like the database, verified; and restored in place when the assessor asks.

A backup is made with SQLite's backup API (never a copy of an open file) into
``<copy>/backups/``, checked with ``integrity_check`` and removed at once if the check fails.
Restoring keeps the replaced database as a backup of its own, so a restore can be undone.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from qpm_desktop.model.retention import BackupStamp, backups_to_keep
from qpm_desktop.services.core import DATABASE_NAME, DataLocation, Services
from qpm_desktop.store.crypto import DatabaseKey
from qpm_desktop.store.migrate import backup_database, check_integrity

log = logging.getLogger(__name__)
_NAME = re.compile(
    re.escape(Path(DATABASE_NAME).stem)
    + r"-(?P<label>[a-z0-9.\-]+)-(?P<stamp>\d{8}T\d{12}Z)\.sqlite3$"
)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    made_at: datetime
    label: str
    size: int

    @property
    def before_migration(self) -> bool:
        return self.label.startswith("before-")


def list_backups(root: Path) -> list[BackupInfo]:
    """The backups of the copy in ``root``, newest first."""
    folder = DataLocation(Path(root)).backups
    found = []
    for path in folder.glob("*.sqlite3") if folder.is_dir() else ():
        match = _NAME.fullmatch(path.name)
        if not match:
            continue
        made = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
        found.append(BackupInfo(path, made, match["label"], path.stat().st_size))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def newest_good_backup(root: Path, key: bytes | None) -> BackupInfo | None:
    """The newest backup that passes integrity_check with this key (the way back from damage)."""
    db_key = DatabaseKey(key) if key is not None else None
    for backup in list_backups(root):
        if not check_integrity(backup.path, db_key):
            return backup
    return None


def make_backup(services: Services, label: str = "daily") -> BackupInfo:
    where = DataLocation(services.store.path.parent)
    path = backup_database(
        services.store.path,
        where.backups,
        label=label,
        key=services.store.key,
        at=services.ctx.clock(),
    )
    info = next(b for b in list_backups(where.root) if b.path == path)
    log.info("backup made (%s, %d bytes, verified)", label, info.size)
    return info


def ensure_daily_backup(services: Services, now: datetime | None = None) -> BackupInfo | None:
    """Make today's backup if there is none yet, then thin the folder. Returns the new one."""
    now = now or services.ctx.clock()
    root = services.store.path.parent
    today = now.astimezone(UTC).date()
    made = None
    if not any(b.made_at.date() == today and not b.before_migration for b in list_backups(root)):
        made = make_backup(services, "daily")
    thin_backups(root, now)
    return made


def thin_backups(root: Path, now: datetime) -> list[Path]:
    """Remove the backups the retention rule does not keep; return what was removed."""
    backups = list_backups(root)
    keep = backups_to_keep(
        (BackupStamp(b.path.name, b.made_at, b.before_migration) for b in backups), now
    )
    removed = []
    for b in backups:
        if b.path.name not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def restore_backup(root: Path, backup: Path, key: bytes | None) -> Path:
    """Put ``backup`` in place of the copy's database (which must be closed).

    The backup is verified first; the database it replaces is kept in the backups folder
    (renamed ``...-replaced-...``), so nothing is lost by restoring.
    """
    where = DataLocation(Path(root))
    db_key = DatabaseKey(key) if key is not None else None
    problems = check_integrity(Path(backup), db_key)
    if problems:
        raise ValueError(f"{Path(backup).name} is not a sound backup ({problems[0]})")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    where.backups.mkdir(parents=True, exist_ok=True)
    if where.database.exists():
        kept = where.backups / f"{where.database.stem}-replaced-{stamp}.sqlite3"
        os.replace(where.database, kept)
    for suffix in ("-wal", "-shm"):
        Path(f"{where.database}{suffix}").unlink(missing_ok=True)
    tmp = where.database.with_name(where.database.name + ".restoring")
    tmp.write_bytes(Path(backup).read_bytes())
    with tmp.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, where.database)
    return where.database
