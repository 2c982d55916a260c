"""What text the app accepts, and the message when it does not.

Assessors paste from email, Word and PDFs, and type Welsh, emoji and right-to-left names; all of
that is kept exactly. Two things cannot be kept: U+0000 (PostgreSQL, the central store's
database, cannot hold it in text, so a note with one would fail to sync days later) and lone
surrogates (not Unicode at all, they cannot be written as UTF-8). Both are refused at the door
with a message that names the field, rather than altered silently.
"""

from __future__ import annotations

# One long note: a rationale or interview note is rarely over 20,000 characters; 2,000,000
# leaves room for a pasted document while refusing a runaway paste of a whole file.
LONG_TEXT_MAX = 2_000_000
# Codes, names, titles, places.
SHORT_TEXT_MAX = 200


class InvalidInput(ValueError):
    """A value the model refuses; ``field`` names it, ``problem`` says what is wrong."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(field, problem)
        self.field = field
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.field}: {self.problem}"


def check_text(field: str, value: str, *, max_chars: int = LONG_TEXT_MAX) -> str:
    """Return ``value`` unchanged if it can be stored, else raise :class:`InvalidInput`."""
    if not isinstance(value, str):
        raise InvalidInput(field, f"expected text, got {type(value).__name__}")
    if len(value) > max_chars:
        raise InvalidInput(
            field, f"is {len(value):,} characters long; the most it can hold is {max_chars:,}"
        )
    nul = value.find("\x00")
    if nul >= 0:
        raise InvalidInput(
            field,
            f"contains a NUL character (U+0000) at position {nul + 1}, which cannot be stored; "
            "remove it and save again",
        )
    surrogate = lone_surrogate_at(value)
    if surrogate is not None:
        raise InvalidInput(
            field, f"contains an invalid character (a lone surrogate) at position {surrogate}"
        )
    return value


def lone_surrogate_at(value: str) -> int | None:
    """The position (from 1) of the first unpaired UTF-16 surrogate in ``value``, which is not
    text and cannot be written as UTF-8 (JSON can carry one); ``None`` when there is none."""
    if value.isascii():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start + 1
    return None


def check_short_text(field: str, value: str, *, required: bool = False) -> str:
    """A one-line value (a name, a title): no line breaks, at most ``SHORT_TEXT_MAX``."""
    check_text(field, value, max_chars=SHORT_TEXT_MAX)
    if "\n" in value or "\r" in value:
        raise InvalidInput(field, "must be on one line")
    if required and not value.strip():
        raise InvalidInput(field, "is required")
    return value


def check_code(field: str, value: str) -> str:
    """A pseudonymous code (interviewee, case file): letters, digits, '-', '_', '/', '.'.

    Codes stand in for names, so they are kept short and plain; a code with spaces is most often
    a name typed in the wrong place, and the message says so.
    """
    check_short_text(field, value, required=True)
    stripped = value.strip()
    if len(stripped) > 32:
        raise InvalidInput(field, "must be at most 32 characters (it is a code, not a name)")
    if " " in stripped:
        raise InvalidInput(
            field, "must be a code without spaces, such as ADV-03 (never a person's name)"
        )
    allowed = set("-_/.")
    if not all(ch.isalnum() or ch in allowed for ch in stripped):
        raise InvalidInput(field, "may hold only letters, digits and - _ / .")
    return stripped
