"""What travels: each syncable entity, its fields, their types and their wire defaults.

This is the wire-side mirror of the app's local tables (``qpm_desktop.store.tables``); a test
(tests/protocol/test_entities.py) checks that every entity and field agrees with them, so the two
cannot drift. The central store validates every pushed field against this catalogue, and uses the
wire defaults as the merge base of a record the client had never seen on the server.

Values are in their JSON form (see ``store/wire.py``): enums as their value, dates as
``YYYY-MM-DD``, times as ISO-8601 with a zone, lists of strings as JSON lists.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

from qpm_desktop.model.enums import (
    ActionStatus,
    AdvocacyType,
    AssessmentStage,
    AssessmentStatus,
    CaseCheckResult,
    Consent,
    DocumentKind,
    EvidenceKind,
    InterviewLanguage,
    InterviewMode,
    InterviewRole,
    ObservationKind,
    Rating,
    SampleKind,
)
from qpm_desktop.model.text import lone_surrogate_at

Kind = Literal["id", "str", "text", "int", "bool", "date", "datetime", "enum", "list", "objects"]

#: Longest text field accepted on the wire (a Text column has no limit of its own).
MAX_TEXT_CHARS = 200_000
#: Most items in a list field.
MAX_LIST_ITEMS = 200

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    kind: Kind
    default: Any = None
    nullable: bool = False
    max_length: int | None = None
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EntitySpec:
    """One syncable entity.

    ``parent`` names the record this one belongs to, as (entity, field): it decides whose
    record this is (an assessment's, or an organisation's). ``None`` for an organisation.
    """

    name: str
    fields: Mapping[str, FieldSpec]
    parent: tuple[str, str] | None
    scope: Literal["organisation", "assessment"]
    required: frozenset[str] = field(default_factory=frozenset)

    def defaults(self) -> dict[str, Any]:
        """The wire value of every field of a record nobody has set anything on."""
        return {name: _copy(spec.default) for name, spec in self.fields.items()}


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _id(*, nullable: bool = False) -> FieldSpec:
    return FieldSpec("id", None, nullable, 36)


def _str(length: int, default: str | None = None, *, nullable: bool = False) -> FieldSpec:
    return FieldSpec("str", default, nullable, length)


def _text(default: str | None = "", *, nullable: bool = False) -> FieldSpec:
    return FieldSpec("text", default, nullable, MAX_TEXT_CHARS)


def _int(default: int | None = None) -> FieldSpec:
    return FieldSpec("int", default)


def _bool(default: bool | None = False, *, nullable: bool = False) -> FieldSpec:
    return FieldSpec("bool", default, nullable)


def _date() -> FieldSpec:
    return FieldSpec("date", None, True)


def _datetime() -> FieldSpec:
    return FieldSpec("datetime", None, True)


def _enum(enum: Any, default: Any = None, *, nullable: bool = False) -> FieldSpec:
    value = None if default is None else default.value
    return FieldSpec("enum", value, nullable, None, tuple(m.value for m in enum))


def _list() -> FieldSpec:
    return FieldSpec("list", [], False)


def _objects() -> FieldSpec:
    """A list of small JSON objects (the signers of a report, say)."""
    return FieldSpec("objects", [], False)


_DELETED = FieldSpec("bool", False, False)


def _entity(
    entity: str,
    parent: tuple[str, str] | None,
    scope: Literal["organisation", "assessment"],
    /,
    **fields: FieldSpec,
) -> EntitySpec:
    all_fields = {**fields, "deleted": _DELETED}
    required = frozenset(n for n, s in all_fields.items() if not s.nullable and s.default is None)
    return EntitySpec(entity, all_fields, parent, scope, required)


_ORG = ("organisation", "organisation_id")
_ASSESSMENT = ("assessment", "assessment_id")

ENTITY_SPECS: dict[str, EntitySpec] = {
    spec.name: spec
    for spec in (
        _entity(
            "organisation",
            None,
            "organisation",
            name=_str(200),
            profile=_text(),
            nations=_list(),
            services=_list(),
            advocates=_int(0),
            contact=_text(),
        ),
        _entity(
            "team",
            _ORG,
            "organisation",
            organisation_id=_id(),
            name=_str(200),
            area=_str(200, ""),
            manager=_str(200, ""),
            nation=_str(32, ""),
            advocates=_int(0),
        ),
        _entity(
            "assessment",
            _ORG,
            "assessment",
            organisation_id=_id(),
            framework_key=_str(100),
            reference=_str(64),
            stage=_enum(AssessmentStage),
            status=_enum(AssessmentStatus),
            band=_int(),
            lead_assessor=_str(200),
            co_assessors=_list(),
            desktop_submitted_on=_date(),
            visit_start=_date(),
            visit_end=_date(),
            desktop_review_notes=_text(),
            retention_until=_date(),
        ),
        _entity(
            "site_visit",
            _ASSESSMENT,
            "assessment",
            assessment_id=_id(),
            visit_date=FieldSpec("date", None, False),
            location=_str(200, ""),
            notes=_text(),
        ),
        _entity(
            "finding",
            _ASSESSMENT,
            "assessment",
            assessment_id=_id(),
            standard_code=_str(16),
            rating=_enum(Rating, Rating.NOT_YET_ASSESSED),
            rationale=_text(),
            good_practice=_text(),
            areas_for_improvement=_text(),
        ),
        _entity(
            "interview",
            _ASSESSMENT,
            "assessment",
            assessment_id=_id(),
            site_visit_id=_id(nullable=True),
            interviewee_code=_str(32),
            role=_enum(InterviewRole),
            team_id=_id(nullable=True),
            advocacy_type=_enum(AdvocacyType, nullable=True),
            mode=_enum(InterviewMode, InterviewMode.IN_PERSON),
            language=_enum(InterviewLanguage, InterviewLanguage.ENGLISH),
            welsh_offered=_bool(None, nullable=True),
            consent=_enum(Consent, Consent.NOT_RECORDED),
            consent_note=_text(),
            held_at=_datetime(),
            notes=_text(),
        ),
        _entity(
            "observation",
            _ASSESSMENT,
            "assessment",
            assessment_id=_id(),
            site_visit_id=_id(nullable=True),
            kind=_enum(ObservationKind),
            title=_str(200, ""),
            observed_at=_datetime(),
            notes=_text(),
        ),
        _entity(
            "case_file_review",
            _ASSESSMENT,
            "assessment",
            assessment_id=_id(),
            case_code=_str(32),
            sample_kind=_enum(SampleKind, SampleKind.CASE_FILE),
            advocacy_type=_enum(AdvocacyType, nullable=True),
            on_site=_bool(),
            notes=_text(),
        ),
        _entity(
            "case_file_check",
            ("case_file_review", "review_id"),
            "assessment",
            review_id=_id(),
            standard_code=_str(16),
            result=_enum(CaseCheckResult),
            note=_text(),
        ),
        _entity(
            "evidence_item",
            _ASSESSMENT,
            "assessment",
            assessment_id=_id(),
            kind=_enum(DocumentKind),
            title=_str(200),
            description=_text(),
        ),
        _entity(
            "attachment",
            ("evidence_item", "evidence_item_id"),
            "assessment",
            evidence_item_id=_id(),
            file_name=_str(255),
            media_type=_str(127, "application/octet-stream"),
            size=_int(),
            sha256=_str(64),
        ),
        _entity(
            "evidence_link",
            _ASSESSMENT,
            "assessment",
            assessment_id=_id(),
            standard_code=_str(16),
            source_kind=_enum(EvidenceKind),
            source_id=_id(),
            note=_text(),
        ),
        _entity(
            "required_action",
            _ASSESSMENT,
            "assessment",
            assessment_id=_id(),
            standard_code=_str(16),
            description=_text(),
            owner=_str(200, ""),
            due_on=_date(),
            status=_enum(ActionStatus, ActionStatus.OPEN),
            from_earlier_assessment=_bool(),
        ),
        _entity(
            "report_version",
            _ASSESSMENT,
            "assessment",
            assessment_id=_id(),
            number=_int(),
            language=_str(16, "en"),
            snapshot_sha256=_str(64),
            pdf_sha256=_str(64),
            file_name=_str(255),
            size=_int(),
            state=_str(16, "draft"),
            signers=_objects(),
            signed_at=_datetime(),
        ),
    )
}


def is_uuid(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def check_value(spec: FieldSpec, value: Any) -> str | None:
    """Why ``value`` is not a valid wire value for ``spec``; ``None`` when it is."""
    if value is None:
        return None if spec.nullable else "must not be null"
    kind = spec.kind
    if kind in ("id", "str", "text", "enum", "date", "datetime") and not isinstance(value, str):
        return f"expected text, got {_json_type(value)}"
    if kind == "id":
        return None if is_uuid(value) else "expected a UUID in lowercase 8-4-4-4-12 form"
    if kind in ("str", "text"):
        if spec.max_length is not None and len(value) > spec.max_length:
            return f"too long: {len(value)} characters (at most {spec.max_length})"
        if "\x00" in value:
            return "contains a NUL character"
        return _not_text(value)
    if kind == "enum":
        return None if value in spec.values else f"{value!r} is not one of {list(spec.values)}"
    if kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return "expected a date as YYYY-MM-DD"
        return None if len(value) == 10 else "expected a date as YYYY-MM-DD"
    if kind == "datetime":
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return "expected an ISO-8601 time with a time zone"
        return None if parsed.tzinfo is not None else "the time has no time zone"
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return f"expected a whole number, got {_json_type(value)}"
        return None if -(2**31) <= value < 2**31 else "number out of range"
    if kind == "bool":
        return (
            None if isinstance(value, bool) else f"expected true or false, got {_json_type(value)}"
        )
    if kind == "list":
        if not isinstance(value, list):
            return f"expected a list, got {_json_type(value)}"
        if len(value) > MAX_LIST_ITEMS:
            return f"too many items ({len(value)}; at most {MAX_LIST_ITEMS})"
        if not all(isinstance(v, str) and len(v) <= 200 for v in value):
            return "expected a list of short texts"
        return next(filter(None, map(_not_text, value)), None)
    if kind == "objects":
        if not isinstance(value, list):
            return f"expected a list of objects, got {_json_type(value)}"
        if len(value) > MAX_LIST_ITEMS:
            return f"too many items ({len(value)}; at most {MAX_LIST_ITEMS})"
        for item in value:
            if not isinstance(item, dict) or len(item) > 50:
                return "expected a list of objects (at most 50 keys each)"
            for k, v in item.items():
                if isinstance(v, dict | list) or (isinstance(v, str) and len(v) > MAX_TEXT_CHARS):
                    return "object values must be short texts, numbers, true/false or null"
                if isinstance(v, float) and not math.isfinite(v):
                    return "numbers must be finite (not NaN or infinity)"
                problem = _not_text(k) or (_not_text(v) if isinstance(v, str) else None)
                if problem:
                    return problem
        return None
    return f"unknown kind {kind}"  # pragma: no cover


def canonical_time(value: str) -> str:
    """A valid wire time in its one canonical form: UTC, written with "Z" (as the app writes
    it), so two clients writing the same moment differently still agree on the digest."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    return parsed.isoformat().replace("+00:00", "Z")


def canonical_fields(entity: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` (already checked) with every time in its canonical form."""
    spec = ENTITY_SPECS[entity]
    out = dict(fields)
    for name, value in fields.items():
        field_spec = spec.fields.get(name)
        if field_spec is not None and field_spec.kind == "datetime" and isinstance(value, str):
            out[name] = canonical_time(value)
    return out


def check_fields(entity: str, fields: Mapping[str, Any]) -> list[str]:
    """Problems with pushed ``fields`` of ``entity`` (unknown fields, wrong types), if any."""
    spec = ENTITY_SPECS.get(entity)
    if spec is None:
        return [f"unknown entity {entity!r}"]
    problems: list[str] = []
    for name, value in fields.items():
        field_spec = spec.fields.get(name)
        if field_spec is None:
            problems.append(f"unknown field {name!r} for {entity}")
            continue
        problem = check_value(field_spec, value)
        if problem:
            problems.append(f"{name}: {problem}")
    sha = fields.get("sha256") if entity == "attachment" else None
    if isinstance(sha, str) and not _SHA256.match(sha):
        problems.append("sha256: expected 64 lowercase hexadecimal digits")
    return problems


def _not_text(value: str) -> str | None:
    """Why ``value`` is not Unicode text; ``None`` when it is."""
    surrogate = lone_surrogate_at(value)
    if surrogate is None:
        return None
    return f"contains an invalid character (a lone surrogate) at position {surrogate}"


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
