"""Tests for the framework file format, its error messages and the shipped placeholder."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from qpm_desktop.model import framework as framework_module
from qpm_desktop.model.enums import EvidenceKind
from qpm_desktop.model.framework import (
    Framework,
    FrameworkError,
    LocalText,
    load_framework,
    parse_framework,
)

SHIPPED = Path(__file__).resolve().parents[2] / "resources/frameworks/qpm-v4-placeholder.json"

EXPECTED_SECTIONS = [
    ("1", "Clarity of purpose", "standards"),
    ("2", "Independence", "standards"),
    ("3", "Confidentiality", "standards"),
    ("4", "Person led and empowerment", "standards"),
    ("5", "Equality, diversity and accessibility", "standards"),
    ("6", "Accountability", "standards"),
    ("7", "Safeguarding", "standards"),
    ("8", "Supporting advocates", "standards"),
    ("P", "Policies and procedures", "evidence"),
    ("C", "Case files and reports", "evidence"),
]


def _standard(code: str, **changes: Any) -> dict[str, Any]:
    standard = {
        "code": code,
        "title": {"en": f"Standard {code}", "cy": f"Safon {code}"},
        "statement": {"en": "Something is done well."},
        "evidence_expected": ["interview", "document"],
    }
    standard.update(changes)
    return standard


def _valid() -> dict[str, Any]:
    return {
        "format": 1,
        "id": "test-framework",
        "version": "1.0",
        "title": {"en": "Test framework"},
        "placeholder": False,
        "sections": [
            {
                "code": "1",
                "title": {"en": "First"},
                "kind": "standards",
                "standards": [_standard("1.1"), _standard("1.2")],
            },
            {
                "code": "P",
                "title": {"en": "Policies"},
                "kind": "evidence",
                "standards": [_standard("P.1")],
            },
        ],
    }


def _write(tmp_path: Path, content: str | bytes | dict[str, Any], name: str = "fw.json") -> Path:
    path = tmp_path / name
    if isinstance(content, dict):
        content = json.dumps(content, indent=2, ensure_ascii=False)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def _error(tmp_path: Path, content: str | bytes | dict[str, Any]) -> FrameworkError:
    path = _write(tmp_path, content, "broken-framework.json")
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    error = caught.value
    assert error.source == "broken-framework.json"
    assert str(error).startswith("broken-framework.json: ")
    return error


# --------------------------------------------------------------------------- shipped file


@pytest.fixture(scope="module")
def shipped() -> Framework:
    return load_framework(SHIPPED)


def test_shipped_file_loads_as_placeholder(shipped: Framework) -> None:
    """The placeholder framework shipped with the app loads and says it is a placeholder."""
    assert shipped.placeholder is True
    assert shipped.id == "qpm-v4-placeholder"
    assert shipped.version == "4.0-placeholder.1"
    assert shipped.key == "qpm-v4-placeholder@4.0-placeholder.1"
    assert "placeholder" in shipped.title.en.lower()
    assert "not the official" in shipped.title.en.lower()
    assert shipped.description is not None


def test_shipped_file_has_the_ten_v4_sections_in_order(shipped: Framework) -> None:
    """The shipped framework has the eight standards sections then the two evidence sections."""
    actual = [(s.code, s.title.en, s.kind) for s in shipped.sections]
    assert actual == EXPECTED_SECTIONS


def test_shipped_sections_hold_three_to_five_standards(shipped: Framework) -> None:
    """Every shipped section holds 3 to 5 standards numbered under the section code."""
    for section in shipped.sections:
        assert 3 <= len(section.standards) <= 5, section.code
        for standard in section.standards:
            assert standard.code.startswith(section.code + ".")
    total = sum(len(section.standards) for section in shipped.sections)
    assert 35 <= total <= 45


def test_shipped_file_has_welsh_titles_everywhere(shipped: Framework) -> None:
    """Every title and statement in the shipped framework has Welsh text as well as English."""
    assert shipped.title.cy
    for section in shipped.sections:
        assert section.title.cy, section.code
        for standard in section.standards:
            assert standard.title.cy, standard.code
            assert standard.statement.cy, standard.code


def test_shipped_file_uses_flags_sparingly(shipped: Framework) -> None:
    """Most shipped standards are mandatory and only a few allow "not applicable"."""
    standards = [standard for _section, standard in shipped.iter_standards()]
    allowing_na = [s.code for s in standards if s.not_applicable_allowed]
    assert 1 <= len(allowing_na) <= 6
    assert "5.4" in allowing_na  # services in Welsh
    assert sum(s.mandatory for s in standards) >= len(standards) - 3


def test_shipped_file_is_pretty_printed_utf8(shipped: Framework) -> None:
    """The shipped file is 2-space indented UTF-8 JSON with Welsh letters not escaped."""
    text = SHIPPED.read_bytes().decode("utf-8")
    assert "\\u" not in text
    assert '\n  "format": 1,' in text
    assert any(letter in text for letter in "âôŵŷ")


# --------------------------------------------------------------------------- the model


def test_lookups_find_standards_and_sections(shipped: Framework) -> None:
    """standard(), section() and section_of() find by code and raise KeyError when unknown."""
    assert shipped.standard("3.2").code == "3.2"
    assert shipped.section_of("3.2").code == "3"
    assert shipped.section("P").kind == "evidence"
    pairs = list(shipped.iter_standards())
    assert pairs[0][0].code == "1" and pairs[0][1].code == "1.1"
    assert pairs[-1][0].code == "C"
    with pytest.raises(KeyError):
        shipped.standard("9.9")
    with pytest.raises(KeyError):
        shipped.section_of("9.9")
    with pytest.raises(KeyError):
        shipped.section("9")


def test_local_text_prefers_welsh_only_when_asked_and_present() -> None:
    """LocalText.text() gives Welsh for "cy" when there is some, otherwise English."""
    both = LocalText(en="Independence", cy="Annibyniaeth")
    only_english = LocalText(en="Independence")
    assert both.text("cy") == "Annibyniaeth"
    assert both.text("en") == "Independence"
    assert only_english.text("cy") == "Independence"


def test_models_are_frozen(shipped: Framework) -> None:
    """A loaded framework cannot be changed in place."""
    with pytest.raises(ValidationError):
        shipped.version = "5"  # type: ignore[misc]
    assert isinstance(shipped.sections, tuple)
    assert isinstance(shipped.standard("1.1").evidence_expected[0], EvidenceKind)


def test_round_trip_through_model_dump_gives_equal_framework(shipped: Framework) -> None:
    """Dumping a framework to JSON and parsing it again gives an equal framework."""
    dumped = json.dumps(shipped.model_dump(mode="json", by_alias=True), ensure_ascii=False)
    again = parse_framework(dumped, "dumped.json")
    assert again == shipped
    assert again.sha256 == shipped.sha256


def test_canonical_json_and_hash_ignore_formatting(tmp_path: Path, shipped: Framework) -> None:
    """The same content laid out differently has the same canonical JSON and hash."""
    reformatted = json.dumps(json.loads(SHIPPED.read_text("utf-8")), indent=None)
    other = load_framework(_write(tmp_path, reformatted))
    assert other.canonical_json() == shipped.canonical_json()
    assert other.sha256 == shipped.sha256
    assert len(shipped.sha256) == 64
    assert parse_framework(shipped.canonical_json(), "db") == shipped


def test_changed_content_changes_hash(tmp_path: Path) -> None:
    """Changing any content changes the framework hash."""
    first = parse_framework(json.dumps(_valid()), "a.json")
    changed = _valid()
    changed["sections"][0]["standards"][0]["mandatory"] = False
    second = parse_framework(json.dumps(changed), "b.json")
    assert first.sha256 != second.sha256


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """A UTF-8 file saved with a byte order mark (as some Windows editors do) loads."""
    raw = b"\xef\xbb\xbf" + json.dumps(_valid()).encode("utf-8")
    assert load_framework(_write(tmp_path, raw)).id == "test-framework"


# --------------------------------------------------------------------------- broken files


def test_invalid_json_reports_line_and_column(tmp_path: Path) -> None:
    """A JSON syntax error is reported with its line and column."""
    error = _error(tmp_path, '{\n  "format": 1,\n  "id": "x",\n}\n')
    assert error.location == "line 4, column 1"
    assert error.problem.startswith("invalid JSON: expected a key in double quotes")
    assert str(error) == f"broken-framework.json: line 4, column 1: {error.problem}"


def test_missing_comma_reports_line_and_column(tmp_path: Path) -> None:
    """A missing comma between items is reported where the next item starts."""
    error = _error(tmp_path, '{\n  "format": 1\n  "id": "x"\n}')
    assert error.location == "line 3, column 3"
    assert "expected a comma" in error.problem


def test_not_utf8_reports_byte_offset(tmp_path: Path) -> None:
    """A file that is not UTF-8 names the byte offset and position of the first bad byte."""
    error = _error(tmp_path, b'{\n  "id": "caf\xe9"\n}')
    assert error.location == "line 2, column 13"
    assert "not UTF-8" in error.problem
    assert "byte 0xE9 at byte offset 14" in error.problem


def test_utf16_file_is_named_as_such(tmp_path: Path) -> None:
    """A UTF-16 file is reported as UTF-16 rather than as a bad byte."""
    error = _error(tmp_path, json.dumps(_valid()).encode("utf-16"))
    assert error.location == ""
    assert "UTF-16" in error.problem


def test_empty_file(tmp_path: Path) -> None:
    """An empty (or blank) file is reported as empty, for the whole file."""
    error = _error(tmp_path, "  \n")
    assert error.location == ""
    assert error.problem.startswith("the file is empty")
    assert str(error).startswith("broken-framework.json: the file is empty")


def test_top_level_array(tmp_path: Path) -> None:
    """A file whose top level is a list rather than an object is refused."""
    error = _error(tmp_path, "[1, 2]")
    assert error.location == ""
    assert error.problem == "expected a JSON object { ... } at the top level, got a list"


def test_unsupported_format_version(tmp_path: Path) -> None:
    """A newer file format is refused, saying which formats are supported."""
    data = _valid()
    data["format"] = 2
    data["brand_new_field"] = True
    error = _error(tmp_path, data)
    assert error.location == "format"
    assert error.problem == "unsupported format 2 (this version of QPM Desktop reads format 1)"
    assert len(error.issues) == 1  # nothing else is judged against the wrong format


def test_missing_format(tmp_path: Path) -> None:
    """A file without a format version says the field is missing and what it is for."""
    data = _valid()
    del data["format"]
    error = _error(tmp_path, data)
    assert error.location == ""
    assert error.problem.startswith("missing required field 'format'")


def test_format_must_be_a_whole_number(tmp_path: Path) -> None:
    """A format written as text is refused rather than converted."""
    data = _valid()
    data["format"] = "1"
    error = _error(tmp_path, data)
    assert error.location == "format"
    assert error.problem == 'expected a whole number such as 1, got "1"'


def test_missing_required_field(tmp_path: Path) -> None:
    """A missing required field is named, at the object that lacks it."""
    data = _valid()
    del data["placeholder"]
    error = _error(tmp_path, data)
    assert error.location == ""
    assert error.problem == "missing required field 'placeholder'"


def test_missing_field_in_standard_names_the_standard(tmp_path: Path) -> None:
    """A field missing from a standard is located at that standard and names its code."""
    data = _valid()
    del data["sections"][0]["standards"][1]["statement"]
    error = _error(tmp_path, data)
    assert error.location == "sections[0].standards[1]"
    assert error.problem == "missing required field 'statement' (in standard 1.2)"


def test_unknown_field(tmp_path: Path) -> None:
    """A misspelt key is reported as unknown, with a suggestion."""
    data = _valid()
    data["sections"][1]["titel"] = data["sections"][1].pop("title")
    error = _error(tmp_path, data)
    assert error.location == "sections[1]"
    assert error.problem.startswith("unknown field 'titel' (did you mean 'title'?)")
    assert any(issue.problem.startswith("missing required field 'title'") for issue in error.issues)


def test_wrong_type(tmp_path: Path) -> None:
    """A value of the wrong type is reported with what was expected and what was found."""
    data = _valid()
    data["placeholder"] = "yes"
    error = _error(tmp_path, data)
    assert error.location == "placeholder"
    assert error.problem == 'expected true or false, got "yes"'


def test_number_where_text_expected(tmp_path: Path) -> None:
    """A section code written as a number is refused with a hint to quote it."""
    data = _valid()
    data["sections"][0]["code"] = 1
    error = _error(tmp_path, data)
    assert error.location == "sections[0].code"
    assert error.problem == 'expected text in double quotes, got 1 (write "1")'


def test_plain_string_where_local_text_expected(tmp_path: Path) -> None:
    """A title given as plain text rather than an en/cy object says what shape is needed."""
    data = _valid()
    data["title"] = "Test framework"
    error = _error(tmp_path, data)
    assert error.location == "title"
    assert error.problem == (
        'expected an object with "en" text and optional "cy" text, got "Test framework"'
    )


def test_unknown_evidence_kind(tmp_path: Path) -> None:
    """An unknown kind of evidence is reported at its exact index, listing the kinds."""
    data = _valid()
    data["sections"][1]["standards"][0]["evidence_expected"] = ["document", "interviw"]
    error = _error(tmp_path, data)
    assert error.location == "sections[1].standards[0].evidence_expected[1]"
    assert error.problem == (
        "'interviw' is not a kind of evidence "
        "(expected one of interview, observation, case_file, document) (in standard P.1)"
    )
    assert len(error.issues) == 1


def test_unknown_section_kind(tmp_path: Path) -> None:
    """An unknown section kind lists the two kinds allowed."""
    data = _valid()
    data["sections"][0]["kind"] = "standard"
    error = _error(tmp_path, data)
    assert error.location == "sections[0].kind"
    assert error.problem.startswith(
        "'standard' is not a kind of section (expected one of standards, evidence)"
    )


def test_empty_sections_list(tmp_path: Path) -> None:
    """A framework with no sections is refused."""
    data = _valid()
    data["sections"] = []
    error = _error(tmp_path, data)
    assert error.location == "sections"
    assert error.problem == "must not be empty (expected at least one section)"


def test_empty_standards_list(tmp_path: Path) -> None:
    """A section with no standards is refused."""
    data = _valid()
    data["sections"][1]["standards"] = []
    error = _error(tmp_path, data)
    assert error.location == "sections[1].standards"
    assert error.problem == "must not be empty (expected at least one standard) (in section P)"
    assert len(error.issues) == 1


def test_empty_evidence_list(tmp_path: Path) -> None:
    """A standard expecting no evidence at all is refused."""
    data = _valid()
    data["sections"][0]["standards"][0]["evidence_expected"] = []
    error = _error(tmp_path, data)
    assert error.location == "sections[0].standards[0].evidence_expected"
    assert error.problem.startswith("must not be empty (expected at least one kind of evidence)")


def test_duplicate_standard_code(tmp_path: Path) -> None:
    """A standard code used twice is reported at the second use, pointing at the first."""
    data = _valid()
    data["sections"][0]["standards"].append(_standard("1.1"))
    error = _error(tmp_path, data)
    assert error.location == "sections[0].standards[2].code"
    assert error.problem == (
        "standard code '1.1' is used twice (already at sections[0].standards[0])"
    )


def test_duplicate_section_code(tmp_path: Path) -> None:
    """A section code used twice is reported at the second use."""
    data = _valid()
    extra = copy.deepcopy(data["sections"][0])
    extra["standards"] = [_standard("1.9")]
    data["sections"].append(extra)
    error = _error(tmp_path, data)
    assert error.location == "sections[2].code"
    assert error.problem == "section code '1' is used twice (already at sections[0])"


def test_standard_code_not_under_its_section(tmp_path: Path) -> None:
    """A standard whose code does not start with its section's code is refused."""
    data = _valid()
    data["sections"][1]["standards"].append(_standard("C.2"))
    error = _error(tmp_path, data)
    assert error.location == "sections[1].standards[1].code"
    assert error.problem == (
        "standard code 'C.2' is not under section 'P' "
        "(expected a code starting with 'P.', such as 'P.1')"
    )


def test_blank_english_title(tmp_path: Path) -> None:
    """An English title that is only spaces is refused at its exact place."""
    data = _valid()
    data["sections"][0]["standards"][1]["title"]["en"] = "   "
    error = _error(tmp_path, data)
    assert error.location == "sections[0].standards[1].title.en"
    assert error.problem == "must not be blank (English text is required) (in standard 1.2)"


def test_blank_welsh_text(tmp_path: Path) -> None:
    """Welsh text, when present, must not be blank either."""
    data = _valid()
    data["title"]["cy"] = ""
    error = _error(tmp_path, data)
    assert error.location == "title.cy"
    assert error.problem.startswith("must not be blank")


def test_bad_id_slug(tmp_path: Path) -> None:
    """An id that is not a lowercase slug is refused, saying what an id looks like."""
    data = _valid()
    data["id"] = "QPM V4"
    error = _error(tmp_path, data)
    assert error.location == "id"
    assert error.problem.startswith("'QPM V4' is not a valid framework id (expected 2 to 64")


def test_bad_standard_code(tmp_path: Path) -> None:
    """A standard code with spaces is refused as an invalid code."""
    data = _valid()
    data["sections"][0]["standards"][0]["code"] = "1 1"
    error = _error(tmp_path, data)
    assert error.location == "sections[0].standards[0].code"
    assert error.problem.startswith("'1 1' is not a valid code")


def test_version_too_long(tmp_path: Path) -> None:
    """A version over 32 characters is refused with its length."""
    data = _valid()
    data["version"] = "1." + "0" * 40
    error = _error(tmp_path, data)
    assert error.location == "version"
    assert error.problem == "is too long: 42 characters (at most 32)"


def test_duplicate_evidence_kinds(tmp_path: Path) -> None:
    """A kind of evidence listed twice is reported at the repeat."""
    data = _valid()
    data["sections"][0]["standards"][0]["evidence_expected"] = [
        "interview",
        "document",
        "interview",
    ]
    error = _error(tmp_path, data)
    assert error.location == "sections[0].standards[0].evidence_expected[2]"
    assert error.problem == (
        "'interview' is listed twice (already at evidence_expected[0]) (in standard 1.1)"
    )


def test_duplicate_json_key(tmp_path: Path) -> None:
    """A key written twice in one object is refused instead of silently keeping the last."""
    text = json.dumps(_valid()).replace('"placeholder": false', '"placeholder": false, "id": "b"')
    error = _error(tmp_path, text)
    assert error.location == ""
    assert error.problem == "key 'id' appears twice (each key may appear once)"


def test_control_character_in_text(tmp_path: Path) -> None:
    """A control character hidden in text is refused with its position."""
    data = _valid()
    data["sections"][0]["title"]["en"] = "Fi\u0007rst"
    error = _error(tmp_path, data)
    assert error.location == "sections[0].title.en"
    assert error.problem.startswith("contains a control character (U+0007) at character 3")


def test_missing_file(tmp_path: Path) -> None:
    """A file that does not exist is reported by name."""
    path = tmp_path / "no-such-framework.json"
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    assert caught.value.source == "no-such-framework.json"
    assert caught.value.location == ""
    assert caught.value.problem.startswith("the file does not exist")
    assert str(path) in caught.value.problem


def test_folder_instead_of_file(tmp_path: Path) -> None:
    """A folder given as the framework file is refused by name."""
    folder = tmp_path / "frameworks"
    folder.mkdir()
    with pytest.raises(FrameworkError) as caught:
        load_framework(folder)
    assert caught.value.source == "frameworks"
    assert caught.value.location == ""
    assert "folder" in caught.value.problem or "cannot be read" in caught.value.problem


def test_file_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file over the size limit is refused before it is parsed."""
    monkeypatch.setattr(framework_module, "MAX_FILE_BYTES", 100)
    error = _error(tmp_path, "{" + " " * 200 + "}")
    assert error.location == ""
    assert error.problem == (
        "the file is too large: 202 bytes (a framework file may be at most 100 bytes)"
    )
    with pytest.raises(FrameworkError, match="too large"):
        parse_framework(b"{" + b" " * 200 + b"}", "bytes.json")


def test_every_problem_is_listed_with_source_and_location(tmp_path: Path) -> None:
    """Several problems are all reported, one line each, the first being the headline."""
    data = _valid()
    data["id"] = "Bad Id"
    data["placeholder"] = "yes"
    data["sections"][0]["standards"][0]["evidence_expected"] = ["interviw"]
    error = _error(tmp_path, data)
    lines = str(error).splitlines()
    assert lines == [
        f"broken-framework.json: {issue.location}: {issue.problem}" for issue in error.issues
    ]
    assert [issue.location for issue in error.issues] == [
        "id",
        "placeholder",
        "sections[0].standards[0].evidence_expected[0]",
    ]
    assert (error.location, error.problem) == error.issues[0]


def test_parse_framework_names_the_given_source() -> None:
    """parse_framework() uses the source label it is given in its errors."""
    with pytest.raises(FrameworkError) as caught:
        parse_framework("", "from the database")
    assert str(caught.value) == (
        "from the database: the file is empty (expected a JSON object describing a framework)"
    )
