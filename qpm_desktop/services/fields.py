"""What each editable field accepts, checked before anything reaches the database.

A spec maps a field name to a checker; a checker takes the field's name and the value given and
returns the value to store or raises :class:`~qpm_desktop.model.text.InvalidInput`, whose
message names the field. Services check every write against the spec of its record kind, so
the UI, the command line and sync all get the same answers.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from qpm_desktop.model.text import (
    SHORT_TEXT_MAX,
    InvalidInput,
    check_code,
    check_short_text,
    check_text,
)

Checker = Callable[[str, Any], Any]
Spec = Mapping[str, Checker]


def long_text(field: str, value: Any) -> str:
    return check_text(field, value)


def short_text(field: str, value: Any) -> str:
    return check_short_text(field, value)


def required_text(field: str, value: Any) -> str:
    return check_short_text(field, value, required=True)


def code(field: str, value: Any) -> str:
    return check_code(field, value)


def enum_of(enum: type[StrEnum], *, optional: bool = False) -> Checker:
    def check(field: str, value: Any) -> Any:
        if value is None and optional:
            return None
        try:
            return enum(value)
        except ValueError:
            choices = ", ".join(m.value for m in enum)
            raise InvalidInput(field, f"{value!r} is not one of {choices}") from None

    return check


def boolean(*, optional: bool = False) -> Checker:
    def check(field: str, value: Any) -> bool | None:
        if value is None and optional:
            return None
        if not isinstance(value, bool):
            raise InvalidInput(field, "expected yes or no")
        return value

    return check


def count(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInput(field, "expected a whole number, zero or more")
    return value


def day(*, optional: bool = True) -> Checker:
    def check(field: str, value: Any) -> date | None:
        if value is None and optional:
            return None
        if isinstance(value, datetime) or not isinstance(value, date):
            raise InvalidInput(field, "expected a date")
        return value

    return check


def moment(*, optional: bool = True) -> Checker:
    def check(field: str, value: Any) -> datetime | None:
        if value is None and optional:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise InvalidInput(field, "expected a date and time with its time zone")
        return value

    return check


def reference(*, optional: bool = True) -> Checker:
    """The id of another record (its existence is checked by the service)."""

    def check(field: str, value: Any) -> str | None:
        if value is None and optional:
            return None
        try:
            return str(uuid.UUID(str(value)))
        except ValueError:
            raise InvalidInput(field, f"{value!r} is not a record id") from None

    return check


def names(field: str, value: Any) -> list[str]:
    if not isinstance(value, list | tuple):
        raise InvalidInput(field, "expected a list of names")
    return [check_short_text(field, v, required=True) for v in value]


def validate(spec: Spec, values: Mapping[str, Any]) -> dict[str, Any]:
    """Check ``values`` against ``spec``; unknown fields are refused by name."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        checker = spec.get(name)
        if checker is None:
            raise InvalidInput(name, "is not a field that can be changed here")
        out[name] = checker(name, value)
    return out


__all__ = ["SHORT_TEXT_MAX", "InvalidInput", "Spec", "validate"]
