"""The layering and the code style hold across the whole tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every import-linter contract in pyproject.toml is kept (Qt only in ui, layers point down)."""
    from importlinter.cli import lint_imports

    monkeypatch.chdir(ROOT)
    assert lint_imports(no_cache=True) == 0


def test_the_contracts_would_catch_qt_in_the_services(tmp_path: Path) -> None:
    """A copy of the tree whose services import PySide6 breaks a contract (the check can fail)."""
    shutil.copytree(
        ROOT / "qpm_desktop", tmp_path / "qpm_desktop", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "qpm_desktop" / "services" / "sneaky.py").write_text("import PySide6\n")
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
         "sys.exit(lint_imports_command())", "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode != 0
    assert "Qt stays in the ui package BROKEN" in " ".join(result.stdout.split())


def test_ruff_finds_nothing() -> None:
    """The tree is ruff clean, lint and format alike."""
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
