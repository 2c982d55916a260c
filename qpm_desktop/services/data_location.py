"""Where one local copy lives (its own module: the first screen needs it before anything heavy)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATABASE_NAME = "qpm-local.sqlite3"


@dataclass(frozen=True, slots=True)
class DataLocation:
    """Where one local copy lives: its database, attachments and backups, in one folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def damage_seen(self) -> Path:
        """Present after a running app found damage: the next opening checks first."""
        return self.root / "damage-found"
