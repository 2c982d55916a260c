"""Retention: a confirmed assessment leaves this computer after its period (or at once when
the assessor asks), with its files overwritten and gone; an unconfirmed one stays.

The central store's answers are simulated here (every mutation acknowledged, the digest noted
equal, the files held); tests/sync/test_rescue.py runs the real thing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from qpm_desktop.model.enums import InterviewRole
from qpm_desktop.protocol.messages import MutationResult
from qpm_desktop.services.core import Services
from qpm_desktop.services.demo import seed_demo
from qpm_desktop.services.rescue import Rescue
from qpm_desktop.services.retention import (
    NO_SIGNED_REPORT,
    NOT_CHECKED,
    NOT_COMPARED,
    UNSYNCED,
    RemovalRefused,
    Retention,
)
from qpm_desktop.store import replica as rep
from qpm_desktop.store.records import verify_audit_chain, write_record
from qpm_desktop.store.tables import (
    Assessment,
    Attachment,
    AuditEntry,
    Interview,
    Mutation,
    ReportVersion,
    ServerCopy,
    new_id,
)

START = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
SECRET = "Mrs Harrow said the night staff laughed at her advocate"


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def copy(tmp_path: Path):
    clock = Clock()
    services = Services.open(tmp_path / "copy", actor="Sam Okafor", key=None, clock=clock)
    services.clock = clock  # type: ignore[attr-defined]
    yield services
    services.close()


def _work(services: Services, tmp_path: Path, *, signed: bool = True) -> tuple[str, list[Path]]:
    """The demo assessment with an interview, an attachment and (signed) report version."""
    aid = seed_demo(services)
    rec = services.recording
    rec.create_interview(
        aid, interviewee_code="AP-9", role=InterviewRole.ADVOCACY_PARTNER, notes=SECRET
    )
    item = rec.create_evidence_item(aid, kind="report", title="Notes").record_id("evidence_item")
    source = tmp_path / "notes.txt"
    source.write_text(SECRET, encoding="utf-8")
    rec.attach_file(item, source)
    reports = services.ctx.file_store(services.ctx.attachments_dir.parent / "reports")
    pdf = reports.put_bytes(b"%PDF-1.7 a signed report standing in for the real one")
    with services.store.write() as s:
        write_record(
            s,
            ReportVersion,
            new_id(),
            {
                "assessment_id": aid,
                "number": 1,
                "language": "en",
                "snapshot_sha256": "0" * 64,
                "pdf_sha256": pdf.sha256,
                "file_name": "report-1.pdf",
                "size": pdf.size,
                "state": "signed" if signed else "draft",
                "local_path": str(pdf.path),
            },
            actor="Sam Okafor",
            now=services.ctx.clock(),
        )
        att = s.scalars(select(Attachment.local_path)).one()
    return aid, [Path(att), pdf.path]


def _acknowledge_everything(services: Services) -> None:
    """What a sync does when the server applies every change and the digests agree."""
    now = services.ctx.clock()
    with services.store.write() as s:
        while taken := rep.take_outbox(s, 1000, now=now):
            results = [
                MutationResult(
                    mutation_id=t.mutation.mutation_id,
                    status="applied",
                    version=(t.mutation.base_version or 0) + 1,
                )
                for t in taken
            ]
            rep.record_results(s, results, now=now, tally=rep.PushTally())
        for aid in rep.held_assessments(s):
            if rep.is_settled(s, aid):
                digest, _ = rep.local_digest(s, aid)
                rep.set_setting(s, "sync.digest." + aid, f"equal {digest}")


def _server_holds_all(services: Services, aid: str) -> None:
    with services.store.read() as s:
        pdfs = set(s.scalars(select(ReportVersion.pdf_sha256)))
    Retention(services.ctx).confirm_with_server(lambda _aid: pdfs, lambda _sha: True, None)


def test_confirmed_assessment_is_removed_after_the_period(copy, tmp_path) -> None:
    aid, files = _work(copy, tmp_path)
    retention = Retention(copy.ctx)
    assert retention.days() == 30
    retention.set_days(10)
    assert retention.state(aid).reason == UNSYNCED
    _acknowledge_everything(copy)
    assert retention.state(aid).reason == NOT_CHECKED
    _server_holds_all(copy, aid)
    state = retention.state(aid)
    assert state.confirmed and state.remove_after == START + timedelta(days=10)

    copy.clock.now = START + timedelta(days=9, hours=23)
    assert retention.apply()[0] == []
    assert all(f.exists() for f in files)
    copy.clock.now = START + timedelta(days=10)
    removed, changes = retention.apply(keep={"some-other-open-assessment"})
    assert [r.assessment_id for r in removed] == [aid]
    assert removed[0].files == 2 and removed[0].checkpointed
    assert changes.touches("assessment")
    assert not any(f.exists() for f in files)
    with copy.store.read() as s:
        assert s.get(Assessment, aid) is None
        assert s.scalars(select(Interview)).all() == []
        assert s.scalars(select(Mutation)).all() == []
        assert s.scalars(select(ServerCopy)).all() == []
        removal = s.scalars(select(AuditEntry).where(AuditEntry.action == "remove_local")).one()
        assert removal.after == {
            "reason": "retention period over",
            "records": removal.after["records"],
        }
        # The chain still holds, and no entry carries the removed content.
        assert verify_audit_chain(s) == []
        for entry in s.scalars(select(AuditEntry)):
            assert SECRET not in repr(entry.before) + repr(entry.after)
    copy.close()
    for path in (copy.store.path, Path(f"{copy.store.path}-wal")):
        if path.exists():
            assert SECRET.encode() not in path.read_bytes()


def test_tampered_redaction_is_detected(copy, tmp_path) -> None:
    """Emptying an entry's content without a removal is not accepted by the chain check."""
    _aid, _files = _work(copy, tmp_path)
    with copy.store.write() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "interview")).first()
        entry.before, entry.after = None, {"_removed_by": entry.seq + 1000}
    with copy.store.read() as s:
        assert any("content is gone" in p for p in verify_audit_chain(s))


@pytest.mark.parametrize("case", ["pending", "no_report", "not_compared", "not_checked"])
def test_unconfirmed_assessment_is_kept(copy, tmp_path, case) -> None:
    aid, files = _work(copy, tmp_path, signed=case != "no_report")
    retention = Retention(copy.ctx)
    retention.set_days(0)
    _acknowledge_everything(copy)
    if case != "not_checked":
        _server_holds_all(copy, aid)
    if case == "pending":
        copy.recording.record_finding(aid, "1.1", rationale="one more thought")
    elif case == "not_compared":
        with copy.store.write() as s:
            rep.set_setting(s, "sync.digest." + aid, "differs server 3 records, here 9")
    expected = {
        "pending": UNSYNCED,
        "no_report": NO_SIGNED_REPORT,
        "not_compared": NOT_COMPARED,
        "not_checked": NOT_CHECKED,
    }[case]
    copy.clock.now = START + timedelta(days=400)
    assert retention.state(aid).reason == expected
    assert retention.apply()[0] == []
    with pytest.raises(RemovalRefused) as refused:
        retention.remove_now(aid)
    assert refused.value.reason == expected
    assert all(f.exists() for f in files)
    with copy.store.read() as s:
        assert s.get(Assessment, aid) is not None


def test_confirmation_is_voided_by_a_later_change(copy, tmp_path) -> None:
    aid, _files = _work(copy, tmp_path)
    retention = Retention(copy.ctx)
    _acknowledge_everything(copy)
    _server_holds_all(copy, aid)
    assert retention.state(aid).confirmed
    copy.recording.record_finding(aid, "1.1", rationale="a late thought")
    assert retention.state(aid).reason == UNSYNCED
    _acknowledge_everything(copy)
    # Synced again, but the server has not been asked since: not confirmed at this digest.
    assert retention.state(aid).reason == NOT_CHECKED


def test_unsaved_typing_keeps_it_here(copy, tmp_path) -> None:
    """A draft (text typed, not yet saved as a change) holds the assessment here; once saved
    and confirmed again, it can go."""
    from qpm_desktop.store.tables import Base

    drafts = Base.metadata.tables["drafts"]
    aid, _files = _work(copy, tmp_path)
    retention = Retention(copy.ctx)
    _acknowledge_everything(copy)
    _server_holds_all(copy, aid)
    assert retention.state(aid).confirmed
    with copy.store.write() as s:
        s.execute(
            drafts.insert().values(
                entity="finding",
                record_id=new_id(),
                field="rationale",
                assessment_id=aid,
                value=SECRET,
                updated_at=START,
            )
        )
    assert retention.state(aid).reason == UNSYNCED
    with pytest.raises(RemovalRefused):
        retention.remove_now(aid)
    with copy.store.write() as s:
        rep.set_setting(s, "retention.confirmed." + aid, None)
        # As if a crash left it and it was promoted (saved) and confirmed after.
        s.execute(drafts.delete())
    _server_holds_all(copy, aid)
    retention.remove_now(aid)
    with copy.store.read() as s:
        assert s.execute(select(drafts)).all() == []


def test_server_missing_a_file_keeps_it_unconfirmed(copy, tmp_path) -> None:
    aid, _files = _work(copy, tmp_path)
    retention = Retention(copy.ctx)
    _acknowledge_everything(copy)
    assert retention.confirm_with_server(lambda _aid: set(), lambda _sha: True, None) == []
    assert retention.confirm_with_server(lambda _aid: {"x"}, lambda _sha: False, None) == []
    with copy.store.read() as s:
        last = s.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq.desc())).first()
        pdfs = set(s.scalars(select(ReportVersion.pdf_sha256)))
    # The audit trail must be held through the assessment's last entry.
    assert retention.confirm_with_server(lambda _aid: pdfs, lambda _sha: True, last - 1) == []
    assert retention.confirm_with_server(lambda _aid: pdfs, lambda _sha: True, last) == [aid]


def test_remove_now_accepts_a_confirmed_assessment(copy, tmp_path) -> None:
    aid, files = _work(copy, tmp_path)
    _acknowledge_everything(copy)
    _server_holds_all(copy, aid)
    retention = Retention(copy.ctx)
    removed, _changes = retention.remove_now(aid)  # long before its period is over
    assert removed.reference and removed.files == 2
    assert not any(f.exists() for f in files)
    assert retention.states() == []
    with pytest.raises(RemovalRefused):
        retention.remove_now(aid)


def test_sign_out_guard_counts_work_not_in_a_bundle(copy, tmp_path) -> None:
    aid, _files = _work(copy, tmp_path)
    rescue = Rescue(copy.ctx)
    assert rescue.unsynced() > 0
    _acknowledge_everything(copy)
    assert rescue.unsynced() == 0
    rescue.check_sign_out()
    copy.recording.record_finding(aid, "1.1", rationale="typed offline")
    assert rescue.unsynced() == 1
    with pytest.raises(Exception, match="not yet on the central store"):
        rescue.check_sign_out()
