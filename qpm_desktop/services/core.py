"""Open the local database and build the services over it (used by the app, CLI and tests)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from qpm_desktop.services.clock import utc_now
from qpm_desktop.services.context import ServiceContext
from qpm_desktop.services.queries import Queries
from qpm_desktop.services.recording import Recording
from qpm_desktop.store.db import Store
from qpm_desktop.store.migrate import MigrationResult, upgrade_database

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


class Services:
    """Everything the UI and the command line call, over one local database."""

    def __init__(self, ctx: ServiceContext, migration: MigrationResult | None = None) -> None:
        self.ctx = ctx
        self.migration = migration
        self.recording = Recording(ctx)
        self.queries = Queries(ctx)

    @classmethod
    def open(
        cls,
        root: Path,
        *,
        actor: str,
        clock: Callable[[], datetime] = utc_now,
    ) -> Services:
        """Open (creating or upgrading, after a backup) the local copy in the folder ``root``."""
        where = DataLocation(Path(root))
        where.root.mkdir(parents=True, exist_ok=True)
        migration = upgrade_database(where.database, where.backups)
        ctx = ServiceContext(
            store=Store(where.database),
            actor=actor,
            attachments_dir=where.attachments,
            clock=clock,
        )
        return cls(ctx, migration)

    @property
    def store(self) -> Store:
        return self.ctx.store

    def close(self) -> None:
        self.ctx.store.close()
