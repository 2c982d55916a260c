"""The app's log: a rotating file in the user's data folder, with no personal data in it.

Log lines name what happened and record ids, counts, timings and error kinds; they never carry
the text an assessor typed, names, or file contents. (A test types known sentences and checks
the log for them.) Configured once by the composition root; library modules only call
``logging.getLogger(__name__)``.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_NAME = "qpm-desktop.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5


def configure_logging(folder: Path, *, level: int = logging.INFO) -> Path:
    """Send the app's log records to ``folder/qpm-desktop.log`` (rotated at 1 MB, 5 kept)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("qpm_desktop")
    root.setLevel(level)
    if not any(
        isinstance(h, logging.handlers.RotatingFileHandler) and Path(h.baseFilename) == path
        for h in root.handlers
    ):
        root.addHandler(handler)
    return path
