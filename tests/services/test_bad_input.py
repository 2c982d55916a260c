"""Odd and hostile text is kept exactly, or refused with a message naming the field."""

from __future__ import annotations

import re

import pytest

from qpm_desktop.model.enums import InterviewRole
from qpm_desktop.model.text import LONG_TEXT_MAX, InvalidInput

KEPT_EXACTLY = {
    "one megabyte": ("Evidence seen. " * 70_000)[:1_000_000],
    "emoji and joiners": "Partner said 👍🏽 and 👩‍👩‍👧; flag 🏴󠁧󠁢󠁷󠁬󠁳󠁿",
    "Welsh": "Cynigiwyd y Gymraeg ar y dechrau; ŵ ŷ â ê î ô û ẁ ẃ ẅ ỳ Ŵ Ŷ",
    "right to left": "قال الشريك إنه شعر بالاستماع إليه — שלום עולם",
    "bidi controls": "abc\u202edcba\u202c and \u200f mark",
    "control characters": "tab\there\r\nvertical\x0bform\x0cbell\x07escape\x1b[31m",
    "combining marks": "Zalgo: Z͑ͫ̓ͪ̂ͫ̽͏̴̙̤̞͉͚̯̞̠͍A̴̵̜̰͔ͫ͗͢L̠ͨͧͩ͘G̴̻͈͍͔̹̑͗̎̅͛́Ǫ̵̹̻̝̳͂̌̌͘",
    "quotes and SQL": '\'; DROP TABLE findings; -- "quoted" `back` \\ backslash %s %(x)s {0}',
    "markup": "<script>alert(1)</script> &amp; <b>bold</b>",
    "astral plane": "𝕿𝖍𝖊 𝖖𝖚𝖎𝖈𝖐 𐍈 𒀀",
    "empty": "",
    "only spaces": "   \n\n  ",
}


@pytest.mark.parametrize("label", list(KEPT_EXACTLY))
def test_text_is_stored_and_read_back_exactly(services, assessment_id, reopen, label):
    """Each kind of odd text survives a save, a close and a reopen byte for byte."""
    text = KEPT_EXACTLY[label]
    services.recording.record_finding(assessment_id, "2.2", rationale=text, good_practice=text)
    iid = services.recording.create_interview(
        assessment_id, interviewee_code="AP-42", role=InterviewRole.ADVOCACY_PARTNER, notes=text
    ).record_id("interview")
    services.close()
    again = reopen()
    try:
        finding = again.queries.finding(assessment_id, "2.2")
        assert finding.rationale == text and finding.good_practice == text
        assert again.queries.interview(iid).notes == text
    finally:
        again.close()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("before\x00after", "contains a NUL character (U+0000) at position 7"),
        ("lone \ud800 surrogate", "invalid character (a lone surrogate) at position 6"),
        ("x" * (LONG_TEXT_MAX + 1), f"the most it can hold is {LONG_TEXT_MAX:,}"),
        (42, "expected text, got int"),
    ],
)
def test_text_that_cannot_be_kept_is_refused_clearly(services, assessment_id, value, message):
    """NUL, lone surrogates, runaway pastes and non-text are refused, naming the field."""
    with pytest.raises(InvalidInput, match=re.escape(message)) as info:
        services.recording.record_finding(assessment_id, "2.2", rationale=value)
    assert info.value.field == "rationale"
    assert str(info.value).startswith("rationale: ")
    assert services.queries.finding(assessment_id, "2.2").rev == 0  # nothing was stored


def test_a_refused_save_changes_nothing(services, assessment_id) -> None:
    """When one field of a save is refused, none of the save is stored."""
    services.recording.record_finding(assessment_id, "2.3", rationale="kept")
    with pytest.raises(InvalidInput):
        services.recording.record_finding(
            assessment_id, "2.3", rationale="new", good_practice="bad\x00"
        )
    assert services.queries.finding(assessment_id, "2.3").rationale == "kept"


def test_one_line_fields_refuse_line_breaks(services, assessment_id) -> None:
    """A title is one line; a pasted paragraph is refused rather than silently joined."""
    with pytest.raises(InvalidInput, match="title: must be on one line"):
        services.recording.create_observation(assessment_id, kind="other", title="a\nb")
