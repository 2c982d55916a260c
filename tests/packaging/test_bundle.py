"""The app runs as an assessor installs it, and writes only to the per-user folders.

The bundle test builds the Linux bundle from a clean copy of the tree (what ``git ls-files``
lists, so nothing from this working folder's build/ or dist/ leaks in), starts it offscreen on
the demo data and checks the window, the demo assessment and a clean exit. A build takes about
two minutes on two cores and writes about 250 MB, so it runs only with ``QPM_BUNDLE_TEST=1``
(``QPM_BUNDLE=dist/qpm-desktop`` tests an existing bundle instead of building one); the same
checks on the source app run every time, in seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from qpm_desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
DEMO_REFERENCE = "QPM-2026-0142"
PREFIX = "qpm-desktop self-test:"

bundle_wanted = pytest.mark.skipif(
    not (os.environ.get("QPM_BUNDLE_TEST") == "1" or os.environ.get("QPM_BUNDLE")),
    reason="builds the bundle (about 2 minutes): set QPM_BUNDLE_TEST=1, or QPM_BUNDLE=DIR",
)


def isolated_env(home: Path) -> dict[str, str]:
    """The environment of a user whose home is ``home``: every per-user folder inside it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "QPM_"))}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def snapshot(folder: Path, *, skip_pycache: bool = False) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time."""
    files = {}
    for p in sorted(folder.rglob("*")):
        if skip_pycache and "__pycache__" in p.parts:
            continue
        st = p.lstat()
        files[str(p.relative_to(folder))] = (st.st_size, st.st_mtime_ns)
    return files


def run(command: list[str], env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)


def check_self_test(result: subprocess.CompletedProcess, home: Path) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith(PREFIX)]
    assert any("main window shown" in line for line in lines), result.stdout
    assert any(line.startswith(f"{PREFIX} ok") and DEMO_REFERENCE in line for line in lines), (
        result.stdout
    )
    # The demo copy went to the per-user data folder (platformdirs, XDG on Linux).
    assert (home / "data" / "qpm-desktop" / "demo" / "qpm-local.sqlite3").is_file()


# -- the source app, every run ---------------------------------------------------------------


def test_the_source_app_writes_only_to_the_user_folders(tmp_path: Path) -> None:
    """Started from source on the demo, the app shows its window and leaves the tree alone."""
    home = tmp_path / "home"
    shipped = {name: snapshot(ROOT / name, skip_pycache=True) for name in ("resources", "db")}
    bin_dir = Path(sys.executable).parent
    bin_before = snapshot(bin_dir)
    result = run(
        [sys.executable, str(ROOT / "packaging" / "launcher.py"), "self-test"], isolated_env(home)
    )
    check_self_test(result, home)
    assert {name: snapshot(ROOT / name, skip_pycache=True) for name in shipped} == shipped
    assert snapshot(bin_dir) == bin_before


def test_settings_live_in_the_per_user_config_folder(tmp_path: Path) -> None:
    """QSettings, named by the app, resolves under XDG_CONFIG_HOME/QPM Desktop."""
    home = tmp_path / "home"
    code = (
        "from qpm_desktop.ui.app import _make_app\n"
        "from PySide6.QtCore import QSettings\n"
        "app = _make_app(['x'])\n"
        "s = QSettings(); s.setValue('probe', 1); s.sync(); print(s.fileName())\n"
    )
    result = run([sys.executable, "-c", code], isolated_env(home))
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip().splitlines()[-1])
    assert path == home / "config" / "QPM Desktop" / "qpm-desktop.conf"
    assert path.is_file()


# -- the bundle, on request ------------------------------------------------------------------


def clean_copy(target: Path) -> Path:
    """The tree as a fresh clone would have it (tracked and new files, nothing ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    given = os.environ.get("QPM_BUNDLE")
    if given:
        yield Path(given).resolve()
        return
    tree = clean_copy(tmp_path_factory.mktemp("checkout"))
    env = {**os.environ, "QPM_VENV": str(Path(sys.executable).parent.parent)}
    env["QPM_BUNDLE_TARBALL"] = "0"
    build = subprocess.run(
        ["bash", str(tree / "packaging" / "build_linux.sh")],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    yield tree / "dist" / "qpm-desktop"


@bundle_wanted
def test_the_bundle_starts_on_the_demo_and_exits_cleanly(bundle: Path, tmp_path: Path) -> None:
    """The built bundle opens its window offscreen, lists the demo, exits 0, writes nothing in."""
    exe = bundle / "qpm-desktop"
    assert exe.is_file()
    # resources/ and db/ travel inside, where locations.shipped_dir looks in a frozen app.
    assert (bundle / "_internal" / "resources" / "frameworks").is_dir()
    assert (bundle / "_internal" / "db" / "local" / "versions").is_dir()
    before = snapshot(bundle)
    home = tmp_path / "home"
    env = isolated_env(home)

    version = run([str(exe), "--version"], env)
    assert version.returncode == 0 and __version__ in version.stdout

    first = run([str(exe), "self-test"], env)  # creates the demo copy: key, schema, data
    check_self_test(first, home)
    again = run([str(exe), "self-test"], env)  # opens the existing copy
    check_self_test(again, home)
    listed = run([str(exe), "list"], env)
    assert listed.returncode == 0 and DEMO_REFERENCE in listed.stdout, listed.stderr

    assert snapshot(bundle) == before, "the bundle wrote inside its own folder"
