"""Where the local database's key comes from: the OS keyring, or the assessor's passphrase.

A new local copy gets a random 256-bit key kept in the OS keyring (Secret Service, Keychain,
Windows Credential Locker). Where the machine has no secure keyring, the assessor chooses a
passphrase and the key is derived from it with scrypt; nothing secret is ever written to a file,
and keyrings.alt (which keeps secrets in plain text) is refused like having no keyring at all.

Beside the database, ``key.json`` says which of the two this copy uses, the scrypt salt and
parameters, and a fingerprint (an HMAC of the key), so a wrong passphrase is told apart from a
damaged database. None of it helps anyone who lacks the key.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType

from qpm_desktop.model.keycheck import key_fingerprint

SERVICE = "qpm-desktop"
KEY_FILE = "key.json"
KEY_BYTES = 32
MIN_PASSPHRASE = 10
# scrypt cost: about 0.1 s and 32 MiB here, paid once per unlock, never per query.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


class CredentialsError(Exception):
    """Something about the key that the assessor must be told, in words they can act on."""


class NoSecureKeyring(CredentialsError):
    pass


class WrongPassphrase(CredentialsError):
    pass


class KeyMissing(CredentialsError):
    pass


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """The non-secret facts in key.json."""

    version: int
    source: str  # "keyring" | "passphrase"
    install_id: str
    fingerprint: str
    salt: str | None = None
    n: int | None = None
    r: int | None = None
    p: int | None = None
    # A verifier of the assessor's account password (scrypt), set at sign-in, so the idle lock
    # can be opened with that password offline; never the password itself.
    password_salt: str | None = None
    password_hash: str | None = None


def _keyring() -> ModuleType:
    """The keyring package, imported when first needed: loading it looks through every
    installed package for backends (about 0.1 s), which a copy protected by a passphrase never
    needs, and which start-up should not pay before it has to."""
    import keyring
    import keyring.errors

    return keyring


def secure_keyring_available() -> bool:
    """True when the OS offers a keyring that keeps secrets encrypted."""
    try:
        backend = _keyring().get_keyring()
    except Exception:
        return False
    module = type(backend).__module__
    if module.startswith(("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")):
        return False
    try:
        return float(getattr(backend, "priority", 0)) > 0
    except Exception:
        return False


def read_key_info(data_dir: Path) -> KeyInfo | None:
    path = Path(data_dir) / KEY_FILE
    if not path.exists():
        return None
    try:
        return KeyInfo(**json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as exc:
        raise CredentialsError(f"{path} is damaged ({exc}); restore it from a backup") from None


def needs_passphrase(data_dir: Path) -> bool:
    """Does opening this copy need the assessor's passphrase (rather than the keyring)?"""
    info = read_key_info(data_dir)
    if info is None:
        return not secure_keyring_available()
    return info.source == "passphrase"


def create_key(data_dir: Path, *, passphrase: str | None = None) -> bytes:
    """Make the key of a new local copy; with no passphrase it goes into the OS keyring."""
    data_dir = Path(data_dir)
    if read_key_info(data_dir) is not None:
        raise CredentialsError(f"{data_dir} already has a key")
    import uuid

    install_id = str(uuid.uuid4())
    if passphrase is None:
        if not secure_keyring_available():
            raise NoSecureKeyring(
                "This computer has no secure keyring, so the local data must be protected by "
                "a passphrase you choose."
            )
        raw = os.urandom(KEY_BYTES)
        keyring = _keyring()
        try:
            keyring.set_password(SERVICE, _entry(install_id), raw.hex())
        except keyring.errors.KeyringError as exc:
            raise NoSecureKeyring(f"The keyring refused to keep the key: {exc}") from None
        info = KeyInfo(1, "keyring", install_id, key_fingerprint(raw))
    else:
        _check_strength(passphrase)
        salt = os.urandom(16)
        raw = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        info = KeyInfo(
            1,
            "passphrase",
            install_id,
            key_fingerprint(raw),
            salt.hex(),
            SCRYPT_N,
            SCRYPT_R,
            SCRYPT_P,
        )
    _write_info(data_dir, info)
    return raw


def unlock(data_dir: Path, *, passphrase: str | None = None) -> bytes:
    """The key of an existing local copy."""
    info = read_key_info(data_dir)
    if info is None:
        raise KeyMissing(f"{data_dir} has no key yet")
    if info.source == "keyring":
        keyring = _keyring()
        try:
            stored = keyring.get_password(SERVICE, _entry(info.install_id))
        except keyring.errors.KeyringError as exc:
            raise NoSecureKeyring(f"The keyring could not be read: {exc}") from None
        if stored is None:
            raise KeyMissing(
                "The key of this local copy is not in this computer's keyring (was the "
                "keyring reset, or the data copied from another computer?). Sync-confirmed "
                "work is safe on the central store; restore a rescue bundle for the rest."
            )
        raw = bytes.fromhex(stored)
    else:
        if passphrase is None:
            raise WrongPassphrase("This local copy is protected by a passphrase: enter it.")
        assert info.salt and info.n and info.r and info.p
        raw = _derive(passphrase, bytes.fromhex(info.salt), info.n, info.r, info.p)
    if not hmac.compare_digest(key_fingerprint(raw), info.fingerprint):
        if info.source == "passphrase":
            raise WrongPassphrase("That passphrase does not open this local copy. Try again.")
        raise KeyMissing("The keyring holds a different key for this local copy.")
    return raw


def set_unlock_password(data_dir: Path, password: str) -> None:
    """Remember a verifier of the assessor's password, to open the idle lock offline."""
    info = read_key_info(data_dir)
    if info is None:
        raise KeyMissing(f"{data_dir} has no key yet")
    salt = os.urandom(16)
    digest = _derive(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    _write_info(
        Path(data_dir),
        dataclasses.replace(info, password_salt=salt.hex(), password_hash=digest.hex()),
    )


def unlock_secret_kind(data_dir: Path) -> str | None:
    """What opens the idle lock: "passphrase", "password", or None (nothing to check)."""
    info = read_key_info(data_dir)
    if info is None:
        return None
    if info.password_hash:
        return "password"
    return "passphrase" if info.source == "passphrase" else None


def verify_unlock_secret(data_dir: Path, secret: str) -> bool:
    """Is ``secret`` what opens the idle lock of this copy?"""
    info = read_key_info(data_dir)
    if info is None:
        return False
    if info.password_hash and info.password_salt:
        got = _derive(secret, bytes.fromhex(info.password_salt), SCRYPT_N, SCRYPT_R, SCRYPT_P)
        return hmac.compare_digest(got.hex(), info.password_hash)
    if info.source == "passphrase" and info.salt and info.n and info.r and info.p:
        raw = _derive(secret, bytes.fromhex(info.salt), info.n, info.r, info.p)
        return hmac.compare_digest(key_fingerprint(raw), info.fingerprint)
    return False


def forget_key(data_dir: Path) -> None:
    """Remove the key from the keyring (the local copy becomes unreadable: retention)."""
    info = read_key_info(data_dir)
    if info is not None and info.source == "keyring":
        keyring = _keyring()
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(SERVICE, _entry(info.install_id))
    (Path(data_dir) / KEY_FILE).unlink(missing_ok=True)


def _entry(install_id: str) -> str:
    return f"database-key:{install_id}"


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # OpenSSL's scrypt (through hashlib), which lets other threads run meanwhile: the app
    # derives the key while Qt starts. Room for the 128·n·r bytes it works in, and some more.
    return hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        dklen=KEY_BYTES,
        maxmem=256 * n * r + (1 << 20),
    )


def _check_strength(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise CredentialsError(
            f"Choose a passphrase of at least {MIN_PASSPHRASE} characters (a short sentence "
            "is easy to remember and hard to guess)."
        )


def _write_info(data_dir: Path, info: KeyInfo) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=".key-", dir=data_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(asdict(info), f, indent=2)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, data_dir / KEY_FILE)
