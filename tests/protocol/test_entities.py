"""The protocol's entity catalogue mirrors the app's local tables, and the digest is stable."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import JSON, Boolean, Date, Enum, Integer, String, Text

from qpm_desktop.protocol.digest import assessment_digest, mutation_content_sha256
from qpm_desktop.protocol.entities import ENTITY_SPECS, check_fields
from qpm_desktop.store.tables import ENTITIES, sync_fields
from qpm_desktop.store.types import UTCDateTime
from qpm_desktop.store.wire import to_wire


def _kind(column: Any, annotation: str) -> str:
    t = column.type
    if isinstance(t, UTCDateTime):
        return "datetime"
    if isinstance(t, Enum):
        return "enum"
    if isinstance(t, Date):
        return "date"
    if isinstance(t, Boolean):
        return "bool"
    if isinstance(t, Integer):
        return "int"
    if isinstance(t, JSON):
        return "objects" if "dict" in annotation else "list"
    if isinstance(t, Text):
        return "text"
    if isinstance(t, String):
        is_reference = bool(column.foreign_keys) or column.name.endswith("_id")
        return "id" if is_reference and t.length == 36 else "str"
    raise AssertionError(f"unexpected column type {t!r}")


def _wire_default(column: Any) -> Any:
    default = column.default
    if default is None:
        return None
    value = default.arg
    if callable(value):
        value = value(None)  # SQLAlchemy wraps callable defaults to take a context
    return to_wire(value)


def test_same_entities_as_the_local_tables() -> None:
    """Every syncable table is a protocol entity under the same name, and nothing else is."""
    assert set(ENTITY_SPECS) == set(ENTITIES)


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_fields_types_and_defaults_agree(entity: str) -> None:
    """Each travelling column has the same field name, kind, nullability, length and default."""
    cls = ENTITIES[entity]
    spec = ENTITY_SPECS[entity]
    assert set(spec.fields) == set(sync_fields(cls))
    table = cls.__table__  # type: ignore[attr-defined]
    annotations = {
        k: str(v) for klass in cls.__mro__ for k, v in getattr(klass, "__annotations__", {}).items()
    }
    for name, field_spec in spec.fields.items():
        column = table.columns[name]
        where = f"{entity}.{name}"
        assert field_spec.kind == _kind(column, annotations.get(name, "")), where
        assert field_spec.nullable == bool(column.nullable), where
        assert field_spec.default == _wire_default(column), where
        if isinstance(column.type, Enum):
            assert set(field_spec.values) == {m.value for m in column.type.enum_class}, where
        if isinstance(column.type, String) and not isinstance(column.type, Text | Enum):
            assert field_spec.max_length == column.type.length, where


def test_check_fields_names_each_problem() -> None:
    """Unknown fields, wrong types and bad enum values are each reported."""
    problems = check_fields(
        "finding", {"rating": "excellent", "rationale": 3, "colour": "red", "deleted": "no"}
    )
    text = "\n".join(problems)
    assert "rating" in text and "rationale" in text and "colour" in text and "deleted" in text
    assert check_fields("finding", {"rating": "met", "rationale": "ok"}) == []
    assert check_fields("dragon", {}) == ["unknown entity 'dragon'"]


def test_digest_ignores_order_and_fills_defaults() -> None:
    """The digest does not depend on record order, and a missing field counts as its default."""
    a = ("finding", "00000000-0000-4000-8000-000000000001", {"rating": "met"})
    b = ("finding", "00000000-0000-4000-8000-000000000002", {"rating": "not_met"})
    assert assessment_digest([a, b]) == assessment_digest([b, a])
    full = {**ENTITY_SPECS["finding"].defaults(), "rating": "met"}
    assert assessment_digest([a]) == assessment_digest([(a[0], a[1], full)])
    assert assessment_digest([a]) != assessment_digest([b])
    tombstone = (a[0], a[1], {"rating": "met", "deleted": True})
    assert assessment_digest([tombstone]) != assessment_digest([a])


def test_mutation_hash_depends_on_content() -> None:
    """Two mutations differ in hash exactly when their content differs."""
    one = mutation_content_sha256("finding", "x", "update", 1, {"rating": "met"})
    assert one == mutation_content_sha256("finding", "x", "update", 1, {"rating": "met"})
    assert one != mutation_content_sha256("finding", "x", "update", 2, {"rating": "met"})
