"""The admin command line: accounts, frameworks (validated as the app does), assignments."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from qpm_desktop.locations import placeholder_framework_path


def run(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qpm_desktop.central.cli", *args, "--data-dir", str(data_dir)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_admin_commands_end_to_end(tmp_path: Path) -> None:
    """An administrator sets up a user, framework, organisation and assessment, then exports."""
    assert (
        run(
            tmp_path,
            "admin",
            "create-user",
            "sam",
            "--role",
            "assessor",
            "--password-stdin",
            stdin="pw\n",
        ).returncode
        == 0
    )
    fw = run(tmp_path, "admin", "import-framework", str(placeholder_framework_path()))
    assert fw.returncode == 0 and "imported" in fw.stdout
    key = run(tmp_path, "admin", "list-frameworks").stdout.split("\t")[0]
    org = run(tmp_path, "admin", "create-organisation", "Org").stdout.strip()
    assessment = run(tmp_path, "admin", "create-assessment", org, key, "QPM-1").stdout.strip()
    assert run(tmp_path, "admin", "assign", assessment, "sam", "--role", "lead").returncode == 0
    exported = json.loads(run(tmp_path, "admin", "export-assessment", assessment).stdout)
    assert exported["assignments"] == [{"role": "lead", "username": "sam"}]
    assert [r["id"] for r in exported["records"]["assessment"]] == [assessment]
    assert run(tmp_path, "admin", "disable-user", "sam").returncode == 0


def test_invalid_framework_is_refused_with_the_apps_message(tmp_path: Path) -> None:
    """A broken framework file is refused with the same located message the app gives."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 1, "id": "x"', encoding="utf-8")
    result = run(tmp_path, "admin", "import-framework", str(bad))
    assert result.returncode == 1
    assert "bad.json: line 1" in result.stderr and "invalid JSON" in result.stderr


def test_the_push_benchmark_runs_and_prints_medians(tmp_path: Path) -> None:
    """`qpm-central bench` pushes, pulls and bulk-inserts (a tiny run; figures never timed)."""
    args = ["bench", "--count", "60", "--batch", "25", "--rounds", "2"]
    result = subprocess.run(
        [sys.executable, "-m", "qpm_desktop.central.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["mutations"] == 60 and figures["rounds"] == 2
    assert len(figures["push_vs_bulk_each_round"]) == 2
    assert all(figures[k] > 0 for k in ("push_per_s", "pull_per_s", "bulk_insert_per_s"))
