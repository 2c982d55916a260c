"""Importing a rescue bundle (``qpm-central admin import-rescue FILE``; docs/decisions/0012).

The bundle (:mod:`qpm_desktop.protocol.rescue`) is decrypted and verified whole before anything
is written. Then its content goes through the very paths a sync would use, as the assessor and
device that made it: the files as blobs (each once, by SHA-256), the mutations through
:func:`~qpm_desktop.central.sync.push` in batches (an id seen before is answered "duplicate"
and nothing is written), the signed reports through the same verification as an upload, and
the audit entries through the device's audit trail (entries already held are acknowledged,
never stored again). Importing twice, or after the device synced after all, stores nothing
twice.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from qpm_desktop.central import audit_trail, auth, reports, sync
from qpm_desktop.central.auth import Principal
from qpm_desktop.central.db import Database
from qpm_desktop.central.schema import Blob, Device, Record, User
from qpm_desktop.protocol import MAX_PUSH_BATCH
from qpm_desktop.protocol.messages import AuditTrailEntry
from qpm_desktop.protocol.rescue import Bundle, RescueError

CLIENT = "rescue-import"


@dataclass(slots=True)
class ImportReport:
    bundle_id: str
    username: str
    device_id: str
    created_at: str
    results: dict[str, int] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)
    files_new: int = 0
    files_held: int = 0
    reports_new: int = 0
    reports_held: int = 0
    audit_new: int = 0
    audit_held: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def stored_nothing_new(self) -> bool:
        changed = sum(v for k, v in self.results.items() if k != "duplicate")
        return not (changed or self.files_new or self.reports_new or self.audit_new)

    def lines(self) -> list[str]:
        tally = ", ".join(f"{n} {k}" for k, n in sorted(self.results.items())) or "none"
        out = [
            f"bundle {self.bundle_id} of {self.username} (device {self.device_id}), made "
            f"{self.created_at}",
            f"changes: {tally}",
            f"files: {self.files_new} new, {self.files_held} already held",
            f"signed reports: {self.reports_new} accepted, {self.reports_held} already held",
            f"audit entries: {self.audit_new} new, {self.audit_held} already held",
        ]
        out += [f"set aside by the store: {r}" for r in self.rejected]
        out += [f"problem: {p}" for p in self.problems]
        if self.stored_nothing_new:
            out.append("nothing new: everything in this bundle was already held")
        return out


def _blob_path(data_dir: Path, sha256: str) -> Path:
    # Where the attachment upload keeps completed files (see ``api.create_app``).
    return data_dir / "blobs" / sha256[:2] / sha256


def _place(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while block := src.read(1 << 20):
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def import_rescue(
    db: Database, bundle: Bundle, *, data_dir: Path, now: datetime, actor: str
) -> ImportReport:
    """Import a verified bundle (see the module docstring). ``RescueError`` when it cannot be
    imported at all (an unknown account or device); then nothing was written."""
    m = bundle.manifest
    report = ImportReport(m.bundle_id, m.username, m.device_id, m.created_at)
    try:
        entries = [AuditTrailEntry.model_validate(e) for e in m.audit]
    except ValidationError as exc:
        raise RescueError(f"the bundle's audit entries are not valid: {exc}") from None
    with db.read() as s:
        user = s.get(User, m.username)
        if user is None or user.role != "assessor":
            raise RescueError(f"{m.username!r} is not an assessor of this central store")
        if user.disabled:
            raise RescueError(f"the account {m.username!r} is disabled; enable it to import")
        if s.get(Device, (m.device_id, m.username)) is None:
            raise RescueError(
                f"the device {m.device_id} never signed in here as {m.username!r}: this bundle "
                "was made for another central store"
            )
    principal = Principal(m.username, "assessor", m.device_id)

    # Files first, as a sync uploads them before the records that refer to them.
    for f in m.files:
        with db.write() as s:
            if s.get(Blob, f.sha256) is not None:
                report.files_held += 1
                continue
            _place(bundle.files[f.sha256], _blob_path(data_dir, f.sha256))
            s.add(Blob(sha256=f.sha256, size=f.size, completed_at=now, uploaded_by=m.username))
            auth.audit(
                s,
                now,
                m.username,
                "attachment_upload",
                client=CLIENT,
                detail={"sha256": f.sha256, "size": f.size},
            )
            report.files_new += 1

    mutations = list(m.mutations)
    for start in range(0, len(mutations), MAX_PUSH_BATCH):
        batch = mutations[start : start + MAX_PUSH_BATCH]
        with db.write() as s:
            results = sync.push(
                s, principal, m.device_id, batch, now=now, client=CLIENT, mark_applied=False
            )
        for mutation, result in zip(batch, results, strict=True):
            report.results[result.status] = report.results.get(result.status, 0) + 1
            if result.status == "rejected":
                report.rejected.append(
                    f"{mutation.entity} {mutation.record_id}: {result.reason or 'refused'}"
                )

    kinds = {f.sha256: f.kind for f in m.files}
    for mutation in mutations:
        sha = mutation.fields.get("pdf_sha256")
        if mutation.entity != "report_version" or kinds.get(sha) != "report":  # type: ignore[arg-type]
            continue
        with db.read() as s:
            record = s.get(Record, ("report_version", mutation.record_id))
            if record is None or record.fields.get("state") != "signed":
                continue
            assessment_id = record.assessment_id
        data = bundle.files[str(sha)].read_bytes()
        try:
            accepted = reports.accept(
                db.read,
                db.write,
                principal,
                str(assessment_id),
                str(sha),
                data,
                data_dir=data_dir,
                now=now,
            )
        except reports.ReportRefused as exc:
            report.problems.append(f"signed report {str(sha)[:12]}… not accepted: {exc.detail}")
            continue
        if accepted.already_held:
            report.reports_held += 1
        else:
            report.reports_new += 1

    if entries:
        with db.write() as s:
            outcome = audit_trail.receive(s, principal, entries, now=now, client=CLIENT)
        report.audit_new, report.audit_held = outcome.accepted, outcome.already_held
        if outcome.refused is not None:
            report.problems.append(
                f"audit trail refused at entry {outcome.refused.seq}: {outcome.refused.reason}"
            )

    with db.write() as s:
        auth.audit(
            s,
            now,
            actor,
            "rescue_import",
            client=CLIENT,
            detail={
                "bundle_id": m.bundle_id,
                "username": m.username,
                "device_id": m.device_id,
                "results": report.results,
                "files_new": report.files_new,
                "reports_new": report.reports_new,
                "audit_new": report.audit_new,
            },
        )
    return report
