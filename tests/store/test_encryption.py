"""Encryption at rest: the database and attachments are unreadable without the key."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from qpm_desktop.store.crypto import (
    CHUNK,
    DatabaseKey,
    SealedFileError,
    open_sealed,
    seal_stream,
)
from qpm_desktop.store.db import Store
from qpm_desktop.store.migrate import (
    DatabaseLocked,
    check_integrity,
    current_revision,
    head_revision,
    is_plaintext,
    upgrade_database,
)

KEY = DatabaseKey(bytes(range(32)))
OTHER = DatabaseKey(bytes(range(1, 33)))
SECRET = "The partner said the ward staff ignored her advocate"


def _encrypted_db(tmp_path: Path) -> Path:
    db = tmp_path / "enc.sqlite3"
    upgrade_database(db, tmp_path / "backups", KEY)
    store = Store(db, KEY)
    with store.write() as s:
        s.connection().exec_driver_sql(
            "INSERT INTO settings (key, value) VALUES ('note', ?)", (SECRET,)
        )
    store.close()
    return db


def test_the_database_file_is_not_sqlite_without_the_key(tmp_path: Path) -> None:
    """An encrypted copy has no SQLite header, no readable text, and plain SQLite refuses it."""
    db = _encrypted_db(tmp_path)
    raw = db.read_bytes()
    assert not is_plaintext(db)
    assert SECRET.encode() not in raw and b"CREATE TABLE" not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db).execute("SELECT * FROM sqlite_master").fetchall()
    assert current_revision(db, KEY) == head_revision()
    assert check_integrity(db, KEY) == []


def test_a_wrong_key_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    """Opening with another key says so and leaves the file byte for byte as it was."""
    db = _encrypted_db(tmp_path)
    before = db.read_bytes()
    with pytest.raises(DatabaseLocked, match="does not open with this key"):
        upgrade_database(db, tmp_path / "backups", OTHER)
    assert db.read_bytes() == before


def test_a_plaintext_database_is_encrypted_on_first_keyed_open(tmp_path: Path) -> None:
    """A copy from before encryption is converted, its data kept, and no plaintext left."""
    db = tmp_path / "old.sqlite3"
    upgrade_database(db, tmp_path / "backups")
    con = sqlite3.connect(db)
    con.execute("INSERT INTO settings (key, value) VALUES ('note', ?)", (SECRET,))
    con.commit()
    con.close()
    upgrade_database(db, tmp_path / "backups", KEY)
    assert not is_plaintext(db)
    assert SECRET.encode() not in db.read_bytes()
    leftovers = [
        p for p in tmp_path.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()
    ]
    assert leftovers == []
    store = Store(db, KEY)
    with store.read() as s:
        value = s.connection().exec_driver_sql("SELECT value FROM settings").scalar()
    store.close()
    assert value == SECRET


def test_backups_of_an_encrypted_database_are_encrypted(tmp_path: Path) -> None:
    """A backup made with the backup API is encrypted with the same key and verifies."""
    from qpm_desktop.store.migrate import backup_database

    db = _encrypted_db(tmp_path)
    backup = backup_database(db, tmp_path / "backups", label="test", key=KEY)
    assert SECRET.encode() not in backup.read_bytes()
    assert check_integrity(backup, KEY) == []


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17])
def test_sealed_files_round_trip(size: int) -> None:
    """Any length, chunk boundaries included, comes back exactly."""
    data = bytes((i * 7) % 251 for i in range(size))
    sealed = io.BytesIO()
    seal_stream(io.BytesIO(data), sealed, KEY.derive("files"))
    # (a plaintext of under 16 bytes may turn up in random ciphertext by chance)
    assert size < 16 or data[:64] not in sealed.getvalue()
    sealed.seek(0)
    assert b"".join(open_sealed(sealed, KEY.derive("files"))) == data


def _sealed(data: bytes) -> bytes:
    out = io.BytesIO()
    seal_stream(io.BytesIO(data), out, KEY.derive("files"))
    return out.getvalue()


@pytest.mark.parametrize(
    "damage",
    ["flip a byte", "truncate the last chunk", "drop the tail", "wrong key", "not sealed"],
)
def test_sealed_files_refuse_damage(damage: str) -> None:
    """A changed, shortened, foreign or plain file never decrypts to something else."""
    sealed = bytearray(_sealed(b"x" * (2 * CHUNK + 100)))
    key = KEY.derive("files")
    if damage == "flip a byte":
        sealed[len(sealed) // 2] ^= 0x01
    elif damage == "truncate the last chunk":
        sealed = sealed[:-50]
    elif damage == "drop the tail":
        sealed = sealed[: 15 + CHUNK + 16]  # exactly the first chunk
    elif damage == "wrong key":
        key = OTHER.derive("files")
    else:
        sealed = bytearray(b"plain text file")
    with pytest.raises(SealedFileError):
        b"".join(open_sealed(io.BytesIO(bytes(sealed)), key))


def test_a_key_never_shows_itself() -> None:
    """repr() of a key gives a fingerprint prefix, never the key bytes."""
    assert KEY.raw.hex() not in repr(KEY) and "fingerprint" in repr(KEY)
