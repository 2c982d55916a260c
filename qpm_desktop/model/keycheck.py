"""The fingerprint that tells whether a database key is the right one (pure, no I/O)."""

from __future__ import annotations

import hashlib
import hmac


def key_fingerprint(raw: bytes) -> str:
    """An HMAC of a fixed label under the key: equal for the same key, and reveals nothing."""
    return hmac.new(raw, b"qpm-desktop key check v1", hashlib.sha256).hexdigest()
