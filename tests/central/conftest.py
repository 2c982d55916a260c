"""A real central store process on 127.0.0.1, on SQLite and on a throwaway PostgreSQL cluster."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from qpm_desktop.central import admin, auth
from qpm_desktop.central.db import Database, sqlite_url
from qpm_desktop.locations import placeholder_framework_path
from qpm_desktop.model import demo
from qpm_desktop.protocol import HEADER_PROTOCOL, PATH_HEALTH, PATH_TOKEN

PG_BIN = Path(os.environ.get("QPM_PG_BIN", "/usr/lib/postgresql/15/bin"))
STARTUP_TIMEOUT = 90.0
PASSWORD = "correct horse battery staple"
FRAMEWORK_KEY = demo.FRAMEWORK_KEY


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def missing_tool(message: str) -> None:
    """A tool the tests need is absent: skip on a developer's machine, fail in CI, where
    `./dev test` installs it (so CI really runs every test)."""
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must have it (./dev test installs it)")
    pytest.skip(message)


def _pg_tools() -> dict[str, str] | None:
    tools = {}
    for name in ("initdb", "pg_ctl", "createdb"):
        found = PG_BIN / name if (PG_BIN / name).exists() else shutil.which(name)
        if not found:
            return None
        tools[name] = str(found)
    return tools


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        # runuser lives in /usr/sbin, which a non-login PATH may lack.
        runuser = shutil.which("runuser") or next(
            (str(p) for p in (Path("/usr/sbin/runuser"), Path("/sbin/runuser")) if p.exists()),
            "runuser",
        )
        return [runuser, "-u", "postgres", "--", *args]
    return args


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    """A throwaway PostgreSQL cluster in a temporary folder (None when PostgreSQL is absent)."""
    tools = _pg_tools()
    if tools is None:
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="qpm-pg-"))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = free_port()
    run = {"check": True, "capture_output": True, "text": True}
    subprocess.run(
        _as_postgres(
            [tools["initdb"], "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"]
        ),
        **run,
    )
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        _as_postgres(
            [
                tools["pg_ctl"],
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(root / "log"),
                "-w",
                "start",
            ]
        ),
        **run,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres([tools["pg_ctl"], "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


def _new_pg_database(base_url: str) -> str:
    name = f"qpm_{uuid.uuid4().hex[:12]}"
    import psycopg

    with psycopg.connect(
        base_url.replace("postgresql://", "postgresql://", 1), autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base_url.rsplit("/", 1)[0] + f"/{name}"


@dataclass
class Central:
    """A running store: its URL, its database (for seeding and checking) and helpers."""

    backend: str
    base_url: str
    db_url: str
    data_dir: Path
    db: Database
    process: subprocess.Popen[bytes]
    log: Path
    http: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.http = httpx.Client(
            base_url=self.base_url, timeout=60.0, headers={HEADER_PROTOCOL: "1"}
        )

    def now(self) -> datetime:
        return datetime.now(UTC)

    def user(self, role: str = "assessor") -> str:
        username = f"{role}-{uuid.uuid4().hex[:8]}"
        with self.db.write() as s:
            auth.create_user(s, username, PASSWORD, role=role, actor="test", now=self.now())
        return username

    def assessment(self, *assessors: str) -> dict[str, str]:
        """A new organisation with one team and one assessment, assigned to ``assessors``."""
        with self.db.write() as s:
            admin.import_framework(s, placeholder_framework_path(), actor="test", now=self.now())
            org = admin.create_organisation(s, "Test org", actor="test", now=self.now())
            team = admin.create_team(s, org.id, "Team A", actor="test", now=self.now())
            a = admin.create_assessment(
                s, org.id, FRAMEWORK_KEY, "QPM-T", band=1, actor="test", now=self.now()
            )
            s.flush()
            for index, username in enumerate(assessors):
                admin.assign(
                    s, a.id, username, "lead" if index == 0 else "co", actor="t", now=self.now()
                )
        return {"organisation": org.id, "team": team.id, "assessment": a.id}

    def sign_in(self, username: str, device_id: str | None = None) -> Session:
        device_id = device_id or str(uuid.uuid4())
        response = self.http.post(
            PATH_TOKEN,
            json={"username": username, "password": PASSWORD, "device_id": device_id},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        return Session(self, device_id, body["access_token"], body["refresh_token"])


@dataclass
class Session:
    central: Central
    device_id: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.central.http.get(path, headers=self.headers, **kw)

    def post(self, path: str, **kw: Any) -> httpx.Response:
        return self.central.http.post(path, headers=self.headers, **kw)

    def push(self, mutations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        response = self.post(
            "/api/v1/sync/push", json={"device_id": self.device_id, "mutations": mutations}
        )
        assert response.status_code == 200, response.text
        return response.json()["results"]

    def pull_all(self, cursor: int = 0, limit: int = 500) -> tuple[list[dict[str, Any]], int]:
        changes: list[dict[str, Any]] = []
        while True:
            response = self.get("/api/v1/sync/pull", params={"cursor": cursor, "limit": limit})
            assert response.status_code == 200, response.text
            body = response.json()
            changes += body["changes"]
            cursor = body["next_cursor"]
            if not body["has_more"]:
                return changes, cursor


def start_server(backend: str, db_url: str, data_dir: Path) -> Central:
    port = free_port()
    log = data_dir / "server.log"
    db = Database.open(db_url)  # migrates, as the server will (again, harmlessly)
    with db.write() as s:
        admin.seed_demo(s, placeholder_framework_path(), now=datetime.now(UTC))
    handle = log.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "qpm_desktop.central.cli",
            "serve",
            "--db-url",
            db_url,
            "--data-dir",
            str(data_dir),
            "--port",
            str(port),
        ],
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}):\n{log.read_text()}")
        try:
            if httpx.get(base_url + PATH_HEALTH, timeout=2.0).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(
                f"the server did not answer within {STARTUP_TIMEOUT}s:\n{log.read_text()}"
            )
        time.sleep(0.05)  # polling interval, not a wait for readiness
    return Central(backend, base_url, db_url, data_dir, db, process, log)


@contextlib.contextmanager
def serving(backend: str, db_url: str, data_dir: Path) -> Iterator[Central]:
    """A store process on ``db_url`` while the block runs; stopped (and ``data_dir``
    removed) after it."""
    server = start_server(backend, db_url, data_dir)
    try:
        yield server
    finally:
        server.http.close()
        server.process.terminate()
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.process.kill()
        server.db.close()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def central(request: pytest.FixtureRequest, postgres_url: str | None) -> Iterator[Central]:
    """One store process per database for the whole run; tests make their own users and data."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"qpm-central-{request.param}-"))
    if request.param == "sqlite":
        db_url = sqlite_url(data_dir / "central.sqlite3")
    else:
        if postgres_url is None:
            missing_tool(f"PostgreSQL binaries not found (looked in {PG_BIN} and on PATH)")
        db_url = _new_pg_database(postgres_url)
    with serving(request.param, db_url, data_dir) as server:
        yield server
