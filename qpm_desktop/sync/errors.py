"""What can go wrong talking to the central store, each with words an assessor can act on."""

from __future__ import annotations


class SyncError(Exception):
    """A sync step failed; ``str(error)`` is the message to show. ``retryable`` errors are
    worth trying again on their own once the network is back."""

    retryable = False


class ServerUnreachable(SyncError):
    retryable = True

    def __init__(self, url: str, detail: str = "") -> None:
        super().__init__(
            f"The central store at {url} cannot be reached"
            + (f" ({detail})" if detail else "")
            + ". Your work is safe on this computer and will be sent when the connection is back."
        )


class ServerFailed(SyncError):
    retryable = True


class WrongCredentials(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "The user name or password is wrong, or the account (or this computer) has been "
            "disabled. Check them, or ask your administrator."
        )


class TooManyAttempts(SyncError):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            f"Too many failed sign-ins. Wait {retry_after} seconds before trying again."
        )


class SessionExpired(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "You have been signed out by the central store (the session expired, was revoked, "
            "or the account was disabled). Sign in again; nothing on this computer was lost."
        )


class NotSignedIn(SyncError):
    def __init__(self) -> None:
        super().__init__("Not signed in: sign in to the central store first.")


class ClockSkew(SyncError):
    def __init__(self, skew_seconds: float) -> None:
        self.skew_seconds = skew_seconds
        minutes = abs(skew_seconds) / 60
        direction = "ahead of" if skew_seconds > 0 else "behind"
        super().__init__(
            f"This computer's clock is {minutes:.0f} minutes {direction} the central store's. "
            "Set the correct date, time and time zone, then sync again (times recorded in "
            "interviews and the audit trail depend on it)."
        )


class ProtocolMismatch(SyncError):
    pass


class Refused(SyncError):
    """The server refused a request as malformed (a bug, not the network)."""


class AuditTrailRefused(SyncError):
    """The central store would not take this computer's audit trail from entry ``seq`` on.

    Records still sync: the engine reports this with the round's results instead of raising it.
    """

    def __init__(self, seq: int, reason: str) -> None:
        self.seq = seq
        self.reason = reason
        super().__init__(
            f"The central store refused this computer's audit trail at entry {seq}: {reason}. "
            "Your work was still sent and received; the audit trail from that entry on is held "
            "back. Tell your administrator, who can see what the central store holds."
        )


class Cancelled(SyncError):
    def __init__(self) -> None:
        super().__init__("Sync cancelled. Whatever was already sent is safe; the rest waits.")
