"""How long sync takes: the first download of a large assessment and a push of as many edits,
each beside the raw bound measured in the same run.

A real central store process (SQLite) runs on 127.0.0.1. One assessment with N records (a
realistic mix: findings for every standard, interviews, observations, evidence, case file
reviews with their checks, evidence links) is put on it, and an assessor's local copy
(encrypted, as the app runs) syncs with it through the services layer, exactly as "Sync now":

- **download**: a fresh local copy, signed in (sign-in not timed), runs one sync that brings
  the whole assessment down. The bound: the same pull JSON fetched in as few requests as the
  API allows (pages of ``MAX_PULL_LIMIT``), parsed, and the same rows put into a fresh local
  copy with one SQLAlchemy Core ``executemany`` per table, in one transaction.
- **push**: every record of that copy is edited (not timed), then one sync sends the edits
  (its pull no longer brings them back: the server leaves out the versions this device made in
  the round exactly as sent, docs/decisions/0016; the digest check is still part of the
  round). A round sends two kinds of JSON: the 2,000 mutations and the audit trail of the
  2,000 edits (docs/decisions/0010), which the store checks and keeps. The bound sends the
  same JSON, both kinds, in one request (the server reads and parses it whole and answers
  that it is over the batch limit, writing nothing: the cheapest handling of that body the
  API has), plus one bulk insert, in one transaction, of what the round keeps: the records'
  new versions (``records`` and ``record_versions``) and the audit trail's entries
  (``device_audit_entries``), executemany, as ``qpm-central bench`` does. The bound of the
  mutations alone (their JSON, the records' rows: the bound before docs/decisions/0021) is
  printed beside it.

Each figure is the median of a few runs. The ratios (sync / bound) are the figure of merit,
for the whole round and for its records part; the rest of the round (the digest check, the
audit trail, signed reports and retention) is shown step by step.
"""

from __future__ import annotations

import gc
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert, select

from qpm_desktop.central import admin, auth
from qpm_desktop.central.db import Database, sqlite_url
from qpm_desktop.central.schema import DeviceAuditEntry, Record, RecordVersion, User
from qpm_desktop.central.sync import allocate_seqs
from qpm_desktop.locations import placeholder_framework_path
from qpm_desktop.model import demo
from qpm_desktop.model.enums import SyncState
from qpm_desktop.model.framework import load_framework
from qpm_desktop.protocol import (
    HEADER_PROTOCOL,
    MAX_PULL_LIMIT,
    MAX_PUSH_BATCH,
    PATH_HEALTH,
    PATH_PULL,
    PATH_PUSH,
    PATH_TOKEN,
)
from qpm_desktop.protocol.digest import normalise_fields
from qpm_desktop.services.core import Services
from qpm_desktop.services.syncing import Progress, Syncing
from qpm_desktop.store.audit_trail import encoded_after
from qpm_desktop.store.records import write_record
from qpm_desktop.store.tables import ENTITIES, SYNCABLE, Mutation
from qpm_desktop.store.wire import from_wire, to_wire

BENCH_KEY = bytes(range(32))
PASSWORD = "benchmark password"
START_TIMEOUT_S = 90.0

#: The text field each entity's edits change (every entity of the generated assessment).
EDITABLE = {
    "site_visit": "notes",
    "finding": "rationale",
    "interview": "notes",
    "observation": "notes",
    "case_file_review": "notes",
    "case_file_check": "note",
    "evidence_item": "description",
    "evidence_link": "note",
}


# ------------------------------------------------------------------------------ the server


@dataclass
class BenchCentral:
    """A central store process on 127.0.0.1 and its database (for seeding and the bound)."""

    url: str
    db: Database
    process: subprocess.Popen[bytes]
    data_dir: Path

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)
        self.db.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def central_store(data_dir: Path) -> Iterator[BenchCentral]:
    """Start ``qpm-central serve`` on SQLite in ``data_dir``; stop it afterwards."""
    data_dir.mkdir(parents=True, exist_ok=True)
    db_url = sqlite_url(data_dir / "central.sqlite3")
    # The store process checkpoints the shared log (central.db); writes from here leave it so.
    db = Database.open(db_url, checkpoints="elsewhere")
    with db.write() as s:
        admin.import_framework(
            s, placeholder_framework_path(), actor="bench", now=datetime.now(UTC)
        )
    port = _free_port()
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "qpm_desktop.central.cli", "serve", "--db-url", db_url,
            "--data-dir", str(data_dir), "--host", "127.0.0.1", "--port", str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    central = BenchCentral(f"http://127.0.0.1:{port}", db, process, data_dir)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the central store exited ({process.returncode})")
            try:
                if httpx.get(central.url + PATH_HEALTH, timeout=2.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the central store did not start")
            time.sleep(0.05)  # polling interval while the process starts
        yield central
    finally:
        central.close()
        log.close()


# ------------------------------------------------------------------------------ the data


def standard_codes() -> list[str]:
    return [st.code for _, st in load_framework(placeholder_framework_path()).iter_standards()]


def generated_records(
    assessment_id: str, count: int, *, seed: int = 20261125
) -> list[tuple[str, str, dict[str, Any]]]:
    """About ``count`` records of one assessment as (entity, id, wire fields), parents first:
    a finding per standard, interviews, observations, evidence items, case file reviews with
    a check per standard, and evidence links, in the proportions of a large visit."""
    rng = random.Random(seed)
    codes = standard_codes()

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    def text(words: int) -> str:
        vocabulary = ("advocate", "partner", "policy", "review", "consent", "referral", "team")
        return " ".join(rng.choice(vocabulary) for _ in range(words)).capitalize() + "."

    out: list[tuple[str, str, dict[str, Any]]] = []
    visit = new_id()
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    out.append(("site_visit", visit, {"assessment_id": assessment_id, "visit_date": "2026-12-01"}))
    for code in codes:
        out.append(
            (
                "finding",
                new_id(),
                {"assessment_id": assessment_id, "standard_code": code, "rationale": text(30)},
            )
        )
    rest = max(0, count - len(out))
    kinds = ("interview", "observation", "evidence_item", "case_file_review", "evidence_link")
    shares = {"interview": 0.25, "observation": 0.1, "evidence_item": 0.1}
    sources: list[tuple[str, str]] = []
    for kind in kinds[:3]:
        for i in range(int(rest * shares[kind])):
            rid = new_id()
            if kind == "interview":
                fields = {
                    "assessment_id": assessment_id,
                    "site_visit_id": visit,
                    "interviewee_code": f"INT-{i:04d}",
                    "role": rng.choice(("paid_advocate", "advocacy_partner", "manager")),
                    "held_at": to_wire(start + timedelta(minutes=i)),
                    "notes": text(60),
                }
            elif kind == "observation":
                fields = {
                    "assessment_id": assessment_id,
                    "kind": "team_meeting",
                    "title": f"Observation {i}",
                    "notes": text(40),
                }
            else:
                fields = {
                    "assessment_id": assessment_id,
                    "kind": "policy",
                    "title": f"Document {i}",
                    "description": text(20),
                }
            out.append((kind, rid, fields))
            sources.append((kind, rid))
    checks_per_review = min(10, len(codes))
    reviews = int(rest * 0.3) // (checks_per_review + 1)
    for i in range(reviews):
        rid = new_id()
        out.append(
            (
                "case_file_review",
                rid,
                {"assessment_id": assessment_id, "case_code": f"CF-{i:04d}", "notes": text(20)},
            )
        )
        for code in codes[:checks_per_review]:
            out.append(
                (
                    "case_file_check",
                    new_id(),
                    {"review_id": rid, "standard_code": code, "result": "met", "note": text(8)},
                )
            )
    kind_of = {"interview": "interview", "observation": "observation", "evidence_item": "document"}
    n = 0
    while len(out) < count and sources:
        kind, source = sources[n % len(sources)]
        code = codes[(n // len(sources)) % len(codes)]
        fields = {
            "assessment_id": assessment_id,
            "standard_code": code,
            "source_kind": kind_of[kind],
            "source_id": source,
            "note": text(6),
        }
        out.append(("evidence_link", new_id(), fields))
        n += 1
    return out


def new_assessment(central: BenchCentral, username: str, reference: str) -> str:
    """An assessment of a new organisation, assigned to ``username`` (created if new)."""
    now = datetime.now(UTC)
    with central.db.write() as s:
        if s.get(User, username) is None:
            auth.create_user(s, username, PASSWORD, role="assessor", actor="bench", now=now)
        org = admin.create_organisation(s, f"Organisation {reference}", actor="bench", now=now)
        s.flush()
        a = admin.create_assessment(
            s, org.id, demo.FRAMEWORK_KEY, reference, band=2, actor="bench", now=now
        )
        s.flush()
        admin.assign(s, a.id, username, "lead", actor="bench", now=now)
        return str(a.id)


def session_headers(http: httpx.Client, username: str) -> tuple[str, dict[str, str]]:
    """Sign ``username`` in on a device of its own; (device id, authorisation headers)."""
    device = str(uuid.uuid4())
    response = http.post(
        PATH_TOKEN, json={"username": username, "password": PASSWORD, "device_id": device}
    )
    response.raise_for_status()
    return device, {"Authorization": f"Bearer {response.json()['access_token']}"}


def put_records(
    central: BenchCentral, username: str, records: list[tuple[str, str, dict[str, Any]]]
) -> None:
    """Create ``records`` on the central store as ``username`` (from another device)."""
    with httpx.Client(base_url=central.url, timeout=120, headers={HEADER_PROTOCOL: "1"}) as http:
        device, headers = session_headers(http, username)
        mutations = [
            {
                "mutation_id": str(uuid.uuid4()),
                "entity": entity,
                "record_id": rid,
                "op": "create",
                "fields": fields,
            }
            for entity, rid, fields in records
        ]
        for start in range(0, len(mutations), MAX_PUSH_BATCH):
            response = http.post(
                PATH_PUSH,
                headers=headers,
                json={"device_id": device, "mutations": mutations[start : start + MAX_PUSH_BATCH]},
            )
            response.raise_for_status()
            bad = [r for r in response.json()["results"] if r["status"] != "applied"]
            if bad:
                raise RuntimeError(f"seeding the assessment failed: {bad[:3]}")


def local_copy(
    root: Path, username: str, url: str, *, key: bytes | None = BENCH_KEY
) -> tuple[Services, Syncing]:
    """A fresh local copy signed in to ``url`` as ``username`` (tokens where the app keeps
    them: the keyring, or memory where there is none)."""
    services = Services.open(root, actor=username, key=key)
    syncing = Syncing(services.ctx)
    syncing.sign_in(url, username, PASSWORD)
    return services, syncing


def edit_records(services: Services, assessment_id: str, round_: int) -> int:
    """Change one text field of every record of the assessment held here, in one transaction
    (as a day's work would, but quickly): one pending mutation per record. Returns how many."""
    from qpm_desktop.store.replica import assessment_records

    now = services.ctx.clock()
    edited = 0
    with services.store.write() as s:
        for cls, row in assessment_records(s, assessment_id):
            name = EDITABLE.get(cls.__entity__)
            if name is None:
                continue
            write_record(
                s,
                cls,
                row["id"],
                {name: f"Edit {round_}: {row[name] or ''}"[:2000]},
                actor=services.ctx.actor,
                now=now,
            )
            edited += 1
    return edited


# ------------------------------------------------------------------------------ the bounds


def _local_rows(entity: str, changes: list[dict[str, Any]], now: datetime) -> list[dict]:
    cls = ENTITIES[entity]
    rows = []
    for change in changes:
        server = normalise_fields(entity, {**change["fields"], "deleted": change["deleted"]})
        values = {name: from_wire(cls, name, value) for name, value in server.items()}
        rows.append(
            {
                "id": change["id"],
                "rev": 1,
                "acked_rev": 1,
                "server_version": change["version"],
                "sync_state": SyncState.CONFIRMED,
                "sync_note": None,
                "created_at": now,
                "updated_at": now,
                **values,
            }
        )
    return rows


def download_bound(url: str, username: str, root: Path) -> tuple[float, int]:
    """Seconds to fetch the whole pull (fewest requests) and bulk insert it into a fresh local
    copy; and how many records that was."""
    services = Services.open(root, actor=username, key=BENCH_KEY)
    try:
        # The framework the assessment refers to is stored beforehand (it is a file import,
        # not a row of the pull), so the bound is only the records.
        services.ctx.frameworks.import_bytes(
            placeholder_framework_path().read_bytes(), source="bench"
        )
        with httpx.Client(base_url=url, timeout=120, headers={HEADER_PROTOCOL: "1"}) as http:
            _, headers = session_headers(http, username)
            start = time.perf_counter()
            changes: list[dict[str, Any]] = []
            cursor = 0
            while True:
                response = http.get(
                    PATH_PULL, headers=headers, params={"cursor": cursor, "limit": MAX_PULL_LIMIT}
                )
                response.raise_for_status()
                page = json.loads(response.content)
                changes += page["changes"]
                cursor = page["next_cursor"]
                if not page["has_more"]:
                    break
            by_entity: dict[str, list[dict[str, Any]]] = {}
            for change in changes:
                by_entity.setdefault(change["entity"], []).append(change)
            now = datetime.now(UTC)
            with services.store.write() as s:
                for cls in SYNCABLE:
                    found = by_entity.get(cls.__entity__)
                    if found:
                        table = cls.__table__  # type: ignore[attr-defined]
                        s.execute(insert(table), _local_rows(cls.__entity__, found, now))
            return time.perf_counter() - start, len(changes)
    finally:
        services.close()


def pending_push_body(services: Services, device_id: str) -> dict[str, Any]:
    """The push JSON of everything pending, as the client would send it (one body), and the
    audit trail's entries the store does not hold yet (``entries``), as the client sends them
    (the same JSON, in one list)."""
    from qpm_desktop.services.syncing import audit_acked_key
    from qpm_desktop.store.replica import get_setting

    with services.store.read() as s:
        acked = int(get_setting(s, audit_acked_key(s)) or 0)
        found = encoded_after(s, acked, limit=10**9, max_bytes=2**62)
        entries = [] if found is None else json.loads(found.body)["entries"]
        mutations = [
            {
                "mutation_id": m.mutation_id,
                "entity": m.entity,
                "record_id": m.record_id,
                "op": m.op,
                "base_version": m.base_version,
                "fields": m.fields,
            }
            for m in s.scalars(
                select(Mutation).where(Mutation.state == "pending").order_by(Mutation.seq)
            )
        ]
    return {"device_id": device_id, "mutations": mutations, "entries": entries}


def _compact(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def push_bound(
    central: BenchCentral,
    username: str,
    body: dict[str, Any],
    full_fields: list[tuple[str, dict[str, Any]]],
    sink_assessment: str,
) -> tuple[float, float]:
    """Seconds for the raw bound of a push round, and for its records part alone.

    The whole: POST ``body`` (the mutations and the audit trail's entries) in one request,
    and bulk insert the records' new versions and the entries into the central database (as
    new records of an assessment nobody syncs, and entries of a device that does not exist, so
    nothing measured later sees them). The records part: the same with the mutations alone."""
    with httpx.Client(base_url=central.url, timeout=120, headers={HEADER_PROTOCOL: "1"}) as http:
        device, headers = session_headers(http, username)
        posted: dict[str, float] = {}
        # Compact UTF-8, as the client writes it.
        for part, content in (
            ("records", _compact({"device_id": device, "mutations": body["mutations"]})),
            ("whole", _compact({**body, "device_id": device})),
        ):
            start = time.perf_counter()
            response = http.post(
                PATH_PUSH,
                headers={**headers, "Content-Type": "application/json"},
                content=content,
            )
            posted[part] = time.perf_counter() - start
            if len(body["mutations"]) > MAX_PUSH_BATCH and response.status_code != 422:
                raise RuntimeError(f"the oversized push was answered {response.status_code}")
    now = datetime.now(UTC)
    with central.db.read() as s:
        organisation = s.get(Record, ("assessment", sink_assessment)).organisation_id  # type: ignore[union-attr]
    sink_device = str(uuid.uuid4())
    entries = [
        {
            "device_id": sink_device,
            "seq": e["seq"],
            "at": e["at"],
            "actor": e["actor"],
            "entity": e["entity"],
            "record_id": e["record_id"],
            "action": e["action"],
            "before": e["before"],
            "after": e["after"],
            "session_id": e["session"],
            "elapsed_ms": e["elapsed_ms"],
            "prev_hash": e["prev_hash"],
            "hash": e["hash"],
            "received_at": now,
            "received_from": username,
        }
        for e in body["entries"]
    ]
    inserted: dict[str, float] = {}
    for part in ("records", "whole"):  # each in a transaction of its own, commit included
        t0 = time.perf_counter()
        with central.db.write() as s:
            seqs = iter(allocate_seqs(s, len(full_fields)))
            ids = [str(uuid.uuid4()) for _ in full_fields]
            s.execute(
                insert(Record),
                [
                    {
                        "entity": entity,
                        "id": rid,
                        "assessment_id": sink_assessment,
                        "organisation_id": organisation,
                        "version": 2,
                        "seq": next(seqs),
                        "fields": fields,
                        "deleted": False,
                        "updated_at": now,
                        "updated_by": username,
                    }
                    for rid, (entity, fields) in zip(ids, full_fields, strict=True)
                ],
            )
            s.execute(
                insert(RecordVersion),
                [
                    {
                        "entity": entity,
                        "id": rid,
                        "version": 2,
                        "fields": fields,
                        "at": now,
                        "by": username,
                    }
                    for rid, (entity, fields) in zip(ids, full_fields, strict=True)
                ],
            )
            if part == "whole" and entries:
                s.execute(insert(DeviceAuditEntry), entries)
        inserted[part] = time.perf_counter() - t0
    return posted["whole"] + inserted["whole"], posted["records"] + inserted["records"]


def _full_fields(services: Services, assessment_id: str) -> list[tuple[str, dict[str, Any]]]:
    from qpm_desktop.store.replica import assessment_records
    from qpm_desktop.store.tables import sync_fields

    with services.store.read() as s:
        return [
            (cls.__entity__, {n: to_wire(row[n]) for n in sync_fields(cls)})
            for cls, row in assessment_records(s, assessment_id)
            if cls.__entity__ in EDITABLE
        ]


# ------------------------------------------------------------------------------ the run


#: The steps of one "Sync now", as the progress names them, grouped for the breakdown.
STEPS = {
    "connecting": "records",
    "uploading files": "records",
    "sending changes": "records",
    "receiving changes": "records",
    "applying changes": "records",
    "checking": "digest check",
    "sending the audit trail": "audit trail",
}
GROUPS = ("records", "digest check", "audit trail", "reports and retention")


class TimedProgress(Progress):
    """A progress that notes when each step began, to tell where a sync's time went."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[str, float]] = []

    def set(self, phase: str, done: int = 0, total: int = 0) -> None:
        if not self.marks or self.marks[-1][0] != phase:
            self.marks.append((phase, time.perf_counter()))
        super().set(phase, done, total)

    def seconds(self, end: float) -> dict[str, float]:
        """Seconds per group of steps (whatever follows the records' steps, the signed reports
        and the retention check, counts as "reports and retention")."""
        out = dict.fromkeys(GROUPS, 0.0)
        for index, (phase, began) in enumerate(self.marks):
            until = self.marks[index + 1][1] if index + 1 < len(self.marks) else end
            out[STEPS.get(phase, "reports and retention")] += until - began
        return out


def timed_sync(syncing: Syncing) -> tuple[float, dict[str, float], Any]:
    """One "Sync now": (seconds, seconds per group of steps, its summary).

    As the app's sync lane does (``ui.sync_status``), what exists when the sync starts and
    when it ends is moved out of the garbage collector's sight, so a full collection walks only
    what the sync makes. The app does it at its first sync only; here it is done at every sync,
    because the benchmark makes data of its own between them (records, edits, bounds) that the
    app would not hold."""
    gc.freeze()
    progress = TimedProgress()
    start = time.perf_counter()
    summary = syncing.sync_now(progress)
    end = time.perf_counter()
    gc.freeze()
    return end - start, progress.seconds(end), summary


@dataclass(frozen=True, slots=True)
class SyncFigures:
    records: int
    download_s: float
    download_bound_s: float
    edits: int
    push_s: float
    push_bound_s: float
    push_records_bound_s: float
    download_steps: dict[str, float]
    push_steps: dict[str, float]

    @property
    def download_ratio(self) -> float:
        return self.download_s / self.download_bound_s

    @property
    def push_ratio(self) -> float:
        return self.push_s / self.push_bound_s


def _median_steps(samples: list[dict[str, float]]) -> dict[str, float]:
    return {g: statistics.median(s[g] for s in samples) for g in GROUPS}


def measure(records: int = 2000, runs: int = 5, *, quiet: bool = False) -> SyncFigures:
    """Run the benchmark on a temporary central store and temporary local copies."""
    with tempfile.TemporaryDirectory(prefix="qpm-bench-sync-") as tmp:
        root = Path(tmp)
        with central_store(root / "central") as central:
            user = f"bench-{uuid.uuid4().hex[:6]}"
            aid = new_assessment(central, user, "BENCH-SYNC")
            data = generated_records(aid, records)
            put_records(central, user, data)
            sink = new_assessment(central, f"sink-{uuid.uuid4().hex[:6]}", "BENCH-SINK")
            total = 0
            downloads, download_bounds, download_steps = [], [], []
            kept: tuple[Services, Syncing] | None = None
            for run in range(runs):
                services, syncing = local_copy(root / f"copy-{run}", user, central.url)
                seconds, steps, summary = timed_sync(syncing)
                downloads.append(seconds)
                download_steps.append(steps)
                if summary.digests.get(aid) != "equal":
                    raise RuntimeError(f"the download did not settle: {summary.digests}")
                bound, total = download_bound(central.url, user, root / f"bound-{run}")
                download_bounds.append(bound)
                if kept is None:
                    kept = services, syncing
                else:
                    syncing.close()
                    services.close()
            assert kept is not None
            services, syncing = kept
            # The copies share one user on one server, and so one token entry: the one kept
            # signs in again, as its own device.
            syncing.sign_in(central.url, user, PASSWORD)
            pushes, push_bounds, push_records_bounds, push_steps = [], [], [], []
            edits = 0
            try:
                for run in range(runs):
                    edits = edit_records(services, aid, run)
                    body = pending_push_body(services, syncing.replica.device_id())
                    fields = _full_fields(services, aid)
                    seconds, steps, summary = timed_sync(syncing)
                    pushes.append(seconds)
                    push_steps.append(steps)
                    if summary.sent != edits or summary.digests.get(aid) != "equal":
                        raise RuntimeError(
                            f"the push did not settle: {summary.sent} of {edits} sent, "
                            f"{summary.digests}"
                        )
                    whole, records_part = push_bound(central, user, body, fields, sink)
                    push_bounds.append(whole)
                    push_records_bounds.append(records_part)
            finally:
                syncing.close()
                services.close()
    figures = SyncFigures(
        records=total,
        download_s=statistics.median(downloads),
        download_bound_s=statistics.median(download_bounds),
        edits=edits,
        push_s=statistics.median(pushes),
        push_bound_s=statistics.median(push_bounds),
        push_records_bound_s=statistics.median(push_records_bounds),
        download_steps=_median_steps(download_steps),
        push_steps=_median_steps(push_steps),
    )
    if not quiet:
        _print(figures, runs)
    return figures


def _print(f: SyncFigures, runs: int) -> None:
    print(
        f"Sync with a central store process on 127.0.0.1 (SQLite), encrypted local copy, "
        f"median of {runs}:"
    )
    print(f"{'':<34} {'sync s':>8} {'bound s':>8} {'ratio':>6}   {'records s':>9} {'ratio':>6}")
    for label, whole, bound, steps in (
        (f"first download, {f.records:,} records", f.download_s, f.download_bound_s,
         f.download_steps),
        (f"push of {f.edits:,} edits", f.push_s, f.push_bound_s, f.push_steps),
    ):  # fmt: skip
        print(
            f"{label:<34} {whole:>8.2f} {bound:>8.2f} {whole / bound:>6.2f}   "
            f"{steps['records']:>9.2f} {steps['records'] / bound:>6.2f}"
        )
        print(
            f"{'':<34} of which: " + ", ".join(f"{group} {steps[group]:.2f} s" for group in GROUPS)
        )
    print(
        f"{'':<34} push beside the bound of its mutations alone (no audit trail): "
        f"{f.push_records_bound_s:.2f} s, ratio {f.push_s / f.push_records_bound_s:.2f}"
    )
    print(
        "(bound: the same JSON in one request (the fewest the API allows, for the download) "
        "plus one bulk insert of what the round keeps; for the push, the mutations and the "
        'audit trail of the edits. "records": the round\'s push and pull steps, which the '
        "audit trail's sending overlaps; the digest check and the signed reports are not part "
        "of it. Target: within 3x)"
    )


def run(records: int = 2000, runs: int = 5) -> SyncFigures:
    return measure(records, runs)
