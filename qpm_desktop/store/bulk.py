"""Set-wise statements at the driver's level, for the few paths that touch every record of a
large sync: taking the outbox and recording the server's answers.

Through SQLAlchemy Core, every row of an ``executemany`` and every row read costs some
microseconds of Python (its parameters built and processed one by one, a ``Row`` made for it);
for a push of 2,000 edits that was most of the client's own time, several times what the
driver spent. Here values are put into their stored form by the caller (JSON as the column's
type writes it, an enum by its value, a time through its column's type, once for all rows),
the statements are plain SQL handed to the driver with plain tuples, and a list of keys goes
as one JSON array (``IN (SELECT value FROM json_each(?))``), so a statement is the same
whatever the list's length and no list is cut into chunks.

Everything runs on the session's own connection, inside its transaction, through
``exec_driver_sql``, so the driver's errors still arrive as SQLAlchemy's (a full disk is still
told as such by ``Store.write``). Callers flush the session first and expire it afterwards
(``session.expire_all()``) when ORM objects may hold what changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.orm import Session

from qpm_desktop.model import jsoncodec

#: ``column IN_KEYS`` with one parameter: :func:`keys` of the values.
IN_KEYS = "IN (SELECT value FROM json_each(?))"


def keys(values: Iterable[Any]) -> str:
    """A list of keys (ids, seqs) as the one parameter of :data:`IN_KEYS`."""
    return jsoncodec.dumps(list(values))


def fetch(session: Session, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """The rows of a query as tuples."""
    return session.connection().exec_driver_sql(sql, tuple(params)).fetchall()


def execute(session: Session, sql: str, params: Sequence[Any] = ()) -> None:
    session.connection().exec_driver_sql(sql, tuple(params))


def execute_many(session: Session, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """One statement for many rows of parameters (nothing to do for none)."""
    if rows:
        session.connection().exec_driver_sql(sql, [tuple(row) for row in rows])


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """``INSERT`` many rows (dicts with the same keys), as SQLAlchemy's insert would: each
    value put in its stored form by its column's type, and a column left out given its
    default (a scalar one; a column with a computed default must be given)."""
    if not rows:
        return
    dialect = session.get_bind().dialect
    quote = dialect.identifier_preparer.quote
    names = list(rows[0])
    defaults: dict[str, Any] = {}
    for column in table.columns:
        if column.name in rows[0] or column.default is None:
            continue
        if not column.default.is_scalar:
            raise ValueError(f"{table.name}.{column.name} needs a value (computed default)")
        defaults[column.name] = column.default.arg  # type: ignore[attr-defined]
    if defaults:
        names += list(defaults)
        rows = [{**defaults, **row} for row in rows]
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)})"
        f" VALUES ({', '.join('?' for _ in names)})"
    )
    execute_many(
        session,
        sql,
        [
            [
                row[name] if processor is None else processor(row[name])
                for name, processor in zip(names, processors, strict=True)
            ]
            for row in rows
        ],
    )


def stored(session: Session, column: Column[Any], value: Any) -> Any:
    """``value`` as ``column`` stores it (its type's bind processing, done once)."""
    dialect = session.get_bind().dialect
    processor = column.type.dialect_impl(dialect).bind_processor(dialect)
    return value if processor is None else processor(value)


def from_json(text: str | None) -> Any:
    """A JSON column's value as read by :func:`fetch`."""
    return None if text is None else jsoncodec.loads(text)


def to_json(value: Any) -> str:
    """A value for a JSON column, as SQLAlchemy's JSON type writes it (the engine's codec)."""
    return jsoncodec.dumps(value)
