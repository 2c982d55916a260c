"""The QPM framework: the versioned file format, its validation, and loading.

A framework is the list of standards an assessment is judged against, grouped in sections. It is
read from a JSON file so that an administrator can replace the placeholder shipped with the app
by NDTi's official framework. Every assessment is pinned to one framework (``Framework.key``).

The file format (format 1)::

    {
      "format": 1,
      "id": "qpm-v4-placeholder",
      "version": "4.0-placeholder.1",
      "title": {"en": "...", "cy": "..."},
      "placeholder": true,
      "description": {"en": "...", "cy": "..."},
      "sections": [
        {
          "code": "1",
          "title": {"en": "Clarity of purpose", "cy": "Eglurder diben"},
          "kind": "standards",
          "standards": [
            {
              "code": "1.1",
              "title": {"en": "...", "cy": "..."},
              "statement": {"en": "...", "cy": "..."},
              "guidance": {"en": "..."},
              "evidence_expected": ["document", "interview"],
              "not_applicable_allowed": false,
              "mandatory": true
            }
          ]
        }
      ]
    }

Problems with a file are reported as a ``FrameworkError`` naming the file, the place in it
(``sections[2].standards[0].evidence_expected[1]``, or ``line 4, column 7`` for JSON syntax) and
what is wrong in plain English. This module is pure: no Qt, no database.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from qpm_desktop.model.enums import EvidenceKind

#: File format versions this code can read. Bump when the shape of the file changes.
SUPPORTED_FORMATS: tuple[int, ...] = (1,)

#: Largest framework file accepted, in bytes. A real framework is well under 1 MB.
MAX_FILE_BYTES = 10 * 1024 * 1024

#: At most this many problems are listed in the text of a ``FrameworkError``.
MAX_LISTED_PROBLEMS = 50

_CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,15}$"
_ID_PATTERN = r"^[a-z0-9][a-z0-9\-]{1,63}$"
_VERSION_MAX = 32
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab, CR and LF are allowed

# A validator that finds problems at precise places below the value it checks raises one
# error of this type; the places (relative to the value) travel in ctx["issues"].
_ISSUES_ERROR = "qpm_issues"
_OWN_ERRORS = frozenset(
    {"qpm_blank", "qpm_control_char", "qpm_surrogate", "qpm_spaces", "qpm_too_long"}
)

Loc = tuple[str | int, ...]


# --------------------------------------------------------------------------- errors


class FrameworkIssue(NamedTuple):
    """One problem in a framework file."""

    location: str
    problem: str


class FrameworkError(Exception):
    """A framework file that cannot be used, and why.

    ``source``, ``location`` and ``problem`` describe the first problem; ``issues`` holds all
    of them (the first included). ``str()`` gives one ``source: location: problem`` line per
    problem, the first being the headline.
    """

    def __init__(
        self,
        source: str,
        location: str,
        problem: str,
        *,
        more: Iterable[FrameworkIssue] = (),
    ) -> None:
        super().__init__(source, location, problem)
        self.source = source
        self.location = location
        self.problem = problem
        self.issues: tuple[FrameworkIssue, ...] = (FrameworkIssue(location, problem), *more)

    @classmethod
    def from_issues(cls, source: str, issues: Iterable[FrameworkIssue]) -> FrameworkError:
        first, *rest = issues
        return cls(source, first.location, first.problem, more=rest)

    def _line(self, issue: FrameworkIssue) -> str:
        if issue.location:
            return f"{self.source}: {issue.location}: {issue.problem}"
        return f"{self.source}: {issue.problem}"

    def __str__(self) -> str:
        lines = [self._line(issue) for issue in self.issues[:MAX_LISTED_PROBLEMS]]
        hidden = len(self.issues) - MAX_LISTED_PROBLEMS
        if hidden > 0:
            lines.append(f"{self.source}: ... and {hidden} more problem{'s' if hidden > 1 else ''}")
        return "\n".join(lines)


def _issues_error(issues: list[tuple[Loc, str]]) -> PydanticCustomError:
    summary = "; ".join(f"{format_location(loc)}: {msg}" if loc else msg for loc, msg in issues)
    return PydanticCustomError(
        _ISSUES_ERROR, "{summary}", {"summary": summary, "issues": tuple(issues)}
    )


def format_location(loc: Iterable[str | int]) -> str:
    """Render a path such as ``("sections", 2, "code")`` as ``sections[2].code``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


# --------------------------------------------------------------------------- field types


def _check_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("qpm_blank", "must not be blank")
    return _check_characters(value)


def _check_characters(value: str) -> str:
    bad = _CONTROL_CHARS.search(value)
    if bad:
        raise PydanticCustomError(
            "qpm_control_char",
            "contains a control character (U+{code}) at character {position}; remove it",
            {"code": f"{ord(bad.group()):04X}", "position": bad.start() + 1},
        )
    for position, char in enumerate(value, start=1):
        if 0xD800 <= ord(char) <= 0xDFFF:
            raise PydanticCustomError(
                "qpm_surrogate",
                "contains an unpaired UTF-16 surrogate (\\u{code}) at character {position}",
                {"code": f"{ord(char):04x}", "position": position},
            )
    return value


def _check_english(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("qpm_blank", "must not be blank (English text is required)")
    return _check_characters(value)


def _check_welsh(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError(
            "qpm_blank", 'must not be blank (leave out "cy" when there is no Welsh text)'
        )
    return _check_characters(value)


def _check_version(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("qpm_blank", 'must not be blank (expected e.g. "4.0")')
    if value != value.strip():
        raise PydanticCustomError("qpm_spaces", "must not start or end with spaces")
    if len(value) > _VERSION_MAX:
        raise PydanticCustomError(
            "qpm_too_long",
            "is too long: {length} characters (at most {limit})",
            {"length": len(value), "limit": _VERSION_MAX},
        )
    return _check_characters(value)


_English = Annotated[StrictStr, AfterValidator(_check_english)]
_Welsh = Annotated[StrictStr, AfterValidator(_check_welsh)]
_Code = Annotated[StrictStr, Field(pattern=_CODE_PATTERN)]
_Slug = Annotated[StrictStr, Field(pattern=_ID_PATTERN)]
_Version = Annotated[StrictStr, AfterValidator(_check_version)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- models


class LocalText(_Frozen):
    """Text in English, and optionally in Welsh."""

    en: _English
    cy: _Welsh | None = None

    def text(self, lang: str) -> str:
        """The Welsh text when ``lang`` is "cy" and there is some, otherwise the English."""
        if lang == "cy" and self.cy is not None:
            return self.cy
        return self.en


class Standard(_Frozen):
    """One standard: what is expected, and the evidence an assessor looks for."""

    code: _Code
    title: LocalText
    statement: LocalText
    guidance: LocalText | None = None
    evidence_expected: tuple[EvidenceKind, ...] = Field(min_length=1)
    not_applicable_allowed: StrictBool = False
    mandatory: StrictBool = True

    @field_validator("evidence_expected")
    @classmethod
    def _no_repeated_kinds(cls, kinds: tuple[EvidenceKind, ...]) -> tuple[EvidenceKind, ...]:
        first_at: dict[EvidenceKind, int] = {}
        issues: list[tuple[Loc, str]] = []
        for index, kind in enumerate(kinds):
            if kind in first_at:
                issues.append(
                    (
                        (index,),
                        f"'{kind.value}' is listed twice "
                        f"(already at evidence_expected[{first_at[kind]}])",
                    )
                )
            else:
                first_at[kind] = index
        if issues:
            raise _issues_error(issues)
        return kinds


class Section(_Frozen):
    """A group of standards, either a V4 standards section or an evidence section."""

    code: _Code
    title: LocalText
    kind: Literal["standards", "evidence"]
    standards: tuple[Standard, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _standards_belong_here(self) -> Section:
        prefix = f"{self.code}."
        issues: list[tuple[Loc, str]] = []
        for index, standard in enumerate(self.standards):
            if not standard.code.startswith(prefix) or standard.code == prefix:
                issues.append(
                    (
                        ("standards", index, "code"),
                        f"standard code '{standard.code}' is not under section '{self.code}' "
                        f"(expected a code starting with '{prefix}', such as '{prefix}1')",
                    )
                )
        if issues:
            raise _issues_error(issues)
        return self


class Framework(_Frozen):
    """A whole framework, as read from a framework file."""

    format: Literal[1]
    id: _Slug
    version: _Version
    title: LocalText
    placeholder: StrictBool
    description: LocalText | None = None
    sections: tuple[Section, ...] = Field(min_length=1)

    @field_validator("format", mode="before")
    @classmethod
    def _format_is_an_integer(cls, value: Any) -> Any:
        if type(value) is not int:  # 1.0 and true would otherwise pass as 1
            raise PydanticCustomError(
                "literal_error", "Input should be {expected}", {"expected": "1"}
            )
        return value

    @model_validator(mode="after")
    def _codes_are_unique(self) -> Framework:
        issues: list[tuple[Loc, str]] = []
        section_at: dict[str, int] = {}
        standard_at: dict[str, tuple[int, int]] = {}
        for s_index, section in enumerate(self.sections):
            if section.code in section_at:
                issues.append(
                    (
                        ("sections", s_index, "code"),
                        f"section code '{section.code}' is used twice "
                        f"(already at sections[{section_at[section.code]}])",
                    )
                )
            else:
                section_at[section.code] = s_index
            for t_index, standard in enumerate(section.standards):
                if standard.code in standard_at:
                    first_s, first_t = standard_at[standard.code]
                    issues.append(
                        (
                            ("sections", s_index, "standards", t_index, "code"),
                            f"standard code '{standard.code}' is used twice "
                            f"(already at sections[{first_s}].standards[{first_t}])",
                        )
                    )
                else:
                    standard_at[standard.code] = (s_index, t_index)
        if issues:
            raise _issues_error(issues)
        return self

    @property
    def key(self) -> str:
        """The identity an assessment is pinned to: ``id@version``."""
        return f"{self.id}@{self.version}"

    def iter_standards(self) -> Iterator[tuple[Section, Standard]]:
        """Every (section, standard) pair, in framework order."""
        for section in self.sections:
            for standard in section.standards:
                yield section, standard

    def section(self, code: str) -> Section:
        """The section with this code; ``KeyError`` if there is none."""
        for section in self.sections:
            if section.code == code:
                return section
        raise KeyError(code)

    def standard(self, code: str) -> Standard:
        """The standard with this code; ``KeyError`` if there is none."""
        for _section, standard in self.iter_standards():
            if standard.code == code:
                return standard
        raise KeyError(code)

    def section_of(self, code: str) -> Section:
        """The section holding the standard with this code; ``KeyError`` if there is none."""
        for section, standard in self.iter_standards():
            if standard.code == code:
                return section
        raise KeyError(code)

    def canonical_json(self) -> str:
        """The framework as compact JSON with sorted keys: what the database stores.

        Two frameworks are equal exactly when their canonical JSON is equal, and
        ``parse_framework(fw.canonical_json(), ...)`` gives back an equal framework.
        """
        return json.dumps(
            self.model_dump(mode="json", exclude_none=True),
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of ``canonical_json()`` in UTF-8 (not of the file's exact bytes)."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- loading


def load_framework(path: str | os.PathLike[str]) -> Framework:
    """Read and check a framework file; problems raise ``FrameworkError`` named by file name."""
    file = Path(path)
    source = file.name or str(file)
    try:
        with file.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise _too_large(source, size)
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise FrameworkError(source, "", f"the file does not exist (looked for {file})") from None
    except IsADirectoryError:
        raise FrameworkError(source, "", f"this is a folder, not a file ({file})") from None
    except PermissionError:
        raise FrameworkError(source, "", "the file cannot be read: permission denied") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise FrameworkError(source, "", f"the file cannot be read: {reason}") from None
    return parse_framework(raw, source)


def parse_framework(data: bytes | str, source: str) -> Framework:
    """Check the text of a framework file and build the ``Framework``.

    ``source`` names the file in error messages. A UTF-8 byte order mark is ignored.
    """
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        if len(raw) > MAX_FILE_BYTES:
            raise _too_large(source, len(raw))
        text = _decode(raw, source)
    elif isinstance(data, str):
        size = len(data.encode("utf-8", "surrogatepass"))
        if size > MAX_FILE_BYTES:
            raise _too_large(source, size)
        text = data
    else:
        raise TypeError(f"parse_framework() needs bytes or str, not {type(data).__name__}")
    text = text.removeprefix("\ufeff")

    if not text.strip():
        raise FrameworkError(
            source, "", "the file is empty (expected a JSON object describing a framework)"
        )
    document = _parse_json(text, source)
    if not isinstance(document, dict):
        raise FrameworkError(
            source,
            "",
            f"expected a JSON object {{ ... }} at the top level, got {_describe(document)}",
        )
    duplicates = list(_duplicate_keys(document, ()))
    if duplicates:
        raise FrameworkError.from_issues(
            source,
            (
                FrameworkIssue(
                    format_location(loc), f"key '{key}' appears twice (each key may appear once)"
                )
                for loc, key in duplicates
            ),
        )
    _check_format(document, source)
    try:
        return Framework.model_validate(document)
    except ValidationError as exc:
        raise FrameworkError.from_issues(source, _translate_all(exc, document)) from None


def _too_large(source: str, size: int) -> FrameworkError:
    return FrameworkError(
        source,
        "",
        f"the file is too large: {_size(size)} "
        f"(a framework file may be at most {_size(MAX_FILE_BYTES)})",
    )


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KB".replace(".0 KB", " KB")
    return f"{count / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def _decode(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise FrameworkError(
                source, "", "the file is UTF-16 text, not UTF-8 (save it with UTF-8 encoding)"
            ) from None
        before = raw[: exc.start].decode("utf-8").removeprefix("\ufeff")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise FrameworkError(
            source,
            f"line {line}, column {column}",
            f"the file is not UTF-8 text: byte 0x{raw[exc.start]:02X} at byte offset "
            f"{exc.start} is not valid UTF-8 (save the file with UTF-8 encoding)",
        ) from None


class _JsonObject(dict[str, Any]):
    """A JSON object that remembers keys that appeared more than once."""

    __slots__ = ("duplicates",)

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__()
        self.duplicates: list[str] = []
        for key, value in pairs:
            if key in self and key not in self.duplicates:
                self.duplicates.append(key)
            self[key] = value


_JSON_MESSAGES = (
    ("Expecting value", "expected a value (text in double quotes, a number, true, false, "
     "null, an object or a list); a comma before a closing bracket is not allowed"),
    ("Expecting ',' delimiter", "expected a comma between items, or a closing bracket"),
    ("Expecting ':' delimiter", "expected ':' after the key"),
    ("Expecting property name enclosed in double quotes",
     "expected a key in double quotes; a comma before '}' is not allowed"),
    ("Extra data", "unexpected text after the end of the JSON document"),
    ("Unterminated string", "text in double quotes is not closed"),
    ("Invalid control character", "a line break or other control character inside text in "
     "double quotes (write \\n for a line break)"),
    ("Invalid \\escape", "invalid escape after a backslash (write \\\\ for a backslash)"),
    ("Invalid \\uXXXX escape", "invalid \\u escape (expected four hexadecimal digits)"),
)  # fmt: skip


def _parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_JsonObject)
    except json.JSONDecodeError as exc:
        problem = next(
            (plain for start, plain in _JSON_MESSAGES if exc.msg.startswith(start)), exc.msg
        )
        raise FrameworkError(
            source, f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {problem}"
        ) from None
    except RecursionError:
        raise FrameworkError(source, "", "invalid JSON: nested too deeply") from None


def _duplicate_keys(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, _JsonObject):
        for key in value.duplicates:
            yield loc, key
        for key, item in value.items():
            yield from _duplicate_keys(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _duplicate_keys(item, (*loc, index))


def _check_format(document: dict[str, Any], source: str) -> None:
    """Check the format version first: a newer format may differ in every other field."""
    supported = ", ".join(str(number) for number in SUPPORTED_FORMATS)
    reads = f"this version of QPM Desktop reads format {supported}"
    if "format" not in document:
        raise FrameworkError(
            source, "", f"missing required field 'format' (the file format version; {reads})"
        )
    value = document["format"]
    if type(value) is not int:
        raise FrameworkError(
            source, "format", f"expected a whole number such as 1, got {_describe(value)}"
        )
    if value not in SUPPORTED_FORMATS:
        raise FrameworkError(source, "format", f"unsupported format {value} ({reads})")


# --------------------------------------------------------------------------- pydantic errors

_KINDS_OF = {
    "sections": "section",
    "standards": "standard",
    "evidence_expected": "kind of evidence",
}
_CHOICE_NOUNS = {
    "evidence_expected": "a kind of evidence",
    "kind": "a kind of section",
    "format": "a supported format",
}


def _translate_all(exc: ValidationError, document: dict[str, Any]) -> list[FrameworkIssue]:
    issues: list[FrameworkIssue] = []
    for error in exc.errors(include_url=False):
        if error["type"] == "too_short" and error.get("input"):
            continue  # pydantic counts items after validation: bad items are reported already
        for loc, problem in _translate(error):
            issues.append(FrameworkIssue(format_location(loc), problem + _where(loc, document)))
    # A misspelt key gives "missing 'title'" and "unknown 'titel'" at the same place; the
    # unknown key is the cause, so it goes first. Otherwise the order is pydantic's (file order).
    first_seen = {issue.location: index for index, issue in reversed(list(enumerate(issues)))}
    return sorted(
        issues,
        key=lambda issue: (
            first_seen[issue.location],
            not issue.problem.startswith("unknown field"),
        ),
    )


def _translate(error: Any) -> list[tuple[Loc, str]]:
    kind: str = error["type"]
    loc: Loc = tuple(error["loc"])
    value = error.get("input")
    ctx: dict[str, Any] = error.get("ctx") or {}
    field = next((part for part in reversed(loc) if isinstance(part, str)), "")
    got = _describe(value)

    if kind == _ISSUES_ERROR:
        return [((*loc, *inner), message) for inner, message in ctx["issues"]]
    if kind == "missing":
        return [(loc[:-1], f"missing required field '{loc[-1]}'")]
    if kind == "extra_forbidden":
        return [(loc[:-1], _unknown_field(loc))]
    if kind in _OWN_ERRORS:
        return [(loc, error["msg"])]
    if kind == "string_type":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return [(loc, f'expected text in double quotes, got {got} (write "{value}")')]
        return [(loc, f"expected text in double quotes, got {got}")]
    if kind == "bool_type":
        return [(loc, f"expected true or false, got {got}")]
    if kind in ("list_type", "tuple_type"):
        return [(loc, f"expected a list [ ... ], got {got}")]
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if _model_at(loc) is LocalText:
            return [(loc, f'expected an object with "en" text and optional "cy" text, got {got}')]
        return [(loc, f"expected an object {{ ... }}, got {got}")]
    if kind in ("enum", "literal_error"):
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", ""))) or [
            str(ctx.get("expected", ""))
        ]
        noun = _CHOICE_NOUNS.get(field, "an allowed value")
        listed = ", ".join(choices)
        if isinstance(value, str):
            return [(loc, f"'{value}' is not {noun} (expected one of {listed})")]
        return [(loc, f"expected {noun} (one of {listed}), got {got}")]
    if kind == "string_pattern_mismatch":
        if field == "id":
            return [
                (
                    loc,
                    f"'{value}' is not a valid framework id (expected 2 to 64 lowercase "
                    'letters, digits and hyphens, starting with a letter or digit, e.g. "qpm-v4")',
                )
            ]
        return [
            (
                loc,
                f"'{value}' is not a valid code (expected up to 16 letters, digits, dots and "
                'hyphens, starting with a letter or digit, e.g. "3.1")',
            )
        ]
    if kind == "too_short":
        thing = _KINDS_OF.get(field, "item")
        return [(loc, f"must not be empty (expected at least one {thing})")]
    if kind == "value_error":
        return [(loc, str(error["msg"]).removeprefix("Value error, "))]
    return [(loc, str(error["msg"]))]


def _unknown_field(loc: Loc) -> str:
    key = str(loc[-1])
    model = _model_at(loc[:-1])
    message = f"unknown field '{key}'"
    if model is None:
        return message
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"{message} (did you mean '{close[0]}'?)"
    return f"{message} (allowed here: {', '.join(allowed)})"


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class that describes the value at ``loc``, if it is an object."""
    model: type[BaseModel] | None = Framework
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        model = _model_in(model.model_fields[part].annotation)
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _where(loc: Loc, document: dict[str, Any]) -> str:
    """A hint naming the section or standard a problem is in, e.g. " (in standard 3.1)"."""
    if not loc or loc[-1] == "code":
        return ""
    hint = ""
    node: Any = document
    for index, part in enumerate(loc):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and index > 0 and loc[index - 1] in ("sections", "standards"):
            code = node.get("code") if isinstance(node, dict) else None
            if isinstance(code, str) and code.strip():
                noun = "section" if loc[index - 1] == "sections" else "standard"
                hint = f" (in {noun} {_shorten(code)})"
    return hint


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(value: Any) -> str:
    """A short description of a JSON value for messages: "yes", 12, true, a list, ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return json.dumps(_shorten(value), ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "an empty list" if not value else "a list"
    if isinstance(value, dict):
        return "an empty object" if not value else "an object"
    return type(value).__name__
