"""A round of several batches overlaps this side's work with the store's (docs/decisions/0018):
each batch's answers are recorded while the next batch is at the store, the audit trail's
next batch is read while the store checks the one before. Nothing of that may change what
ends up where, also when a send fails halfway through the outbox."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from qpm_desktop.model.enums import Rating
from qpm_desktop.services.recording import finding_id
from qpm_desktop.store.tables import Mutation
from qpm_desktop.sync import engine as engine_module
from qpm_desktop.sync.client import CentralClient
from qpm_desktop.sync.errors import ServerUnreachable

from .test_audit_trail_sync import _central, _local
from .test_sync_basics import _standard_codes

BATCH = 3


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "MAX_PUSH_BATCH", BATCH)
    monkeypatch.setattr(engine_module, "MAX_AUDIT_BATCH", BATCH)


def _mutation_states(device, ids: list[str]) -> dict[str, str]:
    with device.services.store.read() as s:
        rows = s.execute(select(Mutation.record_id, Mutation.state)).all()
    return {record_id: state for record_id, state in rows if record_id in ids}


def _device_with_findings(central, make_device, count: int):  # type: ignore[no-untyped-def]
    """A device that downloaded a new assessment and then recorded ``count`` findings:
    (device, assessment id, the findings' ids)."""
    user = central.user()
    aid = central.assessment(user)["assessment"]
    device = make_device(user, central.base_url)
    device.syncing.sync_now()
    codes = _standard_codes(device, aid)[:count]
    for n, code in enumerate(codes):
        device.recording.record_finding(aid, code, rating=Rating.MET, rationale=f"seen {n}")
    return device, aid, [finding_id(aid, code) for code in codes]


def test_a_send_failing_midway_keeps_every_answer_received(
    central_sqlite, make_device, small_batches, monkeypatch: pytest.MonkeyPatch
) -> None:
    device, aid, ids = _device_with_findings(central_sqlite, make_device, 10)

    real_push = CentralClient.push
    calls: list[int] = []

    def push_failing_third(self, device_id, mutations):  # type: ignore[no-untyped-def]
        calls.append(len(mutations))
        if len(calls) == 3:
            raise ServerUnreachable(self.base_url, "cut")
        return real_push(self, device_id, mutations)

    monkeypatch.setattr(CentralClient, "push", push_failing_third)
    with pytest.raises(ServerUnreachable):
        device.syncing.sync_now()
    # The first two batches were answered: both recorded (the second while the third was
    # out). The third stays sent for next time, and so does the fourth (the tenth mutation),
    # taken while the third was out.
    states = _mutation_states(device, ids)
    assert calls == [BATCH, BATCH, BATCH]
    assert sorted(states.values()) == ["acked"] * 6 + ["sent"] * 4
    assert [device.syncing.record_state("finding", i)[0] for i in ids[:6]] == ["confirmed"] * 6

    monkeypatch.setattr(CentralClient, "push", real_push)
    summary = device.syncing.sync_now()
    assert summary.digests[aid] == "equal" and summary.audit_problem is None
    assert set(_mutation_states(device, ids).values()) == {"acked"}
    assert {device.syncing.record_state("finding", i)[0] for i in ids} == {"confirmed"}
    # The audit trail went in batches of three, each read while the one before was out.
    assert _central(central_sqlite, device) == _local(device)
    assert summary.audit_sent >= 10


def test_what_follows_the_push_is_asked_while_its_last_answers_are_recorded(
    central_sqlite, make_device, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the outbox is sent, the pull, the digest, the list of expected files and the audit
    trail (read while the batches were at the store) are asked before the last answers are
    recorded; each request still goes alone, in that order, and none is asked again."""
    user = central_sqlite.user()
    aid = central_sqlite.assessment(user)["assessment"]
    device = make_device(user, central_sqlite.base_url)
    device.syncing.sync_now()
    for n, code in enumerate(_standard_codes(device, aid)[:4]):
        device.recording.record_finding(aid, code, rating=Rating.MET, rationale=f"seen {n}")

    events: list[str] = []
    in_flight: list[str] = []
    audit_sent = threading.Event()

    def logged(name, real):  # type: ignore[no-untyped-def]
        def call(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            assert not in_flight, f"{name} sent while {in_flight} was in flight"
            in_flight.append(name)
            events.append(name)
            try:
                return real(self, *args, **kwargs)
            finally:
                in_flight.remove(name)
                if name == "push_audit_encoded":
                    audit_sent.set()

        return call

    for name in ("push", "pull", "digest", "expected_attachments", "push_audit_encoded"):
        monkeypatch.setattr(CentralClient, name, logged(name, getattr(CentralClient, name)))
    replica = type(device.syncing.replica)
    real_record = replica.record_results
    seen_by_recording: list[list[str]] = []

    def record(self, results):  # type: ignore[no-untyped-def]
        # The requests were asked before this: they reach the store while this waits.
        assert audit_sent.wait(timeout=60), "the audit trail was not asked before recording"
        seen_by_recording.append(list(events))
        return real_record(self, results)

    monkeypatch.setattr(replica, "record_results", record)
    summary = device.syncing.sync_now()
    assert summary.digests[aid] == "equal" and summary.audit_problem is None
    asked = ["push", "pull", "digest", "expected_attachments", "push_audit_encoded"]
    assert seen_by_recording == [asked]
    assert events == asked
    assert _central(central_sqlite, device) == _local(device)


def test_batches_start_small_and_double(
    central_sqlite, make_device, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A round's first batch is small (the store starts on it while the next is taken), and
    each next one twice the one before, up to the protocol's limit; every answer is recorded
    and nothing is sent twice."""
    monkeypatch.setattr(engine_module, "FIRST_PUSH_BATCH", 2)
    monkeypatch.setattr(engine_module, "MAX_PUSH_BATCH", 4)
    device, aid, ids = _device_with_findings(central_sqlite, make_device, 13)
    real_push = CentralClient.push
    sizes: list[int] = []

    def counted(self, device_id, mutations):  # type: ignore[no-untyped-def]
        sizes.append(len(mutations))
        return real_push(self, device_id, mutations)

    monkeypatch.setattr(CentralClient, "push", counted)
    summary = device.syncing.sync_now()
    assert sizes == [2, 4, 4, 3]
    assert summary.sent == 13 and summary.digests[aid] == "equal"
    assert set(_mutation_states(device, ids).values()) == {"acked"}


def test_a_digest_asked_early_is_asked_again_when_the_round_pushes_more(
    central_sqlite, make_device, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A digest asked before the last answers were recorded stands only if nothing changed
    after it: here the pull brings a merged version, which lets a later edit of the same
    record go in the same round, so the store's digest must be asked again (comparing with
    the early one would report a difference that is not there)."""
    from .test_sync_basics import _two_assessors_synced

    aid, a, b = _two_assessors_synced(central_sqlite, make_device)
    code = _standard_codes(a, aid)[0]
    b.recording.record_finding(aid, code, good_practice="B's note")
    b.syncing.sync_now()
    a.recording.record_finding(aid, code, rationale="A's first")

    replica = type(a.syncing.replica)
    real_record = replica.record_results
    edited: list[bool] = []

    def record_then_edit(self, results):  # type: ignore[no-untyped-def]
        counts = real_record(self, results)
        if not edited:  # the answer was "merged": the record waits for the pull to go again
            edited.append(True)
            a.recording.record_finding(aid, code, rationale="A's second")
        return counts

    monkeypatch.setattr(replica, "record_results", record_then_edit)
    summary = a.syncing.sync_now()
    assert summary.results.get("merged") == 1 and summary.sent == 2
    assert summary.digests[aid] == "equal"
    assert b.syncing.sync_now().digests[aid] == "equal"


def test_a_download_asks_the_digest_before_applying_the_pages(
    central_sqlite, make_device, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digest of an assessment the pull brings is asked right after the pages: the store
    works it out while they are applied here, and the first download still ends equal."""
    user = central_sqlite.user()
    aid = central_sqlite.assessment(user)["assessment"]
    device = make_device(user, central_sqlite.base_url)
    asked = threading.Event()
    real_digest = CentralClient.digest

    def digest(self, assessment_id):  # type: ignore[no-untyped-def]
        asked.set()
        return real_digest(self, assessment_id)

    monkeypatch.setattr(CentralClient, "digest", digest)
    replica = type(device.syncing.replica)
    real_apply = replica.apply_pulled
    waited: list[bool] = []

    def apply(self, changes, frameworks):  # type: ignore[no-untyped-def]
        if changes and not waited:
            waited.append(asked.wait(timeout=60))
        return real_apply(self, changes, frameworks)

    monkeypatch.setattr(replica, "apply_pulled", apply)
    summary = device.syncing.sync_now()
    assert waited == [True], "the digest was not asked before the pages were applied"
    assert summary.received >= 3 and summary.digests[aid] == "equal"


def test_nothing_asked_ahead_is_sent_when_the_last_batch_fails(
    central_sqlite, make_device, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pull, the digest and the audit trail asked to follow the last batch are not sent
    when that batch's send fails: the failure is reported at once, not after their retries,
    and the next sync settles everything."""
    user = central_sqlite.user()
    aid = central_sqlite.assessment(user)["assessment"]
    device = make_device(user, central_sqlite.base_url)
    device.syncing.sync_now()
    code = _standard_codes(device, aid)[0]
    device.recording.record_finding(aid, code, rating=Rating.MET, rationale="seen")

    sent: list[str] = []

    def cut(self, device_id, mutations):  # type: ignore[no-untyped-def]
        sent.append("push")
        raise ServerUnreachable(self.base_url, "cut")

    def logged(name, real):  # type: ignore[no-untyped-def]
        def call(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            sent.append(name)
            return real(self, *args, **kwargs)

        return call

    real_push = CentralClient.push
    monkeypatch.setattr(CentralClient, "push", cut)
    for name in ("pull", "digest", "push_audit_encoded"):
        monkeypatch.setattr(CentralClient, name, logged(name, getattr(CentralClient, name)))
    with pytest.raises(ServerUnreachable):
        device.syncing.sync_now()
    assert sent == ["push"]

    monkeypatch.setattr(CentralClient, "push", real_push)
    summary = device.syncing.sync_now()
    assert summary.digests[aid] == "equal" and summary.audit_problem is None
    assert device.syncing.record_state("finding", finding_id(aid, code))[0] == "confirmed"
    assert _central(central_sqlite, device) == _local(device)
