"""Starting the desktop app: the QApplication, the services, the main window, the event loop."""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from qpm_desktop.locations import APP_NAME, APP_SLUG, resources_dir
from qpm_desktop.services.core import Services
from qpm_desktop.services.demo import seed_demo, seed_demo_through_central
from qpm_desktop.services.syncing import Syncing
from qpm_desktop.services.unlock import open_local_copy
from qpm_desktop.ui.main_window import ID_ROLE, MainWindow
from qpm_desktop.ui.ops import ThreadedOpRunner
from qpm_desktop.ui.unlock import open_services

log = logging.getLogger(__name__)


def _install_translators(app: QApplication) -> None:
    """Qt's own strings in the user's language (the app's .qm files come with issue 9)."""
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(), "qtbase", "_", path):
        app.installTranslator(translator)


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
    # system's by default); it replaces _install_translators, which loaded Qt's own only.
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
    central_url: str | None = None,
) -> int:
    """Open the local copy in ``data_dir``, show the main window and run until it closes.

    With ``first_run`` (and no ``demo``), a folder holding no local copy yet first asks the
    assessor to sign in to a central store or try the demo in ``demo_dir`` (a remembered choice
    of the demo is followed unless ``ask_again``).
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
    services = open_services(Path(data_dir), demo=demo, actor=actor)
    if services is None:
        return 1
    try:
        syncing = Syncing(services.ctx)
        demo_id = _start_demo(services, syncing, central_url) if demo else None
        runner = ThreadedOpRunner()
        window = MainWindow(
            services, demo=demo, runner=runner, open_on_start=demo_id, syncing=syncing
        )
        window.show()
        code = app.exec()
        runner.shutdown()
        return code
    finally:
        services.close()


def _start_demo(services: Services, syncing: Syncing, central_url: str | None) -> str:
    """The demo through its central store when one is given (the whole flow: download, record,
    sync); on its own when there is none, or when signing in cannot work here (no keyring for
    the tokens, say), which the status bar then shows."""
    if central_url:
        try:
            return seed_demo_through_central(services, syncing, central_url)
        except Exception as exc:  # the demo must open whatever the network or keyring says
            log.warning("demo sync with the local central store failed: %s", type(exc).__name__)
    return seed_demo(services)


SELF_TEST_PREFIX = "qpm-desktop self-test:"


def self_test(data_dir: Path, *, actor: str, argv: list[str], timeout_s: float = 60.0) -> int:
    """Open the demo copy in ``data_dir``, check the window and the list, print, exit.

    Meant for the bundle's smoke test and packaging/measure.py: it starts the app exactly as an
    assessor would (threaded runner, real window), waits until the main window is shown and the
    demo assessment is listed and opened, prints one line per milestone and closes the window
    the normal way (autosave flush included). It returns 0 on success, 1 otherwise. The user's
    own settings are not touched: the window gets a throwaway settings file.
    """
    started = time.perf_counter()
    app = _make_app(argv)
    services = open_local_copy(Path(data_dir), actor=actor, demo=True)
    outcome = {"code": 1}
    with tempfile.TemporaryDirectory(prefix="qpm-self-test-") as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        runner = ThreadedOpRunner()
        try:
            demo_id = seed_demo(services)
            window = MainWindow(
                services, demo=True, runner=runner, settings=settings, open_on_start=demo_id
            )
            window.show()
            shown: list[float] = []

            def ms() -> int:
                return round((time.perf_counter() - started) * 1000)

            def finish(code: int, message: str) -> None:
                outcome["code"] = code
                print(f"{SELF_TEST_PREFIX} {message}", flush=True)
                poll.stop()
                window.close()
                app.quit()

            def check() -> None:
                handle = window.windowHandle()
                if not shown and window.isVisible() and handle is not None and handle.isExposed():
                    shown.append(ms())
                    print(f"{SELF_TEST_PREFIX} main window shown at {shown[0]} ms", flush=True)
                model = window.page.model
                listed = {
                    model.index(r, 0).data(ID_ROLE): model.index(r, 1).data()
                    for r in range(model.rowCount())
                }
                if shown and listed and len(shown) == 1:
                    # The list is filled: the window is interactive (the benchmark's figure).
                    shown.append(ms())
                    print(
                        f"{SELF_TEST_PREFIX} main window listed {len(listed)} assessment(s) "
                        f"at {shown[1]} ms",
                        flush=True,
                    )
                if shown and demo_id in listed and window.workspace.ctx is not None:
                    finish(
                        0,
                        f"ok: {len(listed)} assessment(s) listed, demo {listed[demo_id]} open "
                        f"at {ms()} ms",
                    )
                elif ms() > timeout_s * 1000:
                    finish(
                        1,
                        f"FAILED after {ms()} ms: shown={bool(shown)}, listed={sorted(listed)}",
                    )

            poll = QTimer()
            poll.setInterval(10)
            poll.timeout.connect(check)
            poll.start()
            app.exec()
            runner.shutdown()
        finally:
            services.close()
    return outcome["code"]


# --- end issue 9 --------------------------------------------------------------------------------


if __name__ == "__main__":  # pragma: no cover - a convenience for developers
    raise SystemExit(run_app(Path(sys.argv[1]), demo=True, actor="developer", argv=sys.argv))
