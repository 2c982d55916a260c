"""What start-up can show before the services are loaded: the assessor's list.

Loading SQLAlchemy, the ORM tables and the services takes about a second; a bare Qt window takes
a fifth of that. So start-up runs in two steps:

1. :meth:`EarlyStart.begin`, called before Qt is imported, gets the local copy's key on a
   thread of its own (the keyring, or scrypt for the demo's published passphrase), while the
   main thread loads Qt. Then :meth:`EarlyStart.assessments` reads the list with one SQL
   statement (:mod:`qpm_desktop.store.first_screen`) and the window shows it.
2. The services open on another thread (:func:`open_services_with`), with the key already
   made, and the window takes them when they are ready.

Only a copy that opens without a question takes this path: one whose key is in the keyring, or
the demo. A copy protected by the assessor's passphrase asks for it first, as before; so does a
copy that the full opening must upgrade, check or restore (the early read answers ``None``).
This module imports nothing heavy; everything here is also correct if step 2 never comes.
"""

from __future__ import annotations

import threading
from pathlib import Path

from qpm_desktop.credentials.database_key import CredentialsError, read_key_info, unlock
from qpm_desktop.model.enums import AssessmentStage, AssessmentStatus
from qpm_desktop.services.data_location import DataLocation
from qpm_desktop.services.summary import AssessmentSummary
from qpm_desktop.store.first_screen import read_list

#: The demo copy's published passphrase (the same as :data:`qpm_desktop.services.unlock.
#: DEMO_PASSPHRASE`, which imports this one).
DEMO_PASSPHRASE = "demo data only, not a secret"


class EarlyStart:
    """The key of one local copy, being made on a thread, and the list read with it."""

    def __init__(self, root: Path, passphrase: str | None) -> None:
        self.root = Path(root)
        self._passphrase = passphrase
        self._key: bytes | None = None
        self._thread = threading.Thread(target=self._unlock, name="qpm-early-key", daemon=True)
        self._thread.start()

    @classmethod
    def begin(cls, root: Path, *, demo: bool) -> EarlyStart | None:
        """Start getting the key of the copy in ``root``; ``None`` when that copy cannot open
        without the assessor (no copy yet, a passphrase to type, a damaged key file) or the
        last run found damage in it."""
        where = DataLocation(Path(root))
        if where.damage_seen.exists() or not where.database.is_file():
            return None
        try:
            info = read_key_info(where.root)
        except CredentialsError:
            return None
        if info is None:
            return None
        if info.source == "keyring":
            return cls(where.root, None)
        if demo:
            return cls(where.root, DEMO_PASSPHRASE)
        return None

    def _unlock(self) -> None:
        try:
            self._key = unlock(self.root, passphrase=self._passphrase)
        except Exception:  # the full opening meets the same problem and words it
            self._key = None

    def key(self) -> bytes | None:
        """The key, once made (waits for the thread); ``None`` if it could not be made."""
        self._thread.join()
        return self._key

    def assessments(self) -> tuple[list[AssessmentSummary], dict[str, bool]] | None:
        """The list, and which assessments use a placeholder framework; ``None`` when this
        copy must be opened the full way first."""
        key = self.key()
        if key is None:
            return None
        rows = read_list(DataLocation(self.root).database, key)
        if rows is None:
            return None
        try:
            summaries = [
                AssessmentSummary(
                    id=r.id,
                    reference=r.reference,
                    organisation=r.organisation,
                    stage=AssessmentStage(r.stage),
                    status=AssessmentStatus(r.status),
                    band=r.band,
                    lead_assessor=r.lead_assessor,
                    visit_start=r.visit_start,
                    visit_end=r.visit_end,
                    unsynced=r.unsynced,
                )
                for r in rows
            ]
        except ValueError:  # a value this app does not know: let the full opening judge
            return None
        return summaries, {r.id: r.placeholder for r in rows}
