"""Alembic environment for the app's local database.

The app runs migrations itself (qpm_desktop.store.migrate), handing over an open connection in
``config.attributes["connection"]``; the ``alembic`` command line works too, with
``-x db=PATH`` naming the database file (see db/README.md).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from qpm_desktop.store.tables import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or "sqlite://",
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    db = context.get_x_argument(as_dictionary=True).get("db")
    if not db:
        raise SystemExit(
            "name the database: alembic -c db/local/alembic.ini -x db=PATH upgrade head"
        )
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
