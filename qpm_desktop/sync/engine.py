"""One sync round: push the outbox (files first), pull by cursor (without the versions the
server applied in this round exactly as this device sent them: the answers told them already),
push what the pull unblocked, then compare each settled assessment's digest with the server's,
and last send the audit trail's entries the server has not acknowledged (a refusal is
reported, not raised: it never holds back the records).

The engine knows nothing of the local database: it talks to a :class:`Replica`, which the
services layer implements over the store, and to a :class:`~qpm_desktop.sync.client.CentralClient`.
Progress goes into a thread-safe :class:`Progress` the UI polls; cancel is an event checked
between steps (whatever was already committed on either side stays committed).

Every request of a round goes through one sender thread, in the order it was asked, so only
one is ever in flight; the sync thread meanwhile does the local work. While a push batch is at
the store, the next one is taken and the answers to the one before are recorded; the first
batch is small and each next one twice as large, so the store starts early. Once a take finds
the outbox empty, the pull, the digests, the lists of expected files and the audit trail (read
while the batches were at the store) are asked to go right after the last batch, so the store
works on them while the last answers are recorded (:class:`_Ahead`).
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from qpm_desktop.protocol import MAX_AUDIT_BATCH, MAX_PULL_LIMIT, MAX_PUSH_BATCH
from qpm_desktop.protocol.messages import (
    AuditTrailAnswer,
    Change,
    DigestResponse,
    ExpectedAttachments,
    FrameworkVersionOut,
    MutationIn,
    MutationResult,
)
from qpm_desktop.sync.client import CentralClient
from qpm_desktop.sync.errors import AuditTrailRefused, Cancelled, Refused, SyncError

#: A pull applies this many records per local transaction (short, so typing never waits long:
#: new records go in with multi-row statements, a few milliseconds per hundred).
APPLY_CHUNK = 200
#: Push batches are bounded by the protocol; pulls by this many pages per round.
MAX_PULL_PAGES = 10_000
#: At most this many batches of the audit trail are read while the push's first batch is at
#: the store (and sent right after the last batch), so a day's trail costs the round little.
AUDIT_AHEAD = 4
#: A round's first push batch holds at most this many mutations, and each next one twice as
#: many as the one before, up to the protocol's limit: the store starts on a small batch while
#: the next, larger one is taken here, instead of waiting for a whole batch to be taken.
FIRST_PUSH_BATCH = 250


@dataclass(frozen=True, slots=True)
class AuditBatch:
    """The next audit entries to send, encoded as the request body: how many, the last seq."""

    count: int
    last_seq: int
    body: bytes


@dataclass(frozen=True, slots=True)
class OutgoingMutation:
    mutation: MutationIn
    sha256: str | None = None  # a file to upload before the record that refers to it


class Replica(Protocol):
    """The local copy as sync sees it (implemented by ``services.syncing``)."""

    def device_id(self) -> str: ...

    def take_outbox(self, limit: int, in_flight: Collection[str] = ()) -> list[OutgoingMutation]:
        """The next batch (marked sent). ``in_flight``: mutation ids whose answers arrived but
        are not recorded yet: not taken again, and their records wait."""
        ...

    def file_chunks(self, sha256: str) -> tuple[int, Iterable[bytes]] | None: ...

    def record_results(self, results: Sequence[MutationResult]) -> dict[str, int]: ...

    def note_send_failure(self, mutation_ids: Sequence[str], error: str) -> None: ...

    def has_unanswered(self) -> bool: ...

    def cursor(self) -> int: ...

    def apply_pulled(
        self, changes: Sequence[Change], frameworks: Sequence[FrameworkVersionOut]
    ) -> dict[str, int]: ...

    def set_cursor(self, cursor: int) -> None: ...

    def held_assessments(self) -> list[str]: ...

    def local_digest(self, assessment_id: str) -> tuple[str, int] | None: ...

    def note_digest(self, assessment_id: str, state: str, detail: str) -> None: ...

    def audit_to_send(self, limit: int, after: int | None = None) -> AuditBatch | None:
        """The next entries to send: after the last one the server acknowledged, or after
        seq ``after``."""
        ...

    def missing_files(self) -> list[str]: ...

    def keep_file(self, sha256: str, chunks: Iterable[bytes]) -> None: ...

    def audit_answered(self, answer: AuditTrailAnswer | None, problem: str | None) -> None: ...


class Progress:
    """Where a running sync stands; written by the sync thread, read by a UI timer."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._phase = "idle"
        self._done = 0
        self._total = 0
        self.cancel = threading.Event()

    def set(self, phase: str, done: int = 0, total: int = 0) -> None:
        with self._lock:
            self._phase, self._done, self._total = phase, done, total

    def snapshot(self) -> tuple[str, int, int]:
        with self._lock:
            return self._phase, self._done, self._total


@dataclass(slots=True)
class SyncReport:
    pushed: int = 0
    push_results: dict[str, int] = field(default_factory=dict)
    pulled: int = 0
    pull_results: dict[str, int] = field(default_factory=dict)
    uploaded: int = 0
    digests: dict[str, str] = field(default_factory=dict)  # assessment -> equal|differs|unsettled
    skew_seconds: float = 0.0
    audit_sent: int = 0
    downloaded: int = 0  # files of attachments made on other devices
    file_problems: list[str] = field(default_factory=list)
    audit_problem: str | None = None  # the central store's refusal of the audit trail

    def add(self, into: dict[str, int], counts: dict[str, int]) -> None:
        for key, value in counts.items():
            into[key] = into.get(key, 0) + value


@dataclass(slots=True)
class _Pulled:
    """The pages of one pull, fetched whole before any is applied, and the digests asked
    right after them (the store works them out while the pages are applied here)."""

    changes: list[Change]
    frameworks: dict[str, FrameworkVersionOut]
    cursor: int
    digests: dict[str, Future[DigestResponse | None]] = field(default_factory=dict)
    expected: dict[str, Future[ExpectedAttachments | None]] = field(default_factory=dict)


@dataclass(slots=True)
class _Ahead:
    """What the store is asked before the sync thread needs it.

    While the push's batches are at the store, the audit trail's first batches are read here
    (``audit``). Once the last batch is on its way, the pull, the digests and the lists of
    expected files of the assessments held here, and those audit batches, are asked at once
    (``pull``, ``digests``, ``expected``, ``audit_sent``), to go right after it: the store
    works on them while the last batch's answers are recorded here. They are sent only if
    that batch's send did not fail (a broken connection is reported at once, not after their
    retries). The store works out a digest asked early right after the pull's pages, so it
    covers what the pull brings; it holds unless the round pushes more after the pull (then it
    is asked again). Without a push the digests are asked right after the pull's pages all
    the same (:class:`_Pulled`)."""

    audit: list[AuditBatch] = field(default_factory=list)
    audit_read: bool = False  # the trail held nothing more to read
    pull: Future[_Pulled] | None = None
    digests: dict[str, Future[DigestResponse | None]] = field(default_factory=dict)
    expected: dict[str, Future[ExpectedAttachments | None]] = field(default_factory=dict)
    audit_sent: Future[list[tuple[AuditBatch, AuditTrailAnswer | Refused]]] | None = None


class SyncEngine:
    def __init__(self, client: CentralClient, replica: Replica, *, pull_limit: int = 0) -> None:
        self.client = client
        self.replica = replica
        self.pull_limit = pull_limit or MAX_PULL_LIMIT  # the fewest round trips
        self.push_limit = MAX_PUSH_BATCH
        #: The server's time when this round began (its answer to the health check).
        self.round_start: datetime | None = None
        self._sender: ThreadPoolExecutor | None = None

    def run(self, progress: Progress | None = None) -> SyncReport:
        progress = progress or Progress()
        self.client.cancel = progress.cancel
        report = SyncReport()
        progress.set("connecting")
        self.client.server_time = None  # this round's start is what the health check says
        self._sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qpm-sync-send")
        try:
            self._round(progress, report)
        finally:
            # A request asked early and not needed any more (the round failed or was
            # cancelled) is not sent; the one on its way is let finish.
            self._sender.shutdown(wait=True, cancel_futures=True)
            self._sender = None
        progress.set("done")
        return report

    def _round(self, progress: Progress, report: SyncReport) -> None:
        self._call(self.client.health)
        self.round_start = self.client.server_time
        report.skew_seconds = self.client.skew.total_seconds()
        ahead = _Ahead()
        self._push(progress, report, ahead)
        if not self.replica.has_unanswered():
            pushed = report.pushed
            pulled = self._pull(progress, report, ahead.pull)
            self._fetch_files(progress, report)
            self._push(progress, report)
            # The digests and the lists of expected files asked early came after the pull:
            # they hold unless the round pushed more since.
            held_early = report.pushed == pushed
            early = {**ahead.digests, **pulled.digests} if held_early else {}
            self._compare(progress, report, early)
            expected = {**ahead.expected, **pulled.expected} if held_early else {}
            self._send_missing_files(progress, report, expected)
        self._push_audit(progress, report, ahead)

    def _ask(self, fn: Any, *args: Any, **kwargs: Any) -> Future[Any]:
        """A request, sent by the sender thread after every one asked before it."""
        assert self._sender is not None, "requests are sent only during a round"
        return self._sender.submit(fn, *args, **kwargs)

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """A request, sent after every one asked before it, and its answer."""
        return self._ask(fn, *args, **kwargs).result()

    def _check(self, progress: Progress) -> None:
        if progress.cancel.is_set():
            raise Cancelled()

    def _push(self, progress: Progress, report: SyncReport, ahead: _Ahead | None = None) -> None:
        """Push the outbox batch by batch. While the store works on one batch, the next batch
        is taken here and the answers to the batch before are recorded: a large outbox costs
        the slower of the two sides, not their sum. The first batch holds at most
        :data:`FIRST_PUSH_BATCH` mutations and each next one twice as many as the one before.
        Answers received are always recorded, whatever ends the loop; a batch taken and not
        sent stays sent, and goes first next time.

        With ``ahead``: the audit trail is read while batches are at the store, and the
        requests that follow the push are asked as soon as the last batch is known (the outbox
        holds nothing more), to go right after it."""
        uploaded: set[str] = set()
        answered: list[MutationResult] | None = None  # received, not yet recorded
        taken: list[OutgoingMutation] | None = None  # the next batch, taken while one was out
        limit = min(self.push_limit, FIRST_PUSH_BATCH)
        try:
            for _ in range(10_000):  # bounded: each batch takes at least one mutation out
                self._check(progress)
                if taken is not None:
                    batch, taken = taken, None
                else:
                    # Answered but not recorded: still "sent" here, so not taken again.
                    in_flight = [r.mutation_id for r in answered or ()]
                    batch = self.replica.take_outbox(limit, in_flight)
                if not batch:
                    return
                self._upload_files(batch, uploaded, progress, report)
                progress.set("sending changes", report.pushed, report.pushed + len(batch))
                mutations = [item.mutation for item in batch]
                sending = self._ask(self.client.push, self.replica.device_id(), mutations)
                # The next batch is taken while this one is out, before the answers to the one
                # before are recorded (so the requests that follow the last batch are asked
                # as early as can be): the mutations of both are left out, and their records'
                # next mutations wait, as for any sent one.
                limit = min(self.push_limit, limit * 2)
                taken = self.replica.take_outbox(
                    limit,
                    [m.mutation_id for m in mutations] + [r.mutation_id for r in answered or ()],
                )
                if ahead is not None and not taken:
                    # This batch is the last: what follows goes right after it (with at least
                    # the audit trail's first batch).
                    self._read_audit(ahead, sending, at_least=1)
                    self._ask_ahead(progress, ahead, sending)
                if answered is not None:
                    self._record(answered, report)
                    answered = None
                if ahead is not None and taken:
                    self._read_audit(ahead, sending)  # while the store is still busy
                try:
                    answered = sending.result()
                except SyncError as exc:
                    ids = [m.mutation_id for m in mutations]
                    self.replica.note_send_failure(ids, str(exc))
                    raise
                report.pushed += len(batch)
                if len(answered) < len(batch):
                    return  # the rest stay sent and are resent next time
        finally:
            if answered is not None:
                self._record(answered, report)

    def _record(self, results: list[MutationResult], report: SyncReport) -> None:
        report.add(report.push_results, self.replica.record_results(results))

    def _read_audit(self, ahead: _Ahead, sending: Future[Any], *, at_least: int = 0) -> None:
        """Read the audit trail's next batches while ``sending`` is at the store (and
        ``at_least`` this many in any case), up to :data:`AUDIT_AHEAD` in all."""
        read = 0
        while (
            not ahead.audit_read
            and len(ahead.audit) < AUDIT_AHEAD
            and (read < at_least or not sending.done())
        ):
            after = ahead.audit[-1].last_seq if ahead.audit else None
            batch = self.replica.audit_to_send(MAX_AUDIT_BATCH, after=after)
            if batch is None or not batch.count:
                ahead.audit_read = True
                return
            ahead.audit.append(batch)
            read += 1

    def _ask_ahead(self, progress: Progress, ahead: _Ahead, last: Future[Any]) -> None:
        """The outbox's last batch is on its way (``last``): ask the pull, the digests and the
        audit trail read so far, in that order, to go right after it if it is answered. (If
        it is not answered whole, the round does not use the pull: see :meth:`_round`.)"""
        held = self.replica.held_assessments()
        cursor, since = self._pull_start()

        def ask(fn: Any, *args: Any, **kwargs: Any) -> Future[Any]:
            return self._ask(self._after, last, fn, *args, **kwargs)

        ahead.pull = ask(self._fetch_pull, progress, cursor, since, held, ask_held=False)
        for assessment_id in held:
            ahead.digests[assessment_id] = ask(self.client.digest, assessment_id)
        for assessment_id in held:
            ahead.expected[assessment_id] = ask(self.client.expected_attachments, assessment_id)
        if ahead.audit:
            ahead.audit_sent = ask(self._send_audit, self.replica.device_id(), ahead.audit)

    @staticmethod
    def _after(before: Future[Any], fn: Any, *args: Any, **kwargs: Any) -> Any:
        """``fn(...)`` (on the sender thread) if the request ``before`` it was answered; raises
        :class:`Cancelled` if that one failed. The sender runs one request at a time, in order,
        so ``before`` is done by then."""
        if before.exception() is not None:
            raise Cancelled()
        return fn(*args, **kwargs)

    def _upload_files(
        self,
        batch: list[OutgoingMutation],
        uploaded: set[str],
        progress: Progress,
        report: SyncReport,
    ) -> None:
        """The files a batch's records refer to go first (each once per round)."""
        for index, item in enumerate(batch):
            if item.sha256 and item.sha256 not in uploaded:
                progress.set("uploading files", index, len(batch))
                found = self.replica.file_chunks(item.sha256)
                if found is not None:
                    size, _ = found
                    self._call(
                        self.client.upload,
                        item.sha256,
                        size,
                        lambda sha=item.sha256: self._chunks(sha),
                    )
                    report.uploaded += 1
                uploaded.add(item.sha256)
                self._check(progress)

    def _send_audit(
        self, device_id: str, batches: list[AuditBatch]
    ) -> list[tuple[AuditBatch, AuditTrailAnswer | Refused]]:
        """Send ``batches`` in order (on the sender thread), up to the first that is refused or
        not held whole: the ones after it would not follow on."""
        answers: list[tuple[AuditBatch, AuditTrailAnswer | Refused]] = []
        for batch in batches:
            try:
                answer = self.client.push_audit_encoded(device_id, batch.body)
            except Refused as exc:
                answers.append((batch, exc))
                break
            answers.append((batch, answer))
            if answer.refused is not None or answer.held_through != batch.last_seq:
                break
        return answers

    def _push_audit(self, progress: Progress, report: SyncReport, ahead: _Ahead) -> None:
        """Send the audit entries the server has not acknowledged, in seq order. A refusal (the
        chain does not hold, or the request itself) is noted for the assessor and ends this
        step; the records already synced are not affected. The batches read ahead go first
        (asked already, or now); then each next batch is read while the store checks the one
        before."""
        self._check(progress)
        after: int | None = None  # read the next batch after this seq (None: after the acked)
        if ahead.audit:
            sent = ahead.audit_sent or self._ask(
                self._send_audit, self.replica.device_id(), ahead.audit
            )
            progress.set("sending the audit trail", 0, sum(b.count for b in ahead.audit))
            for batch, answer in sent.result():
                held = self._audit_answer(batch, answer, report)
                if held is None:
                    return
                after = held
        batch = self.replica.audit_to_send(MAX_AUDIT_BATCH, after=after)
        for _ in range(10_000):  # bounded: each answer acknowledges at least one entry
            self._check(progress)
            if batch is None or not batch.count:
                return
            progress.set("sending the audit trail", 0, batch.count)
            sending = self._ask(self._send_audit, self.replica.device_id(), [batch])
            following = self.replica.audit_to_send(MAX_AUDIT_BATCH, after=batch.last_seq)
            ((_, answer),) = sending.result()
            held = self._audit_answer(batch, answer, report)
            if held is None:
                return
            if held != batch.last_seq:  # it held more already
                following = self.replica.audit_to_send(MAX_AUDIT_BATCH)
            batch = following

    def _audit_answer(
        self, batch: AuditBatch, answer: AuditTrailAnswer | Refused, report: SyncReport
    ) -> int | None:
        """Take the store's answer to ``batch``: the seq to go on after, or ``None`` to stop
        (refused, or not held whole)."""
        if isinstance(answer, Refused):
            report.audit_problem = str(answer)
            self.replica.audit_answered(None, report.audit_problem)
            return None
        report.audit_sent += answer.accepted
        if answer.refused is not None:
            report.audit_problem = str(AuditTrailRefused(answer.refused.seq, answer.refused.reason))
        self.replica.audit_answered(answer, report.audit_problem)
        if answer.refused is not None or answer.held_through < batch.last_seq:
            return None
        return answer.held_through

    def _fetch_files(self, progress: Progress, report: SyncReport) -> None:
        """Download the files behind attachments made on other devices, one at a time, each
        kept only once it matches its SHA-256. A file the server does not have yet, or one
        that arrives wrong, is noted and tried again at the next sync; records are not held
        up by it."""
        missing = self.replica.missing_files()
        for index, sha256 in enumerate(missing):
            self._check(progress)
            progress.set("receiving files", index, len(missing))
            try:
                found = self._call(
                    self.client.download,
                    sha256,
                    lambda chunks, sha=sha256: self.replica.keep_file(sha, chunks),
                )
            except ValueError as exc:  # the bytes did not match the hash
                report.file_problems.append(str(exc))
                continue
            if found:
                report.downloaded += 1

    def _send_missing_files(
        self,
        progress: Progress,
        report: SyncReport,
        early: dict[str, Future[ExpectedAttachments | None]],
    ) -> None:
        """Upload files the server expects but never received (the record went without its
        file once: the file was not readable then, or its upload kept breaking). The lists
        asked ``early`` are used where there are some."""
        for assessment_id in self.replica.held_assessments():
            self._check(progress)
            asking = early.get(assessment_id) or self._ask(
                self.client.expected_attachments, assessment_id
            )
            expected = asking.result()
            if expected is None:
                continue
            for item in expected.attachments:
                if item.arrived:
                    continue
                found = self.replica.file_chunks(item.sha256)
                if found is None:
                    continue  # not on this computer either: another device will send it
                progress.set("uploading files")
                self._call(
                    self.client.upload,
                    item.sha256,
                    found[0],
                    lambda sha=item.sha256: self._chunks(sha),
                )
                report.uploaded += 1

    def _chunks(self, sha256: str) -> Iterable[bytes]:
        found = self.replica.file_chunks(sha256)
        return found[1] if found is not None else ()

    def _pull_start(self) -> tuple[int, datetime | None]:
        """Where the pull starts, and since when it leaves out what this device made itself.

        What this device pushed in this round and the server applied exactly as sent is known
        here already (each answer is recorded before any pull is applied, and a round with an
        unanswered push does not pull), so it is not sent back. A full pull (the first
        download, a repair) takes everything."""
        cursor = self.replica.cursor()
        return cursor, self.round_start if cursor > 0 else None

    def _fetch_pull(
        self,
        progress: Progress,
        cursor: int,
        omit_since: datetime | None,
        held: Collection[str],
        *,
        ask_held: bool = True,
        shown: bool = False,
    ) -> _Pulled:
        """Every page after ``cursor`` (fetched before any is applied: a record can come on a
        page before the record it belongs to, and the cursor moves only once everything is
        in); then the digests of the assessments ``held`` here (unless ``ask_held`` is off:
        asked already) and of those the pages bring, are asked. Runs on the sender thread.
        ``shown``: the progress tells the pages as they come."""
        pulled = _Pulled([], {}, cursor)
        for _ in range(MAX_PULL_PAGES):
            self._check(progress)
            if shown:
                progress.set("receiving changes", len(pulled.changes), 0)
            page = self.client.pull(pulled.cursor, self.pull_limit, omit_mine_since=omit_since)
            pulled.changes.extend(page.changes)
            for fw in page.frameworks:
                pulled.frameworks[fw.key] = fw
            pulled.cursor = page.next_cursor
            if not page.has_more:
                break
        arrived = {c.id for c in pulled.changes if c.entity == "assessment"} - set(held)
        asked = [*(held if ask_held else ()), *sorted(arrived)]
        for assessment_id in asked:
            pulled.digests[assessment_id] = self._ask(self.client.digest, assessment_id)
        for assessment_id in asked:
            pulled.expected[assessment_id] = self._ask(
                self.client.expected_attachments, assessment_id
            )
        return pulled

    def _pull(
        self, progress: Progress, report: SyncReport, asked: Future[_Pulled] | None = None
    ) -> _Pulled:
        """Pull (the pages ``asked`` already, or now) and apply them."""
        if asked is None:
            held = self.replica.held_assessments()
            asked = self._ask(self._fetch_pull, progress, *self._pull_start(), held, shown=True)
        else:
            progress.set("receiving changes", 0, 0)
        pulled = asked.result()
        latest: dict[tuple[str, str], Change] = {}
        for change in pulled.changes:
            key = (change.entity, change.id)
            if key not in latest or latest[key].version <= change.version:
                latest[key] = change
        ordered = list(latest.values())
        self.replica.apply_pulled([], list(pulled.frameworks.values()))
        ordered = _parents_first(ordered)
        for start in range(0, len(ordered), APPLY_CHUNK):
            self._check(progress)
            progress.set("applying changes", start, len(ordered))
            report.add(
                report.pull_results,
                self.replica.apply_pulled(ordered[start : start + APPLY_CHUNK], []),
            )
        report.pulled += len(ordered)
        self.replica.set_cursor(pulled.cursor)
        return pulled

    def _compare(
        self,
        progress: Progress,
        report: SyncReport,
        early: dict[str, Future[DigestResponse | None]],
    ) -> None:
        """Each held assessment's digest against the server's (asked ``early``, or now: the
        server works it out while this device works out its own)."""
        for assessment_id in self.replica.held_assessments():
            self._check(progress)
            progress.set("checking")
            asking = early.get(assessment_id) or self._ask(self.client.digest, assessment_id)
            local = self.replica.local_digest(assessment_id)
            remote = asking.result()
            if local is None:
                report.digests[assessment_id] = "unsettled"
                self.replica.note_digest(assessment_id, "unsettled", "")
                continue
            if remote is None:
                report.digests[assessment_id] = "not on server"
                self.replica.note_digest(assessment_id, "not on server", "")
                continue
            if remote.digest == local[0]:
                state, detail = "equal", remote.digest
            else:
                state = "differs"
                detail = f"server {remote.records} records, here {local[1]}"
            report.digests[assessment_id] = state
            self.replica.note_digest(assessment_id, state, detail)


_ORDER = (
    "organisation",
    "team",
    "assessment",
    "site_visit",
    "finding",
    "interview",
    "observation",
    "case_file_review",
    "case_file_check",
    "evidence_item",
    "attachment",
    "evidence_link",
    "required_action",
    "report_version",
)
_RANK = {name: index for index, name in enumerate(_ORDER)}


def _parents_first(changes: list[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: (_RANK.get(c.entity, len(_RANK)), c.seq))
