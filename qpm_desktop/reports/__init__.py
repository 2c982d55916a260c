"""The visit report: a frozen snapshot, its rendering to PDF, signing and verification.

This layer knows nothing of the database or Qt: the services build a
:class:`~qpm_desktop.reports.snapshot.ReportSnapshot` and hand it over.
"""
