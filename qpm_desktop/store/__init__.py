"""The local database: tables, engine settings, migrations and the one way records change."""
