"""The frozen snapshot of an assessment: everything the report shows, and nothing else.

Rendering reads only this, never the database, so a report can be rendered (and tested) alone
and the same snapshot always gives the same report. Values are plain: enum values as their
stable identifiers, dates as ISO strings. Interviewees appear by code and role only; interview
notes are left out (they may name people).

``canonical_json()`` is compact JSON with sorted keys; its SHA-256 identifies the snapshot, so
two renders of an unchanged assessment are recognised as the same report.

Framework texts (section and standard titles, statements, the framework's title) are kept in
English in ``title``/``statement``; Welsh and bilingual snapshots also carry the framework's
Welsh in ``title_cy``/``statement_cy`` (None where the framework has no Welsh, and the report
then prints the English, marked). Those ``*_cy`` fields are left out of the canonical JSON when
None, so an English snapshot hashes exactly as before they existed.

``taken_at`` is when the snapshot was frozen (ISO 8601, UTC); the PDF's creation and
modification dates are set to it. It is not part of the snapshot's identity (left out of the
canonical JSON), so an unchanged assessment is still recognised as the same report, and one
snapshot, its time included, always renders to the same bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from typing import Any

SNAPSHOT_FORMAT = 1


@dataclass(frozen=True, slots=True)
class EvidenceEntry:
    """One piece of evidence behind a judgement."""

    kind: str  # EvidenceKind value
    label: str  # interviewee or case code, observation or document title
    detail: str  # role, observation kind, sample kind or document kind (identifier)


@dataclass(frozen=True, slots=True)
class StandardEntry:
    code: str
    title: str
    statement: str
    mandatory: bool
    rating: str  # Rating value
    rationale: str
    good_practice: str
    areas_for_improvement: str
    evidence: tuple[EvidenceEntry, ...]
    title_cy: str | None = None
    statement_cy: str | None = None


@dataclass(frozen=True, slots=True)
class SectionEntry:
    code: str
    title: str
    kind: str  # "standards" | "evidence"
    standards: tuple[StandardEntry, ...]
    title_cy: str | None = None


@dataclass(frozen=True, slots=True)
class OutcomeEntry:
    recommendation: str  # Recommendation value
    unmet: tuple[str, ...]
    undecided: tuple[str, ...]
    counts: tuple[tuple[str, int], ...]  # (Rating value, count), in Rating order


@dataclass(frozen=True, slots=True)
class ActionEntry:
    standard_code: str
    description: str
    owner: str
    due_on: str | None
    status: str
    from_earlier_assessment: bool


@dataclass(frozen=True, slots=True)
class SamplingGroupEntry:
    group: str
    advocates: int
    target: int
    achieved: int
    met: bool


@dataclass(frozen=True, slots=True)
class SamplingEntry:
    by_manager: tuple[SamplingGroupEntry, ...]
    by_area: tuple[SamplingGroupEntry, ...]
    case_files_target: int
    case_files_achieved: int
    reports_target: int
    reports_achieved: int
    interviewed: int
    unassigned: int


@dataclass(frozen=True, slots=True)
class InterviewEntry:
    """An interview, by code and role: never a name, never the notes."""

    code: str
    role: str
    mode: str
    language: str
    welsh_offered: bool | None
    held_on: str | None
    standards: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ObservationEntry:
    kind: str
    title: str
    notes: str
    observed_on: str | None
    standards: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CaseCheckEntry:
    standard_code: str
    result: str
    note: str


@dataclass(frozen=True, slots=True)
class CaseFileEntry:
    code: str
    sample_kind: str
    advocacy_type: str | None
    on_site: bool
    checks: tuple[CaseCheckEntry, ...]


@dataclass(frozen=True, slots=True)
class FileEntry:
    file_name: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    kind: str
    title: str
    description: str
    standards: tuple[str, ...]
    files: tuple[FileEntry, ...]


@dataclass(frozen=True, slots=True)
class VisitEntry:
    visit_date: str
    location: str


@dataclass(frozen=True, slots=True)
class ReportSnapshot:
    """Everything one report shows, in the language it is rendered in."""

    language: str
    assessment_id: str
    reference: str
    organisation: str
    nations: tuple[str, ...]
    services: tuple[str, ...]
    band: int
    lead_assessor: str
    co_assessors: tuple[str, ...]
    visit_start: str | None
    visit_end: str | None
    visits: tuple[VisitEntry, ...]
    framework_key: str
    framework_title: str
    framework_version: str
    framework_placeholder: bool
    framework_sha256: str
    sections: tuple[SectionEntry, ...]
    outcome: OutcomeEntry
    required_actions: tuple[ActionEntry, ...]
    sampling: SamplingEntry
    interviews: tuple[InterviewEntry, ...]
    observations: tuple[ObservationEntry, ...]
    case_files: tuple[CaseFileEntry, ...]
    documents: tuple[DocumentEntry, ...]
    format: int = SNAPSHOT_FORMAT
    framework_title_cy: str | None = None
    taken_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    def canonical_json(self) -> str:
        """Compact JSON, keys sorted, non-ASCII kept: equal snapshots give equal text (the
        time it was taken is not part of it)."""
        content = self.to_dict()
        content.pop("taken_at", None)
        return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of :meth:`canonical_json` in UTF-8."""
        return hashlib.sha256(self.canonical_json().encode("utf-8", "surrogatepass")).hexdigest()

    def standards(self) -> list[StandardEntry]:
        return [st for section in self.sections for st in section.standards]


#: Fields left out of the canonical JSON when None (added with the Welsh report).
_OMITTED_WHEN_NONE = frozenset({"title_cy", "statement_cy", "framework_title_cy"})


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not (f.name in _OMITTED_WHEN_NONE and getattr(value, f.name) is None)
        }
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value
