"""How long saving one edited finding takes, audit row and outbox included.

Each figure is measured twice in the same run, on an encrypted database (SQLCipher, as the app
runs) and on a plain one, so the cost of encryption shows as a ratio. The database is filled
with N findings spread over as many assessments as that needs (one
finding per standard per assessment, as in real use), each with its audit entry and outbox
mutation. Then edits are timed one by one through the services layer, exactly as the UI saves:
validation, the change, the audit entry, the outbox, and a commit with synchronous=FULL. The
clock stops when the call returns, that is after the commit.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from qpm_desktop.benchmarks.fixtures import add_assessments
from qpm_desktop.model import demo
from qpm_desktop.model.enums import Rating
from qpm_desktop.services.core import Services
from qpm_desktop.services.demo import seed_demo
from qpm_desktop.services.recording import finding_id
from qpm_desktop.store.records import write_record
from qpm_desktop.store.tables import Finding

BENCH_KEY = bytes(range(32))
VARIANTS: dict[str, bytes | None] = {"encrypted": BENCH_KEY, "plain": None}


@dataclass(frozen=True, slots=True)
class LatencyResult:
    findings: int
    variant: str
    edits: int
    median_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    open_ms: float  # median time to open the copy as the app does and list its assessments
    checked_ms: float  # the same, then waiting for the integrity check's verdict as well


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0..100) by the nearest-rank method."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _fill(services: Services, findings: int) -> list[tuple[str, str]]:
    """Create ``findings`` findings (and their assessments); return (assessment, code) pairs."""
    seed_demo(services)
    framework = services.ctx.frameworks.get(demo.FRAMEWORK_KEY)
    codes = [st.code for _, st in framework.iter_standards()]
    pairs: list[tuple[str, str]] = []
    now = services.ctx.clock()
    with services.store.write() as s:
        # The demo's own findings count too.
        for aid, code in s.execute(
            Finding.__table__.select().with_only_columns(  # type: ignore[attr-defined]
                Finding.assessment_id, Finding.standard_code
            )
        ):
            pairs.append((aid, code))
        needed = -(-(findings - len(pairs)) // len(codes))  # assessments still to fill
        for aid in add_assessments(services, needed, session=s):
            for code in codes:
                if len(pairs) >= findings:
                    break
                write_record(
                    s,
                    Finding,
                    finding_id(aid, code),
                    {
                        "assessment_id": aid,
                        "standard_code": code,
                        "rating": Rating.FURTHER_EVIDENCE_NEEDED,
                        "rationale": "Seen in two interviews; documents still to check.",
                    },
                    actor="bench",
                    now=now,
                )
                pairs.append((aid, code))
    return pairs[:findings]


def measure_finding_saves(
    findings: int, edits: int, *, variant: str = "encrypted", seed: int = 20261125
) -> LatencyResult:
    key = VARIANTS[variant]
    with tempfile.TemporaryDirectory(prefix="qpm-bench-") as tmp:
        services = Services.open(Path(tmp), actor=demo.LEAD_ASSESSOR, key=key)
        try:
            pairs = _fill(services, findings)
            rng = random.Random(seed)
            record = services.recording.record_finding
            # A few warm-up saves, so the first timed one doesn't pay for caches.
            for aid, code in pairs[:5]:
                record(aid, code, rationale="warm-up")
            samples = []
            for i in range(edits):
                aid, code = rng.choice(pairs)
                text = (
                    f"Edit {i}: evidence from interview ADV-{rng.randrange(100):02d} confirms it."
                )
                start = time.perf_counter()
                changes = record(aid, code, rationale=text)
                samples.append((time.perf_counter() - start) * 1000)
                assert changes, "every timed edit must change the finding"
        finally:
            services.close()
        opens, checked = [], []
        for _ in range(7):
            # As the app opens: the integrity check runs beside (writes wait for it).
            start = time.perf_counter()
            again = Services.open(Path(tmp), actor=demo.LEAD_ASSESSOR, key=key, defer_check=True)
            again.queries.list_assessments()
            opens.append((time.perf_counter() - start) * 1000)
            if again.integrity_verdict(None):
                raise RuntimeError("the benchmark's database failed its integrity check")
            checked.append((time.perf_counter() - start) * 1000)
            again.close()
    return LatencyResult(
        findings=findings,
        variant=variant,
        edits=edits,
        median_ms=statistics.median(samples),
        p95_ms=percentile(samples, 95),
        p99_ms=percentile(samples, 99),
        max_ms=max(samples),
        open_ms=statistics.median(opens),
        checked_ms=statistics.median(checked),
    )


def run(sizes: list[int], edits: int) -> list[LatencyResult]:
    results = []
    print("Saving one edited finding through the services layer (audit row + outbox, commit")
    print("with WAL and synchronous=FULL), and opening the local copy, on temporary files.")
    print("'open ms': open as the app does and list the assessments (the integrity check runs")
    print("beside; writes wait for it); 'checked ms': until the check's verdict is in too.")
    header = (
        f"{'findings':>9} {'database':<10} {'median ms':>10} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'open ms':>8} {'checked ms':>10}"
    )
    print(header)
    for size in sizes:
        pair = {}
        for variant in VARIANTS:
            r = measure_finding_saves(size, edits, variant=variant)
            pair[variant] = r
            results.append(r)
            print(
                f"{r.findings:>9,} {r.variant:<10} {r.median_ms:>10.2f} {r.p95_ms:>8.2f} "
                f"{r.p99_ms:>8.2f} {r.max_ms:>8.2f} {r.open_ms:>8.1f} {r.checked_ms:>10.1f}",
                flush=True,
            )
        enc, plain = pair["encrypted"], pair["plain"]
        print(
            f"{'':>9} {'ratio':<10} {enc.median_ms / plain.median_ms:>10.2f} "
            f"{enc.p95_ms / plain.p95_ms:>8.2f} {enc.p99_ms / plain.p99_ms:>8.2f} "
            f"{'':>8} {enc.open_ms / plain.open_ms:>8.2f} "
            f"{enc.checked_ms / plain.checked_ms:>10.2f}   (encrypted / plain)",
            flush=True,
        )
    return results
