"""Starting the desktop app: the QApplication, the services, the main window, the event loop."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from qpm_desktop.locations import APP_NAME, APP_SLUG
from qpm_desktop.services.core import Services
from qpm_desktop.services.demo import seed_demo
from qpm_desktop.ui.main_window import MainWindow
from qpm_desktop.ui.ops import ThreadedOpRunner


def _install_translators(app: QApplication) -> None:
    """Qt's own strings in the user's language (the app's .qm files come with issue 9)."""
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(), "qtbase", "_", path):
        app.installTranslator(translator)


def run_app(data_dir: Path, *, demo: bool, actor: str, argv: list[str]) -> int:
    """Open the local copy in ``data_dir``, show the main window and run until it closes."""
    app = QApplication.instance() or QApplication(argv)
    QCoreApplication.setOrganizationName(APP_SLUG)
    QCoreApplication.setApplicationName(APP_SLUG)
    QApplication.setApplicationDisplayName(APP_NAME)
    _install_translators(app)  # type: ignore[arg-type]
    services = Services.open(Path(data_dir), actor=actor)
    try:
        demo_id = seed_demo(services) if demo else None
        runner = ThreadedOpRunner()
        window = MainWindow(services, demo=demo, runner=runner, open_on_start=demo_id)
        window.show()
        code = app.exec()
        runner.shutdown()
        return code
    finally:
        services.close()


if __name__ == "__main__":  # pragma: no cover - a convenience for developers
    raise SystemExit(run_app(Path(sys.argv[1]), demo=True, actor="developer", argv=sys.argv))
