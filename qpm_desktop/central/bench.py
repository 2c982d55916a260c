"""``qpm-central bench``: push then pull N mutations over real HTTP, beside a bulk insert.

The store runs in this process (uvicorn in a thread) on a fresh database; the same number of
rows is then written in one SQLAlchemy Core bulk insert into ``records`` and
``record_versions`` of that database, which is the floor the sync path is compared with.
Each round uses new records; the figures are medians over ``rounds`` (each round's push and
its bulk insert run back to back, so a busy machine slows both).
"""

from __future__ import annotations

import socket
import statistics
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

from qpm_desktop.central import admin, auth
from qpm_desktop.central.db import Database, sqlite_url
from qpm_desktop.central.schema import Record, RecordVersion
from qpm_desktop.central.sync import allocate_seqs
from qpm_desktop.protocol import HEADER_PROTOCOL, PATH_PULL, PATH_PUSH, PATH_TOKEN


def run_bench(
    db_url: str | None, count: int = 10_000, batch: int = 1000, rounds: int = 3
) -> dict[str, Any]:
    import uvicorn

    from qpm_desktop.central.api import Settings, create_app
    from qpm_desktop.locations import placeholder_framework_path

    workdir = Path(tempfile.mkdtemp(prefix="qpm-bench-"))
    # Checkpoints as the served store takes them (a thread of its own; see central.db).
    db = Database.open(db_url or sqlite_url(workdir / "bench.sqlite3"), checkpoints="background")
    now = datetime.now(UTC)
    user = f"bench-{uuid.uuid4().hex[:6]}"
    with db.write() as s:
        auth.create_user(s, user, "bench", role="assessor", actor="bench", now=now)
        admin.import_framework(s, placeholder_framework_path(), actor="bench", now=now)
        org = admin.create_organisation(s, "Bench org", actor="bench", now=now)
        s.flush()
        a = admin.create_assessment(s, org.id, admin.demo.FRAMEWORK_KEY, "B", actor="b", now=now)
        s.flush()
        admin.assign(s, a.id, user, "lead", actor="bench", now=now)
        assessment_id, organisation_id = a.id, org.id
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(db, Settings(data_dir=workdir)), port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    http = httpx.Client(
        base_url=f"http://127.0.0.1:{port}", timeout=120, headers={HEADER_PROTOCOL: "1"}
    )
    while True:
        try:
            http.get("/api/v1/health")
            break
        except httpx.TransportError:
            time.sleep(0.05)
    device = str(uuid.uuid4())
    token = http.post(
        PATH_TOKEN, json={"username": user, "password": "bench", "device_id": device}
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    pushes: list[float] = []
    pulls: list[float] = []
    bulks: list[float] = []
    cursor = 0
    for _ in range(rounds):
        push_s, pull_s, cursor = _push_and_pull(
            http, headers, device, assessment_id, count, batch, cursor
        )
        pushes.append(push_s)
        pulls.append(pull_s)
        bulks.append(_bulk_insert(db, assessment_id, organisation_id, user, count, now))
    server.should_exit = True
    thread.join(timeout=10)
    ratios = [p / b for p, b in zip(pushes, bulks, strict=True)]
    db.close()
    return {
        "database": db.dialect,
        "mutations": count,
        "batch": batch,
        "rounds": rounds,
        "push_per_s": round(count / statistics.median(pushes)),
        "pull_per_s": round(count / statistics.median(pulls)),
        "bulk_insert_per_s": round(count / statistics.median(bulks)),
        "push_vs_bulk": round(statistics.median(ratios), 2),
        "push_vs_bulk_each_round": [round(r, 2) for r in ratios],
    }


def _push_and_pull(
    http: httpx.Client,
    headers: dict[str, str],
    device: str,
    assessment_id: str,
    count: int,
    batch: int,
    cursor: int,
) -> tuple[float, float, int]:
    """Push ``count`` new findings in batches, then pull them from ``cursor``."""
    mutations = [
        {
            "mutation_id": str(uuid.uuid4()),
            "entity": "finding",
            "record_id": str(uuid.uuid4()),
            "op": "create",
            "fields": {
                "assessment_id": assessment_id,
                "standard_code": f"1.{i}",
                "rationale": "bench " * 10,
            },
        }
        for i in range(count)
    ]
    t0 = time.perf_counter()
    for start in range(0, count, batch):
        r = http.post(
            PATH_PUSH,
            headers=headers,
            json={"device_id": device, "mutations": mutations[start : start + batch]},
        )
        r.raise_for_status()
    push_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    pulled = 0
    while True:
        body = http.get(PATH_PULL, headers=headers, params={"cursor": cursor, "limit": 1000}).json()
        pulled += len(body["changes"])
        cursor = body["next_cursor"]
        if not body["has_more"]:
            break
    pull_s = time.perf_counter() - t0
    if pulled < count:  # the first pull also brings the organisation and the assessment
        raise RuntimeError(f"pulled {pulled} changes after pushing {count}")
    return push_s, pull_s, cursor


def _bulk_insert(
    db: Database, assessment_id: str, organisation_id: str, user: str, count: int, now: datetime
) -> float:
    """The floor: the same rows into records and record_versions, one Core executemany each."""
    rows = [
        {
            "assessment_id": assessment_id,
            "standard_code": f"1.{i}",
            "rationale": "bench " * 10,
            "deleted": False,
            "rating": "not_yet_assessed",
            "good_practice": "",
            "areas_for_improvement": "",
        }
        for i in range(count)
    ]
    t0 = time.perf_counter()
    with db.write() as s:
        seqs = iter(allocate_seqs(s, count))
        ids = [str(uuid.uuid4()) for _ in rows]
        s.execute(
            insert(Record),
            [
                {
                    "entity": "finding",
                    "id": i,
                    "assessment_id": assessment_id,
                    "organisation_id": organisation_id,
                    "version": 1,
                    "seq": next(seqs),
                    "fields": f,
                    "deleted": False,
                    "updated_at": now,
                    "updated_by": user,
                }
                for i, f in zip(ids, rows, strict=True)
            ],
        )
        s.execute(
            insert(RecordVersion),
            [
                {"entity": "finding", "id": i, "version": 1, "fields": f, "at": now, "by": user}
                for i, f in zip(ids, rows, strict=True)
            ],
        )
    return time.perf_counter() - t0
