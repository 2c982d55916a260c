"""The first screen's list of assessments, read with plain SQL before the ORM is loaded.

Start-up shows the assessor's list as soon as Qt is up; SQLAlchemy, the ORM tables and the
services take about a second more to load, on another thread (see
:mod:`qpm_desktop.services.first_screen`). This module is what can be read before then: one
connection, one statement, the same rows ``Queries.list_assessments`` gives (a test holds the
two equal). It imports nothing heavy: the SQLCipher driver and the standard library.

It reads only a database at this app's schema revision that no earlier run found damaged; for
anything else it answers ``None`` and the app opens the copy the full way (upgrade, check,
restore), which has the words for what went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from qpm_desktop.store.revision import HEAD_REVISION

#: The tables whose rows belong to an assessment directly: the list counts their unconfirmed
#: rows (``ASSESSMENT_CHILDREN`` in :mod:`qpm_desktop.store.tables`; a test keeps them equal).
CHILD_TABLES = (
    "site_visits",
    "findings",
    "interviews",
    "observations",
    "case_file_reviews",
    "evidence_items",
    "evidence_links",
    "required_actions",
)

#: The sync state of a row the central store has confirmed (``SyncState.CONFIRMED``).
CONFIRMED = "confirmed"

_UNSYNCED = " UNION ALL ".join(
    f"SELECT assessment_id, count(*) AS n FROM {table} WHERE sync_state != :confirmed "
    "GROUP BY assessment_id"
    for table in CHILD_TABLES
)

LIST_SQL = f"""
SELECT a.id, a.reference, o.name, a.stage, a.status, a.band, a.lead_assessor,
       a.visit_start, a.visit_end, coalesce(u.n, 0), f.placeholder
FROM assessments AS a
JOIN organisations AS o ON o.id = a.organisation_id
LEFT JOIN framework_versions AS f ON f.key = a.framework_key
LEFT JOIN (SELECT assessment_id, sum(n) AS n FROM ({_UNSYNCED}) GROUP BY assessment_id) AS u
       ON u.assessment_id = a.id
WHERE a.deleted = 0
ORDER BY a.visit_start DESC, o.name
"""


@dataclass(frozen=True, slots=True)
class ListedAssessment:
    """One row of the list, as stored (enums as their values)."""

    id: str
    reference: str
    organisation: str
    stage: str
    status: str
    band: int
    lead_assessor: str
    visit_start: date | None
    visit_end: date | None
    unsynced: int
    placeholder: bool


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def read_list(database: Path, key: bytes) -> list[ListedAssessment] | None:
    """The list from the SQLCipher file ``database`` under ``key``; ``None`` when this file
    cannot be read this way (no file, another key, another schema revision, damage)."""
    if not Path(database).is_file():
        return None
    import sqlcipher3.dbapi2 as sqlcipher

    try:
        conn = sqlcipher.connect(f"file:{database}?mode=ro", uri=True, isolation_level=None)
    except sqlcipher.Error:
        return None
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA busy_timeout = 2000")
        conn.execute("BEGIN")
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        if revision != [(HEAD_REVISION,)]:
            return None
        rows = conn.execute(LIST_SQL, {"confirmed": CONFIRMED}).fetchall()
    except sqlcipher.Error:
        return None
    finally:
        conn.close()
    return [
        ListedAssessment(
            id=r[0],
            reference=r[1],
            organisation=r[2],
            stage=r[3],
            status=r[4],
            band=int(r[5]),
            lead_assessor=r[6],
            visit_start=_date(r[7]),
            visit_end=_date(r[8]),
            unsynced=int(r[9]),
            placeholder=bool(r[10]),
        )
        for r in rows
    ]
