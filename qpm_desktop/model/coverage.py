"""How well each standard's judgement is covered by evidence. Pure: no I/O.

A finding rests on evidence of four kinds (interviews, observations, case file reviews,
documents; see the published description of the QPM, "Findings and outcome"). This module
counts, per standard, the distinct sources linked to it and flags thin coverage: no evidence,
one kind of evidence only, or an expected kind with no source.

Decisions made here (the published description leaves them open):

* A source is identified by ``(kind, source_id)``: ids of different kinds may collide (an
  interview and a document may both be "7") without being the same source.
* ``interview_role`` is only meaningful for interviews: giving one for another kind is a
  ``ValueError``. If one interview is linked with different roles, every role is kept.
* Links to standard codes that are not among the standards are ignored by :func:`coverage` and
  :func:`coverage_matrix`; :func:`unknown_links` returns them (its ``len`` is the count). Each
  function consumes ``links`` once, so pass a sequence when calling more than one.
* Standard codes must be unique (``ValueError`` otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from qpm_desktop.model.enums import EvidenceKind, InterviewRole

__all__ = [
    "MATRIX_COLUMNS",
    "CoverageMatrix",
    "EvidenceLink",
    "MatrixColumn",
    "MatrixRow",
    "SourceRef",
    "StandardCoverage",
    "StandardExpectation",
    "coverage",
    "coverage_matrix",
    "unknown_links",
]


@dataclass(frozen=True, slots=True)
class EvidenceLink:
    """One source of evidence linked to one standard."""

    standard_code: str
    kind: EvidenceKind
    source_id: str
    interview_role: InterviewRole | None = None

    def __post_init__(self) -> None:
        if self.interview_role is not None and self.kind != EvidenceKind.INTERVIEW:
            raise ValueError(
                f"source {self.source_id!r}: an interview role is only allowed on an interview"
            )


@dataclass(frozen=True, slots=True)
class StandardExpectation:
    """A standard of the framework and the kinds of evidence it is expected to rest on."""

    code: str
    evidence_expected: tuple[EvidenceKind, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A distinct source of evidence: its kind and its id."""

    kind: EvidenceKind
    source_id: str


@dataclass(frozen=True, slots=True)
class StandardCoverage:
    """The evidence behind one standard."""

    code: str
    sources: tuple[SourceRef, ...]
    """Distinct sources, in the order they were first linked."""
    by_kind: Mapping[EvidenceKind, int] = field(hash=False)
    """Distinct sources per kind; every kind present, 0 if none. Read-only."""
    kinds: int
    """Number of kinds with at least one source."""
    interview_roles: frozenset[InterviewRole]
    """Roles of the people interviewed (interviews linked without a role add none)."""
    missing_expected: tuple[EvidenceKind, ...]
    """Expected kinds with no source, in the framework's order."""

    @property
    def no_evidence(self) -> bool:
        """True when no source at all is linked to the standard."""
        return not self.sources

    @property
    def single_source_kind(self) -> bool:
        """True when the judgement rests on one kind of evidence only."""
        return self.kinds == 1


@dataclass(frozen=True, slots=True)
class MatrixColumn:
    """A column of the coverage matrix: an interview role, or a non-interview kind.

    ``MatrixColumn(EvidenceKind.INTERVIEW, None)`` holds interviews linked without a role.
    """

    kind: EvidenceKind
    role: InterviewRole | None = None


# Columns of the coverage matrix: one per interview role, interviews without a role, then the
# other kinds of evidence.
MATRIX_COLUMNS: tuple[MatrixColumn, ...] = (
    *(MatrixColumn(EvidenceKind.INTERVIEW, role) for role in InterviewRole),
    MatrixColumn(EvidenceKind.INTERVIEW, None),
    *(MatrixColumn(kind) for kind in EvidenceKind if kind != EvidenceKind.INTERVIEW),
)


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One standard's row: distinct sources per column, aligned with ``MATRIX_COLUMNS``."""

    code: str
    counts: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CoverageMatrix:
    """Standards x evidence columns, with distinct source counts in each cell."""

    columns: tuple[MatrixColumn, ...]
    rows: tuple[MatrixRow, ...]


def _index_standards(standards: Iterable[StandardExpectation]) -> tuple[StandardExpectation, ...]:
    items = tuple(standards)
    seen: set[str] = set()
    for standard in items:
        if standard.code in seen:
            raise ValueError(f"standard code {standard.code!r} appears more than once")
        seen.add(standard.code)
    return items


def _links_by_standard(
    codes: Iterable[str], links: Iterable[EvidenceLink]
) -> dict[str, list[EvidenceLink]]:
    grouped: dict[str, list[EvidenceLink]] = {code: [] for code in codes}
    for link in links:
        bucket = grouped.get(link.standard_code)
        if bucket is not None:
            bucket.append(link)
    return grouped


def _standard_coverage(
    standard: StandardExpectation, links: Iterable[EvidenceLink]
) -> StandardCoverage:
    sources: dict[SourceRef, None] = {}  # an ordered set
    roles: set[InterviewRole] = set()
    for link in links:
        sources[SourceRef(link.kind, link.source_id)] = None
        if link.interview_role is not None:
            roles.add(link.interview_role)

    by_kind = dict.fromkeys(EvidenceKind, 0)
    for source in sources:
        by_kind[source.kind] += 1

    return StandardCoverage(
        code=standard.code,
        sources=tuple(sources),
        by_kind=MappingProxyType(by_kind),
        kinds=sum(1 for count in by_kind.values() if count),
        interview_roles=frozenset(roles),
        missing_expected=tuple(
            kind for kind in dict.fromkeys(standard.evidence_expected) if not by_kind[kind]
        ),
    )


def coverage(
    standards: Iterable[StandardExpectation], links: Iterable[EvidenceLink]
) -> tuple[StandardCoverage, ...]:
    """The coverage of every standard, in the order of ``standards``.

    Links to unknown standard codes are ignored (see :func:`unknown_links`). Raises
    ``ValueError`` if a standard code appears more than once.
    """
    items = _index_standards(standards)
    grouped = _links_by_standard((s.code for s in items), links)
    return tuple(_standard_coverage(s, grouped[s.code]) for s in items)


def unknown_links(
    standards: Iterable[StandardExpectation], links: Iterable[EvidenceLink]
) -> tuple[EvidenceLink, ...]:
    """The links whose standard code is not among ``standards``, in input order."""
    codes = {s.code for s in standards}
    return tuple(link for link in links if link.standard_code not in codes)


def coverage_matrix(
    standards: Iterable[StandardExpectation], links: Iterable[EvidenceLink]
) -> CoverageMatrix:
    """Distinct sources per standard (rows, in order) and ``MATRIX_COLUMNS`` (columns).

    A source counts once per cell; an interview linked with two roles counts in both role
    columns. Links to unknown standard codes are ignored.
    """
    items = _index_standards(standards)
    grouped = _links_by_standard((s.code for s in items), links)
    position = {column: i for i, column in enumerate(MATRIX_COLUMNS)}
    rows = []
    for standard in items:
        cells: list[set[str]] = [set() for _ in MATRIX_COLUMNS]
        for link in grouped[standard.code]:
            cells[position[MatrixColumn(link.kind, link.interview_role)]].add(link.source_id)
        rows.append(MatrixRow(standard.code, tuple(len(cell) for cell in cells)))
    return CoverageMatrix(columns=MATRIX_COLUMNS, rows=tuple(rows))
