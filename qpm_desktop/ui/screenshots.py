"""Render every screen offscreen, for review and for the README: the list, then each tab."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from qpm_desktop.services.demo import seed_demo
from qpm_desktop.services.unlock import open_local_copy
from qpm_desktop.ui import i18n
from qpm_desktop.ui.main_window import MainWindow
from qpm_desktop.ui.ops import SyncOpRunner
from qpm_desktop.ui.workspace import TAB_KEYS

DEFAULT_SIZES = ((1366, 768), (1920, 1080))


def _app() -> QApplication:
    existing = QApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QApplication(["qpm-desktop-screenshots"])


def save_screenshots(
    data_dir: Path,
    out_dir: Path,
    sizes: Iterable[tuple[int, int]] = DEFAULT_SIZES,
    language: str | None = None,
) -> list[Path]:
    """Seed the demo into ``data_dir`` (if needed) and save one PNG per screen and size.

    Files are named ``{width}x{height}-{nn}-{screen}.png``; the paths are returned in order.
    ``language`` ("en" or "cy") shows the screens in that language (the one installed now
    otherwise), and the language in use before is put back afterwards.
    """
    app = _app()
    previous = i18n.current()
    if language is not None:
        i18n.install(language)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    services = open_local_copy(Path(data_dir), actor="screenshots", demo=True)
    saved: list[Path] = []
    try:
        demo_id = seed_demo(services)
        with tempfile.TemporaryDirectory() as settings_dir:
            for width, height in sizes:
                settings = QSettings(
                    str(Path(settings_dir) / f"{width}x{height}.ini"), QSettings.Format.IniFormat
                )
                window = MainWindow(services, demo=True, runner=SyncOpRunner(), settings=settings)
                window.resize(width, height)
                window.show()
                app.processEvents()

                def shot(name: str, window: MainWindow = window, w: int = width,
                         h: int = height) -> None:  # fmt: skip
                    app.processEvents()
                    path = out_dir / f"{w}x{h}-{len(saved) % (len(TAB_KEYS) + 1):02d}-{name}.png"
                    window.grab().save(str(path))
                    saved.append(path)

                shot("assessments")
                window.open_assessment(demo_id)
                for key in TAB_KEYS:
                    window.show_tab(key)
                    if key == "standards":
                        window.workspace.standards.select("1.1")
                    shot(key)
                window.close()
                window.deleteLater()
                app.processEvents()
    finally:
        services.close()
        if language is not None:
            i18n.install(previous)
    return saved
