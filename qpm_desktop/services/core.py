"""Open the local database and build the services over it (used by the app, CLI and tests)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from qpm_desktop.credentials.database_key import read_key_info
from qpm_desktop.services.clock import utc_now
from qpm_desktop.services.context import ServiceContext
from qpm_desktop.services.queries import Queries
from qpm_desktop.services.recording import Recording
from qpm_desktop.store.crypto import DatabaseKey
from qpm_desktop.store.db import Store
from qpm_desktop.store.migrate import (
    DatabaseDamaged,
    DatabaseLocked,
    MigrationResult,
    upgrade_database,
)

DATABASE_NAME = "qpm-local.sqlite3"

log = logging.getLogger(__name__)


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
        key: bytes | None,
        clock: Callable[[], datetime] = utc_now,
    ) -> Services:
        """Open (creating or upgrading, after a backup) the local copy in the folder ``root``.

        ``key`` is the local copy's 256-bit key (see :mod:`qpm_desktop.services.unlock`);
        ``None`` opens an unencrypted database, which only tests and benchmarks ask for.
        """
        where = DataLocation(Path(root))
        where.root.mkdir(parents=True, exist_ok=True)
        db_key = DatabaseKey(key) if key is not None else None
        try:
            migration = upgrade_database(where.database, where.backups, db_key)
        except DatabaseLocked:
            info = read_key_info(where.root)
            if db_key is not None and info is not None and info.fingerprint == db_key.fingerprint():
                # The key is the right one, so the file itself is damaged.
                raise DatabaseDamaged(
                    f"{where.database.name} is damaged (it no longer decrypts with its own "
                    "key); it has not been changed"
                ) from None
            raise
        log.info(
            "local copy opened (schema %s%s, %s)",
            migration.to_revision,
            f", upgraded from {migration.from_revision}"
            if migration.from_revision != migration.to_revision
            else "",
            "encrypted" if db_key else "not encrypted",
        )
        ctx = ServiceContext(
            store=Store(where.database, db_key),
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
