"""The app's clock: always an aware UTC time (the central store's clock counts; see sync)."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)
