"""Start-up in two steps: the list first, the services behind it (services.first_screen).

The real start path (``start_window``) with the threaded runner over a real encrypted demo copy:
the window shows the list before it has its services, an assessment asked for meanwhile opens
once they arrive, and a failure on the quick path falls back to the full opening.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication

import qpm_desktop.ui.unlock  # noqa: F401  (bound to the real opening before any patch)
from qpm_desktop.benchmarks.fixtures import add_assessments, bench_assessment_id
from qpm_desktop.services import unlock
from qpm_desktop.services.demo import seed_demo
from qpm_desktop.services.unlock import open_local_copy
from qpm_desktop.ui.app import Session, start_window
from qpm_desktop.ui.main_window import ID_ROLE
from qpm_desktop.ui.ops import ThreadedOpRunner


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    services = open_local_copy(root, actor="Sam Okafor", demo=True)
    try:
        seed_demo(services)
        add_assessments(services, 3)
    finally:
        services.close()
    return root


@pytest.fixture
def started(qtbot, demo_copy: Path, tmp_path: Path) -> Iterator:  # type: ignore[no-untyped-def]
    runner = ThreadedOpRunner()
    sessions: list[Session] = []

    def start() -> Session:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        session = start_window(
            demo_copy, demo=True, actor="Sam Okafor", runner=runner, settings=settings
        )
        assert session is not None
        sessions.append(session)
        return session

    yield start
    # Close the windows, let every op they started finish and every answer be delivered, and
    # delete the windows before the runner stops: nothing may ask it for work afterwards.
    for session in sessions:
        session.window.close()
    for _ in range(3):
        runner.wait_idle()
        QApplication.processEvents()
    for session in sessions:
        session.window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    runner.shutdown()
    for session in sessions:
        session.close()


def _listed(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.page.model
    return [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]


def test_the_list_shows_before_the_services_and_a_choice_made_meanwhile_opens(
    qtbot, started
) -> None:  # type: ignore[no-untyped-def]
    session = started()
    window = session.window
    # Before any event is processed the services cannot have been handed over: the window
    # stands on the list read with one SQL statement.
    assert not window.ready and window.services is None
    assert len(_listed(window)) == 4
    assert not window.view_menu.isEnabled() and not window.record_menu.isEnabled()
    assert window.connection.text() == "Opening your local data…"
    window.show()
    qtbot.waitExposed(window)
    # The assessor picks one and presses Enter while the services still load.
    window.page.select(bench_assessment_id(2))
    window.open_selected()
    qtbot.waitUntil(lambda: window.ready, timeout=60_000)
    qtbot.waitUntil(lambda: window.workspace.ctx is not None, timeout=60_000)
    assert window.workspace.ctx.assessment_id == bench_assessment_id(2)
    assert window.stack.currentWidget() is window.workspace
    assert window.view_menu.isEnabled() and window.record_menu.isEnabled()
    assert window.connection.text() != "Opening your local data…"
    assert len(_listed(window)) == 4


def test_with_nothing_chosen_the_demo_opens_once_ready(qtbot, started) -> None:  # type: ignore[no-untyped-def]
    window = started().window
    window.show()
    qtbot.waitUntil(lambda: window.ready and window.workspace.ctx is not None, timeout=60_000)
    from qpm_desktop.model import demo

    assert window.workspace.ctx.assessment_id == demo.ASSESSMENT_ID


def test_a_failure_behind_the_list_falls_back_to_the_full_opening(
    qtbot, started, demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    calls: list[Path] = []

    def refuse(root: Path, **_kwargs: object) -> None:
        calls.append(root)
        raise unlock.DatabaseDamaged("pretend damage met on the worker")

    # The worker's opening fails; the full way (with its own dialogs) then opens the copy.
    monkeypatch.setattr(unlock, "open_local_copy", refuse)
    window = started().window
    window.show()
    assert not window.ready
    qtbot.waitUntil(lambda: window.ready, timeout=60_000)
    assert calls == [demo_copy], "the quick path was not taken, or failed in another way"
    qtbot.waitUntil(lambda: window.workspace.ctx is not None, timeout=60_000)


def test_the_role_numbers_are_qts() -> None:
    """The list's roles are spelt as numbers (no Qt namespace before the first screen)."""
    from PySide6.QtCore import Qt

    from qpm_desktop.ui.main_window import STATUS_ROLE, USER_ROLE

    assert Qt.ItemDataRole.UserRole.value == USER_ROLE
    assert (ID_ROLE, STATUS_ROLE) == (USER_ROLE + 1, USER_ROLE + 2)


def test_search_ignores_case_in_any_script(qtbot, started) -> None:  # type: ignore[no-untyped-def]
    """The search compares case-folded text in every column: Welsh capitals, a reference."""
    window = started().window
    page = window.page
    qtbot.waitUntil(lambda: window.ready, timeout=60_000)
    rows = page.assessments
    page.show_assessments(
        [
            *rows[:1],
            dataclasses.replace(rows[1], organisation="EIRIOLAETH ŴYR A WYRESAU"),
        ],
        {},
    )
    page.search.setText("ŵyr")  # as typed: QTest's key clicks cannot type a "ŵ"
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, 0).data() == "EIRIOLAETH ŴYR A WYRESAU"
    page.search.clear()
    qtbot.keyClicks(page.search, rows[0].reference.lower())
    assert page.proxy.rowCount() == 1
    page.search.clear()
    assert page.proxy.rowCount() == 2


def test_a_failure_after_the_worker_opened_the_copy_lets_it_go(
    qtbot, started, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The worker's copy is closed before the full opening runs, so the window ends with one
    open copy, the full opening's."""
    import qpm_desktop.ui.app as app_module

    worker_opened = []
    closed = []
    real_open = unlock.open_local_copy

    def spy(root: Path, **kwargs: object):  # type: ignore[no-untyped-def]
        services = real_open(root, **kwargs)  # type: ignore[arg-type]
        worker_opened.append(services)
        real_close = services.close

        def close() -> None:
            closed.append(services)
            real_close()

        services.close = close  # type: ignore[method-assign]
        return services

    def fail() -> None:
        raise RuntimeError("pretend failure after the copy opened")

    monkeypatch.setattr(unlock, "open_local_copy", spy)
    monkeypatch.setattr(app_module, "_load_window_modules", fail)
    session = started()
    window = session.window
    window.show()
    qtbot.waitUntil(lambda: window.ready, timeout=60_000)
    assert len(worker_opened) == 1 and closed == worker_opened
    assert window.services is not worker_opened[0]
    assert session.opened == [window.services]
