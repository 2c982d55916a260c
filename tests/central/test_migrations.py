"""The central store's models and its Alembic migrations describe the same schema."""

from __future__ import annotations

import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from qpm_desktop.central.db import Database, head_revision, make_engine, sqlite_url, upgrade
from qpm_desktop.central.schema import Base

from .conftest import _new_pg_database, missing_tool


def _diff(url: str) -> list:
    engine = make_engine(url)
    upgrade(engine)
    upgrade(engine)  # a second start changes nothing
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
        version = context.get_current_revision()
    engine.dispose()
    assert version == head_revision()
    return diff


def test_sqlite_schema_matches_models(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Migrating an empty SQLite file gives exactly the tables the models declare."""
    assert _diff(sqlite_url(tmp_path / "m.sqlite3")) == []


def test_postgresql_schema_matches_models(postgres_url: str | None) -> None:
    """Migrating an empty PostgreSQL database gives exactly the tables the models declare."""
    if postgres_url is None:
        missing_tool("PostgreSQL binaries not found")
    assert _diff(_new_pg_database(postgres_url)) == []


def test_counter_row_exists_after_migration(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The migration creates the seq counter that every change takes its number from."""
    db = Database.open(sqlite_url(tmp_path / f"{uuid.uuid4()}.sqlite3"))
    with db.read() as s:
        from qpm_desktop.central.sync import committed_seq

        assert committed_seq(s) == 0
    db.close()
