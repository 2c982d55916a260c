"""The database key: from the keyring where there is one, else from the assessor's passphrase."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest

from qpm_desktop.credentials import database_key as dk
from qpm_desktop.model.keycheck import key_fingerprint
from qpm_desktop.store.crypto import DatabaseKey


class PlainTextKeyring(keyring.backend.KeyringBackend):
    """Stands for keyrings.alt: it works, but keeps secrets in plain text."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service, username):  # type: ignore[no-untyped-def]
        return None

    def set_password(self, service, username, password):  # type: ignore[no-untyped-def]
        raise AssertionError("a plain-text keyring must never be given a secret")

    def delete_password(self, service, username):  # type: ignore[no-untyped-def]
        return None


PlainTextKeyring.__module__ = "keyrings.alt.file"


def test_a_new_copy_keeps_a_random_key_in_the_keyring(tmp_path: Path, memory_keyring) -> None:
    """With a keyring, the key is random, kept there, and key.json holds no secret."""
    raw = dk.create_key(tmp_path)
    assert len(raw) == 32
    info = json.loads((tmp_path / dk.KEY_FILE).read_text())
    assert info["source"] == "keyring" and raw.hex() not in json.dumps(info)
    assert list(memory_keyring.secrets.values()) == [raw.hex()]
    assert dk.unlock(tmp_path) == raw
    assert not dk.needs_passphrase(tmp_path)


def test_without_a_keyring_a_passphrase_is_required(tmp_path: Path, monkeypatch) -> None:
    """No secure keyring: creating without a passphrase is refused with an explanation."""
    monkeypatch.setattr(dk, "secure_keyring_available", lambda: False)
    assert dk.needs_passphrase(tmp_path)
    with pytest.raises(dk.NoSecureKeyring, match="passphrase you choose"):
        dk.create_key(tmp_path)
    raw = dk.create_key(tmp_path, passphrase="correct horse battery")
    assert dk.unlock(tmp_path, passphrase="correct horse battery") == raw
    with pytest.raises(dk.WrongPassphrase, match="does not open"):
        dk.unlock(tmp_path, passphrase="incorrect horse battery")
    with pytest.raises(dk.WrongPassphrase):
        dk.unlock(tmp_path)
    assert "correct horse" not in (tmp_path / dk.KEY_FILE).read_text()


def test_short_passphrases_are_refused(tmp_path: Path) -> None:
    """A passphrase under the minimum length is refused before anything is written."""
    with pytest.raises(dk.CredentialsError, match="at least 10 characters"):
        dk.create_key(tmp_path, passphrase="short")
    assert not (tmp_path / dk.KEY_FILE).exists()


def test_plain_text_keyrings_count_as_no_keyring() -> None:
    """keyrings.alt and the fail backend are never trusted with the key."""
    previous = keyring.get_keyring()
    try:
        keyring.set_keyring(PlainTextKeyring())
        assert not dk.secure_keyring_available()
        from keyring.backends import fail

        keyring.set_keyring(fail.Keyring())
        assert not dk.secure_keyring_available()
    finally:
        keyring.set_keyring(previous)


def test_a_key_missing_from_the_keyring_is_explained(tmp_path: Path, memory_keyring) -> None:
    """If the keyring lost the key, unlocking says so (it does not make a new key)."""
    dk.create_key(tmp_path)
    memory_keyring.secrets.clear()
    with pytest.raises(dk.KeyMissing, match="not in this computer's keyring"):
        dk.unlock(tmp_path)


def test_forgetting_the_key_removes_it(tmp_path: Path, memory_keyring) -> None:
    """forget_key deletes the keyring entry and key.json (the copy becomes unreadable)."""
    dk.create_key(tmp_path)
    dk.forget_key(tmp_path)
    assert memory_keyring.secrets == {} and not (tmp_path / dk.KEY_FILE).exists()


def test_the_fingerprint_is_the_stores(tmp_path: Path) -> None:
    """The credentials' fingerprint is the store's, so a wrong key is told from damage."""
    raw = dk.create_key(tmp_path)
    assert (
        key_fingerprint(raw)
        == DatabaseKey(raw).fingerprint()
        == dk.read_key_info(tmp_path).fingerprint
    )


def test_the_idle_lock_secret(tmp_path: Path, monkeypatch) -> None:
    """A passphrase copy opens its lock with the passphrase; once a password verifier is set
    at sign-in, with that password; a keyring copy with neither has nothing to check."""
    keyring_copy = tmp_path / "k"
    dk.create_key(keyring_copy)
    assert dk.unlock_secret_kind(keyring_copy) is None
    dk.set_unlock_password(keyring_copy, "account password 1")
    assert dk.unlock_secret_kind(keyring_copy) == "password"
    assert dk.verify_unlock_secret(keyring_copy, "account password 1")
    assert not dk.verify_unlock_secret(keyring_copy, "account password 2")
    assert "account password" not in (keyring_copy / dk.KEY_FILE).read_text()
    assert dk.unlock(keyring_copy)  # the key itself is untouched

    monkeypatch.setattr(dk, "secure_keyring_available", lambda: False)
    phrase_copy = tmp_path / "p"
    dk.create_key(phrase_copy, passphrase="correct horse battery")
    assert dk.unlock_secret_kind(phrase_copy) == "passphrase"
    assert dk.verify_unlock_secret(phrase_copy, "correct horse battery")
    assert not dk.verify_unlock_secret(phrase_copy, "incorrect horse")
