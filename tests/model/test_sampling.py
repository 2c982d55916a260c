from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qpm_desktop.model.sampling import (
    CASE_FILES_BY_BAND,
    REPORTS_BY_BAND,
    GroupProgress,
    GroupTarget,
    InterviewedAdvocate,
    SamplingTargets,
    TeamSize,
    group_target,
    sampling_progress,
    sampling_targets,
)

TEAMS = (
    TeamSize("t1", manager="Rhian", area="Cardiff", advocates=20),
    TeamSize("t2", manager="Rhian", area="Newport", advocates=10),
    TeamSize("t3", manager="alex", area="Cardiff", advocates=4),
    TeamSize("t4", manager="Bea", area="Swansea", advocates=0),
)


def test_band_one_reviews_five_case_files_and_five_reports() -> None:
    """Band 1 reviews 5 case files and 5 reports, as QPM.md states."""
    targets = sampling_targets(1, [TeamSize("t", "M", "A", 5)])
    assert (targets.case_files, targets.reports) == (5, 5)


@pytest.mark.parametrize(("band", "expected"), [(2, 8), (3, 12), (4, 15)])
def test_larger_bands_use_assumed_figures(band: int, expected: int) -> None:
    """Bands 2 to 4 use the assumed case file and report figures."""
    targets = sampling_targets(band, [])
    assert targets.case_files == expected == CASE_FILES_BY_BAND[band]
    assert targets.reports == expected == REPORTS_BY_BAND[band]


@pytest.mark.parametrize("band", [0, 5, -1, True, 2.0, "1"])
def test_band_out_of_range_is_rejected(band: object) -> None:
    """A band that is not an integer from 1 to 4 is a ValueError."""
    with pytest.raises(ValueError, match="band"):
        sampling_targets(band, [])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("advocates", "target"),
    [(30, 10), (9, 5), (12, 4), (11, 6), (13, 5), (1, 1), (2, 1), (3, 2), (0, 0)],
)
def test_group_target(advocates: int, target: int) -> None:
    """A third rounded up, a half rounded up under 12, at least one, none for an empty group."""
    assert group_target(advocates) == target


def test_group_target_rejects_negative() -> None:
    """A negative group size is a ValueError."""
    with pytest.raises(ValueError):
        group_target(-1)


def test_team_rejects_negative_advocates() -> None:
    """A team cannot have a negative number of advocates."""
    with pytest.raises(ValueError, match="t9"):
        TeamSize("t9", "M", "A", -1)


def test_manager_group_of_thirty_targets_ten() -> None:
    """A manager with 30 advocates across two teams needs 10 interviews."""
    targets = sampling_targets(2, TEAMS)
    rhian = next(g for g in targets.by_manager if g.group == "Rhian")
    assert rhian == GroupTarget("Rhian", advocates=30, target=10)


def test_groups_by_manager_and_area_across_teams_sorted_casefold() -> None:
    """Teams are summed per manager and per area, groups sorted by case-folded name."""
    targets = sampling_targets(3, TEAMS)
    assert targets.by_manager == (
        GroupTarget("alex", 4, 2),
        GroupTarget("Bea", 0, 0),
        GroupTarget("Rhian", 30, 10),
    )
    assert targets.by_area == (
        GroupTarget("Cardiff", 24, 8),
        GroupTarget("Newport", 10, 5),
        GroupTarget("Swansea", 0, 0),
    )


def test_duplicate_team_id_is_rejected() -> None:
    """The same team id twice is a caller error."""
    with pytest.raises(ValueError, match="t1"):
        sampling_targets(1, [TeamSize("t1", "M", "A", 1), TeamSize("t1", "M", "A", 2)])


def _by_group(progress_groups: tuple[GroupProgress, ...]) -> dict[str, tuple[int, int, bool]]:
    return {g.group: (g.achieved, g.target, g.met) for g in progress_groups}


def test_progress_dedupes_interviewees_and_reports_unassigned() -> None:
    """Each interviewee code counts once; unknown or missing teams count toward nothing."""
    targets = sampling_targets(2, TEAMS)
    interviewed = [
        InterviewedAdvocate("t1", "A01"),
        InterviewedAdvocate("t1", "A01"),  # same person again
        InterviewedAdvocate("t2", "A02"),
        InterviewedAdvocate("t3", "A03"),
        InterviewedAdvocate("gone", "A04"),  # team not known
        InterviewedAdvocate(None, "A05"),  # no team recorded
    ]
    progress = sampling_progress(targets, interviewed, TEAMS, 3, 8)
    assert _by_group(progress.by_manager) == {
        "alex": (1, 2, False),
        "Bea": (0, 0, True),
        "Rhian": (2, 10, False),
    }
    assert _by_group(progress.by_area) == {
        "Cardiff": (2, 8, False),
        "Newport": (1, 5, False),
        "Swansea": (0, 0, True),
    }
    assert progress.interviewed == 5
    assert progress.unassigned == 2
    assert (progress.case_files.achieved, progress.case_files.met) == (3, False)
    assert (progress.reports.achieved, progress.reports.met) == (8, True)
    assert not progress.all_met


def test_duplicate_code_counts_toward_first_known_team() -> None:
    """A code first seen without a team counts toward the team of a later record."""
    targets = sampling_targets(2, TEAMS)
    interviewed = [
        InterviewedAdvocate(None, "A01"),
        InterviewedAdvocate("t3", "A01"),
        InterviewedAdvocate("t1", "A01"),
    ]
    progress = sampling_progress(targets, interviewed, TEAMS, 0, 0)
    assert _by_group(progress.by_manager)["alex"][0] == 1
    assert _by_group(progress.by_manager)["Rhian"][0] == 0
    assert progress.unassigned == 0
    assert progress.interviewed == 1


def test_all_met_when_every_target_reached() -> None:
    """all_met is true once every group, the case files and the reports reach their targets."""
    teams = [TeamSize("a", "M1", "North", 3), TeamSize("b", "M2", "South", 1)]
    targets = sampling_targets(1, teams)
    interviewed = [
        InterviewedAdvocate("a", "P1"),
        InterviewedAdvocate("a", "P2"),
        InterviewedAdvocate("b", "P3"),
    ]
    progress = sampling_progress(targets, interviewed, teams, 5, 5)
    assert all(g.met for g in progress.by_manager + progress.by_area)
    assert progress.all_met
    short = sampling_progress(targets, interviewed, teams, 5, 4)
    assert not short.all_met
    missing_group = sampling_progress(targets, interviewed[:2], teams, 5, 5)
    assert not missing_group.all_met


def test_progress_rejects_negative_review_counts() -> None:
    """Negative numbers of reviewed case files or reports are caller errors."""
    targets = sampling_targets(1, [])
    with pytest.raises(ValueError, match="case files"):
        sampling_progress(targets, [], [], -1, 0)
    with pytest.raises(ValueError, match="reports"):
        sampling_progress(targets, [], [], 0, -1)


def test_progress_rejects_teams_that_do_not_match_targets() -> None:
    """Teams whose manager or area has no target were not the teams the targets came from."""
    targets = sampling_targets(1, [TeamSize("a", "M1", "North", 3)])
    with pytest.raises(ValueError, match="b"):
        sampling_progress(targets, [], [TeamSize("b", "M9", "North", 3)], 0, 0)


def test_targets_are_immutable() -> None:
    """Targets are frozen values."""
    targets = sampling_targets(1, [])
    assert isinstance(targets, SamplingTargets)
    with pytest.raises(AttributeError):
        targets.case_files = 1  # type: ignore[misc]


@settings(derandomize=True, max_examples=300)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Ann", "bob", "Cy"]),
            st.sampled_from(["North", "south", "West"]),
            st.integers(min_value=0, max_value=60),
        ),
        max_size=8,
    )
)
def test_property_targets_bounded_by_group_size_and_a_third(
    rows: list[tuple[str, str, int]],
) -> None:
    """Every group target is at most the group size and at least a third of it, rounded up."""
    teams = [TeamSize(f"t{i}", m, a, n) for i, (m, a, n) in enumerate(rows)]
    targets = sampling_targets(4, teams)
    for group in targets.by_manager + targets.by_area:
        assert math.ceil(group.advocates / 3) <= group.target <= group.advocates
        assert (group.target >= 1) == (group.advocates >= 1)
    assert sum(g.advocates for g in targets.by_manager) == sum(n for _, _, n in rows)
    assert sum(g.advocates for g in targets.by_area) == sum(n for _, _, n in rows)
    names = [g.group for g in targets.by_manager]
    assert names == sorted(names, key=str.casefold)
