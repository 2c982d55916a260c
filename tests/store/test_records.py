"""One function changes records, and it keeps the row, the audit trail and the outbox in step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text, update

from qpm_desktop.model.enums import Rating, SyncState
from qpm_desktop.services.core import Services
from qpm_desktop.store.records import (
    NotFound,
    UnknownField,
    get_live,
    verify_audit_chain,
    write_record,
)
from qpm_desktop.store.tables import (
    Attachment,
    AuditEntry,
    Finding,
    Mutation,
    new_id,
    sync_fields,
)

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def _finding(services: Services, assessment_id: str, fid: str, **values: object):
    with services.store.write() as s:
        return write_record(
            s,
            Finding,
            fid,
            values,
            actor="tester",
            now=NOW,
            on_create={"assessment_id": assessment_id, "standard_code": "1.2"},
        )


def _audit(services: Services, record_id: str) -> list[AuditEntry]:
    with services.store.read() as s:
        return list(
            s.scalars(
                select(AuditEntry).where(AuditEntry.record_id == record_id).order_by(AuditEntry.seq)
            )
        )


def _mutations(services: Services, record_id: str) -> list[Mutation]:
    with services.store.read() as s:
        return list(
            s.scalars(
                select(Mutation).where(Mutation.record_id == record_id).order_by(Mutation.seq)
            )
        )


def test_a_new_record_is_audited_whole_and_queued_for_sync(services, assessment_id) -> None:
    """Creating a record writes it, one 'create' audit entry with every field, one mutation."""
    fid = new_id()
    change = _finding(services, assessment_id, fid, rating=Rating.MET)
    assert change is not None and change.action == "create" and change.rev == 1
    [entry] = _audit(services, fid)
    assert entry.action == "create" and entry.before is None
    assert entry.after["rating"] == "met" and entry.after["rationale"] == ""
    assert set(entry.after) == set(sync_fields(Finding))
    [mutation] = _mutations(services, fid)
    assert mutation.op == "create" and mutation.state == "pending"
    assert mutation.base_version is None and mutation.fields["rating"] == "met"


def test_an_edit_records_only_what_changed(services, assessment_id) -> None:
    """An update bumps rev, audits the changed fields before and after, folds into the mutation."""
    fid = new_id()
    _finding(services, assessment_id, fid, rating=Rating.MET)
    change = _finding(services, assessment_id, fid, rating=Rating.MET, rationale="Seen twice")
    assert change is not None and change.fields == ("rationale",) and change.rev == 2
    entry = _audit(services, fid)[-1]
    assert entry.action == "update"
    assert entry.before == {"rationale": ""} and entry.after == {"rationale": "Seen twice"}
    [mutation] = _mutations(services, fid)  # still one: it had not been sent yet
    assert mutation.op == "create" and mutation.rev == 2
    assert mutation.fields["rationale"] == "Seen twice" and mutation.fields["rating"] == "met"


def test_saving_the_same_values_writes_nothing(services, assessment_id) -> None:
    """An autosave of an unchanged field adds no audit entry, no mutation and no revision."""
    fid = new_id()
    _finding(services, assessment_id, fid, rationale="x")
    assert _finding(services, assessment_id, fid, rationale="x") is None
    assert len(_audit(services, fid)) == 1
    with services.store.read() as s:
        assert s.get(Finding, fid).rev == 1


def test_an_edit_after_a_send_starts_a_new_mutation(services, assessment_id) -> None:
    """Once a push has taken a mutation, a later edit goes into a new one with the server base."""
    fid = new_id()
    _finding(services, assessment_id, fid, rationale="first")
    with services.store.write() as s:
        s.execute(update(Mutation).where(Mutation.record_id == fid).values(state="sent"))
        s.execute(update(Finding).where(Finding.id == fid).values(server_version=7))
    _finding(services, assessment_id, fid, rationale="second")
    first, second = _mutations(services, fid)
    assert first.state == "sent" and first.fields["rationale"] == "first"
    assert second.state == "pending" and second.op == "update"
    assert second.base_version == 7 and second.fields == {"rationale": "second"}
    assert second.mutation_id != first.mutation_id


def test_a_confirmed_record_becomes_pending_when_edited(services, assessment_id) -> None:
    """A record the server had confirmed is pending again after a local edit."""
    fid = new_id()
    _finding(services, assessment_id, fid, rationale="a")
    with services.store.write() as s:
        s.execute(
            update(Finding)
            .where(Finding.id == fid)
            .values(sync_state=SyncState.CONFIRMED, acked_rev=1)
        )
    _finding(services, assessment_id, fid, rationale="b")
    with services.store.read() as s:
        row = s.get(Finding, fid)
        assert (row.sync_state, row.rev, row.acked_rev) == (SyncState.PENDING, 2, 1)


def test_deleting_leaves_a_tombstone(services, assessment_id) -> None:
    """A deletion is a 'delete' change on a row that stays, so it can travel to the server."""
    fid = new_id()
    _finding(services, assessment_id, fid, rationale="a")
    change = _finding(services, assessment_id, fid, deleted=True)
    assert change.action == "delete"
    with services.store.read() as s:
        assert s.get(Finding, fid).deleted is True
        with pytest.raises(NotFound):
            get_live(s, Finding, fid)


def test_local_only_fields_do_not_travel(services, assessment_id) -> None:
    """Moving an attachment's local file is audited but neither queued nor made pending."""
    from qpm_desktop.store.tables import EvidenceItem

    item, att = new_id(), new_id()
    with services.store.write() as s:
        write_record(
            s, EvidenceItem, item,
            {"assessment_id": assessment_id, "kind": "policy", "title": "P"},
            actor="t", now=NOW,
        )  # fmt: skip
        write_record(
            s, Attachment, att,
            {"evidence_item_id": item, "file_name": "a.pdf", "size": 3, "sha256": "a" * 64,
             "local_path": "/old"},
            actor="t", now=NOW,
        )  # fmt: skip
        s.execute(update(Attachment).where(Attachment.id == att).values(acked_rev=1))
        s.execute(
            update(Attachment).where(Attachment.id == att).values(sync_state=SyncState.CONFIRMED)
        )
    with services.store.write() as s:
        change = write_record(s, Attachment, att, {"local_path": "/new"}, actor="t", now=NOW)
    assert change is not None and change.rev == 1
    [mutation] = _mutations(services, att)
    assert "local_path" not in mutation.fields
    with services.store.read() as s:
        assert s.get(Attachment, att).sync_state == SyncState.CONFIRMED


def test_unknown_and_bookkeeping_fields_are_refused(services, assessment_id) -> None:
    """Callers cannot set fields a record lacks, nor sync bookkeeping such as rev."""
    with pytest.raises(UnknownField):
        _finding(services, assessment_id, new_id(), colour="red")
    with pytest.raises(UnknownField):
        _finding(services, assessment_id, new_id(), rev=99)


def test_several_writes_in_one_transaction_keep_the_chain(services, assessment_id) -> None:
    """Writes batched in one transaction each see the one before; the chain verifies."""
    with services.store.write() as s:
        for i in range(5):
            write_record(
                s, Finding, new_id(),
                {"rationale": f"r{i}"},
                actor="t", now=NOW + timedelta(seconds=i),
                on_create={"assessment_id": assessment_id, "standard_code": f"3.{i + 1}"},
            )  # fmt: skip
    with services.store.read() as s:
        assert verify_audit_chain(s) == []


def test_tampering_with_the_audit_trail_is_detected(services, assessment_id) -> None:
    """Changing or removing an audit entry breaks the hash chain where it happened."""
    with services.store.read() as s:
        assert verify_audit_chain(s) == []
        seqs = list(s.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)))
    with services.store.write() as s:
        s.execute(
            text("UPDATE audit_entries SET actor = 'someone else' WHERE seq = :q"),
            {"q": seqs[3]},
        )
        s.execute(text("DELETE FROM audit_entries WHERE seq = :q"), {"q": seqs[6]})
    with services.store.read() as s:
        problems = verify_audit_chain(s)
    assert f"entry {seqs[3]}: its content does not match its hash" in problems
    assert f"entry {seqs[7]}: does not follow the entry before it" in problems


def test_audit_entries_carry_the_session_and_its_monotonic_time(services, assessment_id) -> None:
    """Each entry records the working session and the time since it began; a wall clock set
    back does not reorder them, and changing the elapsed time breaks the chain."""
    fid = new_id()
    _finding(services, assessment_id, fid, rationale="first")
    with services.store.write() as s:  # the laptop's clock jumps back an hour
        write_record(
            s, Finding, fid, {"rationale": "second"}, actor="tester",
            now=NOW - timedelta(hours=1),
        )  # fmt: skip
    first, second = _audit(services, fid)
    assert first.session_id == second.session_id == services.store.session_id
    assert second.at < first.at and second.elapsed_ms >= first.elapsed_ms
    with services.store.read() as s:
        assert verify_audit_chain(s) == []
    with services.store.write() as s:
        s.execute(
            text("UPDATE audit_entries SET elapsed_ms = elapsed_ms + 5 WHERE seq = :q"),
            {"q": second.seq},
        )
    with services.store.read() as s:
        assert f"entry {second.seq}: its content does not match its hash" in verify_audit_chain(s)
