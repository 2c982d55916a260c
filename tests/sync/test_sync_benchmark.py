"""`qpm-desktop bench --only sync` runs end to end (a tiny size; figures printed, never timed)."""

from __future__ import annotations

import re

from qpm_desktop.benchmarks import sync as bench
from qpm_desktop.cli import main


def test_the_sync_benchmark_runs_and_prints_its_figures(capsys) -> None:
    """A real central store process, a download and a push of every record, each beside its
    bound; both syncs must settle (equal digests) or the benchmark raises."""
    assert main(["bench", "--only", "sync", "--sync-records", "60", "--sync-runs", "1"]) == 0
    out = capsys.readouterr().out
    rows = {
        match.group(1): [float(x) for x in match.group(2).split()]
        for match in re.finditer(r"^(first download|push)\D*[\d,]+ \w+\s+([\d.\s]+)$", out, re.M)
    }
    assert set(rows) == {"first download", "push"}, out
    for figures in rows.values():
        assert len(figures) == 5 and all(x > 0 for x in figures), out
    assert out.count("of which: records") == 2
    assert "push beside the bound of its mutations alone" in out


def test_the_generated_assessment_has_the_size_asked_for() -> None:
    """Every record belongs to the assessment (directly or through its case file review), and
    every kind the benchmark edits is there."""
    records = bench.generated_records("00000000-0000-4000-8000-000000000001", 2000)
    assert len(records) == 2000
    assert len({rid for _, rid, _ in records}) == 2000
    assert {entity for entity, _, _ in records} == set(bench.EDITABLE)
