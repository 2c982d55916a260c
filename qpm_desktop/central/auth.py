"""Accounts, sign-in, tokens and the slowing down of password guessing.

- Passwords are hashed with argon2id (argon2-cffi's defaults).
- An access token is a short-lived JWT (HS256) signed with a secret kept in the database, so
  every worker of one store agrees on it and a restart does not sign everyone out.
- A refresh token is 32 random bytes, stored only as its SHA-256. Refreshing rotates it; a
  refresh token used twice means it was copied, so its whole family (every rotation since the
  sign-in) is revoked. One exception keeps an honest client signed in when the answer to its
  refresh was lost on the way (a dropped connection): the token it just rotated is accepted
  again for a short grace window (``REFRESH_REUSE_GRACE``) *if the successor has never been
  used*. The unused successor is then revoked and a new one issued, so at most one live token
  per family remains; a thief who replays within the window makes the real client's next
  refresh a replay, which still ends the family.
- Failed sign-ins are counted per (username, client address); from the third failure on the
  pair is locked for a window that doubles with each further failure (1 s, 2 s, 4 s ... at
  most 15 minutes). A locked attempt is answered at once with 429 and ``Retry-After``: the
  server never sleeps, so an attacker cannot tie up workers, and a test can measure the window
  with an injected clock.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qpm_desktop.central.schema import (
    AuditLog,
    Device,
    RefreshToken,
    ServerSetting,
    SignInThrottle,
    User,
)

ROLES = ("assessor", "reviewer", "admin")
ACCESS_TTL = timedelta(minutes=15)
REFRESH_TTL = timedelta(days=30)
#: How long after a rotation the rotated token is accepted again while its successor is unused.
REFRESH_REUSE_GRACE = timedelta(seconds=60)
FREE_FAILURES = 2  # the third failure in a row starts the lock-out
MAX_LOCK = timedelta(minutes=15)
FAILURES_FORGOTTEN_AFTER = timedelta(hours=1)
JWT_ALGORITHM = "HS256"
_SECRET_KEY = "jwt_secret"

_hasher = PasswordHasher()
# Verified against when the username is unknown, so both answers take as long.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))

Clock = Callable[[], datetime]


class AuthError(Exception):
    """A sign-in or token that is refused; ``detail`` is safe to show (it leaks nothing)."""

    def __init__(self, detail: str, *, retry_after: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the user behind a valid access token."""

    username: str
    role: str
    device_id: str


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    access_token: str
    access_expires_in: int
    refresh_token: str
    refresh_expires_in: int
    user: User


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def signing_secret(session: Session) -> str:
    """The token signing secret, made on first use."""
    row = session.get(ServerSetting, _SECRET_KEY)
    if row is None:
        row = ServerSetting(key=_SECRET_KEY, value=secrets.token_urlsafe(48))
        session.add(row)
        session.flush()
    return row.value


def audit(
    session: Session,
    now: datetime,
    actor: str | None,
    action: str,
    *,
    entity: str | None = None,
    record_id: str | None = None,
    client: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditLog(
            at=now,
            actor=actor,
            action=action,
            entity=entity,
            record_id=record_id,
            client=client,
            detail=detail,
        )
    )


# ----------------------------------------------------------------------------- users


def create_user(
    session: Session,
    username: str,
    password: str,
    *,
    role: str,
    display_name: str = "",
    actor: str,
    now: datetime,
) -> User:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if not username.strip() or len(username) > 100:
        raise ValueError("a username is 1 to 100 characters")
    if session.get(User, username) is not None:
        raise ValueError(f"user {username!r} already exists")
    user = User(
        username=username,
        display_name=display_name or username,
        role=role,
        password_hash=hash_password(password),
        disabled=False,
        created_at=now,
    )
    session.add(user)
    audit(
        session,
        now,
        actor,
        "user_create",
        record_id=None,
        detail={"username": username, "role": role},
    )
    return user


def _user(session: Session, username: str) -> User:
    user = session.get(User, username)
    if user is None:
        raise ValueError(f"no user {username!r}")
    return user


def reset_password(
    session: Session, username: str, password: str, *, actor: str, now: datetime
) -> None:
    user = _user(session, username)
    user.password_hash = hash_password(password)
    _revoke_tokens(session, RefreshToken.username == username, now, "password_reset")
    session.execute(
        update(SignInThrottle)
        .where(SignInThrottle.username == username)
        .values(failures=0, locked_until=None)
    )
    audit(session, now, actor, "user_reset_password", detail={"username": username})


def disable_user(session: Session, username: str, *, actor: str, now: datetime) -> None:
    user = _user(session, username)
    user.disabled = True
    _revoke_tokens(session, RefreshToken.username == username, now, "user_disabled")
    audit(session, now, actor, "user_disable", detail={"username": username})


def revoke_device(session: Session, device_id: str, *, actor: str, now: datetime) -> int:
    """Sign the device out everywhere; its access tokens stop working at once. Returns users."""
    devices = session.scalars(select(Device).where(Device.device_id == device_id)).all()
    if not devices:
        raise ValueError(f"no device {device_id!r}")
    for device in devices:
        device.revoked_at = now
    _revoke_tokens(session, RefreshToken.device_id == device_id, now, "device_revoked")
    audit(session, now, actor, "device_revoke", detail={"device_id": device_id})
    return len(devices)


def _revoke_tokens(session: Session, where: Any, now: datetime, reason: str) -> None:
    session.execute(
        update(RefreshToken)
        .where(where, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    )


# ----------------------------------------------------------------------------- sign-in


def lock_window(failures: int) -> timedelta:
    """How long a (username, client) pair is locked after ``failures`` failures in a row."""
    if failures <= FREE_FAILURES:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - FREE_FAILURES - 1, 20)), MAX_LOCK)


def _retry_after(until: datetime, now: datetime) -> int:
    return max(1, int((until - now).total_seconds() + 0.999))


def sign_in(
    session: Session,
    *,
    username: str,
    password: str,
    device_id: str,
    device_name: str,
    client: str,
    now: datetime,
) -> IssuedTokens:
    """Check the password and issue tokens; ``AuthError`` (maybe with retry_after) otherwise."""
    throttle = session.get(SignInThrottle, (username, client), with_for_update=True)
    if throttle is not None and throttle.locked_until is not None and throttle.locked_until > now:
        audit(session, now, username, "sign_in_locked", client=client)
        raise AuthError(
            "too many failed sign-ins; try again later",
            retry_after=_retry_after(throttle.locked_until, now),
        )
    user = session.get(User, username)
    ok = verify_password(user.password_hash if user else None, password)
    device = session.get(Device, (device_id, username)) if ok else None
    if (
        ok
        and user is not None
        and not user.disabled
        and (device is None or device.revoked_at is None)
    ):
        if throttle is not None:
            session.delete(throttle)
        if device is None:
            device = Device(
                device_id=device_id,
                username=username,
                name=device_name,
                first_seen=now,
                last_seen=now,
            )
            session.add(device)
        device.last_seen = now
        device.name = device_name or device.name
        audit(session, now, username, "sign_in", client=client, detail={"device_id": device_id})
        return _issue(session, user, device_id, family=str(uuid.uuid4()), now=now)

    if throttle is None:
        throttle = SignInThrottle(username=username, client=client, failures=0, last_failure_at=now)
        session.add(throttle)
    elif now - throttle.last_failure_at > FAILURES_FORGOTTEN_AFTER:
        throttle.failures = 0
    throttle.failures += 1
    throttle.last_failure_at = now
    window = lock_window(throttle.failures)
    throttle.locked_until = now + window if window else None
    audit(
        session,
        now,
        username,
        "sign_in_failed",
        client=client,
        detail={"failures": throttle.failures},
    )
    raise AuthError("wrong username or password, or the account or device is disabled")


def _issue(
    session: Session, user: User, device_id: str, *, family: str, now: datetime
) -> IssuedTokens:
    secret = signing_secret(session)
    expires = now + ACCESS_TTL
    access = jwt.encode(
        {
            "sub": user.username,
            "dev": device_id,
            "typ": "access",
            "iat": int(now.timestamp()),
            "exp": int(expires.timestamp()),
            "jti": secrets.token_hex(8),
        },
        secret,
        algorithm=JWT_ALGORITHM,
    )
    refresh = secrets.token_urlsafe(32)
    session.add(
        RefreshToken(
            token_hash=token_sha256(refresh),
            family=family,
            username=user.username,
            device_id=device_id,
            issued_at=now,
            expires_at=now + REFRESH_TTL,
        )
    )
    session.flush()
    return IssuedTokens(
        access_token=access,
        access_expires_in=int(ACCESS_TTL.total_seconds()),
        refresh_token=refresh,
        refresh_expires_in=int(REFRESH_TTL.total_seconds()),
        user=user,
    )


_BAD_REFRESH = "the refresh token is not valid (expired, revoked or unknown); sign in again"


def _unused_successor(session: Session, row: RefreshToken) -> RefreshToken | None:
    """The token issued when ``row`` was rotated, if it is still the family's only live token
    (never refreshed, never revoked): the sign that the rotation's answer never arrived."""
    live = session.scalars(
        select(RefreshToken)
        .where(RefreshToken.family == row.family, RefreshToken.revoked_at.is_(None))
        .with_for_update()
    ).all()
    if len(live) == 1 and live[0].issued_at == row.revoked_at:
        return live[0]
    return None


def refresh(
    session: Session,
    token: str,
    *,
    client: str,
    now: datetime,
    grace: timedelta = REFRESH_REUSE_GRACE,
) -> IssuedTokens:
    row = session.scalars(
        select(RefreshToken).where(RefreshToken.token_hash == token_sha256(token)).with_for_update()
    ).first()
    if row is None:
        raise AuthError(_BAD_REFRESH)
    successor = None
    rotated = row.revoked_at is not None and row.revoked_reason == "rotated"
    if rotated and grace > timedelta(0) and timedelta(0) <= now - row.revoked_at <= grace:
        # The answer to the rotation may have been lost: its token was never used.
        successor = _unused_successor(session, row)
    if row.revoked_at is not None and successor is None:
        if row.revoked_reason in ("rotated", "superseded"):
            # Used again after rotation: a copy is in someone else's hands. End the family.
            _revoke_tokens(session, RefreshToken.family == row.family, now, "replayed")
            audit(
                session,
                now,
                row.username,
                "refresh_replayed",
                client=client,
                detail={"device_id": row.device_id},
            )
        raise AuthError(_BAD_REFRESH)
    user = session.get(User, row.username)
    device = session.get(Device, (row.device_id, row.username))
    if (
        row.expires_at <= now
        or user is None
        or user.disabled
        or device is None
        or device.revoked_at
    ):
        raise AuthError(_BAD_REFRESH)
    if successor is not None:
        # Retire the token of the lost answer; the one issued below takes its place.
        successor.revoked_at = now
        successor.revoked_reason = "superseded"
    row.revoked_at = now
    row.revoked_reason = "rotated"
    device.last_seen = now
    detail: dict[str, Any] = {"device_id": row.device_id}
    if successor is not None:
        detail["answer_lost"] = True
    audit(session, now, row.username, "refresh", client=client, detail=detail)
    return _issue(session, user, row.device_id, family=row.family, now=now)


def logout(session: Session, token: str, *, client: str, now: datetime) -> bool:
    row = session.scalars(
        select(RefreshToken).where(RefreshToken.token_hash == token_sha256(token))
    ).first()
    if row is None or row.revoked_at is not None:
        return False
    _revoke_tokens(session, RefreshToken.family == row.family, now, "logout")
    audit(
        session, now, row.username, "sign_out", client=client, detail={"device_id": row.device_id}
    )
    return True


_BAD_ACCESS = "the access token is not valid (expired, revoked or malformed); refresh or sign in"


def authenticate(session: Session, token: str, *, now: datetime) -> Principal:
    """The user behind an access token, checked against the database every time."""
    try:
        claims = jwt.decode(
            token,
            signing_secret(session),
            algorithms=[JWT_ALGORITHM],
            options={"verify_exp": False, "require": ["sub", "dev", "exp", "typ"]},
        )
    except jwt.PyJWTError:
        raise AuthError(_BAD_ACCESS) from None
    # Expiry is checked against the server's own (injectable) clock.
    exp = claims.get("exp")
    if claims.get("typ") != "access" or not isinstance(exp, int) or exp <= now.timestamp():
        raise AuthError(_BAD_ACCESS)
    user = session.get(User, claims["sub"])
    device = session.get(Device, (claims["dev"], claims["sub"]))
    if user is None or user.disabled or device is None or device.revoked_at is not None:
        raise AuthError(_BAD_ACCESS)
    return Principal(user.username, user.role, device.device_id)
