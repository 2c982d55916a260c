"""Alembic environment for the central store's database (SQLite or PostgreSQL).

qpm-central migrates on start (qpm_desktop.central.db.upgrade), handing over an open connection
in ``config.attributes["connection"]``; the ``alembic`` command line works too, with
``-x url=DATABASE_URL``.
"""

from __future__ import annotations

from alembic import context

from qpm_desktop.central.db import make_engine
from qpm_desktop.central.schema import Base

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
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite://")
    context.configure(
        url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True
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
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit(
            "name the database: alembic -c db/central/alembic.ini -x url=URL upgrade head"
        )
    engine = make_engine(url)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
