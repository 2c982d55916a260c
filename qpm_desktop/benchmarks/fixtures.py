"""Data the benchmarks need: more assessments of the demo organisation, as if downloaded."""

from __future__ import annotations

from qpm_desktop.model import demo
from qpm_desktop.model.enums import AssessmentStage, AssessmentStatus
from qpm_desktop.services.core import Services
from qpm_desktop.store.records import insert_confirmed
from qpm_desktop.store.tables import Assessment


def bench_assessment_id(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def add_assessments(services: Services, count: int, *, session=None) -> list[str]:  # type: ignore[no-untyped-def]
    """Add ``count`` assessments of the demo organisation (the demo must be seeded first)."""
    ids = []
    now = services.ctx.clock()

    def add(s) -> None:  # type: ignore[no-untyped-def]
        for n in range(1, count + 1):
            aid = bench_assessment_id(n)
            insert_confirmed(
                s,
                Assessment,
                aid,
                {
                    "organisation_id": demo.ORGANISATION_ID,
                    "framework_key": demo.FRAMEWORK_KEY,
                    "reference": f"BENCH-{n:05d}",
                    "stage": AssessmentStage.SITE_VISIT,
                    "status": AssessmentStatus.IN_PROGRESS,
                    "band": 2,
                    "lead_assessor": demo.LEAD_ASSESSOR,
                },
                server_version=1,
                actor="bench",
                now=now,
            )
            ids.append(aid)

    if session is not None:
        add(session)
    else:
        with services.store.write() as s:
            add(s)
    return ids
