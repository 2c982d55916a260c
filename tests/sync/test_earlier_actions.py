"""The required actions of an organisation's earlier assessments come down with the sync and
are kept read-only beside the assessment being visited (the assessor checks on site whether
they were done); they never travel back."""

from __future__ import annotations

import uuid

from qpm_desktop.central import admin, sync
from qpm_desktop.central.sync import allocate_seqs
from qpm_desktop.model.enums import ActionStatus
from qpm_desktop.store.tables import EarlierAction, Mutation


def _earlier_assessment_with_actions(central, organisation_id: str, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    ids = []
    with central.db.write() as s:
        earlier = admin.create_assessment(
            s, organisation_id, admin.demo.FRAMEWORK_KEY, "QPM-2023", band=1, actor="t",
            now=central.now(),
        )  # fmt: skip
        s.flush()
        seqs = iter(allocate_seqs(s, count))
        for n in range(count):
            record_id = str(uuid.uuid4())
            sync.put_record(
                s,
                "required_action",
                record_id,
                {
                    "assessment_id": earlier.id,
                    "standard_code": f"1.{n + 1}",
                    "description": f"Write down how advocates are supervised ({n})",
                    "owner": "Service manager",
                    "status": "open",
                },
                actor="t",
                now=central.now(),
                seq=next(seqs),
            )
            ids.append(record_id)
    return ids


def test_earlier_actions_arrive_read_only_and_follow_changes(central_sqlite, make_device):
    user = central_sqlite.user()
    made = central_sqlite.assessment(user)
    action_ids = _earlier_assessment_with_actions(central_sqlite, made["organisation"], 2)
    device = make_device(user, central_sqlite.base_url)
    summary = device.syncing.sync_now()
    assert summary.applied.get("earlier") == 2
    q = device.services.queries
    earlier = q.earlier_actions(made["assessment"])
    assert {e.id for e in earlier} == set(action_ids)
    assert all(e.from_earlier_assessment and e.status == ActionStatus.OPEN for e in earlier)
    assert q.required_actions(made["assessment"]) == []  # not actions of this visit
    assert summary.digests[made["assessment"]] == "equal"

    # The organisation reports one done: the change arrives; nothing is queued to go back.
    with central_sqlite.db.write() as s:
        record = s.get(sync.Record, ("required_action", action_ids[0]))
        sync.put_record(
            s,
            "required_action",
            action_ids[0],
            {**record.fields, "status": "done"},
            actor="t",
            now=central_sqlite.now(),
            seq=next(iter(allocate_seqs(s, 1))),
        )
    device.syncing.sync_now()
    statuses = {e.id: e.status for e in q.earlier_actions(made["assessment"])}
    assert statuses[action_ids[0]] == ActionStatus.DONE
    with device.services.store.read() as s:
        assert s.query(Mutation).filter(Mutation.entity == "required_action").count() == 0
        assert s.query(EarlierAction).count() == 2
