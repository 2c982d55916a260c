"""Checking signed PDF reports: pure functions of bytes and certificates (pyHanko, cryptography).

Shared by the desktop app (``qpm-desktop verify``, through ``qpm_desktop.reports``) and the
central store (which verifies uploaded reports). It imports nothing else of ``qpm_desktop``: no
database, no network, no Qt (see docs/decisions/0006-shared-report-verification.md).
"""
