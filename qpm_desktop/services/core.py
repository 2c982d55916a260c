"""Open the local database and build the services over it (used by the app, CLI and tests)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from qpm_desktop.credentials.database_key import read_key_info
from qpm_desktop.services.clock import utc_now
from qpm_desktop.services.context import ServiceContext
from qpm_desktop.services.data_location import DATABASE_NAME as DATABASE_NAME
from qpm_desktop.services.data_location import DataLocation
from qpm_desktop.services.drafts import Drafts
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

log = logging.getLogger(__name__)


class Services:
    """Everything the UI and the command line call, over one local database."""

    def __init__(self, ctx: ServiceContext, migration: MigrationResult | None = None) -> None:
        self.ctx = ctx
        self.migration = migration
        self.recording = Recording(ctx)
        self.queries = Queries(ctx)
        self.drafts = Drafts(ctx, self.recording)

    @classmethod
    def open(
        cls,
        root: Path,
        *,
        actor: str,
        key: bytes | None,
        clock: Callable[[], datetime] = utc_now,
        defer_check: bool = False,
    ) -> Services:
        """Open (creating or upgrading, after a backup) the local copy in the folder ``root``.

        ``key`` is the local copy's 256-bit key (see :mod:`qpm_desktop.services.unlock`);
        ``None`` opens an unencrypted database, which only tests and benchmarks ask for.
        With ``defer_check`` an up-to-date copy opens before its integrity check has finished
        (the check runs on its own thread; writes wait for it, see :meth:`integrity_verdict`),
        unless the last run found damage, which makes this opening check first.
        """
        where = DataLocation(Path(root))
        where.root.mkdir(parents=True, exist_ok=True)
        db_key = DatabaseKey(key) if key is not None else None
        defer_check = defer_check and not where.damage_seen.exists()
        try:
            migration = upgrade_database(
                where.database, where.backups, db_key, defer_check=defer_check
            )
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
        where.damage_seen.unlink(missing_ok=True)  # checked in full above, or checking now
        ctx = ServiceContext(
            store=Store(where.database, db_key, integrity=migration.check),
            actor=actor,
            attachments_dir=where.attachments,
            clock=clock,
        )
        services = cls(ctx, migration)
        try:
            # What was typed before a crash or a kill becomes part of the record now.
            services.drafts.recover()
        except Exception:
            # With the check still running, a read can be the first to meet the damage.
            problems = services.integrity_verdict(None)
            services.close()
            if problems:
                raise DatabaseDamaged(
                    f"{where.database.name} is damaged ({problems[0]}); it has not been changed"
                ) from None
            raise
        return services

    @property
    def store(self) -> Store:
        return self.ctx.store

    def integrity_verdict(self, timeout: float | None = 0) -> list[str] | None:
        """What the opening's integrity check found: [] when sound, the problems when damaged,
        None while it is still running. Damage found is remembered, so the next opening
        checks before anything else (and the assessor is offered the newest sound backup)."""
        check = self.migration.check if self.migration is not None else None
        if check is None:
            return []
        found = check.verdict(timeout)
        if found:
            DataLocation(self.ctx.store.path.parent).damage_seen.touch()
        return found

    def close(self) -> None:
        self.drafts.close()
        self.ctx.store.close()
