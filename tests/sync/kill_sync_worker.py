"""The process the mid-sync kill test kills: it opens a local copy, makes a batch of edits (each
reported on a pipe only after its save returned), syncs with the central store, and again, until
it is killed. While syncing it reports each step as it starts, so the test can aim its kill."""

from __future__ import annotations

import random
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import keyring
from sqlalchemy import select

from qpm_desktop.credentials.tokens import TokenVault
from qpm_desktop.services.core import Services
from qpm_desktop.services.syncing import Syncing
from qpm_desktop.store.tables import Interview
from qpm_desktop.sync.client import CentralClient, RetryPolicy
from tests.conftest import MemoryKeyring

#: Push batches this small make several batches (and kill points between them) per sync.
PUSH_BATCH = 8


def open_copy(root: Path, username: str, key: bytes, *, seed: int) -> tuple[Any, Any]:
    """The local copy at ``root`` and its sync service (quick retries, a generous timeout)."""
    services = Services.open(root, actor=username, key=key)
    rng = random.Random(seed)
    retry = RetryPolicy(attempts=8, base_delay=0.005, max_delay=0.05)

    def factory(base_url: str, tokens: Any) -> CentralClient:
        return CentralClient(base_url, tokens, retry=retry, timeout=60.0, rng=rng)

    return services, Syncing(services.ctx, client_factory=factory)


def stamp(round_no: int, edit: int) -> str:
    """A value that sorts in the order it was written."""
    return f"r{round_no:04d}e{edit:04d}"


def edit_and_sync_until_killed(
    root: str,
    key: bytes,
    username: str,
    server_url: str,
    tokens: dict[str, Any],
    assessment_id: str,
    codes: list[str],
    round_no: int,
    seed: int,
    out: Connection,
) -> None:
    keyring.set_keyring(MemoryKeyring())  # never the keyring of the machine running the tests
    TokenVault(server_url, username).save(tokens)
    services, syncing = open_copy(Path(root), username, key, seed=seed)
    _report_steps(syncing.replica, out)
    out.send(("opened", round_no))
    rng = random.Random(seed)
    rec = services.recording
    edit = 0
    for _sync_no in range(1_000):
        with services.store.read() as s:
            live = list(
                s.execute(
                    select(Interview.id, Interview.interviewee_code)
                    .where(Interview.assessment_id == assessment_id, Interview.deleted.is_(False))
                    .order_by(Interview.id)
                )
            )
        for _ in range(rng.randint(6, 16)):
            value = stamp(round_no, edit)
            roll = rng.random()
            if roll < 0.3 or not live:
                code = f"k-{value}"
                iid = rec.create_interview(
                    assessment_id,
                    interviewee_code=code,
                    role="manager",
                    notes=value,
                ).record_id("interview")
                live.append((iid, code))
                out.send(("saved", "interview", code, value))
            elif roll < 0.7:
                iid, code = rng.choice(live)
                rec.update_interview(iid, notes=value)
                out.send(("saved", "interview", code, value))
            elif roll < 0.95:
                standard = rng.choice(codes)
                rec.record_finding(assessment_id, standard, rationale=value)
                out.send(("saved", "finding", standard, value))
            else:
                iid, code = live.pop(rng.randrange(len(live)))
                rec.delete_interview(iid)
                out.send(("saved", "deleted", code, value))
            edit += 1
        out.send(("step", "sync"))
        syncing.sync_now()
        out.send(("step", "synced"))


def _report_steps(replica: Any, out: Connection) -> None:
    """Say on the pipe when each step of a sync starts (the engine calls the replica for each)."""

    def wrap(name: str, step: str, adjust: Callable[..., Any] | None = None) -> None:
        real = getattr(replica, name)

        def reported(*args: Any, **kwargs: Any) -> Any:
            if step != "apply" or args[0]:  # the first call of a pull carries frameworks only
                out.send(("step", step))
            return real(*(adjust(*args) if adjust else args), **kwargs)

        setattr(replica, name, reported)

    wrap("take_outbox", "push", lambda limit, *rest: (min(limit, PUSH_BATCH), *rest))
    wrap("record_results", "answered")
    wrap("cursor", "pull")
    wrap("apply_pulled", "apply")
    wrap("set_cursor", "cursor")
    wrap("local_digest", "compare")
    wrap("audit_to_send", "audit")
