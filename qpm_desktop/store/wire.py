"""Record values as plain JSON values (for the audit trail, the outbox and the wire) and back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import Enum as PyEnum
from typing import Any

from sqlalchemy import Date, Enum

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
