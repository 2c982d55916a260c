"""Many rows written (and read) with one statement at the driver's level, on SQLite and
PostgreSQL.

A push of a thousand mutations writes four thousand rows (records, their versions, the audit
log, the mutation ids seen). Through SQLAlchemy Core each row's parameters are built and
processed one by one, which cost the store more than the database's own work. Here the caller
gives plain tuples with each value already in the form its column stores: JSON text encoded
once (a record and its newest version share it), a time through its column's type, once for
the batch. The SQL is generated from the table, with the dialect's quoting and placeholders;
on PostgreSQL a JSON value is cast from its text (``%s::json``). It runs on the session's
connection, inside its transaction (``exec_driver_sql``, so errors arrive as SQLAlchemy's).

Reads by a list of keys go the same way: one statement for the whole list (``IN`` over
``json_each`` on SQLite, ``= ANY`` of an array on PostgreSQL), each value through its column
type's result processing, as SQLAlchemy would give it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
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

    def select_in(
        self,
        table: Table,
        columns: Sequence[str],
        key: str,
        values: Collection[Any],
        equal: Sequence[tuple[str, Any]] = (),
    ) -> list[tuple[Any, ...]]:
        """``columns`` of the rows of ``table`` whose ``key`` is one of ``values`` and each
        column of ``equal`` the value given, one tuple per row in no particular order."""
        if not values:
            return []
        names = ", ".join(self._quote(c) for c in columns)
        if self.dialect.name == "sqlite":
            where = [f"{self._quote(key)} IN (SELECT value FROM json_each(?))"]
            params: list[Any] = [jsoncodec.dumps(list(values))]
        else:
            where = [f"{self._quote(key)} = ANY({self._mark})"]
            params = [list(values)]
        for column, value in equal:
            where.append(f"{self._quote(column)} = {self._mark}")
            params.append(value)
        sql = f"SELECT {names} FROM {self._quote(table.name)} WHERE {' AND '.join(where)}"
        rows = self.connection.exec_driver_sql(sql, tuple(params)).fetchall()
        processors = [self._result_processor(table, c) for c in columns]
        if not any(processors):
            return [tuple(row) for row in rows]
        return [
            tuple(
                value if process is None or value is None else process(value)
                for process, value in zip(processors, row, strict=True)
            )
            for row in rows
        ]

    def _result_processor(self, table: Table, column: str) -> Callable[[Any], Any] | None:
        type_ = table.c[column].type
        return type_.dialect_impl(self.dialect).result_processor(self.dialect, None)  # type: ignore[no-any-return]

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
