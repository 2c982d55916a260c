"""The central store: the service QPM Desktop syncs with (FastAPI over SQLAlchemy).

It imports only ``qpm_desktop.protocol`` and ``qpm_desktop.model`` (plus ``qpm_desktop.locations``
to find its migrations), never the app's UI, services or local store.
"""
