from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qpm_desktop.model.coverage import (
    MATRIX_COLUMNS,
    EvidenceLink,
    MatrixColumn,
    SourceRef,
    StandardExpectation,
    coverage,
    coverage_matrix,
    unknown_links,
)
from qpm_desktop.model.enums import EvidenceKind, InterviewRole

INTERVIEW = EvidenceKind.INTERVIEW
OBSERVATION = EvidenceKind.OBSERVATION
CASE_FILE = EvidenceKind.CASE_FILE
DOCUMENT = EvidenceKind.DOCUMENT

STANDARDS = (
    StandardExpectation("1.1", (INTERVIEW, DOCUMENT)),
    StandardExpectation("2.1", (CASE_FILE,)),
    StandardExpectation("3.1"),
)


def test_same_source_linked_twice_counts_once() -> None:
    """A source linked twice to one standard is one source."""
    links = [
        EvidenceLink("1.1", DOCUMENT, "d1"),
        EvidenceLink("1.1", DOCUMENT, "d1"),
        EvidenceLink("1.1", DOCUMENT, "d2"),
    ]
    first = coverage(STANDARDS, links)[0]
    assert first.sources == (SourceRef(DOCUMENT, "d1"), SourceRef(DOCUMENT, "d2"))
    assert first.by_kind[DOCUMENT] == 2


def test_same_id_of_different_kinds_are_different_sources() -> None:
    """Ids are only unique within a kind, so an interview and a document may share one."""
    links = [EvidenceLink("1.1", DOCUMENT, "7"), EvidenceLink("1.1", INTERVIEW, "7")]
    first = coverage(STANDARDS, links)[0]
    assert len(first.sources) == 2
    assert first.kinds == 2


def test_by_kind_lists_every_kind() -> None:
    """by_kind holds every evidence kind, with zero where there is no source."""
    result = coverage(STANDARDS, [EvidenceLink("2.1", CASE_FILE, "c1")])
    assert dict(result[1].by_kind) == {INTERVIEW: 0, OBSERVATION: 0, CASE_FILE: 1, DOCUMENT: 0}
    assert set(result[0].by_kind) == set(EvidenceKind)


def test_single_source_kind_flag() -> None:
    """A standard resting on one kind of evidence only is flagged, however many sources."""
    links = [
        EvidenceLink("1.1", INTERVIEW, "i1", InterviewRole.MANAGER),
        EvidenceLink("1.1", INTERVIEW, "i2", InterviewRole.TRUSTEE),
        EvidenceLink("2.1", CASE_FILE, "c1"),
        EvidenceLink("2.1", OBSERVATION, "o1"),
    ]
    first, second, third = coverage(STANDARDS, links)
    assert first.single_source_kind
    assert first.kinds == 1
    assert not second.single_source_kind
    assert second.kinds == 2
    assert not third.single_source_kind


def test_no_evidence_flag() -> None:
    """A standard without any link has no evidence and misses all it expects."""
    first, _, third = coverage(STANDARDS, [EvidenceLink("2.1", CASE_FILE, "c1")])
    assert first.no_evidence
    assert first.sources == ()
    assert first.kinds == 0
    assert first.missing_expected == (INTERVIEW, DOCUMENT)
    assert third.no_evidence
    assert third.missing_expected == ()


def test_missing_expected_kinds() -> None:
    """Expected kinds with no source are listed in the framework's order, once each."""
    standards = [StandardExpectation("1.1", (DOCUMENT, INTERVIEW, OBSERVATION, DOCUMENT))]
    result = coverage(standards, [EvidenceLink("1.1", INTERVIEW, "i1")])
    assert result[0].missing_expected == (DOCUMENT, OBSERVATION)
    assert not result[0].no_evidence


def test_interview_roles_collected() -> None:
    """The roles of the people interviewed are gathered; interviews without a role add none."""
    links = [
        EvidenceLink("1.1", INTERVIEW, "i1", InterviewRole.ADVOCACY_PARTNER),
        EvidenceLink("1.1", INTERVIEW, "i2", InterviewRole.PAID_ADVOCATE),
        EvidenceLink("1.1", INTERVIEW, "i3", InterviewRole.PAID_ADVOCATE),
        EvidenceLink("1.1", INTERVIEW, "i4"),
    ]
    first = coverage(STANDARDS, links)[0]
    assert first.interview_roles == frozenset(
        {InterviewRole.ADVOCACY_PARTNER, InterviewRole.PAID_ADVOCATE}
    )
    assert first.by_kind[INTERVIEW] == 4


def test_role_on_non_interview_is_rejected() -> None:
    """Only interviews carry an interview role."""
    with pytest.raises(ValueError, match="d1"):
        EvidenceLink("1.1", DOCUMENT, "d1", InterviewRole.MANAGER)


def test_unknown_codes_ignored_and_reported() -> None:
    """Links to standards not in the framework are left out of coverage and returned apart."""
    links = [
        EvidenceLink("1.1", DOCUMENT, "d1"),
        EvidenceLink("9.9", DOCUMENT, "d2"),
        EvidenceLink("X", OBSERVATION, "o1"),
    ]
    result = coverage(STANDARDS, links)
    assert [c.code for c in result] == ["1.1", "2.1", "3.1"]
    assert sum(len(c.sources) for c in result) == 1
    assert unknown_links(STANDARDS, links) == (links[1], links[2])
    assert unknown_links(STANDARDS, links[:1]) == ()


def test_standard_order_kept_and_duplicates_rejected() -> None:
    """Coverage follows the order of the standards; a repeated code is a caller error."""
    reordered = (STANDARDS[2], STANDARDS[0], STANDARDS[1])
    assert [c.code for c in coverage(reordered, [])] == ["3.1", "1.1", "2.1"]
    with pytest.raises(ValueError, match=r"1\.1"):
        coverage([STANDARDS[0], STANDARDS[0]], [])
    with pytest.raises(ValueError, match=r"1\.1"):
        coverage_matrix([STANDARDS[0], STANDARDS[0]], [])


def test_coverage_matrix_counts_distinct_sources_per_column() -> None:
    """The matrix counts distinct sources per role and per non-interview kind."""
    links = [
        EvidenceLink("1.1", INTERVIEW, "i1", InterviewRole.MANAGER),
        EvidenceLink("1.1", INTERVIEW, "i1", InterviewRole.MANAGER),
        EvidenceLink("1.1", INTERVIEW, "i2", InterviewRole.MANAGER),
        EvidenceLink("1.1", INTERVIEW, "i3"),
        EvidenceLink("1.1", DOCUMENT, "d1"),
        EvidenceLink("2.1", CASE_FILE, "c1"),
        EvidenceLink("2.1", OBSERVATION, "o1"),
        EvidenceLink("9.9", DOCUMENT, "d9"),
    ]
    matrix = coverage_matrix(STANDARDS, links)
    assert matrix.columns == MATRIX_COLUMNS
    assert [row.code for row in matrix.rows] == ["1.1", "2.1", "3.1"]

    def cell(row: int, column: MatrixColumn) -> int:
        return matrix.rows[row].counts[MATRIX_COLUMNS.index(column)]

    assert cell(0, MatrixColumn(INTERVIEW, InterviewRole.MANAGER)) == 2
    assert cell(0, MatrixColumn(INTERVIEW, None)) == 1
    assert cell(0, MatrixColumn(DOCUMENT)) == 1
    assert cell(1, MatrixColumn(CASE_FILE)) == 1
    assert cell(1, MatrixColumn(OBSERVATION)) == 1
    assert sum(matrix.rows[2].counts) == 0
    assert len(MATRIX_COLUMNS) == len(InterviewRole) + 1 + len(EvidenceKind) - 1


links_strategy = st.lists(
    st.one_of(
        st.builds(
            EvidenceLink,
            standard_code=st.sampled_from(["1.1", "2.1", "3.1", "9.9"]),
            kind=st.just(INTERVIEW),
            source_id=st.sampled_from(["a", "b", "c"]),
            interview_role=st.none() | st.sampled_from(InterviewRole),
        ),
        st.builds(
            EvidenceLink,
            standard_code=st.sampled_from(["1.1", "2.1", "3.1", "9.9"]),
            kind=st.sampled_from([OBSERVATION, CASE_FILE, DOCUMENT]),
            source_id=st.sampled_from(["a", "b", "c"]),
        ),
    ),
    max_size=30,
)


@settings(derandomize=True, max_examples=300)
@given(links_strategy)
def test_property_counts_are_distinct_and_flags_consistent(links: list[EvidenceLink]) -> None:
    """Source counts equal the distinct (kind, id) pairs per standard and the flags agree."""
    result = coverage(STANDARDS, links)
    unknown = unknown_links(STANDARDS, links)
    assert len(unknown) == sum(link.standard_code == "9.9" for link in links)
    for standard, cov in zip(STANDARDS, result, strict=True):
        mine = [link for link in links if link.standard_code == standard.code]
        distinct = {(link.kind, link.source_id) for link in mine}
        assert len(cov.sources) == len(distinct) == sum(cov.by_kind.values())
        assert cov.kinds == len({kind for kind, _ in distinct})
        assert cov.no_evidence == (not distinct)
        assert cov.single_source_kind == (cov.kinds == 1)
        assert set(cov.missing_expected) == set(standard.evidence_expected) - {
            kind for kind, _ in distinct
        }
        assert cov.interview_roles == {
            link.interview_role for link in mine if link.interview_role is not None
        }
