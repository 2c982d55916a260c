from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qpm_desktop.model.enums import Rating
from qpm_desktop.model.outcome import (
    Recommendation,
    RequiredActionDraft,
    StandardJudgement,
    recommend,
)


def std(
    code: str, rating: Rating, *, mandatory: bool = True, na_allowed: bool = False
) -> StandardJudgement:
    return StandardJudgement(
        code=code, mandatory=mandatory, not_applicable_allowed=na_allowed, rating=rating
    )


def test_all_met_is_award() -> None:
    """Every mandatory standard Met gives AWARD with nothing to act on."""
    outcome = recommend([std("1.1", Rating.MET), std("1.2", Rating.MET)])
    assert outcome.recommendation is Recommendation.AWARD
    assert outcome.unmet == ()
    assert outcome.undecided == ()
    assert outcome.required_actions == ()
    assert outcome.complete


def test_one_mandatory_not_met_requires_actions() -> None:
    """A single mandatory Not met blocks the award and is listed as a required action."""
    outcome = recommend(
        [std("1.1", Rating.MET), std("2.1", Rating.NOT_MET), std("3.1", Rating.MET)]
    )
    assert outcome.recommendation is Recommendation.ACTIONS_REQUIRED
    assert outcome.unmet == ("2.1",)
    assert outcome.required_actions == (RequiredActionDraft("2.1", mandatory=True),)


def test_advisory_not_met_still_award() -> None:
    """A non-mandatory Not met does not block the award but is listed as advisory."""
    outcome = recommend([std("1.1", Rating.MET), std("9.1", Rating.NOT_MET, mandatory=False)])
    assert outcome.recommendation is Recommendation.AWARD
    assert outcome.unmet == ()
    assert outcome.advisory_unmet == ("9.1",)
    assert outcome.required_actions == (RequiredActionDraft("9.1", mandatory=False),)
    assert outcome.complete


def test_not_applicable_allowed_counts_as_satisfied() -> None:
    """N/A on a standard that allows it counts as satisfied."""
    outcome = recommend(
        [std("1.1", Rating.MET), std("4.2", Rating.NOT_APPLICABLE, na_allowed=True)]
    )
    assert outcome.recommendation is Recommendation.AWARD
    assert outcome.invalid_not_applicable == ()
    assert outcome.complete


def test_not_applicable_not_allowed_is_invalid_and_undecided() -> None:
    """N/A where the framework forbids it is reported invalid and holds the decision back."""
    outcome = recommend([std("1.1", Rating.MET), std("4.2", Rating.NOT_APPLICABLE)])
    assert outcome.recommendation is Recommendation.NOT_YET
    assert outcome.invalid_not_applicable == ("4.2",)
    assert outcome.undecided == ("4.2",)
    assert not outcome.complete


def test_invalid_not_applicable_on_advisory_is_reported_but_does_not_block() -> None:
    """An invalid N/A on a non-mandatory standard is reported and leaves the outcome incomplete."""
    outcome = recommend(
        [std("1.1", Rating.MET), std("9.1", Rating.NOT_APPLICABLE, mandatory=False)]
    )
    assert outcome.recommendation is Recommendation.AWARD
    assert outcome.invalid_not_applicable == ("9.1",)
    assert outcome.undecided == ()
    assert outcome.advisory_undecided == ("9.1",)
    assert not outcome.complete


@pytest.mark.parametrize("pending", [Rating.FURTHER_EVIDENCE_NEEDED, Rating.NOT_YET_ASSESSED])
def test_pending_mandatory_is_not_yet(pending: Rating) -> None:
    """A mandatory standard still being worked on gives NOT_YET and is listed as undecided."""
    outcome = recommend([std("1.1", Rating.MET), std("1.2", pending)])
    assert outcome.recommendation is Recommendation.NOT_YET
    assert outcome.undecided == ("1.2",)
    assert outcome.unmet == ()
    assert not outcome.complete


def test_advisory_pending_does_not_block_award() -> None:
    """An undecided non-mandatory standard leaves AWARD standing but the outcome incomplete."""
    outcome = recommend(
        [std("1.1", Rating.MET), std("9.1", Rating.NOT_YET_ASSESSED, mandatory=False)]
    )
    assert outcome.recommendation is Recommendation.AWARD
    assert outcome.advisory_undecided == ("9.1",)
    assert not outcome.complete


def test_not_met_wins_over_undecided() -> None:
    """With both Not met and undecided mandatory standards, actions are required."""
    outcome = recommend(
        [
            std("1.1", Rating.FURTHER_EVIDENCE_NEEDED),
            std("1.2", Rating.NOT_MET),
            std("1.3", Rating.NOT_APPLICABLE),
        ]
    )
    assert outcome.recommendation is Recommendation.ACTIONS_REQUIRED
    assert outcome.unmet == ("1.2",)
    assert outcome.undecided == ("1.1", "1.3")
    assert outcome.invalid_not_applicable == ("1.3",)


def test_mixed_lists_in_framework_order_and_mandatory_actions_first() -> None:
    """Codes keep framework order and required actions put mandatory standards first."""
    outcome = recommend(
        [
            std("1.1", Rating.NOT_MET, mandatory=False),
            std("2.1", Rating.NOT_MET),
            std("3.1", Rating.MET),
            std("4.1", Rating.NOT_MET, mandatory=False),
            std("5.1", Rating.NOT_MET),
            std("6.1", Rating.NOT_APPLICABLE, na_allowed=True),
        ]
    )
    assert outcome.unmet == ("2.1", "5.1")
    assert outcome.advisory_unmet == ("1.1", "4.1")
    assert [(a.standard_code, a.mandatory) for a in outcome.required_actions] == [
        ("2.1", True),
        ("5.1", True),
        ("1.1", False),
        ("4.1", False),
    ]
    assert outcome.counts[Rating.NOT_MET] == 4
    assert outcome.counts[Rating.MET] == 1
    assert outcome.counts[Rating.NOT_APPLICABLE] == 1
    assert outcome.counts[Rating.NOT_YET_ASSESSED] == 0


def test_counts_cover_every_rating_and_are_read_only() -> None:
    """Counts hold every rating (zero when absent) and cannot be changed."""
    outcome = recommend([std("1.1", Rating.MET)])
    assert set(outcome.counts) == set(Rating)
    assert sum(outcome.counts.values()) == 1
    with pytest.raises(TypeError):
        outcome.counts[Rating.MET] = 5  # type: ignore[index]


def test_empty_input_is_not_yet() -> None:
    """With no standards at all there is nothing to award on."""
    outcome = recommend([])
    assert outcome.recommendation is Recommendation.NOT_YET
    assert outcome.complete
    assert all(count == 0 for count in outcome.counts.values())


def test_only_advisory_standards_is_not_yet() -> None:
    """Without any mandatory standard there is nothing to award on either."""
    outcome = recommend([std("9.1", Rating.MET, mandatory=False)])
    assert outcome.recommendation is Recommendation.NOT_YET


def test_duplicate_code_is_rejected() -> None:
    """A standard code given twice is a caller error."""
    with pytest.raises(ValueError, match=r"1\.1"):
        recommend([std("1.1", Rating.MET), std("1.1", Rating.NOT_MET)])


def test_accepts_any_iterable() -> None:
    """A generator of judgements works as well as a list."""
    outcome = recommend(std(f"{i}.1", Rating.MET) for i in range(1, 9))
    assert outcome.recommendation is Recommendation.AWARD


def test_outcome_is_hashable_and_frozen() -> None:
    """The outcome is an immutable value that can be hashed despite its counts mapping."""
    outcome = recommend([std("1.1", Rating.MET)])
    assert hash(outcome) == hash(recommend([std("1.1", Rating.MET)]))
    with pytest.raises(AttributeError):
        outcome.recommendation = Recommendation.NOT_YET  # type: ignore[misc]


judgements = st.lists(
    st.builds(
        StandardJudgement,
        code=st.just(""),
        mandatory=st.booleans(),
        not_applicable_allowed=st.booleans(),
        rating=st.sampled_from(Rating),
    ),
    max_size=12,
).map(
    lambda items: [
        StandardJudgement(f"S{i}", j.mandatory, j.not_applicable_allowed, j.rating)
        for i, j in enumerate(items)
    ]
)


@settings(derandomize=True, max_examples=300)
@given(judgements)
def test_property_award_iff_every_mandatory_standard_satisfied(
    items: list[StandardJudgement],
) -> None:
    """AWARD exactly when there are mandatory standards and each is Met or an allowed N/A."""
    outcome = recommend(items)
    mandatory = [j for j in items if j.mandatory]
    satisfied = bool(mandatory) and all(
        j.rating is Rating.MET or (j.rating is Rating.NOT_APPLICABLE and j.not_applicable_allowed)
        for j in mandatory
    )
    assert (outcome.recommendation is Recommendation.AWARD) == satisfied
    any_unmet = any(j.rating is Rating.NOT_MET for j in mandatory)
    assert (outcome.recommendation is Recommendation.ACTIONS_REQUIRED) == any_unmet
    assert len(outcome.required_actions) == sum(j.rating is Rating.NOT_MET for j in items)
    assert sum(outcome.counts.values()) == len(items)
    decided = set(outcome.unmet) | set(outcome.undecided)
    assert decided <= {j.code for j in mandatory}
