"""Many rows written with one statement at the driver's level, on SQLite and PostgreSQL.

A push of a thousand mutations writes four thousand rows (records, their versions, the audit
log, the mutation ids seen). Through SQLAlchemy Core each row's parameters are built and
processed one by one, which cost the store more than the database's own work. Here the caller
gives plain tuples with each value already in the form its column stores: JSON text encoded
once (a record and its newest version share it), a time through its column's type, once for
the batch. The SQL is generated from the table, with the dialect's quoting and placeholders;
on PostgreSQL a JSON value is cast from its text (``%s::json``). It runs on the session's
connection, inside its transaction (``exec_driver_sql``, so errors arrive as SQLAlchemy's).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, Table
from sqlalchemy.orm import Session

from qpm_desktop.model import jsoncodec


def to_json(value: Any) -> str:
    """A value for a JSON column, as SQLAlchemy's JSON type writes it (the engine's codec)."""
    return jsoncodec.dumps(value)


class DriverWrites:
    """Writers for one session's connection."""

    def __init__(self, session: Session) -> None:
        self.connection = session.connection()
        self.dialect = self.connection.dialect
        self._quote = self.dialect.identifier_preparer.quote
        self._mark = "?" if self.dialect.paramstyle == "qmark" else "%s"
        self._json_mark = self._mark if self.dialect.name == "sqlite" else f"{self._mark}::json"

    def stored(self, table: Table, column: str, value: Any) -> Any:
        """``value`` as ``table.column`` stores it (its type's bind processing)."""
        type_ = table.c[column].type
        processor = type_.dialect_impl(self.dialect).bind_processor(self.dialect)
        return value if processor is None else processor(value)

    def _placeholder(self, table: Table, column: str) -> str:
        return self._json_mark if isinstance(table.c[column].type, JSON) else self._mark

    def insert(self, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
        """``INSERT`` one row per tuple (values in the order of ``columns``)."""
        if not rows:
            return
        names = ", ".join(self._quote(c) for c in columns)
        marks = ", ".join(self._placeholder(table, c) for c in columns)
        sql = f"INSERT INTO {self._quote(table.name)} ({names}) VALUES ({marks})"
        self.connection.exec_driver_sql(sql, list(rows))

    def update(
        self,
        table: Table,
        columns: Sequence[str],
        keys: Sequence[str],
        rows: Sequence[tuple[Any, ...]],
    ) -> None:
        """``UPDATE`` one row per tuple: the values of ``columns``, then those of ``keys``."""
        if not rows:
            return
        sets = ", ".join(f"{self._quote(c)} = {self._placeholder(table, c)}" for c in columns)
        where = " AND ".join(f"{self._quote(k)} = {self._mark}" for k in keys)
        sql = f"UPDATE {self._quote(table.name)} SET {sets} WHERE {where}"
        self.connection.exec_driver_sql(sql, list(rows))
