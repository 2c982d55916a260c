"""The Qt user interface: the only package that imports PySide6."""

from qpm_desktop.ui import refcounts as _refcounts  # noqa: F401  (guards PySide6 on 3.11)
