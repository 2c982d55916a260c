"""Use cases: what the UI, the command line and the tests ask of the app.

Services take and return plain values (dataclasses in :mod:`qpm_desktop.services.views`); no ORM
object leaves this package, so results can cross threads safely. Every write is one short
transaction and returns a :class:`~qpm_desktop.services.changes.Changes` saying what changed;
it returns only after the commit did, so "saved" is never shown early.
"""
