"""The HTTP side of sync: one reused httpx client, timeouts, retries with jittered backoff,
tokens refreshed when they expire, and the server's clock checked on every answer.

Only requests that are safe to repeat are retried after they may have reached the server: pull,
digest and attachment state are reads; push is idempotent by mutation id; an attachment upload
resumes from what the server says it holds. A token refresh is retried too: the central store
treats a replayed refresh token as stolen, except for a short grace after the rotation while
the token it issued has never been used (the answer was lost), so a prompt retry is answered
with fresh tokens.
"""

from __future__ import annotations

import contextlib
import json
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from qpm_desktop.model import jsoncodec
from qpm_desktop.protocol import (
    HEADER_CLIENT_VERSION,
    HEADER_PROTOCOL,
    HEADER_SERVER_TIME,
    MAX_ATTACHMENT_CHUNK_BYTES,
    PATH_ATTACHMENT,
    PATH_CERTIFICATES,
    PATH_CRL,
    PATH_DEVICE_AUDIT_TRAIL,
    PATH_DIGEST,
    PATH_EXPECTED_ATTACHMENTS,
    PATH_HEALTH,
    PATH_LOGOUT,
    PATH_PULL,
    PATH_PUSH,
    PATH_REFRESH,
    PATH_REPORT,
    PATH_TIMESTAMP,
    PATH_TOKEN,
    PROTOCOL_VERSION,
)
from qpm_desktop.protocol.messages import (
    AuditTrailAnswer,
    AuditTrailEntry,
    CertificateResponse,
    Change,
    DigestResponse,
    ExpectedAttachments,
    Health,
    MutationIn,
    MutationResult,
    PullResponse,
    PushResponse,
    SignedReportAccepted,
    TokenResponse,
    UploadState,
)
from qpm_desktop.sync.errors import (
    Cancelled,
    ClockSkew,
    NotSignedIn,
    ProtocolMismatch,
    Refused,
    ServerFailed,
    ServerUnreachable,
    SessionExpired,
    SyncError,
    TooManyAttempts,
    WrongCredentials,
)

M = TypeVar("M", bound=BaseModel)

#: Beyond this the sync stops and says so (the audit trail's times would be wrong).
MAX_CLOCK_SKEW = timedelta(minutes=5)
#: Refresh the access token when it has less than this left.
REFRESH_MARGIN = timedelta(seconds=30)
UPLOAD_CHUNK = 4 * 1024 * 1024
DOWNLOAD_CHUNK = 256 * 1024
assert UPLOAD_CHUNK <= MAX_ATTACHMENT_CHUNK_BYTES


@dataclass(frozen=True, slots=True)
class Tokens:
    access_token: str
    refresh_token: str
    access_expires_at: datetime  # on the server's clock
    username: str
    role: str
    display_name: str = ""

    @classmethod
    def from_response(cls, body: TokenResponse) -> Tokens:
        return cls(
            access_token=body.access_token,
            refresh_token=body.refresh_token,
            access_expires_at=body.server_time + timedelta(seconds=body.expires_in),
            username=body.username,
            role=body.role,
            display_name=body.display_name,
        )


class TokenKeeper(Protocol):
    """Where tokens live between requests (the keyring in the app; memory in tests)."""

    def load(self) -> Tokens | None: ...

    def save(self, tokens: Tokens) -> None: ...

    def clear(self) -> None: ...


class MemoryTokens:
    def __init__(self) -> None:
        self.tokens: Tokens | None = None

    def load(self) -> Tokens | None:
        return self.tokens

    def save(self, tokens: Tokens) -> None:
        self.tokens = tokens

    def clear(self) -> None:
        self.tokens = None


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Full jitter: anywhere up to the exponential bound, so many clients coming back
        after an outage do not return in step."""
        return rng.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


# Transport failures where the request certainly did not reach the server.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class CentralClient:
    """Talks to one central store. Thread-safe enough for one sync at a time."""

    def __init__(
        self,
        base_url: str,
        tokens: TokenKeeper,
        *,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        client_version: str = "0",
        max_skew: timedelta = MAX_CLOCK_SKEW,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.retry = retry or RetryPolicy()
        self.clock = clock
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.max_skew = max_skew
        self.cancel: threading.Event | None = None
        self.skew: timedelta = timedelta(0)
        #: The server's time as its last answer said (``X-Server-Time``), if it said.
        self.server_time: datetime | None = None
        self.requests = 0
        self.transport_failures = 0
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            headers={HEADER_PROTOCOL: str(PROTOCOL_VERSION), HEADER_CLIENT_VERSION: client_version},
        )

    def close(self) -> None:
        self._http.close()

    # -------------------------------------------------------------- plumbing

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()

    def _note_time(self, response: httpx.Response) -> None:
        stamp = response.headers.get(HEADER_SERVER_TIME)
        if not stamp:
            return
        try:
            server = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            return
        self.server_time = server
        self.skew = self.clock() - server
        if abs(self.skew) > self.max_skew:
            raise ClockSkew(self.skew.total_seconds())

    def _send(
        self,
        method: str,
        path: str,
        *,
        repeatable: bool = True,
        auth: bool = True,
        **kwargs: Any,
    ) -> httpx.Response:
        """One request with retries; refreshes the access token once on a 401."""
        refreshed = False
        attempt = 0
        while True:
            self._check_cancel()
            headers = dict(kwargs.pop("headers", None) or {})
            if auth:
                headers["Authorization"] = f"Bearer {self._access_token()}"
            try:
                self.requests += 1
                response = self._http.request(method, path, headers=headers, **kwargs)
            except httpx.TransportError as exc:
                self.transport_failures += 1
                kwargs["headers"] = headers
                if (repeatable or isinstance(exc, _NOT_SENT)) and attempt + 1 < self.retry.attempts:
                    self.sleep(self.retry.delay(attempt, self.rng))
                    attempt += 1
                    continue
                raise ServerUnreachable(self.base_url, type(exc).__name__) from exc
            kwargs["headers"] = headers
            self._note_time(response)
            if response.status_code == 401 and auth and not refreshed:
                self.refresh()
                refreshed = True
                continue
            if response.status_code in (502, 503, 504) or (
                response.status_code >= 500 and repeatable
            ):
                if attempt + 1 < self.retry.attempts:
                    self.sleep(self.retry.delay(attempt, self.rng))
                    attempt += 1
                    continue
                raise ServerFailed(
                    f"The central store failed ({response.status_code}); try again later."
                )
            return response

    def _parse(self, response: httpx.Response, model: type[M]) -> M:
        if response.status_code == 401:
            raise SessionExpired()
        if response.status_code == 426:
            raise ProtocolMismatch(_detail(response))
        if response.status_code >= 400:
            raise Refused(f"The central store refused the request: {_detail(response)}")
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise ServerFailed(
                f"The central store sent an answer this app cannot read: {exc}"
            ) from None

    def _access_token(self) -> str:
        tokens = self.tokens.load()
        if tokens is None:
            raise NotSignedIn()
        if tokens.access_expires_at - REFRESH_MARGIN < self.clock() - self.skew:
            tokens = self.refresh()
        return tokens.access_token

    # -------------------------------------------------------------- auth

    def health(self) -> Health:
        return self._parse(self._send("GET", PATH_HEALTH, auth=False), Health)

    def sign_in(self, username: str, password: str, device_id: str, device_name: str) -> Tokens:
        response = self._send(
            "POST",
            PATH_TOKEN,
            auth=False,
            json={
                "username": username,
                "password": password,
                "device_id": device_id,
                "device_name": device_name[:200],
            },
        )
        if response.status_code == 401:
            raise WrongCredentials()
        if response.status_code == 429:
            raise TooManyAttempts(int(response.headers.get("Retry-After", "60")))
        tokens = Tokens.from_response(self._parse(response, TokenResponse))
        self.tokens.save(tokens)
        return tokens

    def refresh(self) -> Tokens:
        current = self.tokens.load()
        if current is None:
            raise NotSignedIn()
        response = self._send(
            "POST",
            PATH_REFRESH,
            auth=False,
            json={"refresh_token": current.refresh_token},
        )
        if response.status_code in (401, 403):
            self.tokens.clear()
            raise SessionExpired()
        tokens = Tokens.from_response(self._parse(response, TokenResponse))
        self.tokens.save(tokens)
        return tokens

    def sign_out(self) -> None:
        """Revoke the refresh token on the server if it can be reached; forget it anyway."""
        current = self.tokens.load()
        self.tokens.clear()
        if current is None:
            return
        with contextlib.suppress(SyncError):
            self._send(
                "POST",
                PATH_LOGOUT,
                auth=False,
                repeatable=False,
                json={"refresh_token": current.refresh_token},
            )

    # -------------------------------------------------------------- sync

    def pull(
        self, cursor: int, limit: int, *, omit_mine_since: datetime | None = None
    ) -> PullResponse:
        """One page of changes after ``cursor``; with ``omit_mine_since`` (the server's time
        when this round began) without the versions this device made since, exactly as it
        sent them (it has them from the push's answers)."""
        params: dict[str, Any] = {"cursor": cursor, "limit": limit}
        if omit_mine_since is not None:
            params["omit_mine_since"] = (
                omit_mine_since.astimezone(UTC).isoformat(timespec="microseconds")
            ).replace("+00:00", "Z")
        response = self._send("GET", PATH_PULL, params=params)
        if response.status_code >= 400:
            return self._parse(response, PullResponse)  # raises the matching error
        # A page is parsed change by change rather than in one call, which for a thousand
        # changes would hold the interpreter (and the window's event loop) for as long.
        try:
            body = jsoncodec.loads(response.content)
            changes = [Change.model_validate(c) for c in body.pop("changes")]
            page = PullResponse.model_validate({**body, "changes": []})
        except (ValueError, TypeError, KeyError, AttributeError, ValidationError) as exc:
            raise ServerFailed(
                f"The central store sent an answer this app cannot read: {exc}"
            ) from None
        return page.model_copy(update={"changes": changes})

    def push(self, device_id: str, mutations: list[MutationIn]) -> list[MutationResult]:
        # Encoded by pydantic in one call (about 2 ms per thousand mutations; dumping each to
        # dicts and json.dumps took five times as long, on the thread that also waits for the
        # answer, beside the sync thread's work).
        content = b"".join(
            (
                b'{"device_id":',
                json.dumps(device_id).encode("ascii"),
                b',"mutations":',
                _MUTATIONS.dump_json(mutations),
                b"}",
            )
        )
        response = self._send(
            "POST", PATH_PUSH, content=content, headers={"Content-Type": "application/json"}
        )
        return self._parse(response, PushResponse).results

    def push_audit(self, device_id: str, entries: list[AuditTrailEntry]) -> AuditTrailAnswer:
        """Send the next entries of this device's audit trail (idempotent: entries the server
        already holds are acknowledged again, so a resend after a lost answer is harmless)."""
        body = {"entries": [e.model_dump(mode="json") for e in entries]}
        path = PATH_DEVICE_AUDIT_TRAIL.format(device_id=device_id)
        response = self._send("POST", path, json=body)
        return self._parse(response, AuditTrailAnswer)

    def push_audit_encoded(self, device_id: str, body: bytes) -> AuditTrailAnswer:
        """:meth:`push_audit` with the request body already encoded (``{"entries": [...]}``):
        a day's trail goes out without being decoded and encoded again."""
        path = PATH_DEVICE_AUDIT_TRAIL.format(device_id=device_id)
        response = self._send(
            "POST", path, content=body, headers={"Content-Type": "application/json"}
        )
        return self._parse(response, AuditTrailAnswer)

    def digest(self, assessment_id: str) -> DigestResponse | None:
        response = self._send("GET", PATH_DIGEST.format(assessment_id=assessment_id))
        if response.status_code == 404:
            return None
        return self._parse(response, DigestResponse)

    def expected_attachments(self, assessment_id: str) -> ExpectedAttachments | None:
        """The files an assessment's records refer to, and which of them have arrived."""
        path = PATH_EXPECTED_ATTACHMENTS.format(assessment_id=assessment_id)
        response = self._send("GET", path)
        if response.status_code == 404:
            return None
        return self._parse(response, ExpectedAttachments)

    def upload_state(self, sha256: str) -> tuple[int, bool]:
        response = self._send("HEAD", PATH_ATTACHMENT.format(sha256=sha256))
        if response.status_code >= 400:
            raise Refused(
                f"The central store refused the attachment check ({response.status_code})"
            )
        return (
            int(response.headers.get("X-Received-Bytes", "0")),
            response.headers.get("X-Upload-Complete") == "true",
        )

    def upload(self, sha256: str, size: int, chunks: Callable[[], Iterable[bytes]]) -> None:
        """Send a file, resuming from what the server already holds (after any break)."""
        for _ in range(self.retry.attempts * 4):
            received, complete = self.upload_state(sha256)
            if complete:
                return
            try:
                if self._upload_from(sha256, size, received, chunks()):
                    # Trust the answer that completed it: when another account uploaded the
                    # same file first, the server's HEAD says 0 until a record refers to it.
                    return
            except (ServerUnreachable, _WrongOffset):
                continue  # ask again how much arrived, and resume from there
        raise ServerUnreachable(self.base_url, "the upload kept breaking off")

    def _upload_from(self, sha256: str, size: int, offset: int, chunks: Iterable[bytes]) -> bool:
        """Send the file from ``offset``; True when the server said it is complete."""
        position = 0
        for piece in _rechunk(chunks, UPLOAD_CHUNK):
            end = position + len(piece)
            if end <= offset:
                position = end
                continue
            if position < offset:
                piece = piece[offset - position :]
                position = offset
            response = self._send(
                "PUT",
                PATH_ATTACHMENT.format(sha256=sha256),
                content=piece,
                headers={"Content-Range": f"bytes {position}-{position + len(piece) - 1}/{size}"},
            )
            if response.status_code == 416:
                raise _WrongOffset()
            state = self._parse(response, UploadState)
            if state.complete:
                return True
            position += len(piece)
        if size == 0:
            response = self._send(
                "PUT",
                PATH_ATTACHMENT.format(sha256=sha256),
                content=b"",
                headers={"Content-Range": "bytes 0--1/0"},
            )
            return self._parse(response, UploadState).complete
        return False

    def download(self, sha256: str, keep: Callable[[Iterable[bytes]], object]) -> bool:
        """Stream a file the central store holds into ``keep`` (which stores it, checked
        against its hash). False when there is no such file for this account (not uploaded
        yet, or not one it may read). A connection that breaks midway is retried from the
        start with backoff (``keep`` must leave nothing behind when its input breaks)."""
        path = PATH_ATTACHMENT.format(sha256=sha256)
        refreshed = False
        attempt = 0
        while True:
            self._check_cancel()
            headers = {"Authorization": f"Bearer {self._access_token()}"}
            try:
                self.requests += 1
                with self._http.stream("GET", path, headers=headers) as response:
                    self._note_time(response)
                    if response.status_code == 401 and not refreshed:
                        refreshed = True
                        self.refresh()
                        continue
                    if response.status_code == 404:
                        return False
                    if response.status_code >= 400:
                        response.read()
                        self._bytes(response, "application/octet-stream")  # raises
                    keep(response.iter_bytes(DOWNLOAD_CHUNK))
                    return True
            except httpx.TransportError as exc:
                self.transport_failures += 1
                if attempt + 1 >= self.retry.attempts:
                    raise ServerUnreachable(self.base_url, type(exc).__name__) from exc
                self.sleep(self.retry.delay(attempt, self.rng))
                attempt += 1

    def request_certificate(self, csr_pem: str) -> CertificateResponse:
        response = self._send("POST", PATH_CERTIFICATES, json={"csr_pem": csr_pem})
        return self._parse(response, CertificateResponse)

    # -------------------------------------------------------------- timestamps, signed reports

    def _bytes(self, response: httpx.Response, media_type: str) -> bytes:
        """The body of a binary answer (refusals raise as :meth:`_parse` does)."""
        if response.status_code == 401:
            raise SessionExpired()
        if response.status_code == 426:
            raise ProtocolMismatch(_detail(response))
        if response.status_code >= 400:
            raise Refused(f"The central store refused the request: {_detail(response)}")
        if response.headers.get("content-type", "").split(";")[0].strip() != media_type:
            raise ServerFailed(f"The central store did not answer with {media_type}.")
        return response.content

    def timestamp(self, query: bytes) -> bytes:
        """An RFC 3161 reply from the store's time-stamping authority for a DER query."""
        response = self._send(
            "POST",
            PATH_TIMESTAMP,
            content=query,
            headers={"Content-Type": "application/timestamp-query"},
        )
        return self._bytes(response, "application/timestamp-reply")

    def revocation_list(self) -> bytes:
        """The store's CA revocation list (DER)."""
        return self._bytes(self._send("GET", PATH_CRL, auth=False), "application/pkix-crl")

    def upload_report(self, assessment_id: str, sha256: str, pdf: bytes) -> SignedReportAccepted:
        """Send a signed report; the store verifies it before it accepts it (idempotent)."""
        response = self._send(
            "PUT",
            PATH_REPORT.format(assessment_id=assessment_id, sha256=sha256),
            content=pdf,
            headers={"Content-Type": "application/pdf"},
        )
        return self._parse(response, SignedReportAccepted)

    def signed_reports(self, assessment_id: str) -> set[str]:
        """The SHA-256 of every signed report of the assessment the store has accepted (an
        assessment out of reach answers as having none)."""
        from qpm_desktop.protocol import PATH_REPORTS
        from qpm_desktop.protocol.messages import SignedReports

        response = self._send("GET", PATH_REPORTS.format(assessment_id=assessment_id))
        if response.status_code == 404:
            return set()
        return {r.sha256 for r in self._parse(response, SignedReports).reports}


class _WrongOffset(Exception):
    pass


_MUTATIONS = TypeAdapter(list[MutationIn])


def _rechunk(chunks: Iterable[bytes], size: int) -> Iterator[bytes]:
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
    if buffer:
        yield bytes(buffer)


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    detail = body.get("detail") if isinstance(body, dict) else None
    return str(detail or f"HTTP {response.status_code}")
