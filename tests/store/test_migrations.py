"""The local schema is owned by Alembic: migrations create it, match the models, and back up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from qpm_desktop.store.migrate import (
    DatabaseDamaged,
    check_integrity,
    current_revision,
    head_revision,
    upgrade_database,
)
from qpm_desktop.store.tables import Base


def test_an_empty_folder_gets_the_newest_schema(tmp_path: Path) -> None:
    """Migrating a database that does not exist yet creates every table at the head revision."""
    db = tmp_path / "new.sqlite3"
    result = upgrade_database(db, tmp_path / "backups")
    assert result.from_revision is None
    assert result.to_revision == head_revision() == current_revision(db)
    assert result.backup is None
    tables = {r[0] for r in sqlite3.connect(db).execute("SELECT name FROM sqlite_master")}
    assert set(Base.metadata.tables) <= tables


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    """After the migrations, Alembic finds no difference between the database and the models."""
    db = tmp_path / "cmp.sqlite3"
    upgrade_database(db, tmp_path / "backups")
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    engine.dispose()
    assert diff == []


def test_a_database_at_the_head_is_left_alone(tmp_path: Path) -> None:
    """Opening an up-to-date database changes nothing and makes no backup."""
    db = tmp_path / "db.sqlite3"
    upgrade_database(db, tmp_path / "backups")
    again = upgrade_database(db, tmp_path / "backups")
    assert again.from_revision == again.to_revision
    assert again.backup is None
    assert not (tmp_path / "backups").exists()


def test_an_older_database_is_backed_up_before_it_is_migrated(tmp_path: Path) -> None:
    """A database from before the schema existed is copied, checked, then upgraded."""
    db = tmp_path / "old.sqlite3"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE notes (body TEXT)")
    con.execute("INSERT INTO notes VALUES ('kept in the backup')")
    con.commit()
    con.close()
    result = upgrade_database(db, tmp_path / "backups")
    assert result.backup is not None and result.backup.exists()
    assert check_integrity(result.backup) == []
    saved = sqlite3.connect(result.backup).execute("SELECT body FROM notes").fetchall()
    assert saved == [("kept in the backup",)]
    assert current_revision(db) == head_revision()


def test_a_damaged_database_is_never_written_to(tmp_path: Path) -> None:
    """A file that fails SQLite's check is reported and left byte for byte as it was."""
    db = tmp_path / "broken.sqlite3"
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    before = db.read_bytes()
    with pytest.raises(DatabaseDamaged, match="is damaged"):
        upgrade_database(db, tmp_path / "backups")
    assert db.read_bytes() == before


def test_the_recorded_head_is_alembics_head() -> None:
    """HEAD_REVISION (which spares Alembic at start-up) names the newest migration."""
    from qpm_desktop.store.migrate import HEAD_REVISION

    assert head_revision() == HEAD_REVISION
