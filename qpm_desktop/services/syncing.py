"""Sync use cases: sign in and out, sync now (with progress and cancel), the readiness check,
conflicts and set-aside changes, and the repair after a digest mismatch.

This module is where the store and the sync engine meet: :class:`LocalReplica` implements the
engine's :class:`~qpm_desktop.sync.engine.Replica` over the local database, one short write
transaction per step, so the assessor can keep working while a sync runs.
"""

from __future__ import annotations

import hashlib
import platform
import uuid
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from qpm_desktop.credentials.tokens import TokenVault
from qpm_desktop.protocol.messages import (
    AuditTrailAnswer,
    Change,
    FrameworkVersionOut,
    MutationResult,
)
from qpm_desktop.services.changes import Changes
from qpm_desktop.services.context import ServiceContext
from qpm_desktop.store import audit_trail
from qpm_desktop.store import replica as rep
from qpm_desktop.store.records import RecordChange, verify_audit_chain
from qpm_desktop.store.tables import ENTITIES, Attachment, ReportVersion
from qpm_desktop.sync.client import CentralClient, Tokens
from qpm_desktop.sync.engine import (
    AuditBatch,
    OutgoingMutation,
    Progress,
    SyncEngine,
    SyncReport,
)
from qpm_desktop.sync.errors import NotSignedIn, SyncError

K_SERVER = "sync.server_url"
K_USER = "sync.username"
K_DEVICE = "sync.device_id"
K_CURSOR = "sync.cursor"
K_LAST_SYNC = "sync.last_success_at"
K_LAST_ERROR = "sync.last_error"
K_DIGEST = "sync.digest."
K_ROLE = "sync.role"
K_DISPLAY = "sync.display_name"
# The last audit entry the central store acknowledged (one per server: the key ends with a
# hash of its address), and its refusal of the trail, if any (docs/decisions/0010).
K_AUDIT_ACKED = "sync.audit_acked."
K_AUDIT_PROBLEM = "sync.audit_problem"

__all__ = [
    "Account",
    "AuditTrailState",
    "ConflictView",
    "LocalReplica",
    "Progress",
    "Readiness",
    "SetAsideView",
    "SyncError",
    "SyncStatus",
    "SyncSummary",
    "Syncing",
]


class _VaultTokens:
    """The engine's token keeper over the keyring vault (tokens as JSON there)."""

    def __init__(self, vault: TokenVault) -> None:
        self.vault = vault

    def load(self) -> Tokens | None:
        raw = self.vault.load()
        if raw is None:
            return None
        try:
            return Tokens(
                access_token=raw["access_token"],
                refresh_token=raw["refresh_token"],
                access_expires_at=datetime.fromisoformat(raw["access_expires_at"]),
                username=raw["username"],
                role=raw["role"],
                display_name=raw.get("display_name", ""),
            )
        except (KeyError, ValueError, TypeError):
            return None

    def save(self, tokens: Tokens) -> None:
        self.vault.save(
            {
                "access_token": tokens.access_token,
                "refresh_token": tokens.refresh_token,
                "access_expires_at": tokens.access_expires_at.isoformat(),
                "username": tokens.username,
                "role": tokens.role,
                "display_name": tokens.display_name,
            }
        )

    def clear(self) -> None:
        self.vault.clear()


@dataclass(frozen=True, slots=True)
class Account:
    server_url: str
    username: str
    role: str
    display_name: str
    has_tokens: bool


@dataclass(frozen=True, slots=True)
class SyncSummary:
    """What one sync did, in plain values for the UI."""

    sent: int
    received: int
    uploaded: int
    results: dict[str, int]
    applied: dict[str, int]
    digests: dict[str, str]
    skew_seconds: float
    finished_at: datetime
    changes: Changes = field(default_factory=Changes)
    audit_sent: int = 0
    audit_problem: str | None = None
    #: Signed reports timestamped (PAdES B-LT) and sent to the store after this sync, and why
    #: any could not be (tried again on the next sync; they never fail the sync itself).
    reports_timestamped: int = 0
    reports_sent: int = 0
    report_problems: tuple[str, ...] = ()
    #: Files of a co-assessor's attachments received, and those that could not be kept.
    downloaded: int = 0
    file_problems: tuple[str, ...] = ()

    @property
    def conflicts(self) -> int:
        return self.results.get("conflict", 0) + self.applied.get("conflicts", 0)

    @property
    def rejected(self) -> int:
        return self.results.get("rejected", 0)


@dataclass(frozen=True, slots=True)
class SyncStatus:
    signed_in: bool
    server_url: str | None
    username: str | None
    pending: int
    sent: int
    set_aside: int
    conflicts: int
    last_success_at: str | None
    last_error: str | None
    audit_problem: str | None = None


@dataclass(frozen=True, slots=True)
class AuditTrailState:
    """The local audit trail: how far the central store holds it, and whether it holds here."""

    newest_seq: int
    acknowledged_through: int
    local_problems: tuple[str, ...]
    refused: str | None


@dataclass(frozen=True, slots=True)
class ConflictView:
    seq: int
    entity: str
    record_id: str
    field: str
    base: Any
    mine: Any
    theirs: Any
    detected_at: datetime


@dataclass(frozen=True, slots=True)
class SetAsideView:
    mutation_id: str
    entity: str
    record_id: str
    reason: str
    fields: dict[str, Any]
    at: datetime


@dataclass(frozen=True, slots=True)
class Readiness:
    """Is everything needed on site held here? ``problems`` say what is missing."""

    ready: bool
    problems: tuple[str, ...]
    assessments: int


class LocalReplica:
    """The engine's view of the local copy (see :class:`~qpm_desktop.sync.engine.Replica`)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.touched: set[str] = set()

    def device_id(self) -> str:
        with self.ctx.store.write() as s:
            value = rep.get_setting(s, K_DEVICE)
            if value is None:
                value = str(uuid.uuid4())
                rep.set_setting(s, K_DEVICE, value)
        return value

    def take_outbox(self, limit: int, in_flight: Collection[str] = ()) -> list[OutgoingMutation]:
        with self.ctx.store.read() as s:
            if not rep.has_outgoing(s, in_flight):
                return []  # no write transaction (and no commit) for an empty outbox
        with self.ctx.store.write() as s:
            taken = rep.take_outbox(s, limit, now=self.ctx.clock(), in_flight=in_flight)
        return [OutgoingMutation(t.mutation, t.sha256) for t in taken]

    def file_chunks(self, sha256: str) -> tuple[int, Iterable[bytes]] | None:
        files = self.ctx.file_store()
        if not files.path_for(sha256).exists():
            return None
        with self.ctx.store.read() as s:
            size = s.query(Attachment.size).filter(Attachment.sha256 == sha256).limit(1).scalar()
            if size is None:
                size = (
                    s.query(ReportVersion.size)
                    .filter(ReportVersion.pdf_sha256 == sha256)
                    .limit(1)
                    .scalar()
                )
        if size is None:
            return None
        return size, files.read_chunks(sha256)

    def record_results(self, results: Sequence[MutationResult]) -> dict[str, int]:
        tally = rep.PushTally()
        with self.ctx.store.write() as s:
            rep.record_results(s, results, now=self.ctx.clock(), tally=tally)
        return {k: getattr(tally, k) for k in tally.__slots__}  # type: ignore[attr-defined]

    def note_send_failure(self, mutation_ids: Sequence[str], error: str) -> None:
        with self.ctx.store.write() as s:
            rep.note_send_failure(s, mutation_ids, error)

    def has_unanswered(self) -> bool:
        with self.ctx.store.read() as s:
            return rep.has_sent(s)

    def cursor(self) -> int:
        with self.ctx.store.read() as s:
            return int(rep.get_setting(s, K_CURSOR) or 0)

    def set_cursor(self, cursor: int) -> None:
        with self.ctx.store.write() as s:
            rep.set_setting(s, K_CURSOR, str(cursor))

    def apply_pulled(
        self, changes: Sequence[Change], frameworks: Sequence[FrameworkVersionOut]
    ) -> dict[str, int]:
        for fw in frameworks:
            try:
                self.ctx.frameworks.get(fw.key)
            except KeyError:
                self.ctx.frameworks.import_bytes(fw.content.encode("utf-8"), source=fw.key)
        tally = rep.PullTally()
        if changes:
            with self.ctx.store.write() as s:
                rep.apply_pulled_many(s, changes, now=self.ctx.clock(), tally=tally)
            self.touched.update(c.entity for c in changes)
        return {k: getattr(tally, k) for k in tally.__slots__}  # type: ignore[attr-defined]

    def held_assessments(self) -> list[str]:
        with self.ctx.store.read() as s:
            return rep.held_assessments(s)

    def local_digest(self, assessment_id: str) -> tuple[str, int] | None:
        with self.ctx.store.read() as s:
            return rep.settled_digest(s, assessment_id)

    def note_digest(self, assessment_id: str, state: str, detail: str) -> None:
        with self.ctx.store.write() as s:
            rep.set_setting(s, K_DIGEST + assessment_id, f"{state} {detail}".strip())

    def missing_files(self) -> list[str]:
        """Hashes of live attachments whose file is not on this computer (a co-assessor's)."""
        files = self.ctx.file_store()
        with self.ctx.store.read() as s:
            rows = s.query(Attachment.sha256).filter(Attachment.deleted.is_(False)).distinct()
            hashes = [sha for (sha,) in rows]
        return sorted(sha for sha in hashes if not files.path_for(sha).exists())

    def keep_file(self, sha256: str, chunks: Iterable[bytes]) -> None:
        self.ctx.file_store().put_chunks(chunks, sha256=sha256)

    def audit_to_send(self, limit: int, after: int | None = None) -> AuditBatch | None:
        with self.ctx.store.read() as s:
            if after is None:
                after = int(rep.get_setting(s, audit_acked_key(s)) or 0)
            found = audit_trail.encoded_after(s, after, limit=limit)
        return None if found is None else AuditBatch(found.count, found.last_seq, found.body)

    def audit_answered(self, answer: AuditTrailAnswer | None, problem: str | None) -> None:
        """Remember how far the server holds the trail (its word, even if lower than before:
        then the rest is sent again; never past a refused entry, which is sent again next
        time, so the refusal keeps naming it) and its refusal, if any."""
        with self.ctx.store.write() as s:
            if answer is not None:
                acked = answer.held_through
                if answer.refused is not None:
                    acked = min(acked, answer.refused.seq - 1)
                rep.set_setting(s, audit_acked_key(s), str(acked))
            rep.set_setting(s, K_AUDIT_PROBLEM, problem)


def audit_acked_key(session: Any) -> str:
    server = (rep.get_setting(session, K_SERVER) or "").rstrip("/")
    return K_AUDIT_ACKED + hashlib.sha256(server.encode("utf-8")).hexdigest()[:16]


class Syncing:
    """Sign-in, sync and what follows from it, over one local copy."""

    def __init__(
        self,
        ctx: ServiceContext,
        *,
        client_factory: Callable[[str, Any], CentralClient] | None = None,
    ) -> None:
        self.ctx = ctx
        self.replica = LocalReplica(ctx)
        self._client_factory = client_factory or (lambda url, tokens: CentralClient(url, tokens))
        self._client: CentralClient | None = None
        self._client_key: tuple[str, str] | None = None

    # -------------------------------------------------------------- account

    def _setting(self, key: str) -> str | None:
        with self.ctx.store.read() as s:
            return rep.get_setting(s, key)

    def account(self) -> Account | None:
        with self.ctx.store.read() as s:
            url, user = rep.get_setting(s, K_SERVER), rep.get_setting(s, K_USER)
            role = rep.get_setting(s, K_ROLE) or ""
            display = rep.get_setting(s, K_DISPLAY) or ""
        if not url or not user:
            return None
        has = TokenVault(url, user).load() is not None
        return Account(url, user, role, display, has)

    def client(self, server_url: str | None = None, username: str | None = None) -> CentralClient:
        """The one HTTP client for this account (made once: a new one costs a connection)."""
        if server_url is None or username is None:
            account = self.account()
            if account is None:
                raise NotSignedIn()
            server_url, username = account.server_url, account.username
        key = (server_url.rstrip("/"), username)
        if self._client is None or self._client_key != key:
            if self._client is not None:
                self._client.close()
            self._client = self._client_factory(key[0], _VaultTokens(TokenVault(*key)))
            self._client_key = key
        return self._client

    def sign_in(self, server_url: str, username: str, password: str) -> Account:
        """Sign in (tokens into the keyring); raises a :class:`SyncError` with the message to
        show for a wrong password, a disabled account, a server that is down or a far-off
        clock. Enrols this device's signing key when the account has none yet."""
        server_url = server_url.strip().rstrip("/")
        username = username.strip()
        previous = self.account()
        if previous is not None and previous.username != username and self._has_local_work():
            raise SyncError(
                f"This local copy holds unsent work of {previous.username}. Sync it under that "
                "account first; another account cannot take it over."
            )
        client = self.client(server_url, username)
        client.health()
        tokens = client.sign_in(username, password, self.replica.device_id(), platform.node())
        with self.ctx.store.write() as s:
            rep.set_setting(s, K_SERVER, server_url)
            rep.set_setting(s, K_USER, username)
            rep.set_setting(s, K_ROLE, tokens.role)
            rep.set_setting(s, K_DISPLAY, tokens.display_name)
            rep.set_setting(s, K_LAST_ERROR, None)
        self._enrol(client, username, tokens.display_name)
        return Account(server_url, username, tokens.role, tokens.display_name, True)

    def _enrol(self, client: CentralClient, username: str, display_name: str) -> None:
        """Get this device's signing certificate (best effort: the readiness check says when
        it is missing)."""
        try:
            from qpm_desktop.credentials.signing_key import DeviceCredentials

            creds = DeviceCredentials(username)
            if creds.certificate() is not None:
                return
            csr = creds.certificate_request(display_name or username)
            issued = client.request_certificate(csr)
            creds.store_certificate(issued.certificate_pem, issued.ca_certificate_pem)
        except Exception:
            return

    def _has_local_work(self) -> bool:
        with self.ctx.store.read() as s:
            counts = rep.count_outbox(s)
        return counts["pending"] + counts["sent"] > 0

    def sign_out(self) -> None:
        """Forget the tokens (revoking them on the server when it can be reached).

        Refused (:class:`~qpm_desktop.services.rescue.UnsyncedWork`) while changes are neither
        on the central store nor exported to a rescue bundle."""
        from qpm_desktop.services.rescue import Rescue

        account = self.account()
        if account is None:
            return
        Rescue(self.ctx).check_sign_out()
        try:
            self.client().sign_out()
        finally:
            TokenVault(account.server_url, account.username).clear()

    # -------------------------------------------------------------- sync

    def sync_now(self, progress: Progress | None = None) -> SyncSummary:
        """One sync round. Raises :class:`SyncError` (its text is the message to show)."""
        client = self.client()
        engine = SyncEngine(client, self.replica)
        self.replica.touched.clear()
        try:
            report = engine.run(progress)
        except SyncError as exc:
            with self.ctx.store.write() as s:
                rep.set_setting(s, K_LAST_ERROR, str(exc))
            raise
        stamped, sent, problems = self._signed_reports(client, engine, report, progress)
        now = self.ctx.clock()
        with self.ctx.store.write() as s:
            rep.set_setting(s, K_LAST_SYNC, now.isoformat())
            rep.set_setting(s, K_LAST_ERROR, None)
        self._confirm_retention(client)
        return replace(
            self._summary(report, now),
            reports_timestamped=stamped,
            reports_sent=sent,
            report_problems=tuple(problems),
        )

    def _signed_reports(
        self, client: CentralClient, engine: SyncEngine, report: SyncReport, progress: Any
    ) -> tuple[int, int, list[str]]:
        """After a sync: timestamp the reports signed here since (PAdES B-LT, decision 0009),
        push their new files' records, and send signed reports to the store. Never raises: a
        failure is a problem in the summary, and the next sync tries again."""
        from qpm_desktop.services.reporting import Reporting

        if progress is not None and progress.cancel.is_set():
            return 0, 0, []
        reporting = Reporting(self.ctx)
        problems: list[str] = []
        try:
            if progress is not None:
                progress.set("timestamping signed reports")
            stamped, failed = reporting.timestamp_signed(client)
            problems += failed
            if stamped:
                again = engine.run(progress)  # sends the timestamped versions' records
                report.pushed += again.pushed
                report.add(report.push_results, again.push_results)
                report.uploaded += again.uploaded
                report.digests.update(again.digests)
            if progress is not None:
                progress.set("sending signed reports")
            sent, refused = reporting.upload_signed(client)
            problems += refused
        except Exception as exc:  # the sync of records succeeded; this part waits
            return 0, 0, [*problems, f"signed reports: {exc}"]
        return len(stamped), sent, problems

    def _confirm_retention(self, client: CentralClient) -> None:
        """After a sync, note which assessments the central store now holds completely (their
        retention period starts; docs/decisions/0012). Never fails the sync."""
        from qpm_desktop.services.retention import Retention

        try:
            with self.ctx.store.read() as s:
                held = int(rep.get_setting(s, audit_acked_key(s)) or 0)
            Retention(self.ctx).confirm_with_server(
                client.signed_reports, lambda sha: client.upload_state(sha)[1], held
            )
        except SyncError:
            return

    def _summary(self, report: SyncReport, now: datetime) -> SyncSummary:
        kinds = frozenset(self.replica.touched)
        changes = Changes(
            tuple(RecordChange(k, "", "pull", 0, ()) for k in sorted(kinds)), now, kinds
        )
        return SyncSummary(
            sent=report.pushed,
            received=report.pulled,
            uploaded=report.uploaded,
            results=dict(report.push_results),
            applied=dict(report.pull_results),
            digests=dict(report.digests),
            skew_seconds=report.skew_seconds,
            finished_at=now,
            changes=changes,
            audit_sent=report.audit_sent,
            audit_problem=report.audit_problem,
            downloaded=report.downloaded,
            file_problems=tuple(report.file_problems),
        )

    def status(self) -> SyncStatus:
        account = self.account()
        with self.ctx.store.read() as s:
            counts = rep.count_outbox(s)
            last = rep.get_setting(s, K_LAST_SYNC)
            error = rep.get_setting(s, K_LAST_ERROR)
            audit_problem = rep.get_setting(s, K_AUDIT_PROBLEM)
        return SyncStatus(
            signed_in=account is not None and account.has_tokens,
            server_url=account.server_url if account else None,
            username=account.username if account else None,
            pending=counts["pending"],
            sent=counts["sent"],
            set_aside=counts["set_aside"],
            conflicts=counts["conflicts"],
            last_success_at=last,
            last_error=error,
            audit_problem=audit_problem,
        )

    def audit_trail(self) -> AuditTrailState:
        """Check the whole local audit trail (every hash, every link) and say how far the
        central store holds it. Reads every entry: for a check on demand, not a hot path."""
        with self.ctx.store.read() as s:
            problems = verify_audit_chain(s)
            return AuditTrailState(
                newest_seq=audit_trail.head_seq(s),
                acknowledged_through=int(rep.get_setting(s, audit_acked_key(s)) or 0),
                local_problems=tuple(problems),
                refused=rep.get_setting(s, K_AUDIT_PROBLEM),
            )

    def digest_state(self, assessment_id: str) -> str | None:
        return self._setting(K_DIGEST + assessment_id)

    def repair(self, assessment_id: str, progress: Progress | None = None) -> SyncSummary:
        """After a digest mismatch: fetch every record of the assessment again, merge it as
        usual (nothing local is dropped), send back whatever the server turned out not to
        hold, and compare again."""
        with self.ctx.store.write() as s:
            rep.mark_for_repair(s, assessment_id)
            rep.set_setting(s, K_CURSOR, "0")
        self.sync_now(progress)
        with self.ctx.store.write() as s:
            rep.requeue_unconfirmed(s, assessment_id, now=self.ctx.clock())
        return self.sync_now(progress)

    # -------------------------------------------------------------- readiness

    def readiness(self) -> Readiness:
        """Before leaving for site: is everything needed here, and is all work safe?"""
        problems: list[str] = []
        account = self.account()
        if account is None or not account.has_tokens:
            problems.append("Not signed in to the central store.")
        with self.ctx.store.read() as s:
            assessments = rep.held_assessments(s)
            counts = rep.count_outbox(s)
            from qpm_desktop.store.tables import Assessment, FrameworkVersion

            for aid in assessments:
                a = s.get(Assessment, aid)
                if a is None:
                    continue
                if s.get(FrameworkVersion, a.framework_key) is None:
                    problems.append(f"{a.reference}: framework {a.framework_key} is missing.")
        if not assessments:
            problems.append("No assessment has been downloaded yet.")
        if counts["pending"] or counts["sent"]:
            problems.append(
                f"{counts['pending'] + counts['sent']} change(s) not yet on the server."
            )
        missing = len(self.replica.missing_files())
        if missing:
            problems.append(f"{missing} attached file(s) not downloaded yet (sync again).")
        if counts["conflicts"]:
            problems.append(f"{counts['conflicts']} conflict(s) wait for your choice.")
        if counts["set_aside"]:
            problems.append(f"{counts['set_aside']} change(s) set aside by the server.")
        if account is not None:
            try:
                from qpm_desktop.credentials.signing_key import DeviceCredentials

                if DeviceCredentials(account.username).certificate() is None:
                    problems.append("This computer has no signing certificate yet (sign in again).")
            except Exception as exc:
                problems.append(str(exc))
        return Readiness(not problems, tuple(problems), len(assessments))

    # -------------------------------------------------------------- conflicts, set aside

    def conflicts(self) -> list[ConflictView]:
        with self.ctx.store.read() as s:
            return [
                ConflictView(
                    c.seq, c.entity, c.record_id, c.field, c.base, c.mine, c.theirs, c.detected_at
                )
                for c in rep.open_conflicts(s)
            ]

    def resolve(self, seq: int, choice: str, value: Any = None) -> Changes:
        """Close a conflict with ``mine``, ``theirs`` or ``edited`` (then ``value``)."""
        now = self.ctx.clock()
        with self.ctx.store.write() as s:
            from qpm_desktop.store.tables import SyncConflict

            c = s.get(SyncConflict, seq)
            if c is None:
                raise LookupError(f"no conflict {seq}")
            entity, record_id, name = c.entity, c.record_id, c.field
            rep.resolve_conflict(s, seq, choice, value, actor=self.ctx.actor, now=now)
        return Changes.of([RecordChange(entity, record_id, "update", 0, (name,))], now)

    def set_aside(self) -> list[SetAsideView]:
        with self.ctx.store.read() as s:
            return [
                SetAsideView(r.mutation_id, r.entity, r.record_id, r.reason, r.fields, r.at)
                for r in rep.set_aside(s)
            ]

    def retry_set_aside(self, mutation_id: str) -> None:
        with self.ctx.store.write() as s:
            rep.retry_set_aside(s, mutation_id, now=self.ctx.clock())

    def record_state(self, entity: str, record_id: str) -> tuple[str, str | None]:
        """The visible sync state of one record and its note (the reason when set aside)."""
        cls = ENTITIES[entity]
        with self.ctx.store.read() as s:
            row = s.get(cls, record_id)
            if row is None:
                raise LookupError(f"no {entity} {record_id}")
            return row.sync_state.value, row.sync_note

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
