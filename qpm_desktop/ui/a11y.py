"""Accessible names and descriptions (a module of its own: the first screen needs it before the
workspace is loaded)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def accessible(widget: QWidget, name: str, description: str = "") -> QWidget:
    """Give ``widget`` the name a screen reader says, and a description (the name again when
    there is nothing more to say)."""
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description or name)
    return widget
