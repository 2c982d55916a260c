"""The HTTP API (FastAPI). Handlers only translate: the rules live in auth, sync and ca.

Every response carries the server's time (``X-Server-Time``, and ``server_time`` in JSON
bodies). A client that announces a protocol version this server does not speak gets 426 with
a message saying so; a request without ``X-QPM-Protocol`` is taken as version 1 (so curl and
a browser fetching the CA certificate work).

No ``from __future__ import annotations`` here: FastAPI must see the real annotations of the
handlers, whose dependency aliases (``Caller``) are local to ``create_app``.
"""

import hashlib
import json
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import qpm_desktop
from qpm_desktop.central import audit_trail, auth, ca, reports, sync
from qpm_desktop.central.auth import AuthError, Principal
from qpm_desktop.central.db import Database
from qpm_desktop.central.schema import AuditLog, Blob, Record, SignedReport, User
from qpm_desktop.protocol import (
    API_PREFIX,
    DEFAULT_PULL_LIMIT,
    HEADER_PROTOCOL,
    HEADER_SERVER_TIME,
    MAX_ATTACHMENT_CHUNK_BYTES,
    MAX_JSON_BODY_BYTES,
    MAX_PULL_LIMIT,
    MAX_REPORT_BYTES,
    PATH_ASSESSMENT_AUDIT_TRAIL,
    PATH_ATTACHMENT,
    PATH_AUDIT,
    PATH_CA,
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
    PATH_REPORTS,
    PATH_TIMESTAMP,
    PATH_TOKEN,
    PROTOCOL_VERSION,
    SUPPORTED_PROTOCOL_VERSIONS,
)
from qpm_desktop.protocol.messages import (
    AssessmentAuditTrail,
    AuditEntryOut,
    AuditPage,
    AuditTrailAnswer,
    AuditTrailPage,
    AuditTrailPush,
    AuditTrailRefusal,
    CertificateRequest,
    CertificateResponse,
    DigestResponse,
    ErrorBody,
    ExpectedAttachment,
    ExpectedAttachments,
    Health,
    LogoutRequest,
    LogoutResponse,
    PullResponse,
    PushRequest,
    PushResponse,
    RefreshRequest,
    SignedReportAccepted,
    SignedReportOut,
    SignedReports,
    SignerOut,
    TokenRequest,
    TokenResponse,
    UploadState,
)
from qpm_desktop.signing import tsa

MAX_ATTACHMENT_BYTES = 2 * 1024**3
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
_REPORT_PATH = re.compile(rf"^{re.escape(API_PREFIX)}/assessments/[^/]+/reports/[^/]+$")


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(slots=True)
class Settings:
    data_dir: Path
    clock: Callable[[], datetime] = utcnow
    max_json_body: int = MAX_JSON_BODY_BYTES
    max_chunk: int = MAX_ATTACHMENT_CHUNK_BYTES
    max_report: int = MAX_REPORT_BYTES
    refresh_grace: timedelta = auth.REFRESH_REUSE_GRACE


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        error: str,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        problems: list[str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error
        self.detail = detail
        self.headers = headers or {}
        self.problems = problems or []


def _error_response(
    clock: Callable[[], datetime],
    status: int,
    error: str,
    detail: str,
    *,
    problems: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorBody(error=error, detail=detail, server_time=clock(), problems=problems or [])
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def _encoded(body: BaseModel) -> Response:
    """``body`` as the JSON answer, encoded by pydantic in one call. For the large answers of
    sync (a page of a thousand changes, a thousand push results): FastAPI would validate the
    returned model against the route's ``response_model`` again and encode it in three steps;
    the route still declares that model, so the API's description is unchanged."""
    return Response(body.model_dump_json(), media_type="application/json")


class Envelope:
    """ASGI middleware: server time on every response, protocol check, request body limit.

    The body is read (up to the limit) before the application sees it, so an oversized
    request is refused with 413 before anything is parsed or stored.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        clock = self.settings.clock

        async def send_with_time(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"x-server-time"
                ]
                headers.append((HEADER_SERVER_TIME.lower().encode(), iso(clock()).encode()))
                message = {**message, "headers": headers}
            await send(message)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        announced = headers.get(HEADER_PROTOCOL.lower())
        if announced is not None and (
            not announced.strip().isdigit() or int(announced) not in SUPPORTED_PROTOCOL_VERSIONS
        ):
            supported = ", ".join(str(v) for v in SUPPORTED_PROTOCOL_VERSIONS)
            response = _error_response(
                clock,
                426,
                "unsupported_protocol",
                f"this server speaks sync protocol version {supported}, the client asked for "
                f"{announced[:20]!r}; update QPM Desktop (or the server) so they match",
                headers={HEADER_PROTOCOL: str(PROTOCOL_VERSION)},
            )
            await response(scope, receive, send_with_time)
            return

        if scope["path"].startswith(f"{API_PREFIX}/attachments/"):
            limit = self.settings.max_chunk
        elif _REPORT_PATH.match(scope["path"]):
            limit = self.settings.max_report
        elif scope["path"] == PATH_TIMESTAMP:
            limit = tsa.MAX_QUERY_BYTES
        else:
            limit = self.settings.max_json_body
        too_large = _error_response(
            clock, 413, "body_too_large", f"the request body is larger than {limit} bytes"
        )
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await too_large(scope, receive, send_with_time)
            return
        chunks: list[bytes] = []
        size = 0
        more = scope["method"] not in ("GET", "HEAD")
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await too_large(scope, receive, send_with_time)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send_with_time)


_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (400, 401, 403, 404, 409, 413, 416, 422, 426, 429)
}


def create_app(db: Database, settings: Settings) -> FastAPI:
    clock = settings.clock
    app = FastAPI(
        title="QPM central store",
        version=qpm_desktop.__version__ if hasattr(qpm_desktop, "__version__") else "0",
        description="The service QPM Desktop syncs with. Sync protocol version "
        f"{PROTOCOL_VERSION}.",
        responses=_ERRORS,
    )
    app.add_middleware(Envelope, settings=settings)
    bearer = HTTPBearer(auto_error=False)
    blobs_dir = settings.data_dir / "blobs"
    uploads_dir = settings.data_dir / "uploads"

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error_response(
            clock, exc.status, exc.error, exc.detail, headers=exc.headers, problems=exc.problems
        )

    @app.exception_handler(AuthError)
    async def _auth_error(_request: Request, exc: AuthError) -> JSONResponse:
        if exc.retry_after is not None:
            return _error_response(
                clock,
                429,
                "too_many_attempts",
                exc.detail,
                headers={"Retry-After": str(exc.retry_after)},
            )
        return _error_response(
            clock, 401, "unauthorised", exc.detail, headers={"WWW-Authenticate": "Bearer"}
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        names = {404: "not_found", 405: "method_not_allowed"}
        return _error_response(
            clock,
            exc.status_code,
            names.get(exc.status_code, "http_error"),
            str(exc.detail),
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        malformed = False
        for error in exc.errors():
            if error.get("type") == "json_invalid":
                malformed = True
            where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
            problems.append(f"{where}: {error.get('msg')}" if where else str(error.get("msg")))
        if malformed:
            return _error_response(
                clock,
                400,
                "malformed_json",
                "the request body is not valid JSON",
                problems=problems,
            )
        return _error_response(
            clock,
            422,
            "invalid_request",
            "the request does not have the expected shape",
            problems=problems[:50],
        )

    def principal(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Principal:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise AuthError("sign in first: send Authorization: Bearer <access token>")
        with db.read() as session:
            return auth.authenticate(session, credentials.credentials, now=clock())

    Caller = Annotated[Principal, Depends(principal)]

    def client_of(request: Request) -> str:
        return (request.client.host if request.client else "unknown")[:64]

    @app.get(PATH_HEALTH, response_model=Health, tags=["service"])
    def health() -> Health:
        return Health(
            status="ok",
            protocol_version=PROTOCOL_VERSION,
            server_version=str(getattr(qpm_desktop, "__version__", "0")),
            server_time=clock(),
        )

    def _tokens(issued: auth.IssuedTokens) -> TokenResponse:
        return TokenResponse(
            access_token=issued.access_token,
            expires_in=issued.access_expires_in,
            refresh_token=issued.refresh_token,
            refresh_expires_in=issued.refresh_expires_in,
            username=issued.user.username,
            display_name=issued.user.display_name,
            role=issued.user.role,  # type: ignore[arg-type]
            server_time=clock(),
        )

    def _committing(work: Callable[[Any], Any]) -> Any:
        """Run ``work`` in a write transaction; an AuthError commits the audit it wrote."""
        failure: AuthError | None = None
        with db.write() as session:
            try:
                result = work(session)
            except AuthError as exc:
                failure = exc
        if failure is not None:
            raise failure
        return result

    @app.post(PATH_TOKEN, response_model=TokenResponse, tags=["auth"])
    def sign_in(body: TokenRequest, request: Request) -> TokenResponse:
        issued = _committing(
            lambda s: auth.sign_in(
                s,
                username=body.username,
                password=body.password,
                device_id=body.device_id,
                device_name=body.device_name,
                client=client_of(request),
                now=clock(),
            )
        )
        return _tokens(issued)

    @app.post(PATH_REFRESH, response_model=TokenResponse, tags=["auth"])
    def refresh(body: RefreshRequest, request: Request) -> TokenResponse:
        issued = _committing(
            lambda s: auth.refresh(
                s,
                body.refresh_token,
                client=client_of(request),
                now=clock(),
                grace=settings.refresh_grace,
            )
        )
        return _tokens(issued)

    @app.post(PATH_LOGOUT, response_model=LogoutResponse, tags=["auth"])
    def logout(body: LogoutRequest, request: Request) -> LogoutResponse:
        with db.write() as session:
            revoked = auth.logout(
                session, body.refresh_token, client=client_of(request), now=clock()
            )
        return LogoutResponse(revoked=revoked, server_time=clock())

    @app.get(PATH_PULL, response_model=PullResponse, tags=["sync"])
    def pull(
        caller: Caller,
        cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = DEFAULT_PULL_LIMIT,
        omit_mine_since: datetime | None = None,
    ) -> Response:
        """The next page of changes after ``cursor``. ``omit_mine_since`` (the start of the
        caller's sync round, by this server's clock, as its ``X-Server-Time`` said): leave out
        the versions the calling device made itself since then, applied exactly as it sent them
        (it has them from the push's answers)."""
        since = omit_mine_since
        if since is not None and since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        with db.read() as session:
            page = sync.pull(session, caller, cursor, limit, omit_mine_since=since)
        return _encoded(
            PullResponse(
                changes=page.changes,
                frameworks=page.frameworks,
                next_cursor=page.next_cursor,
                has_more=page.has_more,
                server_time=clock(),
            )
        )

    @app.post(PATH_PUSH, response_model=PushResponse, tags=["sync"])
    def push(body: PushRequest, caller: Caller, request: Request) -> Response:
        if body.device_id != caller.device_id:
            raise ApiError(
                422, "wrong_device", "device_id is not the device this access token was issued to"
            )
        with db.write() as session:
            results = sync.push(
                session,
                caller,
                body.device_id,
                body.mutations,
                now=clock(),
                client=client_of(request),
            )
        return _encoded(PushResponse(results=results, server_time=clock()))

    AssessmentId = Annotated[str, PathParam(max_length=64)]

    def _not_found() -> ApiError:
        return ApiError(404, "not_found", sync.NOT_FOUND)

    @app.get(PATH_DIGEST, response_model=DigestResponse, tags=["sync"])
    def digest(assessment_id: AssessmentId, caller: Caller) -> DigestResponse:
        with db.read() as session:
            found = sync.digest(session, caller, assessment_id)
        if found is None:
            raise _not_found()
        return DigestResponse(
            assessment_id=assessment_id, digest=found[0], records=found[1], server_time=clock()
        )

    @app.get(PATH_EXPECTED_ATTACHMENTS, response_model=ExpectedAttachments, tags=["attachments"])
    def expected_attachments(assessment_id: AssessmentId, caller: Caller) -> ExpectedAttachments:
        with db.read() as session:
            access = sync.Access(session, caller)
            if not access.can_read_assessment(session, assessment_id):
                raise _not_found()
            rows = session.scalars(
                select(Record).where(
                    Record.assessment_id == assessment_id,
                    Record.entity == "attachment",
                    Record.deleted.is_(False),
                )
            ).all()
            hashes = {r.fields["sha256"] for r in rows}
            arrived = set(session.scalars(select(Blob.sha256).where(Blob.sha256.in_(hashes))))
        return ExpectedAttachments(
            assessment_id=assessment_id,
            attachments=[
                ExpectedAttachment(
                    record_id=r.id,
                    sha256=r.fields["sha256"],
                    size=r.fields["size"],
                    arrived=r.fields["sha256"] in arrived,
                )
                for r in sorted(rows, key=lambda r: r.id)
            ],
            server_time=clock(),
        )

    # ---------------------------------------------------------------- attachments

    Sha = Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}$")]

    def _partial(caller: Principal, sha256: str) -> Path:
        user_dir = hashlib.sha256(caller.username.encode()).hexdigest()[:32]
        return uploads_dir / user_dir / f"{sha256}.part"

    def _proof(caller: Principal, sha256: str) -> Path:
        """An empty file saying this user has sent every byte of the file once (so holds it),
        even when another account's upload of the same bytes was stored first."""
        return _partial(caller, sha256).with_suffix(".done")

    def _blob_path(sha256: str) -> Path:
        return blobs_dir / sha256[:2] / sha256

    def _visible_blob(session: Any, caller: Principal, sha256: str) -> Blob | None:
        blob = session.get(Blob, sha256)
        if blob is None:
            return None
        if blob.uploaded_by == caller.username or _proof(caller, sha256).exists():
            return blob
        # Another user's upload counts only if a record this caller can read refers to it;
        # otherwise the answer would tell who holds which file.
        access = sync.Access(session, caller)
        refs = session.scalars(
            select(Record).where(Record.entity == "attachment", access.read_filter())
        ).all()
        return blob if any(r.fields.get("sha256") == sha256 for r in refs) else None

    def _state(session: Any, caller: Principal, sha256: str) -> UploadState:
        blob = _visible_blob(session, caller, sha256)
        if blob is not None:
            return UploadState(
                sha256=sha256, received=blob.size, complete=True, server_time=clock()
            )
        part = _partial(caller, sha256)
        received = part.stat().st_size if part.exists() else 0
        return UploadState(sha256=sha256, received=received, complete=False, server_time=clock())

    @app.head(
        PATH_ATTACHMENT,
        tags=["attachments"],
        response_class=Response,
        responses={
            200: {
                "description": "How much of the file the server holds",
                "headers": {
                    "X-Received-Bytes": {"schema": {"type": "integer"}},
                    "X-Upload-Complete": {"schema": {"type": "string", "enum": ["true", "false"]}},
                },
            }
        },
    )
    def attachment_head(sha256: Sha, caller: Caller) -> Response:
        with db.read() as session:
            state = _state(session, caller, sha256)
        return Response(
            status_code=200,
            headers={
                "X-Received-Bytes": str(state.received),
                "X-Upload-Complete": "true" if state.complete else "false",
            },
        )

    @app.get(
        PATH_ATTACHMENT,
        tags=["attachments"],
        response_class=FileResponse,
        responses={
            200: {
                "description": "The file's bytes (for an attachment the caller may read)",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    def attachment_get(sha256: Sha, caller: Caller) -> FileResponse:
        """Download a complete file: one this account sent, or one a record it may read refers
        to (a co-assessor's evidence). Anything else is answered like a file that is absent."""
        with db.read() as session:
            blob = _visible_blob(session, caller, sha256)
        path = _blob_path(sha256)
        if blob is None or not path.is_file():
            raise _not_found()
        return FileResponse(
            path, media_type="application/octet-stream", headers={"Cache-Control": "no-store"}
        )

    @app.put(PATH_ATTACHMENT, response_model=UploadState, tags=["attachments"])
    async def attachment_put(
        sha256: Sha,
        caller: Caller,
        request: Request,
        content_range: Annotated[str | None, Header()] = None,
    ) -> UploadState:
        data = await request.body()
        if content_range is None:
            start, end, total = 0, len(data) - 1, len(data)
        else:
            match = _RANGE.match(content_range.strip())
            if not match:
                raise ApiError(
                    400, "bad_range", "Content-Range must look like 'bytes START-END/TOTAL'"
                )
            start, end, total = (int(g) for g in match.groups())
        if (
            total > MAX_ATTACHMENT_BYTES
            or (total > 0 and end - start + 1 != len(data))
            or end < start - 1
        ):
            raise ApiError(400, "bad_range", "Content-Range does not match the body's length")
        with db.read() as session:
            state = _state(session, caller, sha256)
        if state.complete:
            return state
        if start != state.received:
            raise ApiError(
                416,
                "wrong_offset",
                f"the server has {state.received} bytes of this file; send from there",
                headers={"X-Received-Bytes": str(state.received)},
            )
        part = _partial(caller, sha256)
        part.parent.mkdir(parents=True, exist_ok=True)
        with part.open("ab") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        received = start + len(data)
        if received < total:
            return UploadState(
                sha256=sha256, received=received, complete=False, server_time=clock()
            )
        digest_ = hashlib.sha256()
        with part.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest_.update(block)
        if digest_.hexdigest() != sha256:
            part.unlink(missing_ok=True)
            raise ApiError(
                422,
                "hash_mismatch",
                "the bytes received do not have this SHA-256; the upload was discarded",
            )
        target = _blob_path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part, target)
        _proof(caller, sha256).touch()
        with db.write() as session:
            if session.get(Blob, sha256) is None:
                session.add(
                    Blob(
                        sha256=sha256, size=total, completed_at=clock(), uploaded_by=caller.username
                    )
                )
            auth.audit(
                session,
                clock(),
                caller.username,
                "attachment_upload",
                detail={"sha256": sha256, "size": total},
            )
        return UploadState(sha256=sha256, received=total, complete=True, server_time=clock())

    # ---------------------------------------------------------------- signed reports

    def _report_out(row: SignedReport) -> SignedReportOut:
        return SignedReportOut(
            sha256=row.sha256,
            size=row.size,
            uploaded_by=row.uploaded_by,
            uploaded_at=row.uploaded_at,
            signers=[SignerOut.model_validate(s) for s in row.signers],
        )

    @app.put(PATH_REPORT, response_model=SignedReportAccepted, tags=["reports"])
    async def report_put(
        assessment_id: AssessmentId, sha256: Sha, caller: Caller, request: Request
    ) -> SignedReportAccepted:
        """Upload a signed report (the PDF as the body). It is verified as ``qpm-desktop
        verify`` does, against this store's CA, before it is accepted; a report version of the
        assessment must name it (push that record first)."""
        data = await request.body()
        try:
            accepted = await run_in_threadpool(
                reports.accept,
                db.read,
                db.write,
                caller,
                assessment_id,
                sha256,
                data,
                data_dir=settings.data_dir,
                now=clock(),
            )
        except reports.ReportRefused as exc:
            raise ApiError(exc.status, exc.error, exc.detail, problems=exc.problems[:50]) from None
        return SignedReportAccepted(
            report=_report_out(accepted.report),
            already_held=accepted.already_held,
            server_time=clock(),
        )

    @app.get(PATH_REPORTS, response_model=SignedReports, tags=["reports"])
    def report_list(assessment_id: AssessmentId, caller: Caller) -> SignedReports:
        with db.read() as session:
            if not sync.Access(session, caller).can_read_assessment(session, assessment_id):
                raise _not_found()
            rows = reports.list_reports(session, assessment_id)
        return SignedReports(
            assessment_id=assessment_id,
            reports=[_report_out(r) for r in rows],
            server_time=clock(),
        )

    @app.get(
        PATH_REPORT,
        tags=["reports"],
        response_class=Response,
        responses={200: {"content": {"application/pdf": {}}}},
    )
    def report_get(assessment_id: AssessmentId, sha256: Sha, caller: Caller) -> Response:
        with db.read() as session:
            if not sync.Access(session, caller).can_read_assessment(session, assessment_id):
                raise _not_found()
            row = session.get(SignedReport, (assessment_id, sha256))
        if row is None:
            raise _not_found()
        data = reports.report_path(settings.data_dir, sha256).read_bytes()
        return Response(data, media_type="application/pdf")

    # ---------------------------------------------------------------- certificates

    @app.get(
        PATH_CA,
        response_class=PlainTextResponse,
        tags=["certificates"],
        responses={200: {"content": {"application/x-pem-file": {}}}},
    )
    def ca_pem() -> PlainTextResponse:
        with db.write() as session:
            pem = ca.ca_certificate_pem(session, clock())
        return PlainTextResponse(pem, media_type="application/x-pem-file")

    _binary = {"schema": {"type": "string", "format": "binary"}}

    @app.get(
        PATH_CRL,
        response_class=Response,
        tags=["certificates"],
        responses={
            200: {
                "description": "The CA's certificate revocation list (DER), signed by the CA",
                "content": {"application/pkix-crl": _binary},
            }
        },
    )
    def ca_crl() -> Response:
        """The revocation list: every revoked report-signing certificate (one by one, or with
        its device). No sign-in needed: anyone verifying a report may fetch it."""
        now = clock()
        with db.read() as session:
            der = (
                ca.revocation_list_der(session, now)
                if ca.existing_ca_certificate(session) is not None
                else None
            )
        if der is None:
            with db.write() as session:
                der = ca.revocation_list_der(session, now)
        return Response(der, media_type="application/pkix-crl")

    def _timestamp(username: str, query: bytes) -> bytes:
        now = clock()
        with db.read() as session:
            authority = ca.existing_timestamp_authority(session, now)
        if authority is None:
            try:
                with db.write() as session:
                    authority = ca.timestamp_authority(session, now)
            except IntegrityError:  # a concurrent first request made it meanwhile
                with db.read() as session:
                    authority = ca.existing_timestamp_authority(session, now)
            if authority is None:
                raise ApiError(503, "unavailable", "the timestamp authority is being set up")
        serial = secrets.randbits(127) | 1
        reply = tsa.respond(query, authority, now, serial=serial)
        with db.write() as session:
            auth.audit(
                session,
                now,
                username,
                "timestamp_issue",
                detail={"serial_number": format(serial, "x")},
            )
        return reply

    @app.post(
        PATH_TIMESTAMP,
        response_class=Response,
        tags=["certificates"],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/timestamp-query": _binary},
            }
        },
        responses={
            200: {
                "description": "An RFC 3161 TimeStampResp granting a token",
                "content": {"application/timestamp-reply": _binary},
            },
            415: {"model": ErrorBody},
        },
    )
    async def timestamp(caller: Caller, request: Request) -> Response:
        """The store's RFC 3161 time-stamping authority: the body is a DER TimeStampReq
        (``Content-Type: application/timestamp-query``), the answer a TimeStampResp whose token
        is signed by a certificate the store's CA issued for time stamping only."""
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/timestamp-query":
            raise ApiError(
                415,
                "unsupported_media_type",
                "send a DER TimeStampReq with Content-Type: application/timestamp-query",
            )
        query = await request.body()
        try:
            reply = await run_in_threadpool(_timestamp, caller.username, query)
        except tsa.TimestampQueryError as exc:
            raise ApiError(400, "bad_timestamp_query", str(exc)) from None
        return Response(reply, media_type="application/timestamp-reply")

    @app.post(PATH_CERTIFICATES, response_model=CertificateResponse, tags=["certificates"])
    def certificates(body: CertificateRequest, caller: Caller) -> CertificateResponse:
        now = clock()
        with db.write() as session:
            user = session.get(User, caller.username)
            assert user is not None
            try:
                row = ca.issue_certificate(session, user, caller.device_id, body.csr_pem, now=now)
            except ca.CertificateRequestError as exc:
                raise ApiError(422, "bad_csr", str(exc)) from None
            auth.audit(
                session,
                now,
                caller.username,
                "certificate_issue",
                detail={"serial_number": row.serial_number, "device_id": caller.device_id},
            )
            ca_pem_text = ca.ca_certificate_pem(session, now)
        return CertificateResponse(
            certificate_pem=row.pem,
            ca_certificate_pem=ca_pem_text,
            serial_number=row.serial_number,
            not_after=row.not_after,
            server_time=clock(),
        )

    # ---------------------------------------------------------------- audit trails

    DeviceId = Annotated[str, PathParam(max_length=64)]

    @app.post(PATH_DEVICE_AUDIT_TRAIL, response_model=AuditTrailAnswer, tags=["audit trail"])
    def audit_trail_push(
        device_id: DeviceId, body: AuditTrailPush, caller: Caller, request: Request
    ) -> AuditTrailAnswer:
        """The next entries of this device's hash-chained audit trail, in seq order. The chain
        is checked before anything is kept: the entries before the first bad one are kept, and
        ``refused`` names the bad one and why. Entries already held are acknowledged again when
        they are the same entries. Only the device the access token was issued to writes its
        trail; any other device is answered as one that does not exist."""
        if device_id != caller.device_id:
            raise ApiError(404, "not_found", audit_trail.NO_DEVICE)
        with db.write() as session:
            outcome = audit_trail.receive(
                session, caller, body.entries, now=clock(), client=client_of(request)
            )
        refused = outcome.refused
        return AuditTrailAnswer(
            device_id=device_id,
            held_through=outcome.held_through,
            head_hash=outcome.head_hash,
            accepted=outcome.accepted,
            already_held=outcome.already_held,
            refused=None
            if refused is None
            else AuditTrailRefusal(seq=refused.seq, reason=refused.reason),
            server_time=clock(),
        )

    @app.get(PATH_DEVICE_AUDIT_TRAIL, response_model=AuditTrailPage, tags=["audit trail"])
    def audit_trail_device(
        device_id: DeviceId,
        caller: Caller,
        after: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> AuditTrailPage:
        """The audit trail the central store holds for one device (administrators; a device
        reads its own)."""
        if not audit_trail.can_read_device(caller, device_id):
            raise ApiError(404, "not_found", audit_trail.NO_DEVICE)
        with db.read() as session:
            if not audit_trail.device_known(session, device_id):
                raise ApiError(404, "not_found", audit_trail.NO_DEVICE)
            held_through = audit_trail.head(session, device_id)[0]
            rows, has_more = audit_trail.device_page(session, device_id, after, limit)
            entries = [audit_trail.to_out(r) for r in rows]
        return AuditTrailPage(
            entries=entries,
            held_through=held_through,
            next_after=entries[-1].seq if entries else after,
            has_more=has_more,
            server_time=clock(),
        )

    @app.get(PATH_ASSESSMENT_AUDIT_TRAIL, response_model=AssessmentAuditTrail, tags=["admin"])
    def audit_trail_assessment(
        assessment_id: AssessmentId,
        caller: Caller,
        offset: Annotated[int, Query(ge=0, le=2**31)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> AssessmentAuditTrail:
        """Every device's audit entries about one assessment's records (administrators)."""
        if caller.role != "admin":
            raise ApiError(403, "forbidden", "only administrators read audit trails")
        with db.read() as session:
            if session.get(Record, ("assessment", assessment_id)) is None:
                raise _not_found()
            rows, has_more = audit_trail.assessment_page(session, assessment_id, offset, limit)
            entries = [audit_trail.to_out(r) for r in rows]
        return AssessmentAuditTrail(
            assessment_id=assessment_id,
            entries=entries,
            next_offset=offset + len(entries),
            has_more=has_more,
            server_time=clock(),
        )

    # ---------------------------------------------------------------- administration

    @app.get(PATH_AUDIT, response_model=AuditPage, tags=["admin"])
    def audit_log(
        caller: Caller,
        after: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> AuditPage:
        if caller.role != "admin":
            raise ApiError(403, "forbidden", "only administrators read the audit log")
        with db.read() as session:
            rows = session.scalars(
                select(AuditLog).where(AuditLog.id > after).order_by(AuditLog.id).limit(limit + 1)
            ).all()
        has_more = len(rows) > limit
        rows = rows[:limit]
        return AuditPage(
            entries=[
                AuditEntryOut(
                    id=r.id,
                    at=r.at,
                    actor=r.actor,
                    action=r.action,
                    entity=r.entity,
                    record_id=r.record_id,
                    detail=r.detail,
                )
                for r in rows
            ],
            next_after=rows[-1].id if rows else after,
            has_more=has_more,
            server_time=clock(),
        )

    return app


def openapi_json(app: FastAPI) -> str:
    return json.dumps(app.openapi(), indent=2, sort_keys=True)
