"""A guard against a reference-counting fault in some PySide6 builds on Python 3.11.

Some PySide6 builds (6.12.0 is one) drop a reference they never took each time Python calls a
Qt function that returns nothing (``setText``, ``processEvents``, ``show`` ...) and each time a
signal is emitted from Python (its ``True``). On Python 3.12 and later ``None``, ``True`` and
``False`` are immortal and this does no harm. On Python 3.11 their counts wear down with every
such call, and after some hours of use (or one long benchmark) one of them reaches zero and the
interpreter aborts ("none_dealloc: deallocating None").

:func:`protect` checks once whether this build has the fault (a hundred harmless calls) and, if
so, raises the three counts far out of reach, which is what immortality means on newer Pythons.
It runs when :mod:`qpm_desktop.ui` is first imported, before any window exists.
"""

from __future__ import annotations

import ctypes
import sys

_PROBES = 100
_HEADROOM = 1 << 40  # more calls than a process will ever make


def _drops(make_call) -> int:  # type: ignore[no-untyped-def]
    target = make_call.target
    before = sys.getrefcount(target)
    for _ in range(_PROBES):
        make_call()
    return before - sys.getrefcount(target)


def faulty_build() -> bool:
    """True when Qt calls from Python wear down the count of ``None`` or ``True``."""
    from PySide6.QtCore import QObject, Signal

    class Probe(QObject):
        ping = Signal()

    probe = Probe()

    def void_call() -> None:
        probe.setObjectName("probe")

    def emit() -> None:
        probe.ping.emit()

    void_call.target = None  # type: ignore[attr-defined]
    emit.target = True  # type: ignore[attr-defined]
    lost = max(_drops(void_call), _drops(emit))
    if lost > 0:
        _give_back(lost)
    return lost >= _PROBES // 2


def _give_back(count: int) -> None:
    for obj in (None, True, False):
        for _ in range(count):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))


def protect() -> bool:
    """Make ``None``, ``True`` and ``False`` safe from the fault; True if it was needed."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not faulty_build():
        return False
    for obj in (None, True, False):
        # The reference count is an object's first field on CPython 3.11 (release builds);
        # written only where the field read there is indeed the count.
        count = ctypes.c_ssize_t.from_address(id(obj))
        if count.value != sys.getrefcount(obj) - 1:  # the call's own argument is one more
            return False
        count.value += _HEADROOM
    return True


PROTECTED = protect()
