"""The guard against PySide6 builds that wear down the reference counts of None and True."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel

from qpm_desktop.ui import refcounts


def test_many_qt_calls_cannot_bring_none_or_true_to_zero(qapp) -> None:
    """On a build with the fault (and Python 3.11), None, True and False have counts far out of
    reach once the UI package is imported; 20,000 calls then change nothing that matters."""
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(20_000):
        label.setText("x")  # returns nothing: the call that drops a reference on such builds
    faulty = before - sys.getrefcount(None) > 10_000
    if sys.version_info < (3, 12) and faulty:
        assert refcounts.PROTECTED
        for obj in (None, True, False):
            assert sys.getrefcount(obj) > 1 << 39
    else:
        assert not refcounts.PROTECTED or faulty
