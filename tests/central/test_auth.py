"""Sign-in, tokens and the slowing down of guessing, over real HTTP and with an injected clock."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

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


REFRESH = "/api/v1/auth/refresh"


def _refresh(central: Central, token: str) -> tuple[int, str | None]:
    answer = central.http.post(REFRESH, json={"refresh_token": token})
    return answer.status_code, answer.json().get("refresh_token")


def test_refresh_rotates_and_a_replayed_token_ends_the_family(central: Central) -> None:
    """Refresh gives new tokens; once the new one has been used, the old one replayed is
    refused and revokes the whole family (the newest token too)."""
    session = central.sign_in(central.user())
    status, second = _refresh(central, session.refresh_token)
    assert status == 200 and second and second != session.refresh_token
    status, third = _refresh(central, second)
    assert status == 200 and third
    assert _refresh(central, session.refresh_token)[0] == 401  # the replay
    assert _refresh(central, third)[0] == 401  # the family has ended


def test_a_lost_refresh_answer_can_be_retried_once_within_the_grace(central: Central) -> None:
    """The answer to a refresh is lost: the client sends the same token again at once and is
    answered with fresh tokens; the token in the lost answer is retired, and if it is ever used
    (it was not lost but copied) the family ends."""
    session = central.sign_in(central.user())
    status, lost = _refresh(central, session.refresh_token)
    assert status == 200 and lost
    status, retried = _refresh(central, session.refresh_token)
    assert status == 200 and retried and retried not in (lost, session.refresh_token)
    status, next_one = _refresh(central, retried)
    assert status == 200 and next_one  # the client carries on as usual
    # Now the successor has been used, so the original token is an ordinary replay.
    assert _refresh(central, session.refresh_token)[0] == 401
    assert _refresh(central, next_one)[0] == 401


def test_the_token_from_a_lost_answer_ends_the_family_if_used(central: Central) -> None:
    """Whoever holds the retired token (the answer was read by someone else) cannot use it,
    and trying ends the family: the theft is noticed."""
    session = central.sign_in(central.user())
    _, lost = _refresh(central, session.refresh_token)
    _, retried = _refresh(central, session.refresh_token)
    assert lost and retried
    assert _refresh(central, lost)[0] == 401
    assert _refresh(central, retried)[0] == 401


def test_the_grace_ends_after_its_window_and_can_be_switched_off(tmp_path: Path) -> None:
    """With an injected clock: a replay 61 s after the rotation ends the family; with the grace
    set to zero even an immediate one does."""
    db = Database.open(sqlite_url(tmp_path / "c.sqlite3"))
    start = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

    def attempt(token: str, at: datetime, grace: timedelta) -> str | None:
        # Like the API: a refusal still commits what it wrote (the family's end).
        with db.write() as s:
            try:
                return auth.refresh(s, token, client="t", now=at, grace=grace).refresh_token
            except auth.AuthError:
                return None

    with db.write() as s:
        auth.create_user(s, "ann", PASSWORD, role="assessor", actor="test", now=start)
    for delay, grace, accepted in (
        (timedelta(seconds=59), auth.REFRESH_REUSE_GRACE, True),
        (timedelta(seconds=61), auth.REFRESH_REUSE_GRACE, False),
        (timedelta(0), timedelta(0), False),
    ):
        with db.write() as s:
            first = auth.sign_in(
                s,
                username="ann",
                password=PASSWORD,
                device_id=str(uuid.uuid4()),
                device_name="laptop",
                client="t",
                now=start,
            ).refresh_token
        second = attempt(first, start, grace)
        assert second is not None
        assert (attempt(first, start + delay, grace) is not None) is accepted, (delay, grace)
        if not accepted:  # the replay ended the family
            assert attempt(second, start + delay, grace) is None
    db.close()


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
