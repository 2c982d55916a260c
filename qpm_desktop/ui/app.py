"""Starting the desktop app: the QApplication, the services, the main window, the event loop."""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from qpm_desktop.locations import APP_NAME, APP_SLUG, resources_dir
from qpm_desktop.ui.main_window import ID_ROLE, MainWindow
from qpm_desktop.ui.ops import OpRunner, ThreadedOpRunner

if TYPE_CHECKING:
    # Loaded on a worker thread once the window shows its list (services.first_screen).
    from qpm_desktop.services.core import Services
    from qpm_desktop.services.first_screen import EarlyStart
    from qpm_desktop.services.syncing import Syncing

log = logging.getLogger(__name__)

#: Where the demo's central store is: its URL, or a function that waits until the store answers
#: and gives it (the embedded store is still starting while the window shows its list).
CentralUrl = str | Callable[[], str | None] | None


# --- issue 9: identity, icon, first run, self-test ----------------------------------------------


def app_icon() -> QIcon:
    """The app's icon at every size shipped in resources/icons (rendered from the SVG)."""
    icon = QIcon()
    for png in sorted((resources_dir() / "icons").glob(f"{APP_SLUG}-*.png")):
        icon.addFile(str(png))
    return icon


def _make_app(argv: list[str]) -> QApplication:
    """The one QApplication, named so that QSettings lands in the per-user settings place.

    QSettings then resolves to ~/.config/QPM Desktop/qpm-desktop.conf on Linux, the registry
    under HKCU\\Software\\QPM Desktop on Windows and ~/Library/Preferences on macOS: never next to
    the executable.
    """
    app = QApplication.instance() or QApplication(argv)
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_SLUG)
    QApplication.setApplicationDisplayName(APP_NAME)
    # The .desktop file's name, so Wayland compositors match the window to the menu entry.
    QApplication.setDesktopFileName(APP_SLUG)
    app.setWindowIcon(app_icon())  # type: ignore[union-attr]
    # --- issue 8: the chosen language (System default / English / Cymraeg) ---------------------
    # Installs the app's own .qm and Qt's qtbase_<lang> for the language in the settings (the
    # system's by default).
    from qpm_desktop.ui.i18n import apply_language

    apply_language(QSettings())
    # --- end issue 8 ----------------------------------------------------------------------------
    return app  # type: ignore[return-value]


def run_app(
    data_dir: Path,
    *,
    demo: bool,
    actor: str,
    argv: list[str],
    first_run: bool = False,
    demo_dir: Path | None = None,
    ask_again: bool = False,
    central_url: CentralUrl = None,
    early: EarlyStart | None = None,
) -> int:
    """Open the local copy in ``data_dir``, show the main window and run until it closes.

    With ``first_run`` (and no ``demo``), a folder holding no local copy yet first asks the
    assessor to sign in to a central store or try the demo in ``demo_dir`` (a remembered choice
    of the demo is followed unless ``ask_again``). ``early`` is the key already being made for
    that folder (see :func:`start_window`).
    """
    app = _make_app(argv)
    if first_run and not demo:
        from qpm_desktop.ui.first_run import resolve_start

        start = resolve_start(
            Path(data_dir), demo_dir or Path(data_dir).parent / "demo", ask_again=ask_again
        )
        if start is None:
            return 0
        data_dir, demo = start
    runner = ThreadedOpRunner()
    session = start_window(
        Path(data_dir), demo=demo, actor=actor, runner=runner, central_url=central_url, early=early
    )
    if session is None:
        runner.shutdown()
        return 1
    try:
        session.window.show()
        return app.exec()
    finally:
        runner.shutdown()
        session.close()


class Session:
    """The window and the local copy it works on, closed together when the app ends."""

    def __init__(self) -> None:
        self.window: MainWindow
        self.opened: list[Services] = []

    def close(self) -> None:
        for services in self.opened:
            services.close()
        self.opened.clear()


def start_window(
    data_dir: Path,
    *,
    demo: bool,
    actor: str,
    runner: OpRunner,
    central_url: CentralUrl = None,
    early: EarlyStart | None = None,
    settings: QSettings | None = None,
) -> Session | None:
    """The main window on the local copy in ``data_dir`` (not shown yet); ``None`` when the
    assessor gave up opening it.

    A copy that opens without a question (key in the keyring, or the demo) shows its list at
    once, read with one SQL statement (services.first_screen), and the services open on the
    runner's worker meanwhile; the window takes them when they are ready. Any other copy, or
    any trouble on that path, opens the full way first, with its questions (passphrase) and
    messages (damage, restore), exactly as before.
    """
    from qpm_desktop.services.first_screen import EarlyStart

    if early is None or early.root != Path(data_dir):
        early = EarlyStart.begin(data_dir, demo=demo)
    first = early.assessments() if early is not None else None
    session = Session()
    if early is None or first is None:
        services = _open_the_full_way(data_dir, demo=demo, actor=actor)
        if services is None:
            return None
        session.opened.append(services)
        syncing, demo_id = _finish_opening(services, demo, central_url)
        session.window = MainWindow(
            services,
            demo=demo,
            runner=runner,
            settings=settings,
            open_on_start=demo_id,
            syncing=syncing,
        )
        return session
    window = MainWindow(
        None, demo=demo, runner=runner, settings=settings, first_list=first, data_dir=data_dir
    )
    session.window = window
    key = early.key()

    def load() -> tuple[Services, Syncing, str | None]:
        from qpm_desktop.services.unlock import open_local_copy

        services = open_local_copy(data_dir, actor=actor, demo=demo, key=key)
        try:
            opened = (services, *_finish_opening(services, demo, central_url))
            _load_window_modules()
        except BaseException:
            services.close()  # the full opening that follows must find the copy free
            raise
        session.opened.append(services)  # closed at the end even if the window never takes it
        return opened

    def loaded(result: tuple[Services, Syncing, str | None]) -> None:
        services, syncing, demo_id = result
        window.attach(services, syncing, open_on_start=demo_id)

    def failed(exc: BaseException) -> None:
        log.warning("opening the local copy after the first screen failed: %r", exc)
        services = _open_the_full_way(data_dir, demo=demo, actor=actor, parent=window)
        if services is None:
            window.close()
            return
        session.opened.append(services)
        syncing, demo_id = _finish_opening(services, demo, central_url)
        window.attach(services, syncing, open_on_start=demo_id)

    # The services start loading once the event loop runs, that is after the window's first
    # paint: the worker's imports would otherwise compete with it for the interpreter.
    QTimer.singleShot(0, window, lambda: runner.query(load, loaded, failed))
    return session


def _load_window_modules() -> None:
    """Import (on the worker) what :meth:`MainWindow.attach` builds, so that the UI thread
    only builds widgets then: the import itself is a tenth of a second the window would freeze
    for. Only modules are loaded here, no widget is made."""
    import qpm_desktop.ui.first_run
    import qpm_desktop.ui.idle_lock
    import qpm_desktop.ui.rescue
    import qpm_desktop.ui.sync_status
    import qpm_desktop.ui.workspace  # noqa: F401


def _open_the_full_way(
    data_dir: Path, *, demo: bool, actor: str, parent: Any = None
) -> Services | None:
    from qpm_desktop.ui.unlock import open_services

    return open_services(Path(data_dir), demo=demo, actor=actor, parent=parent)


def _finish_opening(
    services: Services, demo: bool, central_url: CentralUrl
) -> tuple[Syncing, str | None]:
    """The sync over ``services``, and the demo assessment (seeded if missing) in demo mode."""
    from qpm_desktop.services.syncing import Syncing

    syncing = Syncing(services.ctx)
    return syncing, (_start_demo(services, syncing, central_url) if demo else None)


def _start_demo(services: Services, syncing: Syncing, central_url: CentralUrl) -> str:
    """The demo through its central store when one is given (the whole flow: download, record,
    sync); on its own when there is none, or when signing in cannot work here (no keyring for
    the tokens, say), which the status bar then shows."""
    from qpm_desktop.services.demo import seed_demo, seed_demo_through_central

    url = central_url() if callable(central_url) else central_url
    if url:
        try:
            return seed_demo_through_central(services, syncing, url)
        except Exception as exc:  # the demo must open whatever the network or keyring says
            log.warning("demo sync with the local central store failed: %s", type(exc).__name__)
    return seed_demo(services)


SELF_TEST_PREFIX = "qpm-desktop self-test:"


def self_test(
    data_dir: Path,
    *,
    actor: str,
    argv: list[str],
    timeout_s: float = 60.0,
    early: EarlyStart | None = None,
) -> int:
    """Open the demo copy in ``data_dir``, check the window and the list, print, exit.

    Meant for the bundle's smoke test, packaging/measure.py and the start-up benchmark: it
    starts the app exactly as an assessor would (:func:`start_window`, threaded runner, real
    window), waits until the main window is shown, its list filled (interactive), its services
    loaded (ready) and the demo assessment open, prints one line per milestone and closes the
    window the normal way (autosave flush included). It returns 0 on success, 1 otherwise. The
    user's own settings are not touched: the window gets a throwaway settings file.
    """
    started = time.perf_counter()
    app = _make_app(argv)
    outcome = {"code": 1}
    with tempfile.TemporaryDirectory(prefix="qpm-self-test-") as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        runner = ThreadedOpRunner()
        session = start_window(
            Path(data_dir), demo=True, actor=actor, runner=runner, early=early, settings=settings
        )
        if session is None:
            runner.shutdown()
            print(f"{SELF_TEST_PREFIX} FAILED: the local copy did not open", flush=True)
            return 1
        try:
            window = session.window
            window.show()
            marks: dict[str, int] = {}

            def ms() -> int:
                return round((time.perf_counter() - started) * 1000)

            def mark(name: str, text: str) -> None:
                if name not in marks:
                    marks[name] = ms()
                    print(f"{SELF_TEST_PREFIX} {text} at {marks[name]} ms", flush=True)

            def finish(code: int, message: str) -> None:
                outcome["code"] = code
                print(f"{SELF_TEST_PREFIX} {message}", flush=True)
                poll.stop()
                window.close()
                app.quit()

            def check() -> None:
                handle = window.windowHandle()
                if window.isVisible() and handle is not None and handle.isExposed():
                    mark("shown", "main window shown")
                model = window.page.model
                rows = model.rowCount()  # one call: the worker may hold the interpreter
                if "shown" in marks and rows and "listed" not in marks:
                    # The list is filled: the window is interactive (the benchmark's figure).
                    mark("listed", f"main window listed {rows} assessment(s)")
                    # From here on, look less often: a poll every 10 ms would take the
                    # interpreter from the thread loading the services a hundred times a
                    # second, and slow what the next milestone measures.
                    poll.setInterval(50)
                if "listed" in marks and window.ready:
                    mark("ready", "main window ready (services loaded)")
                ctx = window.workspace.ctx if window.workspace is not None else None
                listed = {}
                if "ready" in marks and ctx is not None:
                    listed = {
                        model.index(r, 0).data(ID_ROLE): model.index(r, 1).data()
                        for r in range(rows)
                    }
                if ctx is not None and ctx.assessment_id in listed:
                    finish(
                        0,
                        f"ok: {len(listed)} assessment(s) listed, demo "
                        f"{listed[ctx.assessment_id]} open at {ms()} ms",
                    )
                elif ms() > timeout_s * 1000:
                    finish(1, f"FAILED after {ms()} ms: reached {sorted(marks)}, {rows} listed")

            poll = QTimer()
            poll.setInterval(10)
            poll.timeout.connect(check)
            poll.start()
            app.exec()
        finally:
            runner.shutdown()
            session.close()
    return outcome["code"]


# --- end issue 9 --------------------------------------------------------------------------------


if __name__ == "__main__":  # pragma: no cover - a convenience for developers
    raise SystemExit(run_app(Path(sys.argv[1]), demo=True, actor="developer", argv=sys.argv))
