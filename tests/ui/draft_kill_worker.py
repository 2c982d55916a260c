"""Run by tests/ui/test_ui_drafts.py: type into the rationale on the real (threaded) window, wait
for "Saved", print, then block the UI thread so nothing is promoted until the test kills us.

Arguments: the data folder, the database key (hex), the text to type, a settings file.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from qpm_desktop.services.core import Services
from qpm_desktop.services.demo import seed_demo
from qpm_desktop.ui.main_window import MainWindow
from qpm_desktop.ui.ops import ThreadedOpRunner

DEADLINE_S = 60.0


def wait_for(app: QApplication, condition, what: str) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + DEADLINE_S
    while not condition():
        if time.monotonic() > end:
            print(f"worker: timed out waiting for {what}", flush=True)
            raise SystemExit(2)
        app.processEvents()
        time.sleep(0.002)


def main() -> None:
    root, key_hex, text, settings_path = sys.argv[1:5]
    app = QApplication([])
    services = Services.open(Path(root), actor="Sam Okafor", key=bytes.fromhex(key_hex))
    aid = seed_demo(services)
    runner = ThreadedOpRunner()
    window = MainWindow(
        services,
        demo=True,
        runner=runner,
        settings=QSettings(settings_path, QSettings.Format.IniFormat),
        open_on_start=aid,
    )
    window.show()
    ws = window.workspace
    wait_for(app, lambda: ws.ctx is not None and ws.standards.editor.code is not None, "load")
    ws.show_tab("standards")
    ws.standards.select("1.3")
    editor = ws.standards.editor
    wait_for(app, lambda: editor.code == "1.3", "standard 1.3")
    editor.rationale.setFocus()
    editor.rationale.moveCursor(QTextCursor.MoveOperation.End)
    for ch in text:
        QTest.keyClick(editor.rationale, ch)
    indicator = window.save_indicator
    wait_for(app, lambda: indicator.property("state") == "saved", "saved")
    print(f"worker: saved: {indicator.text()}", flush=True)
    # The UI thread stops here: the debounce can never fire, so only the draft is on disk.
    time.sleep(DEADLINE_S * 10)


if __name__ == "__main__":
    main()
