"""Attachment files, kept by content (SHA-256 of the plaintext) beside the database.

A file is hashed while it is copied (and, with a key, sealed: see :mod:`.crypto`), written to a
temporary name, flushed to disk and only then renamed into place, so a crash never leaves a
half-written file under a real hash. The same content attached twice is stored once.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from qpm_desktop.store.crypto import CHUNK, open_sealed, seal_stream


@dataclass(frozen=True, slots=True)
class StoredFile:
    sha256: str
    size: int
    path: Path


class _HashingReader:
    """Reads a file while hashing and counting what passed through."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self._raw.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data


class _ChunkReader:
    """A file-like view of an iterator of byte strings (what a download yields)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._buffer = b""

    def read(self, n: int = -1) -> bytes:
        while n < 0 or len(self._buffer) < n:
            piece = next(self._chunks, None)
            if piece is None:
                break
            self._buffer += piece
        if n < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:n], self._buffer[n:]
        return data


class AttachmentFiles:
    """Content-addressed files; sealed with ``key`` when one is given."""

    def __init__(self, root: Path, key: bytes | None = None) -> None:
        self.root = Path(root)
        self._key = key

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, source: Path) -> StoredFile:
        """Copy ``source`` in, returning its hash, size and where it now lives."""
        with Path(source).open("rb") as src:
            return self._put_stream(src)

    def put_bytes(self, data: bytes) -> StoredFile:
        """Keep ``data`` (made in memory, e.g. a rendered report) without a plaintext file."""
        return self._put_stream(io.BytesIO(data))

    def put_chunks(self, chunks: Iterable[bytes], *, sha256: str) -> StoredFile:
        """Keep a file arriving in pieces (a download), only if it has the hash ``sha256``:
        otherwise nothing is kept and ``ValueError`` is raised. A failure midway (the
        connection broke) leaves nothing behind either."""
        return self._put_stream(_ChunkReader(chunks), expected=sha256)

    def read_bytes(self, sha256: str) -> bytes:
        return b"".join(self.read_chunks(sha256))

    def _put_stream(self, src: BinaryIO, *, expected: str | None = None) -> StoredFile:
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                reader = _HashingReader(src)
                if self._key is None:
                    while chunk := reader.read(CHUNK):
                        out.write(chunk)
                else:
                    seal_stream(reader, out, self._key)  # type: ignore[arg-type]
                out.flush()
                os.fsync(out.fileno())
            sha = reader.digest.hexdigest()
            if expected is not None and sha != expected:
                raise ValueError(f"the file received does not have the SHA-256 {expected[:12]}…")
            target = self.path_for(sha)
            if target.exists():
                tmp.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, target)
            return StoredFile(sha, reader.size, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def read_chunks(self, sha256: str) -> Iterator[bytes]:
        """The plaintext of a stored file, chunk by chunk, checked against its hash."""
        digest = hashlib.sha256()
        with self.path_for(sha256).open("rb") as f:
            chunks = (
                open_sealed(f, self._key)
                if self._key is not None
                else iter(lambda: f.read(CHUNK), b"")
            )
            for chunk in chunks:
                digest.update(chunk)
                yield chunk
        if digest.hexdigest() != sha256:
            raise ValueError(f"attachment {sha256[:12]}… does not match its hash")

    def export(self, sha256: str, target: Path) -> None:
        """Write the plaintext of a stored file to ``target`` (the assessor asked to open it)."""
        with Path(target).open("wb") as out:
            for chunk in self.read_chunks(sha256):
                out.write(chunk)
