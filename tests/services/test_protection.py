"""What protects the assessor's work: encryption, backups, the start-up check, a full disk."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from qpm_desktop.logs import configure_logging
from qpm_desktop.model import demo
from qpm_desktop.model.enums import InterviewRole
from qpm_desktop.model.retention import BackupStamp, backups_to_keep
from qpm_desktop.services.backups import (
    ensure_daily_backup,
    list_backups,
    make_backup,
    newest_good_backup,
    restore_backup,
)
from qpm_desktop.services.core import Services
from qpm_desktop.services.unlock import open_local_copy
from qpm_desktop.store.migrate import DatabaseDamaged, DatabaseLocked

SENTENCES = [
    "Mrs Harrow said the night staff laughed at her advocate",
    "Dywedodd y partner nad oedd neb wedi cynnig y Gymraeg iddo",
    "Case CF-7 shows the advocate missed the tribunal deadline twice",
]


def _all_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def _leaks(files: list[Path]) -> list[tuple[str, str]]:
    found = []
    for path in files:
        data = path.read_bytes()
        for sentence in SENTENCES:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                if sentence.encode(encoding) in data:
                    found.append((str(path), sentence))
    return found


def test_typed_sentences_appear_in_no_file(tmp_path: Path, monkeypatch) -> None:
    """Known sentences typed into findings, interviews and an attachment are found nowhere in
    the database, its -wal and -shm, attachments, backups, the log or temporary files."""
    root = tmp_path / "copy"
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    log_path = configure_logging(tmp_path / "logs")
    services = open_local_copy(root, actor="Sam Okafor", demo=True)
    from qpm_desktop.services.demo import seed_demo

    aid = seed_demo(services)
    rec = services.recording
    rec.record_finding(aid, "1.2", rationale=SENTENCES[0], good_practice=SENTENCES[1])
    iid = rec.create_interview(
        aid, interviewee_code="AP-9", role=InterviewRole.ADVOCACY_PARTNER, notes=SENTENCES[1]
    ).record_id("interview")
    rec.update_interview(iid, notes=SENTENCES[1] + " " + SENTENCES[2])
    item = rec.create_evidence_item(aid, kind="report", title="Notes").record_id("evidence_item")
    attachment = tmp_path / "outside" / "notes.txt"
    attachment.parent.mkdir()
    attachment.write_text("\n".join(SENTENCES), encoding="utf-8")
    rec.attach_file(item, attachment)
    make_backup(services, "manual")
    # While still open, the -wal and -shm files hold the latest pages: scan them too.
    files_open = _all_files(root) + _all_files(temp)
    assert any(p.name.endswith("-wal") for p in files_open)
    assert _leaks(files_open) == []
    services.close()
    files = _all_files(root) + _all_files(temp) + _all_files(log_path.parent)
    assert len(list_backups(root)) >= 2  # today's automatic backup and the manual one
    assert _leaks(files) == []
    # The check can fail: the same scan finds the sentences in the plain attachment we made.
    assert _leaks([attachment]) != []


def test_daily_backups_are_made_once_and_thinned(services: Services) -> None:
    """One backup a day while in use, verified; old ones thinned to 7 daily and 4 weekly."""
    now = datetime(2026, 12, 2, 12, tzinfo=UTC)
    first = ensure_daily_backup(services, now)
    assert first is not None and first.label == "daily"
    assert ensure_daily_backup(services, now + timedelta(hours=3)) is None
    stamps = [
        BackupStamp(f"b{d}", now - timedelta(days=d, hours=h)) for d in range(60) for h in (1, 5)
    ]
    keep = backups_to_keep(stamps, now)
    kept_days = sorted(int(name[1:]) for name in keep)
    assert kept_days[:7] == list(range(7))  # the newest of each of the last 7 days
    assert len(keep) <= 7 + 4 and all(d < 28 for d in kept_days)


def test_the_newest_backup_survives_thinning_and_migration_backups_are_kept() -> None:
    """However old, the newest backup stays; the last three pre-migration backups stay too."""
    now = datetime(2026, 12, 2, tzinfo=UTC)
    old = [BackupStamp("ancient", now - timedelta(days=400))]
    assert backups_to_keep(old, now) == {"ancient"}
    migrations = [
        BackupStamp(f"m{i}", now - timedelta(days=100 + i), before_migration=True) for i in range(5)
    ]
    assert backups_to_keep(migrations, now) == {"m0", "m1", "m2"}


def test_a_restore_brings_back_the_backup_and_keeps_what_it_replaced(
    services: Services, reopen, test_key: bytes
) -> None:
    """Restoring puts the backup in place; the database it replaced is kept as a backup."""
    root = services.store.path.parent
    services.recording.record_finding(demo.ASSESSMENT_ID, "2.2", rationale="before the backup")
    backup = make_backup(services, "manual")
    services.recording.record_finding(demo.ASSESSMENT_ID, "2.2", rationale="after the backup")
    services.close()
    restore_backup(root, backup.path, test_key)
    again = reopen()
    try:
        assert again.queries.finding(demo.ASSESSMENT_ID, "2.2").rationale == "before the backup"
    finally:
        again.close()
    assert any(b.label == "replaced" for b in list_backups(root))


def test_damaged_copies_are_all_detected_and_a_backup_is_offered(
    services: Services, test_key: bytes, tmp_path: Path
) -> None:
    """100 copies with flipped bytes or truncation: each is refused at open (damaged, or not
    opening with its key), none crashes, and the newest sound backup is found for each. Opened
    as the app opens them (the check running beside the window), the damage is found too and
    not one write reaches the file."""
    root = services.store.path.parent
    make_backup(services, "daily")
    services.close()
    pristine = (root / "qpm-local.sqlite3").read_bytes()
    rng = random.Random(7)
    outcomes: dict[str, int] = {}
    when: Counter[str] = Counter()
    for n in range(100):
        copy = tmp_path / f"damaged-{n}"
        shutil.copytree(root, copy)
        data = bytearray(pristine)
        if n % 4 == 3:
            data = data[: rng.randrange(0, len(data) - 1)]
            kind = "truncated"
        else:
            for _ in range(rng.randrange(1, 8)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
            kind = "flipped"
        (copy / "qpm-local.sqlite3").write_bytes(bytes(data))
        before = (copy / "qpm-local.sqlite3").read_bytes()
        with pytest.raises((DatabaseDamaged, DatabaseLocked)):
            Services.open(copy, actor="t", key=test_key).close()
        assert (copy / "qpm-local.sqlite3").read_bytes() == before  # never written to
        assert newest_good_backup(copy, test_key) is not None
        outcomes[kind] = outcomes.get(kind, 0) + 1
        when[_open_deferred(copy, test_key)] += 1
        assert (copy / "qpm-local.sqlite3").read_bytes() == before
        shutil.rmtree(copy)
    assert outcomes == {"flipped": 75, "truncated": 25}
    assert sum(when.values()) == 100 and when["while open"] > 0, when


def _open_deferred(copy: Path, key: bytes) -> str:
    """Open as the app does (the check on its own thread): the damage is found at open or by
    the running check; no write gets through; the next opening checks first and refuses."""
    try:
        opened = Services.open(copy, actor="t", key=key, defer_check=True)
    except (DatabaseDamaged, DatabaseLocked):
        return "at open"
    try:
        problems = opened.integrity_verdict(timeout=120)
        assert problems, "the running check must find the damage"
        with pytest.raises(DatabaseDamaged):
            opened.recording.record_finding(demo.ASSESSMENT_ID, "2.2", rationale="not saved")
    finally:
        opened.close()
    with pytest.raises((DatabaseDamaged, DatabaseLocked)):
        Services.open(copy, actor="t", key=key, defer_check=True).close()
    return "while open"


def test_a_full_disk_fails_one_edit_clearly_and_loses_nothing(
    services: Services, test_key: bytes
) -> None:
    """With the file size limit reached, the edit fails with a clear message, earlier work is
    intact, and once there is room again the next edit saves."""
    root = services.store.path.parent
    services.recording.record_finding(demo.ASSESSMENT_ID, "2.2", rationale="saved before")
    services.close()
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        from pathlib import Path
        from qpm_desktop.services.core import Services
        from qpm_desktop.services.recording import StorageFull
        key = bytes.fromhex("{test_key.hex()}")
        sv = Services.open(Path({str(root)!r}), actor="t", key=key)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        size = sv.store.path.stat().st_size
        wal = Path(str(sv.store.path) + "-wal")
        limit = max(size, wal.stat().st_size if wal.exists() else 0) + 8192
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
        try:
            sv.recording.record_finding(
                "{demo.ASSESSMENT_ID}", "2.3", rationale="x" * 1_500_000
            )
        except Exception as exc:
            print("REFUSED", type(exc).__name__, exc)
        resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY,) * 2)
        sv.recording.record_finding("{demo.ASSESSMENT_ID}", "2.3", rationale="saved after")
        print("AFTER", sv.queries.finding("{demo.ASSESSMENT_ID}", "2.2").rationale)
        print("NEXT", sv.queries.finding("{demo.ASSESSMENT_ID}", "2.3").rationale)
        sv.close()
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["REFUSED"].startswith("StorageFull")
    assert "disk is full" in lines["REFUSED"] and "nothing of this change" in lines["REFUSED"]
    assert lines["AFTER"] == "saved before"
    assert lines["NEXT"] == "saved after"
