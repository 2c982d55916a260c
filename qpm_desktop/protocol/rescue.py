"""The rescue bundle: an assessor's unsynced work in one encrypted file the central store imports.

When a laptop cannot reach the central store and the assessor must sign out (or hand the laptop
back), the app writes everything that has not travelled yet into one file: the outstanding
mutations exactly as a push would send them, the files they refer to, and the audit entries of
the records they change. ``qpm-central admin import-rescue FILE`` reads it and feeds the
mutations through the ordinary idempotent push, so importing twice, or after the laptop synced
after all, stores nothing twice.

The file (format version 1)::

    MAGIC  b"QPMRESCUE\\n"
    u32    length of the header (big-endian)
    header JSON: format, version, scrypt parameters and salt, the nonce prefix, a key check
    chunks AES-256-GCM, 1 MiB of plaintext each (+ a 16-byte tag); the nonce is the prefix,
           the chunk's number and whether it is the last, and the magic + header are the
           associated data of every chunk

The key comes from a passphrase the assessor chooses (scrypt, then HKDF for the cipher key and
a separate key check, so a wrong passphrase is told apart from an altered file). A reordered,
removed, altered or truncated chunk, or a changed header, fails authentication. The plaintext
is the manifest (u64 length + JSON) followed by the files, one after the other, in the order
and with the sizes and SHA-256 the manifest gives.

Only the protocol's own models are used, so the app (which writes bundles) and the central
store (which reads them) share exactly one definition.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pydantic import ValidationError

from qpm_desktop.protocol.messages import MutationIn

FORMAT = "qpm-rescue"
VERSION = 1
MAGIC = b"QPMRESCUE\n"
SUFFIX = ".qpmrescue"
CHUNK = 1 << 20
_TAG = 16
_NONCE_PREFIX = 7  # + 4-byte counter + 1-byte last flag = 12-byte GCM nonce
_MAX_HEADER = 4096
# scrypt: about 0.3 s and 128 MiB here, paid once per export and once per import.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
_MAX_N = 2**20  # a header asking for more is refused (it would only exhaust the importer)
MIN_PASSPHRASE = 10
#: Names a bundle's id (the same content always gets the same id).
_ID_NAMESPACE = uuid.UUID("2b7c6f0e-9a41-5d3e-8c1b-4f6a0d2e9b17")


class RescueError(ValueError):
    """A bundle that cannot be used; the message says why in words an administrator can act on."""


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise RescueError(
            f"choose a passphrase of at least {MIN_PASSPHRASE} characters for the rescue bundle"
        )


@dataclass(frozen=True, slots=True)
class BundleFile:
    sha256: str
    size: int
    kind: str  # attachment | report


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a bundle holds, as the importer sees it (validated)."""

    bundle_id: str
    created_at: str
    server_url: str
    username: str
    device_id: str
    mutations: tuple[MutationIn, ...]
    files: tuple[BundleFile, ...]
    audit: tuple[dict[str, Any], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "bundle_id": self.bundle_id,
            "created_at": self.created_at,
            "server_url": self.server_url,
            "username": self.username,
            "device_id": self.device_id,
            "mutations": [m.model_dump(mode="json") for m in self.mutations],
            "files": [{"sha256": f.sha256, "size": f.size, "kind": f.kind} for f in self.files],
            "audit": list(self.audit),
        }


def bundle_id(mutation_ids: Iterable[str], audit_hashes: Iterable[str]) -> str:
    """The same work gives the same id, so the importer recognises a bundle made twice."""
    text = "\x1f".join([*sorted(mutation_ids), "|", *sorted(audit_hashes)])
    return str(uuid.uuid5(_ID_NAMESPACE, text))


def _parse_manifest(data: dict[str, Any]) -> Manifest:
    if data.get("format") != FORMAT:
        raise RescueError("this is not a QPM rescue bundle (its manifest names another format)")
    version = data.get("version")
    if version != VERSION:
        raise RescueError(
            f"this rescue bundle has format version {version}; this program reads version "
            f"{VERSION} (update qpm-central)"
        )
    try:
        mutations = tuple(MutationIn.model_validate(m) for m in data["mutations"])
        files = tuple(
            BundleFile(str(f["sha256"]), int(f["size"]), str(f["kind"])) for f in data["files"]
        )
        audit = tuple(dict(a) for a in data["audit"])
        manifest = Manifest(
            bundle_id=str(data["bundle_id"]),
            created_at=str(data["created_at"]),
            server_url=str(data.get("server_url") or ""),
            username=str(data["username"]),
            device_id=str(data["device_id"]),
            mutations=mutations,
            files=files,
            audit=audit,
        )
    except (KeyError, TypeError, ValueError, ValidationError) as exc:
        raise RescueError(f"the rescue bundle's manifest is not valid: {exc}") from None
    for f in manifest.files:
        if len(f.sha256) != 64 or f.size < 0:
            raise RescueError(f"the rescue bundle's manifest lists a bad file entry: {f.sha256!r}")
    return manifest


# ------------------------------------------------------------------------------ keys


@dataclass(frozen=True, slots=True)
class _Keys:
    cipher: bytes
    check: bytes


def _keys(passphrase: str, salt: bytes, n: int, r: int, p: int) -> _Keys:
    master = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))

    def sub(info: bytes, length: int) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(master)

    return _Keys(sub(b"qpm-rescue cipher", 32), sub(b"qpm-rescue key check", 16))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


# ------------------------------------------------------------------------------ writing


FileSource = Callable[[str], Iterable[bytes]]


def write_bundle(
    target: Path,
    passphrase: str,
    manifest: Manifest,
    read_file: FileSource,
    *,
    scrypt_n: int = SCRYPT_N,
) -> int:
    """Write ``manifest`` and the files it lists (their plaintext from ``read_file(sha256)``)
    to ``target``, encrypted under ``passphrase``. Written to a temporary name, flushed and
    renamed, so a crash never leaves half a bundle under the real name. Returns its size."""
    check_passphrase(passphrase)
    salt, prefix = os.urandom(16), os.urandom(_NONCE_PREFIX)
    keys = _keys(passphrase, salt, scrypt_n, SCRYPT_R, SCRYPT_P)
    header = json.dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "kdf": {"name": "scrypt", "n": scrypt_n, "r": SCRYPT_R, "p": SCRYPT_P},
            "salt": _b64(salt),
            "nonce_prefix": _b64(prefix),
            "key_check": _b64(keys.check),
        },
        sort_keys=True,
    ).encode("utf-8")
    aad = MAGIC + header
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=".rescue-", dir=target.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC + struct.pack(">I", len(header)) + header)
            _encrypt(_plaintext(manifest, read_file), out, AESGCM(keys.cipher), prefix, aad)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target.stat().st_size


def _plaintext(manifest: Manifest, read_file: FileSource) -> Iterator[bytes]:
    body = json.dumps(manifest.to_json(), sort_keys=True, ensure_ascii=False).encode("utf-8")
    yield struct.pack(">Q", len(body))
    yield body
    for f in manifest.files:
        digest, size = hashlib.sha256(), 0
        for piece in read_file(f.sha256):
            digest.update(piece)
            size += len(piece)
            yield piece
        if digest.hexdigest() != f.sha256 or size != f.size:
            raise RescueError(f"file {f.sha256[:12]}… changed while the bundle was written")


def _rechunk(pieces: Iterable[bytes]) -> Iterator[bytes]:
    buffer = bytearray()
    for piece in pieces:
        buffer += piece
        while len(buffer) >= CHUNK:
            yield bytes(buffer[:CHUNK])
            del buffer[:CHUNK]
    yield bytes(buffer)  # the last chunk (possibly empty)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, last)


def _encrypt(
    pieces: Iterable[bytes], out: BinaryIO, aead: AESGCM, prefix: bytes, aad: bytes
) -> None:
    chunks = _rechunk(pieces)
    current = next(chunks)
    counter = 0
    for following in chunks:
        out.write(aead.encrypt(_nonce(prefix, counter, False), current, aad))
        current, counter = following, counter + 1
    out.write(aead.encrypt(_nonce(prefix, counter, True), current, aad))


# ------------------------------------------------------------------------------ reading


@dataclass(frozen=True, slots=True)
class Bundle:
    """An opened, fully verified bundle: its manifest and its files (plaintext, in ``workdir``)."""

    manifest: Manifest
    files: dict[str, Path]
    size: int


def read_bundle(path: Path, passphrase: str, workdir: Path) -> Bundle:
    """Decrypt and verify the whole bundle before anything is used; the files go to
    ``workdir``. Raises :class:`RescueError` for a wrong passphrase, an altered, damaged or
    truncated file, or one that is not a rescue bundle at all."""
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise RescueError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    with handle:
        magic = handle.read(len(MAGIC))
        if magic != MAGIC:
            raise RescueError(f"{path.name} is not a QPM rescue bundle")
        raw_length = handle.read(4)
        if len(raw_length) != 4:
            raise RescueError(f"{path.name} is incomplete (truncated in its header)")
        (length,) = struct.unpack(">I", raw_length)
        if length > _MAX_HEADER:
            raise RescueError(f"{path.name} has a damaged header")
        header = handle.read(length)
        if len(header) != length:
            raise RescueError(f"{path.name} is incomplete (truncated in its header)")
        try:
            info = json.loads(header.decode("utf-8"))
            if info.get("format") != FORMAT:
                raise ValueError("format")
            if info.get("version") != VERSION:
                raise RescueError(
                    f"{path.name} has format version {info.get('version')}; this program "
                    f"reads version {VERSION} (update qpm-central)"
                )
            kdf = info["kdf"]
            n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
            if kdf.get("name") != "scrypt" or not (2 <= n <= _MAX_N) or not (1 <= r * p <= 64):
                raise ValueError("kdf")
            salt, prefix = _unb64(info["salt"]), _unb64(info["nonce_prefix"])
            check = _unb64(info["key_check"])
            if len(prefix) != _NONCE_PREFIX:
                raise ValueError("nonce")
        except RescueError:
            raise
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise RescueError(f"{path.name} has a damaged header") from None
        keys = _keys(passphrase, salt, n, r, p)
        if not hmac.compare_digest(keys.check, check):
            raise RescueError(
                "the passphrase is not the one this rescue bundle was made with (or its header "
                "was altered); nothing was imported"
            )
        plain = _decrypt(handle, AESGCM(keys.cipher), prefix, MAGIC + header, path.name)
        manifest, files = _unpack(plain, workdir, path.name)
    return Bundle(manifest, files, path.stat().st_size)


def _decrypt(
    handle: BinaryIO, aead: AESGCM, prefix: bytes, aad: bytes, name: str
) -> Iterator[bytes]:
    counter = 0
    block = handle.read(CHUNK + _TAG)
    while True:
        following = handle.read(CHUNK + _TAG)
        last = not following
        try:
            yield aead.decrypt(_nonce(prefix, counter, last), block, aad)
        except InvalidTag:
            if last and _opens(aead, prefix, counter, block, aad):
                raise RescueError(
                    f"{name} is incomplete (truncated): it ends before its last part; "
                    "nothing was imported"
                ) from None
            raise RescueError(
                f"{name} has been altered or damaged (part {counter + 1} fails its "
                "authentication check); nothing was imported"
            ) from None
        if last:
            return
        block, counter = following, counter + 1


def _opens(aead: AESGCM, prefix: bytes, counter: int, block: bytes, aad: bytes) -> bool:
    try:
        aead.decrypt(_nonce(prefix, counter, False), block, aad)
    except InvalidTag:
        return False
    return True


class _Reader:
    """Exact reads over a stream of decrypted chunks."""

    def __init__(self, chunks: Iterator[bytes], name: str) -> None:
        self._chunks = chunks
        self._buffer = bytearray()
        self._name = name

    def read(self, n: int) -> bytes:
        while len(self._buffer) < n:
            try:
                self._buffer += next(self._chunks)
            except StopIteration:
                raise RescueError(
                    f"{self._name} is incomplete (its content is cut short)"
                ) from None
        out = bytes(self._buffer[:n])
        del self._buffer[:n]
        return out

    def pieces(self, n: int) -> Iterator[bytes]:
        while n > 0:
            piece = self.read(min(n, CHUNK))
            n -= len(piece)
            yield piece

    def at_end(self) -> bool:
        if self._buffer:
            return False
        for chunk in self._chunks:
            if chunk:
                self._buffer += chunk
                return False
        return True


def _unpack(chunks: Iterator[bytes], workdir: Path, name: str) -> tuple[Manifest, dict[str, Path]]:
    reader = _Reader(chunks, name)
    (length,) = struct.unpack(">Q", reader.read(8))
    try:
        data = json.loads(reader.read(length).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise RescueError(f"{name} has a damaged manifest") from None
    if not isinstance(data, dict):
        raise RescueError(f"{name} has a damaged manifest")
    manifest = _parse_manifest(data)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    for f in manifest.files:
        target = workdir / f.sha256
        digest = hashlib.sha256()
        with target.open("wb") as out:
            for piece in reader.pieces(f.size):
                digest.update(piece)
                out.write(piece)
        if digest.hexdigest() != f.sha256:
            raise RescueError(f"{name}: file {f.sha256[:12]}… does not match its SHA-256")
        files[f.sha256] = target
    if not reader.at_end():
        raise RescueError(f"{name} holds more than its manifest lists; nothing was imported")
    return manifest, files
