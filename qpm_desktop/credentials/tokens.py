"""The central store's access and refresh tokens, kept through the OS keyring, never in a file.

One keyring entry per (server, user) under the service ``qpm-desktop-sync``, holding a small JSON
object (the two tokens, when the access token expires, the account's role). Signing out deletes
the entry. Without a keyring the tokens stay in memory only (the assessor signs in again after
a restart), which is safe; keyrings.alt, which writes secrets in plain text, is never used.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

import keyring
import keyring.errors

from qpm_desktop.credentials.database_key import secure_keyring_available

SERVICE = "qpm-desktop-sync"

# Without a keyring (or when it refuses), tokens live here for the life of the process: every
# vault of the same account sees them, so the window knows it is signed in; nothing is written.
_MEMORY: dict[tuple[str, str], dict[str, Any]] = {}


class TokenVault:
    """The tokens of one account on one server."""

    def __init__(self, server_url: str, username: str, *, service: str = SERVICE) -> None:
        self.server_url = server_url.rstrip("/")
        self.username = username
        self.service = service
        self._use_keyring = secure_keyring_available()

    @property
    def _memory(self) -> dict[str, Any] | None:
        return _MEMORY.get((self.service, self.entry))

    @_memory.setter
    def _memory(self, value: dict[str, Any] | None) -> None:
        if value is None:
            _MEMORY.pop((self.service, self.entry), None)
        else:
            _MEMORY[(self.service, self.entry)] = value

    @property
    def entry(self) -> str:
        return f"{self.username}@{self.server_url}"

    @property
    def persistent(self) -> bool:
        """Whether tokens outlive this process (a secure keyring is available)."""
        return self._use_keyring

    def load(self) -> dict[str, Any] | None:
        if not self._use_keyring:
            return self._memory
        try:
            raw = keyring.get_password(self.service, self.entry)
        except keyring.errors.KeyringError:
            return self._memory
        if not raw:
            return None
        try:
            value = json.loads(raw)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def save(self, value: dict[str, Any]) -> None:
        self._memory = dict(value)
        if not self._use_keyring:
            return
        # On failure the tokens stay in memory for this session; the next start signs in again.
        with contextlib.suppress(keyring.errors.KeyringError):
            keyring.set_password(self.service, self.entry, json.dumps(value))

    def clear(self) -> None:
        self._memory = None
        if not self._use_keyring:
            return
        try:
            keyring.delete_password(self.service, self.entry)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError:
            pass
