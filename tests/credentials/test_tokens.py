"""Sign-in tokens: in the keyring when there is one, in memory (never a file) when not."""

from __future__ import annotations

from pathlib import Path

import keyring
from keyring.backends import fail

from qpm_desktop.credentials.tokens import TokenVault


def test_tokens_go_to_the_keyring_and_never_to_a_file(memory_keyring, tmp_path: Path) -> None:
    """With a keyring, saved tokens are in it and a new vault of the account finds them."""
    TokenVault("http://central.test", "sam").save({"access": "a", "refresh": "r"})
    assert TokenVault("http://central.test/", "sam").load() == {"access": "a", "refresh": "r"}
    assert any("sam@http://central.test" in user for _, user in memory_keyring.secrets)
    TokenVault("http://central.test", "sam").clear()
    assert memory_keyring.secrets == {}


def test_without_a_keyring_every_vault_of_the_account_sees_the_tokens() -> None:
    """No keyring: tokens live for the process, shared by every vault of that account (so the
    window knows it is signed in), separate per account, and gone when cleared."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        TokenVault("http://central.test", "sam").save({"access": "a"})
        assert TokenVault("http://central.test", "sam").load() == {"access": "a"}
        assert TokenVault("http://central.test", "elin").load() is None
        assert not TokenVault("http://central.test", "sam").persistent
        TokenVault("http://central.test", "sam").clear()
        assert TokenVault("http://central.test", "sam").load() is None
    finally:
        keyring.set_keyring(previous)
