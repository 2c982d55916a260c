"""Sign-in, tokens and the slowing down of guessing, over real HTTP and with an injected clock."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from qpm_desktop.central import auth
from qpm_desktop.central.db import Database, sqlite_url
from qpm_desktop.central.schema import AuditLog, ServerSetting, SignInThrottle

from .conftest import PASSWORD, Central

PULL = "/api/v1/sync/pull"


def _token(central: Central, **claims: object) -> str:
    with central.db.read() as s:
        secret = s.get(ServerSetting, "jwt_secret").value
    return jwt.encode(claims, secret, algorithm="HS256")


def test_wrong_password_is_401_and_audited(central: Central) -> None:
    """A wrong password gets 401 without saying whether the user exists, and is audited."""
    user = central.user()
    body = {"username": user, "password": "nope", "device_id": str(uuid.uuid4())}
    wrong = central.http.post("/api/v1/auth/token", json=body)
    nobody = central.http.post("/api/v1/auth/token", json={**body, "username": "ghost-" + user})
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.json()["detail"] == nobody.json()["detail"]
    with central.db.read() as s:
        actions = [a.action for a in s.query(AuditLog).filter(AuditLog.actor == user)]
    assert "sign_in_failed" in actions


def test_expired_forged_and_malformed_access_tokens_are_refused(central: Central) -> None:
    """An expired, a forged, an unsigned and a garbage token all get the same 401."""
    user = central.user()
    session = central.sign_in(user)
    now = int(datetime.now(UTC).timestamp())
    claims = {"sub": user, "dev": session.device_id, "typ": "access", "iat": now - 3600}
    expired = _token(central, **claims, exp=now - 60)
    forged = jwt.encode(
        {**claims, "exp": now + 600},
        "not the secret, but long enough for HS256 keys",
        algorithm="HS256",
    )
    unsigned = jwt.encode({**claims, "exp": now + 600}, None, algorithm="none")
    answers = []
    for token in (expired, forged, unsigned, "garbage"):
        r = central.http.get(PULL, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401, token
        answers.append(r.json()["detail"])
    assert len(set(answers)) == 1
    assert central.http.get(PULL).status_code == 401
    assert session.get(PULL).status_code == 200  # the real one still works


def test_refresh_rotates_and_a_replayed_token_ends_the_family(central: Central) -> None:
    """Refresh gives new tokens; the old refresh token replayed is refused and revokes the new."""
    user = central.user()
    session = central.sign_in(user)
    first = central.http.post("/api/v1/auth/refresh", json={"refresh_token": session.refresh_token})
    assert first.status_code == 200
    new_refresh = first.json()["refresh_token"]
    assert new_refresh != session.refresh_token
    replay = central.http.post(
        "/api/v1/auth/refresh", json={"refresh_token": session.refresh_token}
    )
    assert replay.status_code == 401
    after = central.http.post("/api/v1/auth/refresh", json={"refresh_token": new_refresh})
    assert after.status_code == 401


def test_logout_revokes_the_refresh_token(central: Central) -> None:
    """After logout the refresh token no longer works."""
    session = central.sign_in(central.user())
    out = central.http.post("/api/v1/auth/logout", json={"refresh_token": session.refresh_token})
    assert out.status_code == 200 and out.json()["revoked"] is True
    again = central.http.post("/api/v1/auth/refresh", json={"refresh_token": session.refresh_token})
    assert again.status_code == 401


def test_revoked_device_and_disabled_user_are_refused_at_once(central: Central) -> None:
    """Revoking a device or disabling a user stops their current access tokens."""
    one, two = central.user(), central.user()
    s1, s2 = central.sign_in(one), central.sign_in(two)
    with central.db.write() as s:
        auth.revoke_device(s, s1.device_id, actor="test", now=datetime.now(UTC))
        auth.disable_user(s, two, actor="test", now=datetime.now(UTC))
    assert s1.get(PULL).status_code == 401
    assert s2.get(PULL).status_code == 401


def test_failed_sign_ins_are_slowed_down_over_http(central: Central) -> None:
    """From the third failure on the account is locked with a Retry-After that grows, even for
    the right password; the server answers at once instead of sleeping."""
    user = central.user()
    device = str(uuid.uuid4())
    wrong = {"username": user, "password": "wrong", "device_id": device}
    codes = [central.http.post("/api/v1/auth/token", json=wrong).status_code for _ in range(3)]
    assert codes == [401, 401, 401]
    locked = central.http.post("/api/v1/auth/token", json={**wrong, "password": PASSWORD})
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) >= 1


def test_lock_window_grows_and_ends_with_an_injected_clock(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """With a fake clock: each failure doubles the lock, and once it passes sign-in works."""
    db = Database.open(sqlite_url(tmp_path / "c.sqlite3"))
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    with db.write() as s:
        auth.create_user(s, "sam", PASSWORD, role="assessor", actor="t", now=t0)
    now = t0
    windows = []
    device = str(uuid.uuid4())

    def attempt(password: str) -> auth.AuthError | None:
        # As the API does: the failure count is committed even though the sign-in is refused.
        with db.write() as s:
            try:
                auth.sign_in(
                    s,
                    username="sam",
                    password=password,
                    device_id=device,
                    device_name="",
                    client="10.0.0.1",
                    now=now,
                )
            except auth.AuthError as exc:
                return exc
        return None

    for _ in range(6):
        assert attempt("wrong") is not None
        with db.read() as s:
            row = s.get(SignInThrottle, ("sam", "10.0.0.1"))
            window = (row.locked_until - now).total_seconds() if row.locked_until else 0
        windows.append(window)
        if window:
            locked = attempt(PASSWORD)  # even the right password waits
            assert locked is not None and locked.retry_after == window
        now += timedelta(seconds=window)
    assert windows == [0, 0, 1, 2, 4, 8]
    assert attempt(PASSWORD) is None  # the window has passed
    assert auth.lock_window(100) == auth.MAX_LOCK
    db.close()


@pytest.mark.parametrize("failures,seconds", [(2, 0), (3, 1), (4, 2), (12, 512)])
def test_lock_window_policy(failures: int, seconds: int) -> None:
    """The lock starts at the third failure and doubles each time."""
    assert auth.lock_window(failures) == timedelta(seconds=seconds)
