"""Two assessors sync the same assessment through a proxy that breaks connections at random
points; at the end nothing is lost, nothing is duplicated, every conflict was shown, and both
local copies and the central store hold the same data (equal digests)."""

from __future__ import annotations

import random
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from qpm_desktop.central.schema import Blob, Record
from qpm_desktop.services.recording import finding_id
from qpm_desktop.store.tables import Interview, Mutation
from qpm_desktop.sync.client import RetryPolicy
from qpm_desktop.sync.errors import SyncError
from tests.sync.conftest import FAST_RETRY
from tests.sync.faults import FaultProxy

ROUNDS = 110  # each round both assessors edit and sync: 220 sync rounds
SEED = 20261125
RATES = {"before": 0.07, "mid_request": 0.07, "after_commit": 0.10, "mid_response": 0.06}


class Assessor:
    """One side of the test: a device plus what this assessor last typed, to check later."""

    def __init__(self, tag: str, device: Any, assessment_id: str, codes: list[str]) -> None:
        self.tag = tag
        self.device = device
        self.aid = assessment_id
        self.codes = codes
        self.own_field = "rationale" if tag == "A" else "good_practice"
        self.last_own: dict[str, str] = {}  # finding id -> last value of this side's own field
        self.interviews: dict[str, str] = {}  # interview id -> last notes written
        self.deleted: set[str] = set()
        self.shared_written: set[str] = set()
        self.files: list[str] = []
        self.counter = 0
        self.conflicts_seen = 0
        self.conflict_fields: Counter[str] = Counter()

    def edit(self, rng: random.Random, tmp: Path) -> None:
        rec = self.device.recording
        for _ in range(rng.randint(1, 3)):
            self.counter += 1
            roll = rng.random()
            value = f"{self.tag}{self.counter}"
            if roll < 0.35:
                code = rng.choice(self.codes)
                rec.record_finding(self.aid, code, **{self.own_field: value})
                self.last_own[finding_id(self.aid, code)] = value
            elif roll < 0.55:
                code = rng.choice(self.codes[:2])  # both sides write here: conflicts
                text = f"shared {value}"
                rec.record_finding(self.aid, code, areas_for_improvement=text)
                self.shared_written.add(text)
            elif roll < 0.75 or not self.interviews:
                notes = f"notes {value}"
                iid = rec.create_interview(
                    self.aid,
                    interviewee_code=f"{self.tag}-{self.counter}",
                    role="manager",
                    notes=notes,
                ).record_id("interview")
                self.interviews[iid] = notes
            elif roll < 0.9:
                live = sorted(set(self.interviews) - self.deleted)
                if live:
                    iid = rng.choice(live)
                    notes = f"notes {value}"
                    rec.update_interview(iid, notes=notes)
                    self.interviews[iid] = notes
            elif roll < 0.95:
                live = sorted(set(self.interviews) - self.deleted)
                if live:
                    iid = rng.choice(live)
                    rec.delete_interview(iid)
                    self.deleted.add(iid)
            else:
                item = rec.create_evidence_item(
                    self.aid, kind="policy", title=f"Policy {value}"
                ).record_id("evidence_item")
                path = tmp / f"{value}.bin"
                path.write_bytes(rng.randbytes(rng.choice([1_000, 40_000, 300_000])))
                rec.attach_file(item, path)
                self.files.append(value)

    def resolve_some(self, rng: random.Random) -> None:
        for conflict in self.device.syncing.conflicts():
            self.conflicts_seen += 1
            self.conflict_fields[conflict.field] += 1
            choice = rng.choice(["mine", "theirs", "edited"])
            value = None
            if choice == "edited":
                value = f"{conflict.mine} + {conflict.theirs}"[:2000]
                self.shared_written.add(value)
            self.device.syncing.resolve(conflict.seq, choice, value)


def run_scenario(
    central: Any, make_device: Any, tmp_path: Path, rounds: int, *, naive: bool = False
) -> tuple[Assessor, Assessor, FaultProxy, str, dict[str, str], str]:
    """Two assessors edit and sync ``rounds`` times each through the faulty proxy, then settle
    over a clean network. ``naive`` makes the client non-idempotent (see below)."""
    started = time.monotonic()
    users = [central.user(), central.user()]
    aid = central.assessment(*users)["assessment"]
    upstream = int(central.base_url.rsplit(":", 1)[1])
    proxy = FaultProxy(upstream, seed=SEED, rates=RATES).start()
    # The naive client does not retry within a round either, so each lost answer leads to a
    # resend from the outbox in the next round (where it makes its new record).
    retry = RetryPolicy(attempts=1) if naive else FAST_RETRY
    a_dev = make_device(users[0], central.base_url, seed=1, timeout=20, retry=retry)
    b_dev = make_device(users[1], central.base_url, seed=2, timeout=20, retry=retry)
    for dev in (a_dev, b_dev):
        # Every sync from here goes through the proxy.
        client = dev.syncing.client()
        client.base_url = proxy.url
        client._http.base_url = proxy.url
        if naive:
            _make_non_idempotent(dev.syncing.replica)
        for _ in range(20):
            try:
                dev.syncing.sync_now()
                break
            except SyncError:
                continue
    codes = _codes(a_dev, aid)[:6]
    rng = random.Random(SEED)
    a = Assessor("A", a_dev, aid, codes)
    b = Assessor("B", b_dev, aid, codes)
    failed: Counter[str] = Counter()
    completed = 0
    for _ in range(rounds):
        for side in (a, b):
            side.edit(rng, tmp_path)
            try:
                side.device.syncing.sync_now()
                completed += 1
            except SyncError as exc:
                failed[type(exc).__name__] += 1
            if rng.random() < 0.3:
                side.resolve_some(rng)
    # Settle over a clean network: resolve what is left and sync until both agree.
    proxy.enabled = False
    digests: dict[str, str] = {}
    if naive:
        for dev in (a_dev, b_dev):
            dev.syncing.client().retry = FAST_RETRY
    for _ in range(8):
        for side in (a, b):
            side.resolve_some(rng)
            digests[side.tag] = side.device.syncing.sync_now().digests.get(aid, "")
        if digests == {"A": "equal", "B": "equal"} and not (
            a_dev.syncing.conflicts() or b_dev.syncing.conflicts()
        ):
            break
    elapsed = time.monotonic() - started
    faults = {k: v for k, v in proxy.counts.items() if k != "clean"}
    summary = (
        f"{2 * rounds} sync rounds ({completed} completed, failed: {dict(failed)}), "
        f"faults injected: {faults}, clean exchanges: {proxy.counts['clean']}, "
        f"conflicts shown: A {a.conflicts_seen}, B {b.conflicts_seen}; {elapsed:.1f} s"
    )
    proxy.stop()
    return a, b, proxy, aid, digests, summary


def test_two_assessors_through_a_faulty_network(central_sqlite, make_device, tmp_path):
    """Over 220 sync rounds with connections cut before, during and after the server's commit,
    both local copies and the server end identical, with nothing lost or duplicated."""
    a, b, proxy, aid, digests, summary = run_scenario(central_sqlite, make_device, tmp_path, ROUNDS)
    print(f"\nfault test: {summary}")
    assert digests == {"A": "equal", "B": "equal"}
    for kind in ("before", "mid_request", "after_commit", "mid_response"):
        assert proxy.counts[kind] >= 10, proxy.counts
    assert a.conflicts_seen + b.conflicts_seen > 0
    _check_nothing_lost(central_sqlite, aid, a, b)
    _check_audit_trails_held(central_sqlite, a, b)


def _make_non_idempotent(replica: Any) -> None:
    """Turn the client into the classic broken one: when the answer to a create was lost, it
    sends the record again as a new record (new record id, new mutation id), the way a form
    app that lets the server assign ids does."""
    original_take = replica.take_outbox
    original_record = replica.record_results
    sent_before: set[str] = set()
    renamed: dict[str, str] = {}

    def take_outbox(limit: int, in_flight: Any = ()) -> list[Any]:
        out = []
        for item in original_take(limit, [renamed.get(i, i) for i in in_flight]):
            m = item.mutation
            if m.mutation_id in sent_before and m.op == "create" and m.entity == "interview":
                new_mid = str(uuid.uuid4())
                renamed[new_mid] = m.mutation_id
                m = m.model_copy(update={"mutation_id": new_mid, "record_id": str(uuid.uuid4())})
                item = type(item)(m, item.sha256)
            sent_before.add(m.mutation_id)
            out.append(item)
        return out

    def record_results(results: Any) -> Any:
        fixed = [
            r.model_copy(update={"mutation_id": renamed.get(r.mutation_id, r.mutation_id)})
            for r in results
        ]
        return original_record(fixed)

    replica.take_outbox = take_outbox
    replica.record_results = record_results


def test_the_fault_test_catches_a_non_idempotent_push(central_sqlite, make_device, tmp_path):
    """The same scenario with a client that resends a lost create as a new record: the checks
    find duplicates, so the fault test has teeth."""
    a, b, _proxy, aid, _digests, summary = run_scenario(
        central_sqlite, make_device, tmp_path, 25, naive=True
    )
    print(f"\nnon-idempotent run: {summary}")
    with pytest.raises(AssertionError):
        _check_nothing_lost(central_sqlite, aid, a, b)
    with central_sqlite.db.read() as s:
        codes = Counter(
            r.fields["interviewee_code"]
            for r in s.scalars(
                select(Record).where(Record.assessment_id == aid, Record.entity == "interview")
            )
        )
    assert max(codes.values()) > 1  # duplicated interviews on the server


def _codes(device: Any, aid: str) -> list[str]:
    from qpm_desktop.store.tables import Assessment

    with device.services.store.read() as s:
        key = s.get(Assessment, aid).framework_key
    framework = device.services.ctx.frameworks.get(key)
    return [st.code for section in framework.sections for st in section.standards]


def _check_audit_trails_held(central: Any, *sides: Assessor) -> None:
    """Each copy's whole audit trail is on the central store, entry for entry, although its
    sends were cut too (a resend of what was already held is acknowledged, never refused)."""
    from qpm_desktop.central.schema import DeviceAuditEntry
    from qpm_desktop.store.tables import AuditEntry

    for side in sides:
        syncing = side.device.syncing
        state = syncing.audit_trail()
        assert state.local_problems == () and state.refused is None, state
        assert state.acknowledged_through == state.newest_seq > 0
        with side.device.services.store.read() as s:
            local = list(
                s.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq))
            )
        with central.db.read() as s:
            held = list(
                s.execute(
                    select(DeviceAuditEntry.seq, DeviceAuditEntry.hash)
                    .where(DeviceAuditEntry.device_id == syncing.replica.device_id())
                    .order_by(DeviceAuditEntry.seq)
                )
            )
        assert held == local, side.tag


def _check_nothing_lost(central: Any, aid: str, a: Assessor, b: Assessor) -> None:
    with central.db.read() as s:
        records = s.scalars(select(Record).where(Record.assessment_id == aid)).all()
        blobs = set(s.scalars(select(Blob.sha256)))
    by_entity: dict[str, list[Record]] = {}
    for r in records:
        by_entity.setdefault(r.entity, []).append(r)
    # Nothing duplicated: one interview per code, one finding per standard.
    codes = Counter(r.fields["interviewee_code"] for r in by_entity.get("interview", []))
    assert codes and max(codes.values()) == 1
    standards = Counter(r.fields["standard_code"] for r in by_entity.get("finding", []))
    assert max(standards.values()) == 1
    # Nothing lost: every interview each side made is there, with its last notes, and the
    # deleted ones are tombstones.
    interviews = {r.id: r for r in by_entity.get("interview", [])}
    for side in (a, b):
        for iid, notes in side.interviews.items():
            assert iid in interviews, f"{side.tag} lost interview {iid}"
            assert interviews[iid].fields["notes"] == notes
            assert interviews[iid].deleted == (iid in side.deleted)
    # Each side's own field holds exactly what that side last wrote.
    findings = {r.id: r for r in by_entity.get("finding", [])}
    for side in (a, b):
        for fid, value in side.last_own.items():
            assert findings[fid].fields[side.own_field] == value, (side.tag, fid)
    # A field both wrote holds a value one of them wrote or chose, never something else.
    written = a.shared_written | b.shared_written | {""}
    for r in findings.values():
        assert r.fields["areas_for_improvement"] in written
    # Every file arrived, and each title is there once.
    titles = Counter(r.fields["title"] for r in by_entity.get("evidence_item", []))
    assert all(n == 1 for n in titles.values())
    assert len(titles) == len(a.files) + len(b.files)
    for r in by_entity.get("attachment", []):
        assert r.fields["sha256"] in blobs
    # Both outboxes are empty and nothing was set aside; both copies hold the same rows.
    for side in (a, b):
        with side.device.services.store.read() as s:
            states = Counter(s.scalars(select(Mutation.state)))
            assert states["pending"] == states["sent"] == states["set_aside"] == 0, states
            local = {i.id: (i.notes, i.deleted) for i in s.scalars(select(Interview))}
        assert local == {k: (v.fields["notes"], v.deleted) for k, v in interviews.items()}
