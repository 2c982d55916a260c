"""A client killed (SIGKILL) at random moments of a sync, 100 times: after each kill the local
copy is opened again and one clean sync brings it level with the server; nothing an assessor was
told is saved is lost, nothing is duplicated, and the database is sound."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from collections import Counter
from typing import Any

from sqlalchemy import select

from qpm_desktop.central.schema import Record
from qpm_desktop.credentials.tokens import TokenVault
from qpm_desktop.store.crypto import DatabaseKey
from qpm_desktop.store.migrate import check_integrity
from qpm_desktop.store.tables import Mutation
from tests.central.conftest import PASSWORD
from tests.sync.kill_sync_worker import edit_and_sync_until_killed, open_copy
from tests.sync.test_sync_basics import _standard_codes

ROUNDS = 100
SEED = 20261125
#: Where to aim each kill (the step the worker reports starting) and how often.
TARGETS = {
    "edit": 1,  # while saving edits, before the sync
    "push": 3,  # the outbox was taken (marked sent); the request is on its way
    "answered": 3,  # the server committed and answered; the answers are being recorded
    "pull": 1,
    "apply": 2,  # pulled records being merged in
    "cursor": 1,
    "compare": 1,
    "audit": 1,
}
MAX_DELAY = 0.02  # seconds after the step starts


def test_sigkill_mid_sync_loses_and_duplicates_nothing(
    central_sqlite, make_device, tmp_path, test_key
):
    """100 kills at seeded random points of edit, push, answer, pull, apply, compare and audit;
    after each, one clean sync leaves the local copy equal to the server's; at the end every
    edit reported saved is on the server, each record once, and integrity_check is ok."""
    started = time.monotonic()
    central = central_sqlite
    url = central.base_url
    user, co_user = central.user(), central.user()
    aid = central.assessment(user, co_user)["assessment"]
    root = tmp_path / "laptop"
    services, syncing = open_copy(root, user, test_key, seed=0)
    syncing.sign_in(url, user, PASSWORD)
    syncing.sync_now()
    codes = _standard_codes(_Shim(services), aid)[:6]
    db_path = services.store.path
    syncing.close()
    services.close()
    tokens = TokenVault(url, user).load()
    assert tokens is not None
    co = make_device(co_user, url)  # the co-assessor, whose changes each pull brings in
    co.syncing.sync_now()

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["qpm_desktop.services.syncing", "tests.sync.kill_sync_worker"])
    rng = random.Random(SEED)
    interviews: dict[str, str] = {}  # code -> last value reported saved
    findings: dict[str, str] = {}  # standard -> last rationale reported saved
    deleted: set[str] = set()
    killed_at: Counter[str] = Counter()
    saved_total = 0
    for round_no in range(ROUNDS):
        target = rng.choices(list(TARGETS), weights=list(TARGETS.values()))[0]
        # A pull brings only others' work (not the versions the worker itself pushed in the
        # round: docs/decisions/0016), so a round aimed at the pull or its apply gets some.
        if round_no % 5 == 0 or target in ("pull", "apply"):
            _co_assessor_works(co, aid, codes, round_no)
        delay = rng.uniform(0, MAX_DELAY)
        reader, writer = ctx.Pipe(duplex=False)
        child = ctx.Process(
            target=edit_and_sync_until_killed,
            args=(str(root), test_key, user, url, tokens, aid, codes, round_no, SEED + round_no),
            kwargs={"out": writer},
            daemon=True,
        )
        child.start()
        writer.close()
        messages: list[tuple[Any, ...]] = []
        edits_before_kill = rng.randrange(1, 6)  # a batch has at least 6
        hit = "fallback"
        while True:
            assert reader.poll(120), f"round {round_no}: the worker went quiet"
            message = reader.recv()
            messages.append(message)
            kind = message[0]
            if target == "edit" and kind == "saved":
                edits_before_kill -= 1
                if edits_before_kill == 0:
                    hit = "edit"
                    break
            if kind == "step" and message[1] == target:
                hit = target
                break
            if sum(m == ("step", "synced") for m in messages) >= 3:
                break  # the step did not come in three syncs: kill now
        if delay:
            time.sleep(delay)  # a random moment within the step, not a wait for anything
        os.kill(child.pid, signal.SIGKILL)
        child.join(60)
        assert child.exitcode == -signal.SIGKILL, child.exitcode
        while True:
            try:
                if not reader.poll(0):
                    break
                messages.append(reader.recv())
            except (EOFError, OSError):
                break
        reader.close()
        killed_at[hit] += 1
        for message in messages:
            if message[0] == "saved":
                saved_total += 1
                _, what, key, value = message
                if what == "interview":
                    interviews[key] = value
                elif what == "finding":
                    findings[key] = value
                else:
                    deleted.add(key)

        # Restart: open the copy again; one clean sync brings it level with the server.
        services, syncing = open_copy(root, user, test_key, seed=round_no)
        try:
            summary = syncing.sync_now()
            assert summary.digests.get(aid) == "equal", (round_no, hit, summary)
            status = syncing.status()
            assert (status.pending, status.sent, status.set_aside, status.conflicts) == (
                0,
                0,
                0,
                0,
            ), (round_no, hit, status)
            with services.store.read() as s:
                states = Counter(s.scalars(select(Mutation.state)))
            assert states["pending"] == states["sent"] == states["set_aside"] == 0, states
        finally:
            syncing.close()
            services.close()
        if round_no % 10 == 9 or round_no == ROUNDS - 1:
            _check_server(central, aid, interviews, findings, deleted)
            assert check_integrity(db_path, DatabaseKey(test_key)) == []

    elapsed = time.monotonic() - started
    print(
        f"\nkill mid-sync: {ROUNDS} kills, at {dict(killed_at)}; {saved_total} edits reported "
        f"saved ({len(interviews)} interviews, {len(deleted)} deleted); {elapsed:.1f} s"
    )
    assert killed_at["fallback"] <= ROUNDS // 10, killed_at
    for step in ("push", "answered", "apply"):
        assert killed_at[step] >= 10, killed_at


class _Shim:
    """Enough of a test Device for :func:`_standard_codes`."""

    def __init__(self, services: Any) -> None:
        self.services = services


def _co_assessor_works(co: Any, aid: str, codes: list[str], round_no: int) -> None:
    """The co-assessor adds interviews and notes good practice (a field the worker never
    writes, so the two merge without conflicts) and syncs."""
    for j in range(3):
        co.recording.create_interview(
            aid, interviewee_code=f"co-{round_no}-{j}", role="manager", notes=f"co {round_no}"
        )
    co.recording.record_finding(aid, codes[round_no % len(codes)], good_practice=f"co {round_no}")
    co.syncing.sync_now()


def _check_server(
    central: Any,
    aid: str,
    interviews: dict[str, str],
    findings: dict[str, str],
    deleted: set[str],
) -> None:
    with central.db.read() as s:
        records = s.scalars(select(Record).where(Record.assessment_id == aid)).all()
    by_code: Counter[str] = Counter()
    held: dict[str, Record] = {}
    standards: Counter[str] = Counter()
    rationale: dict[str, str] = {}
    for r in records:
        if r.entity == "interview":
            by_code[r.fields["interviewee_code"]] += 1
            held[r.fields["interviewee_code"]] = r
        elif r.entity == "finding":
            standards[r.fields["standard_code"]] += 1
            rationale[r.fields["standard_code"]] = r.fields["rationale"]
    # Nothing duplicated (by natural key).
    assert max(by_code.values()) == 1, by_code.most_common(3)
    assert max(standards.values()) == 1, standards.most_common(3)
    # Every edit reported saved is there: its value, or a later one (saved just before a kill,
    # before it could be reported).
    for code, value in interviews.items():
        assert code in held, f"interview {code} lost"
        assert held[code].fields["notes"] >= value, (code, held[code].fields["notes"], value)
    for code in deleted:
        assert held[code].deleted, f"the deletion of {code} was lost"
    for standard, value in findings.items():
        assert rationale[standard] >= value, (standard, rationale[standard], value)
