"""Sampling targets for a site visit, and progress against them. Pure: no I/O.

The figures below come from the public description of the QPM published by NDTi
("On site", the sampling paragraph), or are our own assumptions where that text is silent.
They are placeholders: replace them with NDTi's official figures when NDTi publishes them.

Decisions made here (the published description leaves them open):

* The per-group rule (a share of the advocates under each manager and in each area) is applied
  for every band, band 1 included; the band only sets the case files and reports to review.
* Groups are keyed by the exact ``manager`` and ``area`` strings of the teams (no trimming or
  case folding); they are sorted by ``str.casefold`` of the name, ties broken by the name itself.
* Team ids must be unique, and ``advocates`` must be >= 0 (``ValueError`` otherwise).
* In :func:`sampling_progress`, an interviewee code seen several times counts once: towards the
  team of its first occurrence whose team is known, else as unassigned. ``teams`` must be the
  teams the targets were computed from: a team whose manager or area has no target is a
  ``ValueError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import ceil
from types import MappingProxyType

__all__ = [
    "ADVOCATE_SHARE",
    "BANDS",
    "CASE_FILES_BY_BAND",
    "MIN_PER_NONEMPTY_GROUP",
    "REPORTS_BY_BAND",
    "SMALL_GROUP_SHARE",
    "SMALL_GROUP_THRESHOLD",
    "CountProgress",
    "GroupProgress",
    "GroupTarget",
    "InterviewedAdvocate",
    "SamplingProgress",
    "SamplingTargets",
    "TeamSize",
    "group_target",
    "sampling_progress",
    "sampling_targets",
]

# From QPM.md: "assessors aim to meet at least one third of the advocates under each manager and
# in each area". Rounded up. Placeholder until NDTi publishes the official figure.
ADVOCATE_SHARE = Fraction(1, 3)

# From QPM.md: "a higher share for teams under about 12 people". The threshold 12 is QPM.md's
# "about 12", read as "fewer than 12". Placeholder until NDTi publishes the official figure.
SMALL_GROUP_THRESHOLD = 12

# The "higher share" of QPM.md is not quantified there; one half (rounded up) is our assumption.
# Placeholder until NDTi publishes the official figure.
SMALL_GROUP_SHARE = Fraction(1, 2)

# Our reading of QPM.md's "aim to meet" advocates: a group with at least one advocate needs at
# least one interview. Placeholder until NDTi publishes the official figure.
MIN_PER_NONEMPTY_GROUP = 1

# The organisation size bands of the pre-assessment questionnaire (QPM.md, "The assessment
# process"). Only band 1 is described publicly; four bands is our assumption.
BANDS = range(1, 5)

# Case files to review per band. Band 1: 5 case files, from QPM.md ("band 1 ... submits 5 case
# files and 5 reports"). Bands 2 to 4: our own assumption, not published anywhere. Replace all of
# them with NDTi's official figures when NDTi publishes them.
CASE_FILES_BY_BAND: Mapping[int, int] = MappingProxyType({1: 5, 2: 8, 3: 12, 4: 15})

# Reports to review per band. Band 1: 5 reports, from QPM.md. Bands 2 to 4: our own assumption.
# Replace them with NDTi's official figures when NDTi publishes them.
REPORTS_BY_BAND: Mapping[int, int] = MappingProxyType({1: 5, 2: 8, 3: 12, 4: 15})


@dataclass(frozen=True, slots=True)
class TeamSize:
    """One team of the organisation: who manages it, where it works, how many advocates."""

    team_id: str
    manager: str
    area: str
    advocates: int

    def __post_init__(self) -> None:
        if self.advocates < 0:
            raise ValueError(f"team {self.team_id!r}: advocates must be >= 0, not {self.advocates}")


@dataclass(frozen=True, slots=True)
class GroupTarget:
    """How many advocates to meet in one group (a manager's or an area's advocates)."""

    group: str
    advocates: int
    target: int


@dataclass(frozen=True, slots=True)
class SamplingTargets:
    """What the assessors aim to sample on a visit."""

    by_manager: tuple[GroupTarget, ...]
    by_area: tuple[GroupTarget, ...]
    case_files: int
    reports: int


@dataclass(frozen=True, slots=True)
class InterviewedAdvocate:
    """An advocate already interviewed, identified by interviewee code (never by name)."""

    team_id: str | None
    interviewee_code: str


@dataclass(frozen=True, slots=True)
class GroupProgress:
    """Advocates met so far in one group, against its target."""

    group: str
    advocates: int
    target: int
    achieved: int
    met: bool


@dataclass(frozen=True, slots=True)
class CountProgress:
    """A count reviewed so far (case files, reports) against its target."""

    target: int
    achieved: int
    met: bool


@dataclass(frozen=True, slots=True)
class SamplingProgress:
    """Progress against :class:`SamplingTargets`."""

    by_manager: tuple[GroupProgress, ...]
    by_area: tuple[GroupProgress, ...]
    case_files: CountProgress
    reports: CountProgress
    interviewed: int
    """Distinct interviewee codes seen, assigned or not."""
    unassigned: int
    """Distinct interviewees whose team is missing or unknown; they count toward no group."""

    @property
    def all_met(self) -> bool:
        """True when every group, the case files and the reports have reached their targets."""
        return (
            all(g.met for g in self.by_manager)
            and all(g.met for g in self.by_area)
            and self.case_files.met
            and self.reports.met
        )


def group_target(advocates: int) -> int:
    """How many of a group's ``advocates`` to meet: a third (a half under 12), rounded up."""
    if advocates < 0:
        raise ValueError(f"advocates must be >= 0, not {advocates}")
    if advocates == 0:
        return 0
    share = SMALL_GROUP_SHARE if advocates < SMALL_GROUP_THRESHOLD else ADVOCATE_SHARE
    return max(MIN_PER_NONEMPTY_GROUP, ceil(advocates * share))


def _check_band(band: int) -> None:
    if isinstance(band, bool) or not isinstance(band, int) or band not in BANDS:
        raise ValueError(
            f"band must be an integer from {BANDS.start} to {BANDS.stop - 1}: {band!r}"
        )


def _unique_teams(teams: Iterable[TeamSize]) -> dict[str, TeamSize]:
    by_id: dict[str, TeamSize] = {}
    for team in teams:
        if team.team_id in by_id:
            raise ValueError(f"team id {team.team_id!r} appears more than once")
        by_id[team.team_id] = team
    return by_id


def _sort_key(group: str) -> tuple[str, str]:
    return (group.casefold(), group)


def _group_targets(sizes: Mapping[str, int]) -> tuple[GroupTarget, ...]:
    return tuple(
        GroupTarget(group=name, advocates=sizes[name], target=group_target(sizes[name]))
        for name in sorted(sizes, key=_sort_key)
    )


def sampling_targets(band: int, teams: Iterable[TeamSize]) -> SamplingTargets:
    """The sampling targets for an organisation of ``band`` (1..4) made of ``teams``.

    Raises ``ValueError`` for a band outside 1..4 or a repeated team id.
    """
    _check_band(band)
    by_manager: dict[str, int] = {}
    by_area: dict[str, int] = {}
    for team in _unique_teams(teams).values():
        by_manager[team.manager] = by_manager.get(team.manager, 0) + team.advocates
        by_area[team.area] = by_area.get(team.area, 0) + team.advocates
    return SamplingTargets(
        by_manager=_group_targets(by_manager),
        by_area=_group_targets(by_area),
        case_files=CASE_FILES_BY_BAND[band],
        reports=REPORTS_BY_BAND[band],
    )


def _group_progress(
    targets: tuple[GroupTarget, ...], achieved: Mapping[str, int]
) -> tuple[GroupProgress, ...]:
    return tuple(
        GroupProgress(
            group=t.group,
            advocates=t.advocates,
            target=t.target,
            achieved=achieved.get(t.group, 0),
            met=achieved.get(t.group, 0) >= t.target,
        )
        for t in targets
    )


def _count_progress(target: int, achieved: int, what: str) -> CountProgress:
    if achieved < 0:
        raise ValueError(f"{what} reviewed must be >= 0, not {achieved}")
    return CountProgress(target=target, achieved=achieved, met=achieved >= target)


def sampling_progress(
    targets: SamplingTargets,
    interviewed: Iterable[InterviewedAdvocate],
    teams: Iterable[TeamSize],
    case_files_reviewed: int,
    reports_reviewed: int,
) -> SamplingProgress:
    """Progress of the visit against ``targets``.

    Each interviewee code counts once, toward its team's manager and its team's area. An
    interviewee with no team, or a team not in ``teams``, counts toward nothing and is reported
    in ``unassigned``. Raises ``ValueError`` for negative review counts, a repeated team id, or a
    team whose manager or area has no target (``teams`` must match the targets).
    """
    by_id = _unique_teams(teams)
    manager_groups = {t.group for t in targets.by_manager}
    area_groups = {t.group for t in targets.by_area}
    for team in by_id.values():
        if team.manager not in manager_groups or team.area not in area_groups:
            raise ValueError(f"team {team.team_id!r} does not match the sampling targets")

    # interviewee code -> team, or None while no occurrence has a known team.
    assigned: dict[str, TeamSize | None] = {}
    for person in interviewed:
        team = by_id.get(person.team_id) if person.team_id is not None else None
        if assigned.get(person.interviewee_code) is None:
            assigned[person.interviewee_code] = team

    per_manager: dict[str, int] = {}
    per_area: dict[str, int] = {}
    unassigned = 0
    for team in assigned.values():
        if team is None:
            unassigned += 1
            continue
        per_manager[team.manager] = per_manager.get(team.manager, 0) + 1
        per_area[team.area] = per_area.get(team.area, 0) + 1

    return SamplingProgress(
        by_manager=_group_progress(targets.by_manager, per_manager),
        by_area=_group_progress(targets.by_area, per_area),
        case_files=_count_progress(targets.case_files, case_files_reviewed, "case files"),
        reports=_count_progress(targets.reports, reports_reviewed, "reports"),
        interviewed=len(assigned),
        unassigned=unassigned,
    )
