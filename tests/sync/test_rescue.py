"""The rescue bundle against a real central store process: export, sign-out, import with the
admin command, import again, the device syncing after all; wrong passphrase, truncated and
altered bundles change nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qpm_desktop.central.schema import (
    AuditLog,
    Blob,
    DeviceAuditEntry,
    MutationSeen,
    Record,
    RecordVersion,
)
from qpm_desktop.model.enums import InterviewRole
from qpm_desktop.protocol.rescue import RescueError, read_bundle
from qpm_desktop.services.rescue import ConflictsOpen, Rescue, UnsyncedWork
from tests.central.conftest import _new_pg_database, missing_tool, postgres_url, serving

__all__ = ["postgres_url"]  # the throwaway cluster fixture, used here too

PASSPHRASE = "lantern harbour copper seven"
SCRYPT_N = 2**12  # the tests' cost; bundles made by the app use the default


def _import(central, bundle: Path, passphrase: str = PASSPHRASE) -> subprocess.CompletedProcess:
    env = {**os.environ, "QPM_RESCUE_PASSPHRASE": passphrase}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "qpm_desktop.central.cli",
            "admin",
            "import-rescue",
            str(bundle),
            "--db-url",
            central.db_url,
            "--data-dir",
            str(central.data_dir),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def _counts(central) -> dict[str, int]:
    with central.db.read() as s:
        return {
            "records": s.scalar(select(func.count()).select_from(Record)),
            "versions": s.scalar(select(func.count()).select_from(RecordVersion)),
            "seen": s.scalar(select(func.count()).select_from(MutationSeen)),
            "blobs": s.scalar(select(func.count()).select_from(Blob)),
            "device_audit": s.scalar(select(func.count()).select_from(DeviceAuditEntry)),
        }


def _offline_work(device, aid: str, tmp_path: Path) -> tuple[str, str]:
    rec = device.recording
    iid = rec.create_interview(
        aid, interviewee_code="AP-31", role=InterviewRole.ADVOCACY_PARTNER, notes="on the train"
    ).record_id("interview")
    rec.update_interview(iid, notes="on the train, no signal")
    item = rec.create_evidence_item(aid, kind="policy", title="Policy").record_id("evidence_item")
    source = tmp_path / "policy.txt"
    source.write_bytes(b"the advocacy policy, photographed " * 2000)
    changes = rec.attach_file(item, source)
    with device.services.store.read() as s:
        from qpm_desktop.store.tables import Attachment

        sha = s.get(Attachment, changes.record_id("attachment")).sha256
    return iid, sha


@pytest.fixture(scope="module")
def central_postgresql(postgres_url):
    """A central store process on a throwaway PostgreSQL cluster (for the round trip)."""
    if postgres_url is None:
        missing_tool("PostgreSQL binaries not found")
    data_dir = Path(tempfile.mkdtemp(prefix="qpm-rescue-central-"))
    with serving("postgresql", _new_pg_database(postgres_url), data_dir) as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def any_central(request):
    return request.getfixturevalue(f"central_{request.param}")


def _offline_device(central, make_device, tmp_path):
    user = central.user()
    aid = central.assessment(user)["assessment"]
    device = make_device(user, central.base_url)
    device.syncing.sync_now()
    iid, sha = _offline_work(device, aid, tmp_path)
    return device, aid, iid, sha


@pytest.fixture
def offline_anywhere(any_central, make_device, tmp_path):
    return any_central, _offline_device(any_central, make_device, tmp_path)


@pytest.fixture
def offline(central_sqlite, make_device, tmp_path):
    """A device that synced once, then recorded work it could not sync."""
    user = central_sqlite.user()
    aid = central_sqlite.assessment(user)["assessment"]
    device = make_device(user, central_sqlite.base_url)
    device.syncing.sync_now()
    iid, sha = _offline_work(device, aid, tmp_path)
    return device, aid, iid, sha


def test_bundle_round_trip_then_import_again_then_device_syncs(offline_anywhere, tmp_path) -> None:
    central, (device, aid, iid, sha) = offline_anywhere  # SQLite, then PostgreSQL
    rescue = Rescue(device.services.ctx)
    with pytest.raises(UnsyncedWork):
        device.syncing.sign_out()
    assert device.syncing.account().has_tokens
    bundle = tmp_path / "work.qpmrescue"
    exported = rescue.export(bundle, PASSPHRASE, scrypt_n=SCRYPT_N)
    # create + update of the interview fold into one mutation; then the item and its file
    assert exported.mutations == 3 and exported.files == 1 and exported.audit_entries >= 4
    assert b"on the train" not in bundle.read_bytes()
    assert rescue.unsynced() == 0
    device.syncing.sign_out()  # the work is in the bundle now
    assert not device.syncing.account().has_tokens

    before = _counts(central)
    first = _import(central, bundle)
    assert first.returncode == 0, first.stderr
    assert "nothing new" not in first.stdout
    with central.db.read() as s:
        record = s.get(Record, ("interview", iid))
        assert record is not None and record.fields["notes"] == "on the train, no signal"
        assert s.get(Blob, sha) is not None
        logged = s.scalars(select(AuditLog).where(AuditLog.action == "rescue_import")).all()
        assert len(logged) == 1
    assert (central.data_dir / "blobs" / sha[:2] / sha).is_file()
    after_first = _counts(central)
    assert after_first["device_audit"] >= before["device_audit"] + exported.audit_entries

    second = _import(central, bundle)
    assert second.returncode == 0, second.stderr
    assert "nothing new" in second.stdout
    assert _counts(central) == after_first

    # The device comes back online and syncs: its sent changes are recognised, not stored again.
    from tests.central.conftest import PASSWORD

    device.syncing.sign_in(central.base_url, device.username, PASSWORD)
    summary = device.syncing.sync_now()
    assert summary.results.get("duplicate", 0) == exported.mutations
    assert summary.digests[aid] == "equal"
    after_sync = _counts(central)
    assert after_sync["versions"] == after_first["versions"]
    assert after_sync["records"] == after_first["records"]
    assert after_sync["blobs"] == after_first["blobs"]
    assert after_sync["device_audit"] == after_first["device_audit"]
    assert device.syncing.record_state("interview", iid)[0] == "confirmed"
    # Synced and equal, but without a signed report the assessment stays on this computer.
    from qpm_desktop.services.retention import NO_SIGNED_REPORT, Retention

    assert device.syncing.client().signed_reports(aid) == set()
    assert Retention(device.services.ctx).state(aid).reason == NO_SIGNED_REPORT


def test_import_after_the_device_synced_stores_nothing(central_sqlite, offline, tmp_path) -> None:
    device, aid, iid, _sha = offline
    bundle = tmp_path / "work.qpmrescue"
    Rescue(device.services.ctx).export(bundle, PASSPHRASE, scrypt_n=SCRYPT_N)
    device.recording.update_interview(iid, notes="written after the bundle")
    assert Rescue(device.services.ctx).unsynced() == 1
    with pytest.raises(UnsyncedWork):
        device.syncing.sign_out()
    device.syncing.sync_now()
    assert device.syncing.sync_now().digests[aid] == "equal"
    before = _counts(central_sqlite)
    done = _import(central_sqlite, bundle)
    assert done.returncode == 0, done.stderr
    assert "nothing new" in done.stdout
    assert _counts(central_sqlite) == before
    with central_sqlite.db.read() as s:
        # The bundle's older notes did not overwrite the later ones.
        assert s.get(Record, ("interview", iid)).fields["notes"] == "written after the bundle"


def test_wrong_passphrase_truncated_and_altered_change_nothing(
    central_sqlite, offline, tmp_path
) -> None:
    device, _aid, _iid, _sha = offline
    bundle = tmp_path / "work.qpmrescue"
    Rescue(device.services.ctx).export(bundle, PASSPHRASE, scrypt_n=SCRYPT_N)
    data = bundle.read_bytes()
    header_end = data.index(b"}") + 1
    cases = {
        "wrong": (data, "another passphrase entirely", "passphrase is not the one"),
        "truncated": (data[:-200], PASSPHRASE, "altered or damaged"),
        "cut_at_chunk": (data[: header_end + 1024], PASSPHRASE, "altered or damaged"),
        "header_cut": (data[:20], PASSPHRASE, "truncated in its header"),
        "altered": (
            data[:-50] + bytes([data[-50] ^ 0x01]) + data[-49:],
            PASSPHRASE,
            "altered or damaged",
        ),
        "header_altered": (
            data.replace(b'"version": 1', b'"version": 2', 1),
            PASSPHRASE,
            "format version 2",
        ),
        "trailing": (data + b"x" * 40, PASSPHRASE, "altered or damaged"),
        "not_a_bundle": (b"%PDF-1.7\n" + data[10:], PASSPHRASE, "not a QPM rescue bundle"),
    }
    before = _counts(central_sqlite)
    for name, (content, passphrase, message) in cases.items():
        damaged = tmp_path / f"{name}.qpmrescue"
        damaged.write_bytes(content)
        with pytest.raises(RescueError, match=message):
            read_bundle(damaged, passphrase, tmp_path / f"work-{name}")
    # The admin command says so and stores nothing.
    for name, passphrase in (("wrong", "another passphrase entirely"), ("truncated", PASSPHRASE)):
        done = _import(central_sqlite, tmp_path / f"{name}.qpmrescue", passphrase)
        assert done.returncode == 1
        assert done.stderr.startswith("error: ") and "nothing was imported" in done.stderr
    assert _counts(central_sqlite) == before


def test_export_waits_for_open_conflicts(central_sqlite, make_device, tmp_path) -> None:
    a_user, b_user = central_sqlite.user(), central_sqlite.user()
    aid = central_sqlite.assessment(a_user, b_user)["assessment"]
    a = make_device(a_user, central_sqlite.base_url)
    b = make_device(b_user, central_sqlite.base_url)
    a.syncing.sync_now()
    b.syncing.sync_now()
    a.recording.record_finding(aid, "1.1", rationale="from A")
    b.recording.record_finding(aid, "1.1", rationale="from B")
    a.syncing.sync_now()
    b.syncing.sync_now()
    assert b.syncing.conflicts()
    with pytest.raises(ConflictsOpen):
        Rescue(b.services.ctx).export(tmp_path / "b.qpmrescue", PASSPHRASE, scrypt_n=SCRYPT_N)
    assert not (tmp_path / "b.qpmrescue").exists()
