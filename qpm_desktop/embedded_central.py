"""A central store run beside the app on this computer, for the demo: the quick start shows the
whole flow (download, record, sync) without a server anywhere else.

It is a real ``qpm-central serve --demo`` process on 127.0.0.1 with its own data folder, started
when the demo opens and stopped when the app closes.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from qpm_desktop.protocol import PATH_HEALTH

START_TIMEOUT_S = 30.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _die_with_parent_hook() -> Callable[[], None] | None:
    """On Linux, a hook for the child (run between fork and exec) that asks the kernel to stop
    it when the app's process ends, however it ends: a crash or a kill would otherwise leave the
    store running. Everything it needs is loaded here, in the parent, so the child imports
    nothing (which is not safe between fork and exec)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import signal

    try:
        prctl = ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig, sigterm = 1, int(signal.SIGTERM)
    return lambda: prctl(pr_set_pdeathsig, sigterm)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + PATH_HEALTH, timeout=2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


@contextlib.contextmanager
def embedded_central(data_dir: Path) -> Iterator[str | None]:
    """Start a demo central store; yield its URL once it answers (None if it could not
    start), stop it after."""
    with starting_central(data_dir) as url:
        yield url()


@contextlib.contextmanager
def starting_central(data_dir: Path) -> Iterator[Callable[[], str | None]]:
    """Start a demo central store and yield at once a function that waits until it answers
    and gives its URL (None if it could not start); stop it after.

    The app's window shows its list meanwhile: only the demo's first sync needs the store.
    A frozen bundle carries no separate interpreter to run the store with, so its demo works
    offline (the status bar says so).
    """
    if getattr(sys, "frozen", False):
        yield lambda: None
        return
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    data_dir.mkdir(parents=True, exist_ok=True)
    log_file = (data_dir / "central.log").open("ab")
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "qpm_desktop.central.cli", "serve", "--demo",
            "--host", "127.0.0.1", "--port", str(port), "--data-dir", str(data_dir),
        ],
        stdout=log_file,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        preexec_fn=_die_with_parent_hook(),
    )  # fmt: skip
    deadline = time.monotonic() + START_TIMEOUT_S

    def answering() -> str | None:
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                return None
            time.sleep(0.1)  # polling a starting process: there is nothing to wait on instead
        return url

    try:
        yield answering
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        log_file.close()
