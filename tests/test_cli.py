"""The headless subcommands of qpm-desktop do what the README says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qpm_desktop.cli import main
from qpm_desktop.locations import placeholder_framework_path


def test_check_framework_accepts_the_shipped_file(capsys) -> None:
    """The shipped placeholder passes, and the output says it is a placeholder."""
    assert main(["check-framework", str(placeholder_framework_path())]) == 0
    out = capsys.readouterr().out
    assert "PLACEHOLDER framework qpm-v4-placeholder@4.0-placeholder.1" in out
    assert "41 standards" in out


def test_check_framework_names_file_place_and_problem(tmp_path: Path, capsys) -> None:
    """A broken file fails with a message naming the file, where, and what is wrong."""
    data = json.loads(placeholder_framework_path().read_text(encoding="utf-8"))
    data["sections"][1]["standards"][0]["evidence_expected"] = ["interviw"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    assert main(["check-framework", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "broken.json: sections[1].standards[0].evidence_expected[0]:" in err
    assert "'interviw'" in err


def test_demo_then_list(tmp_path: Path, capsys) -> None:
    """`demo` seeds a local copy and `list` shows its assessment."""
    folder = tmp_path / "copy"
    assert main(["demo", "--data-dir", str(folder)]) == 0
    assert main(["list", "--data-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "QPM-2026-0142" in out and "Afon Advocacy Partnership (demo)" in out


def test_migrate_reports_a_damaged_database(tmp_path: Path, capsys) -> None:
    """`migrate` on a damaged database says so and exits non-zero, changing nothing."""
    folder = tmp_path / "copy"
    folder.mkdir()
    db = folder / "qpm-local.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    assert main(["migrate", "--data-dir", str(folder)]) == 1
    assert "is damaged" in capsys.readouterr().err
    assert db.read_bytes() == b"this is not a database" * 100


def test_the_module_runs_as_a_program() -> None:
    """`python -m qpm_desktop --version` works without a display or a database."""
    result = subprocess.run(
        [sys.executable, "-m", "qpm_desktop", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.startswith("qpm-desktop ")


@pytest.mark.parametrize("command", ["bench"])
def test_the_benchmark_runs_and_prints_its_figures(command: str, capsys) -> None:
    """The benchmark command prints a row of figures per size (a small run; never timed)."""
    assert main([command, "--only", "store", "--sizes", "10,60", "--edits", "20"]) == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert [(r[0], r[1]) for r in rows] == [
        ("10", "encrypted"), ("10", "plain"), ("60", "encrypted"), ("60", "plain")
    ]  # fmt: skip
    assert all(float(x) > 0 for r in rows for x in r[2:])
    assert out.count("(encrypted / plain)") == 2


def test_the_report_benchmark_signs_a_real_report(capsys) -> None:
    """The report benchmark renders and signs the 40-interview report and prints its figures."""
    from qpm_desktop.benchmarks import report

    figures = report.run(repeats=1)
    assert figures["pages"] > 10 and figures["render_ms"] > 0 and figures["plain_ms"] > 0
    assert "ratio" in capsys.readouterr().out
