"""The threaded op runner and the screenshot renderer."""

from __future__ import annotations

import threading

from qpm_desktop.services.core import Services
from qpm_desktop.services.demo import seed_demo
from qpm_desktop.ui.ops import ThreadedOpRunner
from qpm_desktop.ui.screenshots import save_screenshots


def test_threaded_runner_works_off_thread_and_answers_on_the_ui_thread(
    qtbot, data_dir, test_key
) -> None:
    """Work runs on the worker thread; results and the change signal arrive on the UI thread."""
    services = Services.open(data_dir, actor="Sam Okafor", key=test_key)
    aid = seed_demo(services)
    runner = ThreadedOpRunner()
    seen: dict[str, object] = {}

    def work():  # type: ignore[no-untyped-def]
        seen["work_thread"] = threading.current_thread()
        return services.recording.record_finding(aid, "1.2", rationale="From the worker.")

    def done(changes):  # type: ignore[no-untyped-def]
        seen["done_thread"] = threading.current_thread()

    applied: list[tuple[object, object]] = []
    runner.changes_applied.connect(lambda c, i: applied.append((c, i)))
    runner.mutate(work, initiator="me", on_done=done)
    qtbot.waitUntil(lambda: bool(applied), timeout=10000)
    assert seen["work_thread"] is not threading.main_thread()
    assert seen["done_thread"] is threading.main_thread()
    assert applied[0][1] == "me" and applied[0][0].touches("finding")
    errors: list[BaseException] = []
    runner.mutate(
        lambda: services.recording.record_finding(aid, "1.2", rating="bogus"),
        initiator=None,
        on_error=errors.append,
    )
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    runner.shutdown()
    services.close()


def test_screenshots_render_every_screen(qapp, tmp_path) -> None:
    """One PNG per screen (the list and eight tabs) at the size asked for, on a new demo copy."""
    paths = save_screenshots(tmp_path / "copy", tmp_path / "shots", sizes=((1366, 768),))
    assert len(paths) == 9
    assert all(p.is_file() and p.stat().st_size > 10_000 for p in paths)
