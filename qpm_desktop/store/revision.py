"""The newest local schema revision, on its own so that reading it loads nothing else.

An up-to-date database opens without loading Alembic (a third of a second of start-up), and the
first screen's list (:mod:`qpm_desktop.store.first_screen`) is read only from a database at this
revision. tests/store/test_migrations.py checks it against Alembic's scripts: a new migration
must update it.
"""

HEAD_REVISION = "0007"
