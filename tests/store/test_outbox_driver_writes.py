"""Taking the outbox and recording the answers write at the driver's level (store.bulk): what
they store must read back through the ORM exactly as if SQLAlchemy had written it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, text

from qpm_desktop.model.enums import SyncState
from qpm_desktop.protocol.messages import MutationResult
from qpm_desktop.services.core import Services
from qpm_desktop.store import replica as rep
from qpm_desktop.store.records import write_record
from qpm_desktop.store.tables import Finding, Mutation, ServerCopy, new_id, sync_fields
from qpm_desktop.store.wire import to_wire

# A whole second: SQLAlchemy still writes ".000000", which a plain isoformat() would drop.
TAKEN = datetime(2026, 12, 3, 9, 30, 0, tzinfo=UTC)
ANSWERED = datetime(2026, 12, 3, 9, 31, 0, 250_000, tzinfo=UTC)


def _new_findings(services: Services, assessment_id: str, count: int) -> list[str]:
    ids = [new_id() for _ in range(count)]
    with services.store.write() as s:
        for n, fid in enumerate(ids):
            write_record(
                s,
                Finding,
                fid,
                {"rationale": f"Rationale «{n}» — ŵ ☃ 'quoted' \"double\" \\ back"},
                actor="tester",
                now=TAKEN,
                on_create={"assessment_id": assessment_id, "standard_code": f"9.{n}"},
            )
    return ids


def test_taken_and_answered_rows_read_back_as_the_orm_wrote_them(
    services: Services, assessment_id: str
) -> None:
    ids = _new_findings(services, assessment_id, 3)
    with services.store.write() as s:
        taken = [t.mutation for t in rep.take_outbox(s, 1000, now=TAKEN)]
    mine = [m for m in taken if m.record_id in ids]
    assert len(mine) == 3
    with services.store.read() as s:
        rows = s.scalars(select(Mutation).where(Mutation.record_id.in_(ids))).all()
        assert {m.state for m in rows} == {"sent"}
        assert {m.updated_at for m in rows} == {TAKEN}
        assert {m.attempts for m in rows} == {1}
        # The same text form as a time the ORM wrote (created_at), so times still sort.
        stored = s.execute(
            text("SELECT DISTINCT created_at, updated_at FROM mutations WHERE record_id = :r"),
            {"r": ids[0]},
        ).one()
        assert stored[0] == stored[1] == "2026-12-03 09:30:00.000000"
        assert {s.get(Finding, fid).sync_state for fid in ids} == {SyncState.SENT}

    with services.store.write() as s:
        rep.record_results(
            s,
            [MutationResult(mutation_id=m.mutation_id, status="applied", version=1) for m in mine],
            now=ANSWERED,
            tally=rep.PushTally(),
        )
    with services.store.read() as s:
        rows = s.scalars(select(Mutation).where(Mutation.record_id.in_(ids))).all()
        assert {m.state for m in rows} == {"acked"}
        assert {m.updated_at for m in rows} == {ANSWERED}
        assert {m.last_error for m in rows} == {None}
        for fid in ids:
            row = s.get(Finding, fid)
            assert row.sync_state is SyncState.CONFIRMED
            assert (row.server_version, row.acked_rev) == (1, row.rev)
            copy = s.get(ServerCopy, ("finding", fid))
            assert copy.version == 1 and copy.stale is False
            # The server's copy is the record's wire fields, odd text and all.
            assert copy.fields == {n: to_wire(getattr(row, n)) for n in sync_fields(Finding)}


def test_a_large_outbox_is_taken_and_answered_without_chunking_limits(
    services: Services, assessment_id: str
) -> None:
    """Thousands of keys travel as one JSON list (json_each), past SQLite's variable limit."""
    ids = set(_new_findings(services, assessment_id, 1200))
    with services.store.write() as s:
        taken = [t.mutation for t in rep.take_outbox(s, 5000, now=TAKEN)]
    assert ids <= {m.record_id for m in taken}
    with services.store.write() as s:
        rep.record_results(
            s,
            [MutationResult(mutation_id=m.mutation_id, status="applied", version=1) for m in taken],
            now=ANSWERED,
            tally=rep.PushTally(),
        )
        assert rep.count_outbox(s)["sent"] == 0
    with services.store.read() as s:
        states = s.scalars(select(Finding.sync_state).where(Finding.id.in_(list(ids)))).all()
    assert set(states) == {SyncState.CONFIRMED} and len(states) == len(ids)


def test_rows_inserted_at_the_driver_level_are_stored_as_sqlalchemy_stores_them(
    services: Services, assessment_id: str
) -> None:
    """A pull's new records go in through ``bulk.insert_rows``: every column (times, enums,
    booleans, None, odd text) is stored byte for byte as SQLAlchemy's own insert stores it."""
    from sqlalchemy import insert

    from qpm_desktop.model.enums import InterviewRole
    from qpm_desktop.store import bulk
    from qpm_desktop.store.tables import Interview

    def row(record_id: str) -> dict[str, object]:
        return {
            "id": record_id,
            "rev": 1,
            "acked_rev": 1,
            "server_version": 3,
            "sync_state": SyncState.CONFIRMED,
            "sync_note": None,
            "created_at": TAKEN,
            "updated_at": ANSWERED,
            "deleted": False,
            "assessment_id": assessment_id,
            "interviewee_code": "AP-ŵ",
            "role": InterviewRole.ADVOCACY_PARTNER,
            "held_at": ANSWERED,
            "welsh_offered": True,
            "notes": "«odd» 'text' \"here\" \\ ☃\nline",
        }

    by_driver, by_sqlalchemy = new_id(), new_id()
    table = Interview.__table__
    with services.store.write() as s:
        bulk.insert_rows(s, table, [row(by_driver)])
        s.execute(insert(table), [row(by_sqlalchemy)])
    with services.store.read() as s:
        stored = {
            r["id"]: {k: v for k, v in r.items() if k != "id"}
            for r in s.execute(
                text("SELECT * FROM interviews WHERE id IN (:a, :b)"),
                {"a": by_driver, "b": by_sqlalchemy},
            ).mappings()
        }
        assert stored[by_driver] == stored[by_sqlalchemy]
        assert stored[by_driver]["mode"] is not None  # left out: its default, as SQLAlchemy
        read = s.get(Interview, by_driver)
        assert (read.held_at, read.role, read.welsh_offered) == (
            ANSWERED,
            InterviewRole.ADVOCACY_PARTNER,
            True,
        )


def test_an_empty_outbox_is_told_without_a_write(services: Services, assessment_id: str) -> None:
    """``has_outgoing`` lets a sync skip the write transaction when there is nothing to take:
    it must still see a pending mutation, and a sent one that is not in flight."""
    with services.store.write() as s:  # the demo's own outbox, out of the way
        while taken := [t.mutation for t in rep.take_outbox(s, 1000, now=TAKEN)]:
            answers = [
                MutationResult(mutation_id=m.mutation_id, status="applied", version=1)
                for m in taken
            ]
            rep.record_results(s, answers, now=ANSWERED, tally=rep.PushTally())
    with services.store.read() as s:
        assert rep.count_outbox(s)["pending"] == rep.count_outbox(s)["sent"] == 0
        assert rep.has_outgoing(s) is False
    _new_findings(services, assessment_id, 1)
    with services.store.read() as s:
        assert rep.has_outgoing(s) is True  # pending
    with services.store.write() as s:
        ids = [t.mutation.mutation_id for t in rep.take_outbox(s, 1000, now=TAKEN)]
    with services.store.read() as s:
        assert rep.has_outgoing(s) is True  # sent, not in flight: goes again
        assert rep.has_outgoing(s, ids) is False


def test_an_answer_sets_the_sent_fields_in_the_server_copy_held(
    services: Services, assessment_id: str
) -> None:
    """A second answer for a record updates the server copy held: exactly the fields sent
    change, odd text and all."""
    ids = _new_findings(services, assessment_id, 2)
    for round_, note in enumerate(("first", 'second «ŵ» "q" \\ \u2028 😀')):
        with services.store.write() as s:
            if round_:
                for fid in ids:
                    write_record(s, Finding, fid, {"rationale": note}, actor="t", now=TAKEN)
            taken = [t.mutation for t in rep.take_outbox(s, 1000, now=TAKEN)]
        mine = [m for m in taken if m.record_id in ids]
        assert len(mine) == 2
        with services.store.write() as s:
            rep.record_results(
                s,
                [
                    MutationResult(mutation_id=m.mutation_id, status="applied", version=round_ + 1)
                    for m in mine
                ],
                now=ANSWERED,
                tally=rep.PushTally(),
            )
    with services.store.read() as s:
        for fid in ids:
            row = s.get(Finding, fid)
            copy = s.get(ServerCopy, ("finding", fid))
            assert row.rationale == 'second «ŵ» "q" \\ \u2028 😀'
            assert (copy.version, row.server_version, row.sync_state) == (
                2,
                2,
                SyncState.CONFIRMED,
            )
            assert copy.fields == {n: to_wire(getattr(row, n)) for n in sync_fields(Finding)}
