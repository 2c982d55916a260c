"""The JSON codec gives exactly what the standard library gives: the same canonical bytes for
every hash (so a digest or a resend hash does not change with the encoder), and the same
values read back, whatever the value holds (floats, huge integers, unpaired surrogates, NaN,
text from every plane)."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qpm_desktop.model import jsoncodec

STANDARD = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))

# Every kind of text (unpaired surrogates included), integers of any size, floats with NaN
# and infinities, nested lists and objects.
TEXT = st.text(alphabet=st.characters(codec=None, min_codepoint=0))
LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | TEXT
VALUES = st.recursive(
    LEAVES, lambda inner: st.lists(inner, max_size=6) | st.dictionaries(TEXT, inner, max_size=6)
)
# What a record's fields usually are: the values orjson takes.
PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(), inner, max_size=6),
)


def same(a: Any, b: Any) -> bool:
    """Equal values, NaN equal to NaN and a float never equal to an int."""
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


@settings(derandomize=True, max_examples=200)
@given(VALUES)
def test_canonical_form_is_the_standard_librarys(value: Any) -> None:
    expected = STANDARD.encode(value)
    assert jsoncodec.canonical_json(value) == expected
    assert jsoncodec.canonical_bytes(value) == expected.encode("utf-8", "surrogatepass")


@settings(derandomize=True, max_examples=200)
@given(PLAIN)
def test_plain_values_take_the_fast_path_and_still_match(value: Any) -> None:
    assert jsoncodec._orjson_safe(value)
    assert jsoncodec.canonical_bytes(value) == STANDARD.encode(value).encode("utf-8")


@settings(derandomize=True, max_examples=200)
@given(VALUES)
def test_reading_gives_what_json_loads_gives(value: Any) -> None:
    for text in (json.dumps(value), json.dumps(value, ensure_ascii=False), STANDARD.encode(value)):
        assert same(jsoncodec.loads(text), json.loads(text))


@settings(derandomize=True, max_examples=200)
@given(VALUES)
def test_a_column_value_reads_back_as_written(value: Any) -> None:
    text = jsoncodec.dumps(value)
    text.encode("utf-8")  # storable: an unpaired surrogate is escaped, never written raw
    assert same(json.loads(text), value)
    assert same(jsoncodec.loads(text), value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.5e-05, "1.5e-05"),  # orjson alone would write 0.000015
        (1e16, "1e+16"),
        ({"b": [1, {"x": 0.1}], "a": "é"}, '{"a":"é","b":[1,{"x":0.1}]}'),  # a float, nested
        (2**64, "18446744073709551616"),  # beyond 64 bits: orjson refuses it
        ("\ud800", '"\ud800"'),  # unpaired surrogate: orjson refuses it
        (float("nan"), "NaN"),  # orjson alone would write null
        ("\u2028\x7f\x1f", '"\u2028\x7f\\u001f"'),
    ],
)
def test_the_corners_where_orjson_differs(value: Any, expected: str) -> None:
    assert jsoncodec.canonical_json(value) == expected


@pytest.mark.parametrize(
    "text",
    ["123456789012345678901234567890", "[NaN, Infinity, -Infinity]", '"\\ud800x"', "1e400"],
)
def test_reading_the_corners(text: str) -> None:
    assert same(jsoncodec.loads(text), json.loads(text))
    assert same(jsoncodec.loads(text.encode()), json.loads(text))


def _sound(value: Any) -> bool:
    """The reference: every number finite, every text (keys too) writable as UTF-8."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_sound(k) and _sound(v) for k, v in value.items())
    if isinstance(value, list):
        return all(map(_sound, value))
    return True


@settings(derandomize=True, max_examples=200)
@given(VALUES)
def test_sound_is_finite_numbers_and_unicode_text(value: Any) -> None:
    assert jsoncodec.sound(value) is _sound(value)


def test_sound_in_the_corners() -> None:
    assert jsoncodec.sound({"a": [1, 2**70, "é", 0.5, None, True]})
    assert not jsoncodec.sound({"a": [float("nan")]})
    assert not jsoncodec.sound([{"x": float("-inf")}])
    assert not jsoncodec.sound({"\ud800": 1})
    assert not jsoncodec.sound({"a": "x\udfff"})
