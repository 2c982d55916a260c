"""The digest at the end of a sync reads an assessment's records at the driver's level
(replica.settled_digest): each value's JSON form must be exactly the one read through
SQLAlchemy, or the digests of two copies that agree would differ."""

from __future__ import annotations

from datetime import UTC, datetime

from qpm_desktop.model.enums import InterviewRole, SyncState
from qpm_desktop.protocol.digest import assessment_digest
from qpm_desktop.services.core import Services
from qpm_desktop.store import replica as rep
from qpm_desktop.store.records import write_record
from qpm_desktop.store.tables import Interview, new_id, sync_fields
from qpm_desktop.store.wire import to_wire

ODD = "«quoted» — ŵ ☃ 'single' \"double\" \\ back \u2028 tab\t \U0001f600"


def _orm_wire(services: Services, assessment_id: str) -> list[tuple[str, str, dict]]:
    with services.store.read() as s:
        return [
            (cls.__entity__, row["id"], {n: to_wire(row[n]) for n in sync_fields(cls)})
            for cls, row in rep.assessment_records(s, assessment_id)
        ]


def test_driver_read_gives_the_json_form_sqlalchemy_gives(
    services: Services, assessment_id: str
) -> None:
    with services.store.write() as s:
        for n, (held_at, welsh) in enumerate(
            [
                (datetime(2026, 12, 3, 9, 30, 0, tzinfo=UTC), None),  # a whole second
                (datetime(2026, 12, 3, 9, 30, 1, 250_000, tzinfo=UTC), True),
                (None, False),
            ]
        ):
            write_record(
                s,
                Interview,
                new_id(),
                {"notes": f"{ODD} {n}", "held_at": held_at, "welsh_offered": welsh},
                actor="tester",
                now=datetime(2026, 12, 3, 9, 0, tzinfo=UTC),
                on_create={
                    "assessment_id": assessment_id,
                    "interviewee_code": f"T-{n}",
                    "role": InterviewRole.PAID_ADVOCATE,
                },
            )
    expected = _orm_wire(services, assessment_id)
    with services.store.read() as s:
        rows = rep._digest_rows(s, assessment_id)
        digest = rep.local_digest(s, assessment_id)
    got = [(r.entity, r.id, r.fields) for r in rows]
    assert sorted(got, key=lambda x: x[:2]) == sorted(expected, key=lambda x: x[:2])
    assert digest == (assessment_digest(expected), len(expected))
    # Every kind of column is among what was compared: times, dates, booleans, lists, enums.
    values = [v for _, _, fields in got for v in fields.values()]
    assert any(isinstance(v, str) and v.endswith("Z") and "T" in v for v in values)
    assert any(isinstance(v, bool) for v in values)
    assert any(isinstance(v, list) for v in values)
    entities = {e for e, _, _ in got}
    assert {"assessment", "site_visit", "interview", "finding"} <= entities
    assert any(
        e == "interview" and f["held_at"] == "2026-12-03T09:30:00Z" and f["welsh_offered"] is None
        for e, _, f in got
    )


def test_settled_digest_is_none_until_everything_is_confirmed(
    services: Services, assessment_id: str
) -> None:
    with services.store.read() as s:
        rows = rep._digest_rows(s, assessment_id)
        settled = rep.is_settled(s, assessment_id)
        assert (rep.settled_digest(s, assessment_id) is not None) == settled
    # The demo's records were made here and never synced: pending, so not settled.
    assert any(r.sync_state != SyncState.CONFIRMED.value for r in rows)
    assert not settled
