"""Opening a local copy: find or make its key, then open it.

The UI and the command line ask here, never the credentials layer directly, so every way into
the data takes the same path: the keyring where the OS has a secure one, else the assessor's
passphrase. The demo copy holds only invented data; where there is no keyring it uses a
published passphrase, so a newcomer sees the app without being asked for one.
"""

from __future__ import annotations

import logging
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
    set_unlock_password,
    unlock,
    unlock_secret_kind,
    verify_unlock_secret,
)
from qpm_desktop.services.backups import (
    BackupInfo,
    ensure_daily_backup,
    newest_good_backup,
    restore_backup,
)
from qpm_desktop.services.clock import utc_now
from qpm_desktop.services.core import Services
from qpm_desktop.services.first_screen import DEMO_PASSPHRASE
from qpm_desktop.store.migrate import DatabaseDamaged

log = logging.getLogger(__name__)

__all__ = [
    "DEMO_PASSPHRASE",
    "CredentialsError",
    "DatabaseDamaged",
    "KeyMissing",
    "NoSecureKeyring",
    "WrongPassphrase",
    "is_new_copy",
    "local_key",
    "open_local_copy",
    "passphrase_needed",
    "restore_newest_backup",
    "set_unlock_password",
    "unlock_secret_kind",
    "verify_unlock_secret",
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
    key: bytes | None = None,
) -> Services:
    """Unlock and open the local copy in ``root`` (encrypted, always), and make today's backup
    if there is none yet.

    A damaged database raises :class:`DatabaseDamaged` untouched; the caller offers
    :func:`restore_newest_backup`. An up-to-date copy opens while its integrity check runs
    (writes wait for it); the caller asks ``services.integrity_verdict()`` and, on damage,
    ends the session: the next opening checks first and raises :class:`DatabaseDamaged`.
    A ``key`` already made (by :class:`~qpm_desktop.services.first_screen.EarlyStart`) is used
    as it is.
    """
    if key is None:
        key = local_key(root, passphrase=passphrase, demo=demo)
    services = Services.open(root, actor=actor, key=key, clock=clock, defer_check=True)
    try:
        ensure_daily_backup(services)
    except OSError as exc:
        # A full disk must not stop the assessor from opening their work; the next open
        # tries again.
        log.warning("daily backup not made: %s", exc.strerror or type(exc).__name__)
    return services


def restore_newest_backup(
    root: Path, *, passphrase: str | None = None, demo: bool = False
) -> BackupInfo | None:
    """Replace a damaged database with its newest sound backup; None if there is none."""
    key = local_key(root, passphrase=passphrase, demo=demo)
    backup = newest_good_backup(root, key)
    if backup is not None:
        restore_backup(root, backup.path, key)
    return backup
