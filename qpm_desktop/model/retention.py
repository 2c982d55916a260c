"""Which backups to keep: the newest of each of the last 7 days and of the last 4 weeks.

Pure: it sees only the backups' times, never the files. Backups made before a migration are
kept separately (the newest few), since they are the way back from a failed upgrade.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_BEFORE_MIGRATION = 3


@dataclass(frozen=True, slots=True)
class BackupStamp:
    name: str
    made_at: datetime
    before_migration: bool = False


def backups_to_keep(
    backups: Iterable[BackupStamp],
    now: datetime,
    *,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    before_migration: int = KEEP_BEFORE_MIGRATION,
) -> frozenset[str]:
    """The names of the backups to keep; every other backup may be removed."""
    items = sorted(backups, key=lambda b: b.made_at, reverse=True)  # newest first
    keep: set[str] = set()
    migrations = [b for b in items if b.before_migration]
    keep.update(b.name for b in migrations[:before_migration])
    regular = [b for b in items if not b.before_migration]
    days_seen: set[object] = set()
    weeks_seen: set[object] = set()
    for b in regular:
        day = b.made_at.date()
        if day not in days_seen and now - b.made_at < timedelta(days=daily):
            days_seen.add(day)
            keep.add(b.name)
        week = b.made_at.isocalendar()[:2]
        if week not in weeks_seen and now - b.made_at < timedelta(weeks=weekly):
            weeks_seen.add(week)
            keep.add(b.name)
    if regular:
        keep.add(regular[0].name)  # never remove the newest backup, however old
    return frozenset(keep)
