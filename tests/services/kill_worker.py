"""The process the kill test kills: it records edits through the services, one after another,
and reports each edit's number on a pipe only after the save returned (the commit is done)."""

from __future__ import annotations

from multiprocessing.connection import Connection
from pathlib import Path


def record_until_killed(
    root: str, key: bytes, assessment_id: str, codes: list[str], round_no: int, acks: Connection
) -> None:
    from qpm_desktop.model.enums import Rating
    from qpm_desktop.services.core import Services

    services = Services.open(Path(root), actor="kill-test", key=key)
    acks.send(("opened", round_no))
    ratings = [Rating.MET, Rating.FURTHER_EVIDENCE_NEEDED, Rating.NOT_MET]
    i = 0
    while True:
        code = codes[i % len(codes)]
        services.recording.record_finding(
            assessment_id,
            code,
            rating=ratings[i % len(ratings)],
            rationale=f"round {round_no} edit {i}: " + "evidence " * (i % 50),
        )
        acks.send(("saved", i))
        i += 1
