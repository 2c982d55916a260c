"""The recommended outcome of an assessment: the V4 rule.

V4 is one award, not graded: the organisation gains the QPM only when every mandatory standard
is Met (see the published description of the QPM, "Findings and outcome"). This module turns
the per-standard judgements into a recommendation and the list of required actions. Pure: no I/O.

Decisions made here (the published description leaves them open):

* A standard rated ``NOT_APPLICABLE`` counts as satisfied only where the framework allows N/A for
  it. Elsewhere the rating is invalid: it is listed in ``invalid_not_applicable`` (for mandatory
  and advisory standards alike) and the standard counts as undecided.
* ``undecided`` lists the *mandatory* standards that block a decision; ``advisory_undecided``
  lists the non-mandatory ones, which never block the award. ``complete`` needs both empty.
* With no mandatory standard at all (in particular, with no judgements) there is nothing to award
  on, so the recommendation is ``NOT_YET``, never ``AWARD``.
* Standard codes must be unique; a repeated code is a ``ValueError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from qpm_desktop.model.enums import Rating

__all__ = [
    "Outcome",
    "Recommendation",
    "RequiredActionDraft",
    "StandardJudgement",
    "recommend",
]

# Ratings that are not an end state: the standard still needs the assessor's decision.
_PENDING_RATINGS = frozenset({Rating.NOT_YET_ASSESSED, Rating.FURTHER_EVIDENCE_NEEDED})


class Recommendation(StrEnum):
    """The recommended outcome under the V4 rule."""

    AWARD = "award"  # every mandatory standard satisfied
    NOT_YET = "not_yet"  # nothing Not met, but some mandatory standard is still undecided
    ACTIONS_REQUIRED = "actions_required"  # at least one mandatory standard is Not met


@dataclass(frozen=True, slots=True)
class StandardJudgement:
    """The current rating of one standard, with what the framework says about it."""

    code: str
    mandatory: bool
    not_applicable_allowed: bool
    rating: Rating


@dataclass(frozen=True, slots=True)
class RequiredActionDraft:
    """A required action to be written for a standard rated Not met (owner and date come later)."""

    standard_code: str
    mandatory: bool


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of :func:`recommend`. Every tuple of codes is in framework order."""

    recommendation: Recommendation
    unmet: tuple[str, ...]
    """Mandatory standards rated Not met."""
    undecided: tuple[str, ...]
    """Mandatory standards not yet decided (not yet assessed, further evidence needed, invalid
    N/A)."""
    advisory_undecided: tuple[str, ...]
    """Non-mandatory standards not yet decided; they do not block the award."""
    invalid_not_applicable: tuple[str, ...]
    """Standards (mandatory or not) rated N/A where the framework does not allow it."""
    advisory_unmet: tuple[str, ...]
    """Non-mandatory standards rated Not met; they do not block the award."""
    counts: Mapping[Rating, int] = field(hash=False)
    """How many standards carry each rating (every rating present, 0 if none). Read-only."""
    required_actions: tuple[RequiredActionDraft, ...]
    """One per Not-met standard: mandatory ones first, then advisory ones."""

    @property
    def complete(self) -> bool:
        """True when every standard, mandatory or not, has a valid end state."""
        return not self.undecided and not self.advisory_undecided


def _is_satisfied(judgement: StandardJudgement) -> bool:
    if judgement.rating == Rating.MET:
        return True
    return judgement.rating == Rating.NOT_APPLICABLE and judgement.not_applicable_allowed


def _is_undecided(judgement: StandardJudgement) -> bool:
    if judgement.rating in _PENDING_RATINGS:
        return True
    return judgement.rating == Rating.NOT_APPLICABLE and not judgement.not_applicable_allowed


def recommend(judgements: Iterable[StandardJudgement]) -> Outcome:
    """Apply the V4 rule to the judgements, given in framework order.

    Raises ``ValueError`` if a standard code appears more than once.
    """
    items = tuple(judgements)
    seen: set[str] = set()
    for judgement in items:
        if judgement.code in seen:
            raise ValueError(f"standard code {judgement.code!r} appears more than once")
        seen.add(judgement.code)

    mandatory = tuple(j for j in items if j.mandatory)
    advisory = tuple(j for j in items if not j.mandatory)

    unmet = tuple(j.code for j in mandatory if j.rating == Rating.NOT_MET)
    undecided = tuple(j.code for j in mandatory if _is_undecided(j))
    advisory_unmet = tuple(j.code for j in advisory if j.rating == Rating.NOT_MET)
    advisory_undecided = tuple(j.code for j in advisory if _is_undecided(j))
    invalid = tuple(
        j.code for j in items if j.rating == Rating.NOT_APPLICABLE and not j.not_applicable_allowed
    )

    counts = dict.fromkeys(Rating, 0)
    for judgement in items:
        counts[judgement.rating] += 1

    if unmet:
        recommendation = Recommendation.ACTIONS_REQUIRED
    elif mandatory and all(_is_satisfied(j) for j in mandatory):
        recommendation = Recommendation.AWARD
    else:
        recommendation = Recommendation.NOT_YET

    required_actions = tuple(RequiredActionDraft(code, mandatory=True) for code in unmet) + tuple(
        RequiredActionDraft(code, mandatory=False) for code in advisory_unmet
    )

    return Outcome(
        recommendation=recommendation,
        unmet=unmet,
        undecided=undecided,
        advisory_undecided=advisory_undecided,
        invalid_not_applicable=invalid,
        advisory_unmet=advisory_unmet,
        counts=MappingProxyType(counts),
        required_actions=required_actions,
    )
