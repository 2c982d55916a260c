"""The Linux bundle's size and start time, beside running from source, in the same run.

    .venv/bin/python packaging/measure.py [--bundle dist/qpm-desktop] [--runs 5]

Both are started the same way: ``self-test`` (qpm_desktop.ui.app.self_test) on the demo copy,
offscreen, with HOME and the XDG folders pointed at a fresh temporary folder. "Start" is the
wall time from launching the process to its line saying the main window is shown; "ready" is to
the line saying the demo assessment is listed and open; "exit" is until the process has ended.
The first run of each creates the demo copy (key, database, migrations, demo data): that is the
"first start" row; the median of the following runs is the "later starts" row. Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "qpm-desktop self-test:"


def folder_size(path: Path) -> int:
    """Bytes on disk as files (symlinks not followed, each file counted once)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for p in path.rglob("*"):
        if p.is_symlink() or not p.is_file():
            continue
        st = p.stat()
        if (st.st_dev, st.st_ino) in seen:
            continue
        seen.add((st.st_dev, st.st_ino))
        total += st.st_size
    return total


def isolated_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "QT_", "QPM_"))}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        QT_QPA_PLATFORM="offscreen",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def one_run(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(shown, ready, exit) in seconds from launch."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    shown = ready = float("nan")
    assert proc.stdout is not None
    for line in proc.stdout:
        now = time.perf_counter() - t0
        if line.startswith(PREFIX) and "main window shown" in line:
            shown = now
        elif line.startswith(f"{PREFIX} ok"):
            ready = now
    _out, err = proc.communicate(timeout=120)
    ended = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{err}")
    return shown, ready, ended


def measure(name: str, command: list[str], runs: int) -> list[str]:
    with tempfile.TemporaryDirectory(prefix=f"qpm-measure-{name}-") as tmp:
        env = isolated_env(Path(tmp))
        first = one_run(command, env)
        later = [one_run(command, env) for _ in range(runs)]
    med = [statistics.median(r[i] for r in later) for i in range(3)]

    def row(label: str, t: list[float] | tuple[float, ...]) -> str:
        return f"{name:<8} {label:<13} {t[0]:6.2f} s   ready {t[1]:6.2f} s   exit {t[2]:6.2f} s"

    return [row("first start", first), row("later starts", med) + f"   (median of {runs})"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "qpm-desktop")
    parser.add_argument("--runs", type=int, default=5, help="later starts timed, each")
    parser.add_argument("--python", default=sys.executable, help="the source run's interpreter")
    args = parser.parse_args(argv)

    exe = args.bundle / "qpm-desktop"
    if not exe.exists():
        raise SystemExit(f"no bundle at {args.bundle}; build it with packaging/build_linux.sh")
    size = folder_size(args.bundle)
    files = sum(1 for p in args.bundle.rglob("*") if p.is_file())
    print(f"bundle   {args.bundle}: {size / 2**20:.1f} MiB in {files} files")
    for tarball in sorted(args.bundle.parent.glob("qpm-desktop-*-linux-*.tar.gz")):
        print(f"archive  {tarball.name}: {tarball.stat().st_size / 2**20:.1f} MiB")
    lines = measure("bundle", [str(exe), "self-test"], args.runs)
    lines += measure(
        "source", [args.python, str(ROOT / "packaging" / "launcher.py"), "self-test"], args.runs
    )
    print("start = launch to main window shown; ready = demo assessment listed and open")
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
