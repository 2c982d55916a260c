"""Where the app finds what it ships (resources/, db/) and where it keeps user data.

The shipped folders are looked up in three places, so the same code runs from a source checkout
(and an editable install), from an installed wheel (which carries them under ``_data``) and from a
frozen bundle (PyInstaller unpacks them beside the executable, in ``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

APP_NAME = "QPM Desktop"
APP_SLUG = "qpm-desktop"

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def shipped_dir(name: str) -> Path:
    """The shipped folder ``name`` ("resources" or "db"), wherever this copy of the app keeps it."""
    candidates = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen) / name)
    candidates += [_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"the app's {name!r} folder is missing (looked in {tried})")


def resources_dir() -> Path:
    return shipped_dir("resources")


def frameworks_dir() -> Path:
    return resources_dir() / "frameworks"


def placeholder_framework_path() -> Path:
    return frameworks_dir() / "qpm-v4-placeholder.json"


def migrations_dir(name: str) -> Path:
    """The Alembic environment for one database: "local" (the app's) or "central"."""
    return shipped_dir("db") / name


def user_data_dir() -> Path:
    """The per-user folder for the local database, backups and logs (never beside the program)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_SLUG, appauthor=False, ensure_exists=True))
