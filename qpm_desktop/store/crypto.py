"""Encryption at rest: the database key, and sealed files for attachments.

The database itself is encrypted by SQLCipher (AES-256, HMAC per page) with a raw 256-bit key,
so opening it costs no key derivation. Files beside it (attachments) are sealed with AES-256-GCM
in 1 MiB chunks under a key derived from the database key (HKDF), each chunk authenticated with
its position and whether it is the last, so a reordered, swapped or truncated file is detected.
Where the key itself comes from (the OS keyring, or a passphrase) is the credentials layer's
business; this module only uses it.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from qpm_desktop.model.keycheck import key_fingerprint

KEY_BYTES = 32
CHUNK = 1 << 20
MAGIC = b"QPMSEAL1"
_NONCE_PREFIX = 7  # + 4-byte counter + 1-byte last flag = 12-byte GCM nonce
_HEADER = len(MAGIC) + _NONCE_PREFIX
_TAG = 16


class SealedFileError(ValueError):
    """A sealed file that does not open: wrong key, damaged, truncated or not sealed at all."""


@dataclass(frozen=True)
class DatabaseKey:
    """A 256-bit key for one local copy. Its repr never shows the key."""

    raw: bytes

    def __post_init__(self) -> None:
        if len(self.raw) != KEY_BYTES:
            raise ValueError(f"a database key has {KEY_BYTES} bytes, not {len(self.raw)}")

    def __repr__(self) -> str:
        return f"DatabaseKey(fingerprint={self.fingerprint()[:12]}…)"

    @classmethod
    def generate(cls) -> DatabaseKey:
        return cls(os.urandom(KEY_BYTES))

    def sqlcipher_pragma(self) -> str:
        # The x'...' form hands SQLCipher the raw key: no passphrase derivation on each open.
        return f"PRAGMA key = \"x'{self.raw.hex()}'\""

    def fingerprint(self) -> str:
        """A value that tells whether a key is the right one, and reveals nothing about it."""
        return key_fingerprint(self.raw)

    def derive(self, purpose: str) -> bytes:
        """An independent subkey for one purpose (e.g. "attachments")."""
        return HKDF(
            algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode()
        ).derive(self.raw)


def seal_stream(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    """Write ``source`` to ``target`` sealed with ``key`` (see the module docstring)."""
    aead = AESGCM(key)
    prefix = os.urandom(_NONCE_PREFIX)
    header = MAGIC + prefix
    target.write(header)
    counter = 0
    chunk = source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        nonce = prefix + struct.pack(">IB", counter, last)
        target.write(aead.encrypt(nonce, chunk, header))
        if last:
            return
        chunk, counter = following, counter + 1


def open_sealed(source: BinaryIO, key: bytes) -> Iterator[bytes]:
    """Yield the plaintext of a sealed stream chunk by chunk; raise SealedFileError if it lies."""
    header = source.read(_HEADER)
    if len(header) != _HEADER or not header.startswith(MAGIC):
        raise SealedFileError("not a sealed file")
    prefix = header[len(MAGIC) :]
    aead = AESGCM(key)
    counter = 0
    block = source.read(CHUNK + _TAG)
    while True:
        following = source.read(CHUNK + _TAG)
        last = not following
        nonce = prefix + struct.pack(">IB", counter, last)
        try:
            yield aead.decrypt(nonce, block, header)
        except InvalidTag:
            raise SealedFileError(
                "the file is damaged or truncated, or was sealed with another key"
            ) from None
        if last:
            return
        block, counter = following, counter + 1
