"""Record values as plain JSON values (for the audit trail, the outbox and the wire) and back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import Enum as PyEnum
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Enum, Integer, String
from sqlalchemy.engine import Dialect

from qpm_desktop.model import jsoncodec
from qpm_desktop.store.tables import Syncable, sync_fields
from qpm_desktop.store.types import UTCDateTime


def to_wire(value: Any) -> Any:
    if isinstance(value, PyEnum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_wire(v) for v in value]
    return value


def from_wire(cls: type[Syncable], field: str, value: Any) -> Any:
    """The Python value for ``field`` of ``cls`` from its JSON form."""
    if value is None:
        return None
    column_type = cls.__table__.columns[field].type  # type: ignore[attr-defined]
    if isinstance(column_type, UTCDateTime):
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            raise ValueError(f"{field}: a time without a time zone: {value!r}")
        return parsed
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, Enum) and column_type.enum_class is not None:
        return column_type.enum_class(value)
    return value


def record_values(row: Syncable) -> dict[str, Any]:
    """Every travelling field of ``row`` in its JSON form."""
    return {name: to_wire(getattr(row, name)) for name in sync_fields(type(row))}


def _stored_time_to_wire(value: str | None) -> str | None:
    """A ``UTCDateTime`` as SQLite keeps it (naive UTC text) in its JSON form."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value).replace(tzinfo=UTC)
    return moment.isoformat().replace("+00:00", "Z")


def _stored_bool_to_wire(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _stored_json_to_wire(value: str | None) -> Any:
    return None if value is None else jsoncodec.loads(value)


@cache
def stored_to_wire(cls: type[Syncable], dialect: Dialect) -> tuple[Callable[[Any], Any], ...]:
    """For each of ``sync_fields(cls)``: a function from the value as the driver reads it to
    its JSON form (as :func:`to_wire` of the value SQLAlchemy would read), for the paths that
    read every record of an assessment at the driver's level. Text, numbers, enums kept by
    value and dates kept as ISO text are their own JSON form; any other type goes through its
    column type's own result processing and :func:`to_wire`."""
    table = cls.__table__  # type: ignore[attr-defined]
    out: list[Callable[[Any], Any]] = []
    for name in sync_fields(cls):
        column_type = table.columns[name].type
        if isinstance(column_type, UTCDateTime) and dialect.name == "sqlite":
            out.append(_stored_time_to_wire)
        elif isinstance(column_type, Boolean):
            out.append(_stored_bool_to_wire)
        elif isinstance(column_type, JSON):
            out.append(_stored_json_to_wire)
        elif isinstance(column_type, Enum | String | Integer) or (
            isinstance(column_type, Date) and dialect.name == "sqlite"
        ):
            out.append(_same)
        else:
            processor = column_type.dialect_impl(dialect).result_processor(dialect, None)
            out.append(_processed(processor))
    return tuple(out)


def _same(value: Any) -> Any:
    return value


def _processed(processor: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    if processor is None:
        return to_wire
    return lambda value: to_wire(processor(value))
