"""The rules a sync keeps, and the messages an assessor sees when something is wrong."""

from __future__ import annotations

import random
import socket
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from qpm_desktop.central import auth
from qpm_desktop.credentials.tokens import SERVICE
from qpm_desktop.model.enums import Rating
from qpm_desktop.services.recording import finding_id
from qpm_desktop.store.records import write_record
from qpm_desktop.store.tables import Finding
from qpm_desktop.sync.client import CentralClient
from qpm_desktop.sync.errors import ClockSkew, ServerUnreachable, SessionExpired, WrongCredentials
from tests.central.conftest import PASSWORD
from tests.sync.conftest import FAST_RETRY
from tests.sync.faults import FaultProxy
from tests.sync.test_sync_basics import _standard_codes


def _ready(central, make_device, **options):
    user = central.user()
    aid = central.assessment(user)["assessment"]
    device = make_device(user, central.base_url, **options)
    device.syncing.sync_now()
    return device, aid, _standard_codes(device, aid)


def test_an_edit_made_during_a_push_stays_pending(central_sqlite, make_device):
    """A row is clean only at the version the server acknowledged: typing mid-sync stays
    pending and travels next time."""
    device, aid, codes = _ready(central_sqlite, make_device)
    device.recording.record_finding(aid, codes[0], rationale="before the push")
    fid = finding_id(aid, codes[0])
    real = device.syncing.replica.take_outbox

    def take_then_type(limit, in_flight=()):
        taken = real(limit, in_flight)
        if taken:
            device.recording.record_finding(aid, codes[0], rationale="typed during the push")
        return taken

    real_results = device.syncing.replica.record_results
    seen = []

    def results_then_look(results):
        counts = real_results(results)
        with device.services.store.read() as s:
            row = s.get(Finding, fid)
            seen.append((row.sync_state.value, row.acked_rev, row.rev))
        return counts

    device.syncing.replica.take_outbox = take_then_type
    device.syncing.replica.record_results = results_then_look
    device.syncing.sync_now()
    device.syncing.replica.take_outbox = real
    # Right after the first answer: acknowledged up to the sent revision, still pending.
    state, acked, rev = seen[0]
    assert state == "pending" and acked == rev - 1
    assert device.syncing.record_state("finding", fid) == ("confirmed", None)
    assert device.syncing.sync_now().digests[aid] == "equal"


def test_one_bad_record_is_set_aside_and_never_blocks_the_rest(central_sqlite, make_device):
    """The server refuses one record: it is set aside with its reason; the others arrive."""
    device, aid, codes = _ready(central_sqlite, make_device)
    bad = finding_id(aid, "bad")
    with device.services.store.write() as s:
        write_record(
            s,
            Finding,
            bad,
            {"rating": Rating.MET},
            on_create={"assessment_id": aid, "standard_code": "X" * 40},
            actor="test",
            now=datetime.now(UTC),
        )
    device.recording.record_finding(aid, codes[1], rationale="good one")
    summary = device.syncing.sync_now()
    assert summary.rejected == 1
    state, note = device.syncing.record_state("finding", bad)
    assert state == "set_aside" and "standard_code" in note
    assert device.syncing.record_state("finding", finding_id(aid, codes[1]))[0] == "confirmed"
    [aside] = device.syncing.set_aside()
    assert aside.record_id == bad and "too long" in aside.reason
    device.recording.record_finding(aid, codes[2], rationale="later one")
    device.syncing.sync_now()
    assert device.syncing.record_state("finding", finding_id(aid, codes[2]))[0] == "confirmed"


def test_clock_far_off_is_reported(central_sqlite, make_device):
    """A clock an hour off the server's stops the sync with a message saying what to do."""
    user = central_sqlite.user()
    central_sqlite.assessment(user)
    with pytest.raises(ClockSkew, match="60 minutes ahead"):
        make_device(
            user, central_sqlite.base_url, clock=lambda: datetime.now(UTC) + timedelta(hours=1)
        )


def test_wrong_password_and_disabled_account(central_sqlite, make_device):
    """A wrong password and a disabled account get a message naming both possibilities; a
    disabled account that was signed in is told to sign in again."""
    user = central_sqlite.user()
    central_sqlite.assessment(user)
    device = make_device(user, central_sqlite.base_url, sign_in=False)
    with pytest.raises(WrongCredentials, match="password is wrong"):
        device.syncing.sign_in(central_sqlite.base_url, user, "not the password")
    device.syncing.sign_in(central_sqlite.base_url, user, PASSWORD)
    device.syncing.sync_now()
    with central_sqlite.db.write() as s:
        auth.disable_user(s, user, actor="test", now=datetime.now(UTC))
    with pytest.raises(SessionExpired, match="Sign in again"):
        device.syncing.sync_now()
    with pytest.raises(WrongCredentials, match="disabled"):
        device.syncing.sign_in(central_sqlite.base_url, user, PASSWORD)


def test_server_down(make_device, tmp_path):
    """Nothing listening: a message saying the work is safe and will be sent later."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    device = make_device("nobody", f"http://127.0.0.1:{port}", sign_in=False)
    with pytest.raises(ServerUnreachable, match="Your work is safe"):
        device.syncing.sign_in(f"http://127.0.0.1:{port}", "nobody", "x")


def test_expired_access_token_is_refreshed_and_sign_out_forgets(
    central_sqlite, make_device, memory_keyring
):
    """An expired access token is refreshed on its own; tokens live only in the keyring and
    signing out removes them."""
    device, _aid, _codes = _ready(central_sqlite, make_device)
    client: CentralClient = device.syncing.client()
    tokens = client.tokens.load()
    expired = replace(tokens, access_expires_at=datetime.now(UTC) - timedelta(minutes=1))
    client.tokens.save(expired)
    device.syncing.sync_now()
    assert client.tokens.load().refresh_token != tokens.refresh_token  # rotated
    assert any(service == SERVICE for service, _ in memory_keyring.secrets)
    for path in device.root.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".txt", ".ini"):
            assert tokens.refresh_token not in path.read_text(errors="ignore")
    device.syncing.sign_out()
    assert not any(service == SERVICE for service, _ in memory_keyring.secrets)
    assert not device.syncing.status().signed_in


class _LoseOneAnswer(FaultProxy):
    """Once ``armed``, throws away the answer to the next token refresh (the server has
    rotated the token by then)."""

    armed = False

    def _choose(self, request: bytes = b"") -> str:
        with self.lock:
            if self.armed and request.startswith(b"POST /api/v1/auth/refresh "):
                self.armed = False
                self.counts["after_commit"] += 1
                return "after_commit"
            return "none"


def test_a_refresh_whose_answer_was_lost_is_retried_and_the_session_goes_on(
    central_sqlite, make_device
):
    """The server rotated the refresh token but its answer never arrived: the client sends the
    same token again, the server's grace for a lost answer gives it fresh tokens, and the sync
    goes on without asking the assessor to sign in again."""
    upstream = int(central_sqlite.base_url.rsplit(":", 1)[1])
    proxy = _LoseOneAnswer(upstream, seed=1, rates={}).start()
    try:
        user = central_sqlite.user()
        aid = central_sqlite.assessment(user)["assessment"]
        device = make_device(user, proxy.url)
        client: CentralClient = device.syncing.client()
        tokens = client.tokens.load()
        client.tokens.save(
            replace(tokens, access_expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
        proxy.armed = True
        device.syncing.sync_now()
        assert proxy.counts["after_commit"] == 1
        assert client.tokens.load().refresh_token != tokens.refresh_token
        assert device.syncing.status().signed_in
        assert aid in {a.id for a in device.services.queries.list_assessments()}
        device.syncing.sync_now()  # the retried token works from then on
    finally:
        proxy.stop()


def test_retries_use_jittered_backoff():
    """Waits between retries are random within an exponential bound (clients spread out)."""
    delays = [FAST_RETRY.delay(n, random.Random(n)) for n in range(6)]
    assert all(
        0 <= d <= min(FAST_RETRY.max_delay, FAST_RETRY.base_delay * 2**n)
        for n, d in enumerate(delays)
    )
