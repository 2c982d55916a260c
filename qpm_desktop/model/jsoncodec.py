"""JSON for hashes and for JSON columns: orjson where its output is exactly the standard
library's, the standard library everywhere else (docs/decisions/0021).

A sync round of 2,000 edits encodes and decodes about 20,000 small JSON values on each side
(the records' fields, their hashes, the audit trail); with :mod:`json` that was a tenth of the
round. orjson is five to eight times as fast, but it differs from :mod:`json` in a few corners,
and a hash must not change with the encoder that made it:

- floats: orjson writes ``1.5e-05`` as ``0.000015`` and NaN as ``null``;
- integers beyond 64 bits: orjson refuses them, and its decoder turns them into floats;
- unpaired surrogates (JSON can carry ``"\\ud800"``): orjson refuses them.

So orjson is used only on values made of text, booleans, null, integers, lists and objects with
text keys (a float sends the value to :mod:`json`; the rest make orjson raise, and the value
goes to :mod:`json` too). On those values the two give the same bytes (a property test holds
them to it). Decoding uses pydantic-core's parser, which keeps big integers exact, and falls
back to :mod:`json` for what it refuses (an escaped unpaired surrogate).
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson
import pydantic_core

from qpm_desktop.model.text import lone_surrogate_at

#: The canonical form's encoder for the values orjson does not take.
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
_SORTED = orjson.OPT_SORT_KEYS
_EXACT = (str, int, bool, type(None))


def _orjson_safe(value: Any) -> bool:
    """Whether ``value`` holds only what orjson writes exactly as :mod:`json` does (integers
    of any size pass here: orjson raises for those beyond 64 bits). Leaves are checked in a
    loop, containers by recursion: a record's fields are one flat object."""
    kind = type(value)
    if kind is dict:
        items = value.values()
    elif kind is list:
        items = value
    else:
        return kind in _EXACT
    for item in items:
        kind = type(item)
        if kind is str or kind is int or kind is bool or item is None:
            continue
        if (kind is dict or kind is list) and _orjson_safe(item):
            continue
        return False
    return True


def _by_orjson(value: Any, option: int = 0) -> bytes | None:
    """orjson's bytes for ``value`` where they are exactly :mod:`json`'s, else ``None``."""
    if _orjson_safe(value):
        try:
            return orjson.dumps(value, option=option)
        except orjson.JSONEncodeError:  # an unpaired surrogate, or an integer beyond 64 bits
            pass
    return None


def sound(value: Any) -> bool:
    """Whether ``value`` is JSON that every reader and writer takes: its numbers finite and
    its text Unicode. JSON on the wire can carry NaN and infinities (:func:`json.loads` reads
    them) and unpaired surrogates (``"\\ud800"``); PostgreSQL refuses the first, and nothing
    can write the second as UTF-8. A value from the wire is checked before it is kept."""
    if _by_orjson(value) is not None:  # the usual case, decided by orjson in one call
        return True
    kind = type(value)
    if kind is float:
        return math.isfinite(value)
    if isinstance(value, str):
        return lone_surrogate_at(value) is None
    if isinstance(value, dict):
        return all(sound(k) and sound(v) for k, v in value.items())
    if isinstance(value, list):
        return all(map(sound, value))
    return True


def canonical_bytes(value: Any) -> bytes:
    """Compact JSON with sorted keys and no ASCII escaping, in UTF-8: the form that is hashed
    (an unpaired surrogate as its UTF-8-like bytes, ``surrogatepass``: the hash that tells a
    resent mutation comes before the check that refuses such text)."""
    fast = _by_orjson(value, _SORTED)
    if fast is not None:
        return fast
    return _CANONICAL.encode(value).encode("utf-8", "surrogatepass")


def canonical_json(value: Any) -> str:
    """:func:`canonical_bytes` as text."""
    return canonical_bytes(value).decode("utf-8", "surrogatepass")


def dumps(value: Any) -> str:
    """``value`` for a JSON column (compact; an unpaired surrogate escaped, as :mod:`json`
    writes it)."""
    fast = _by_orjson(value)
    if fast is not None:
        return fast.decode("utf-8")
    return json.dumps(value, separators=(",", ":"))


def loads(text: str | bytes) -> Any:
    """The value of a JSON text, exactly as :func:`json.loads` reads it."""
    try:
        return pydantic_core.from_json(text, allow_inf_nan=True)
    except (ValueError, TypeError):  # TypeError: text holding a raw unpaired surrogate
        return json.loads(text)
