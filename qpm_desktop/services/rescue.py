"""Unsynced work, and the encrypted rescue bundle that carries it when no sync is possible
(docs/decisions/0012; the file format is :mod:`qpm_desktop.protocol.rescue`).

Exporting takes the whole outbox as a push would: pending mutations become ``sent`` with their
base version fixed, and never change again. The bundle holds them, the files they refer to and
the audit entries the central store has not acknowledged. When the central store imports the
bundle it pushes exactly these mutations (same ids, same content); when this computer later
syncs after all, it resends the very same mutations and the central store answers "duplicate".
Either order, nothing is stored twice.

Sign-out is refused while work is unsynced and not in a bundle (:class:`UnsyncedWork`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from qpm_desktop.protocol.rescue import (
    SCRYPT_N,
    SUFFIX,
    BundleFile,
    Manifest,
    bundle_id,
    check_passphrase,
    write_bundle,
)
from qpm_desktop.services.context import ServiceContext
from qpm_desktop.store import audit_trail
from qpm_desktop.store import replica as rep
from qpm_desktop.store.retention import file_path, open_conflict_count, take_everything
from qpm_desktop.store.tables import Mutation

K_EXPORTED_THROUGH = "rescue.exported_through"  # the highest mutation seq in a bundle
K_LAST_EXPORT = "rescue.last_export"


class UnsyncedWork(Exception):
    """Signing out now would strand work on this computer: sync it, or export a bundle."""

    def __init__(self, count: int) -> None:
        super().__init__(
            f"{count} change(s) are not yet on the central store. Sync them, or export them "
            "to a rescue bundle, before signing out."
        )
        self.count = count


class ConflictsOpen(Exception):
    """Open conflicts wait for the assessor's choice (made offline); then export again."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} conflict(s) wait for your choice (Sync > Conflicts).")
        self.count = count


@dataclass(frozen=True, slots=True)
class Exported:
    path: Path
    bundle_id: str
    mutations: int
    files: int
    audit_entries: int
    size: int
    missing_files: tuple[str, ...]  # referred to but not held here (they cannot travel)


def default_name(username: str, now: datetime) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in username) or "assessor"
    return f"qpm-rescue-{safe}-{now:%Y%m%d-%H%M}{SUFFIX}"


class Rescue:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def unsynced(self) -> int:
        """Changes that are neither on the central store nor in a rescue bundle."""
        with self.ctx.store.read() as s:
            through = int(rep.get_setting(s, K_EXPORTED_THROUGH) or 0)
            return int(
                s.scalar(
                    select(func.count())
                    .select_from(Mutation)
                    .where(
                        (Mutation.state == "pending")
                        | ((Mutation.state == "sent") & (Mutation.seq > through))
                    )
                )
                or 0
            )

    def check_sign_out(self) -> None:
        """Raise :class:`UnsyncedWork` when signing out would strand work here."""
        count = self.unsynced()
        if count:
            raise UnsyncedWork(count)

    def export(self, target: Path, passphrase: str, *, scrypt_n: int = SCRYPT_N) -> Exported:
        """Write every outstanding change to ``target`` (see the module docstring)."""
        check_passphrase(passphrase)
        from qpm_desktop.services.syncing import K_DEVICE, K_SERVER, K_USER, audit_acked_key

        now = self.ctx.clock()
        with self.ctx.store.write() as s:
            conflicts = open_conflict_count(s)
            if conflicts:
                raise ConflictsOpen(conflicts)
            device_id = rep.get_setting(s, K_DEVICE) or ""
            server = rep.get_setting(s, K_SERVER) or ""
            username = rep.get_setting(s, K_USER) or ""
            outgoing = take_everything(s, now=now)
            through = int(
                s.scalar(select(func.max(Mutation.seq)).where(Mutation.state == "sent")) or 0
            )
            acked = int(rep.get_setting(s, audit_acked_key(s)) or 0)
            audit = audit_trail.entries_after(s, acked, limit=10**9, max_bytes=2**62)
            paths = {sha: file_path(s, sha) for sha in {o.sha256 for o in outgoing if o.sha256}}
        if not device_id or not username:
            raise ValueError(
                "this local copy has never been signed in, so the central store could not tell "
                "whose work a bundle holds; sign in once first"
            )
        files = self.ctx.file_store()
        reports = self.ctx.file_store(Path(self.ctx.attachments_dir).parent / "reports")
        listed: list[BundleFile] = []
        readers = {}
        missing = []
        for sha, where in sorted(paths.items()):
            store = None
            for candidate, kind in ((files, "attachment"), (reports, "report")):
                if candidate.path_for(sha).exists():
                    store = (candidate, kind)
                    break
            if store is None or where is None:
                missing.append(sha)
                continue
            size = sum(len(piece) for piece in store[0].read_chunks(sha))
            listed.append(BundleFile(sha, size, store[1]))
            readers[sha] = store[0]
        manifest = Manifest(
            bundle_id=bundle_id(
                [o.mutation.mutation_id for o in outgoing], [e.hash for e in audit]
            ),
            created_at=now.isoformat(),
            server_url=server,
            username=username,
            device_id=device_id,
            mutations=tuple(o.mutation for o in outgoing),
            files=tuple(listed),
            audit=tuple(e.model_dump(mode="json") for e in audit),
        )
        size = write_bundle(
            Path(target),
            passphrase,
            manifest,
            lambda sha: readers[sha].read_chunks(sha),
            scrypt_n=scrypt_n,
        )
        with self.ctx.store.write() as s:
            previous = int(rep.get_setting(s, K_EXPORTED_THROUGH) or 0)
            rep.set_setting(s, K_EXPORTED_THROUGH, str(max(previous, through)))
            rep.set_setting(s, K_LAST_EXPORT, f"{now.isoformat()} {manifest.bundle_id}")
        return Exported(
            Path(target),
            manifest.bundle_id,
            len(outgoing),
            len(listed),
            len(audit),
            size,
            tuple(missing),
        )
