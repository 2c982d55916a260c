"""Opening a local copy: find or make its key, then open it.

The UI and the command line ask here, never the credentials layer directly, so every way into
the data takes the same path: the keyring where the OS has a secure one, else the assessor's
passphrase. The demo copy holds only invented data; where there is no keyring it uses a
published passphrase, so a newcomer sees the app without being asked for one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from qpm_desktop.credentials.database_key import (
    CredentialsError,
    KeyMissing,
    NoSecureKeyring,
    WrongPassphrase,
    create_key,
    needs_passphrase,
    read_key_info,
    unlock,
)
from qpm_desktop.services.clock import utc_now
from qpm_desktop.services.core import Services

DEMO_PASSPHRASE = "demo data only, not a secret"

__all__ = [
    "DEMO_PASSPHRASE",
    "CredentialsError",
    "KeyMissing",
    "NoSecureKeyring",
    "WrongPassphrase",
    "is_new_copy",
    "local_key",
    "open_local_copy",
    "passphrase_needed",
]


def is_new_copy(root: Path) -> bool:
    return read_key_info(Path(root)) is None


def passphrase_needed(root: Path, *, demo: bool = False) -> bool:
    """Must the assessor type a passphrase to open (or create) this copy?"""
    return needs_passphrase(Path(root)) and not demo


def local_key(root: Path, *, passphrase: str | None = None, demo: bool = False) -> bytes:
    """The key of the copy in ``root``, made on first use."""
    root = Path(root)
    if demo and passphrase is None and needs_passphrase(root):
        passphrase = DEMO_PASSPHRASE
    if read_key_info(root) is None:
        return create_key(root, passphrase=passphrase)
    return unlock(root, passphrase=passphrase)


def open_local_copy(
    root: Path,
    *,
    actor: str,
    passphrase: str | None = None,
    demo: bool = False,
    clock: Callable[[], datetime] = utc_now,
) -> Services:
    """Unlock and open the local copy in ``root`` (encrypted, always)."""
    key = local_key(root, passphrase=passphrase, demo=demo)
    return Services.open(root, actor=actor, key=key, clock=clock)
