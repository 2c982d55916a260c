"""The list read before the services load (store.first_screen, services.first_screen).

It must show exactly what ``Queries.list_assessments`` shows, and give way (``None``) to the
full opening for any copy it cannot read as it is: another key, another schema revision, a
damaged file, a copy that asks for a passphrase or that the last run found damaged.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from qpm_desktop.benchmarks.fixtures import add_assessments, bench_assessment_id
from qpm_desktop.model import demo
from qpm_desktop.model.enums import InterviewRole, SyncState
from qpm_desktop.services.core import Services
from qpm_desktop.services.data_location import DataLocation
from qpm_desktop.services.first_screen import EarlyStart
from qpm_desktop.services.unlock import open_local_copy
from qpm_desktop.store import first_screen
from qpm_desktop.store.first_screen import read_list
from qpm_desktop.store.tables import ASSESSMENT_CHILDREN, Assessment
from tests.conftest import TEST_KEY


def _as_summary_fields(row: first_screen.ListedAssessment) -> tuple:
    return (
        row.id,
        row.reference,
        row.organisation,
        row.stage,
        row.status,
        row.band,
        row.lead_assessor,
        row.visit_start,
        row.visit_end,
        row.unsynced,
    )


def _full_fields(services: Services) -> list[tuple]:
    return [
        (
            a.id,
            a.reference,
            a.organisation,
            a.stage.value,
            a.status.value,
            a.band,
            a.lead_assessor,
            a.visit_start,
            a.visit_end,
            a.unsynced,
        )
        for a in services.queries.list_assessments()
    ]


def test_the_tables_it_counts_are_the_orms() -> None:
    assert tuple(c.__tablename__ for c in ASSESSMENT_CHILDREN) == first_screen.CHILD_TABLES
    assert SyncState.CONFIRMED.value == first_screen.CONFIRMED


def test_the_early_list_is_the_full_list(services: Services, data_dir: Path) -> None:
    """Same rows, order, dates, counts and placeholder flags, with unsynced work in one
    assessment, another without visit dates, and one deleted."""
    ids = add_assessments(services, 4)
    rec = services.recording
    for i in range(3):
        rec.create_interview(
            demo.ASSESSMENT_ID, interviewee_code=f"E-{i}", role=InterviewRole.PAID_ADVOCATE
        )
    rec.create_interview(ids[1], interviewee_code="E-x", role=InterviewRole.PAID_ADVOCATE)
    with services.store.write() as s:
        s.get(Assessment, ids[2]).deleted = True  # type: ignore[union-attr]
        s.get(Assessment, ids[3]).reference = "Ŵyn “quoted” ' ; DROP TABLE x; --"  # type: ignore[union-attr]
    early = read_list(DataLocation(data_dir).database, TEST_KEY)
    assert early is not None
    assert [_as_summary_fields(r) for r in early] == _full_fields(services)
    assert {r.id: r.placeholder for r in early} == {
        a.id: services.queries.framework_of(a.id).placeholder
        for a in services.queries.list_assessments()
    }
    listed = {r.id: r for r in early}
    assert bench_assessment_id(3) not in listed  # deleted
    assert listed[demo.ASSESSMENT_ID].unsynced >= 3
    assert listed[ids[1]].unsynced == 1


def test_it_gives_way_for_what_it_cannot_read(
    services: Services, data_dir: Path, tmp_path: Path
) -> None:
    database = DataLocation(data_dir).database
    assert read_list(database, TEST_KEY)
    assert read_list(database, bytes(32)) is None  # another key
    assert read_list(tmp_path / "absent.sqlite3", TEST_KEY) is None
    services.close()

    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"\x00garbage" * 4096)
    assert read_list(damaged, TEST_KEY) is None

    older = tmp_path / "older.sqlite3"
    shutil.copy(database, older)
    conn = sqlcipher.connect(str(older), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{TEST_KEY.hex()}'\"")
    conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.close()
    assert read_list(older, TEST_KEY) is None  # the full opening upgrades it first


def test_early_start_on_a_keyring_copy(tmp_path: Path) -> None:
    root = tmp_path / "keyring-copy"
    full = open_local_copy(root, actor=demo.LEAD_ASSESSOR)  # the in-memory keyring keeps the key
    try:
        from qpm_desktop.services.demo import seed_demo

        seed_demo(full)
        expected = full.queries.list_assessments()
    finally:
        full.close()
    early = EarlyStart.begin(root, demo=False)
    assert early is not None
    listed = early.assessments()
    assert listed is not None
    rows, placeholders = listed
    assert rows == expected
    assert placeholders == {demo.ASSESSMENT_ID: True}
    # The key it made opens the copy the full way too.
    again = open_local_copy(root, actor=demo.LEAD_ASSESSOR, key=early.key())
    again.close()


def test_early_start_leaves_what_must_ask_to_the_full_opening(tmp_path: Path) -> None:
    assert EarlyStart.begin(tmp_path / "nothing", demo=True) is None  # no copy yet
    root = tmp_path / "passphrase-copy"
    open_local_copy(root, actor="x", passphrase="a long enough passphrase").close()
    assert EarlyStart.begin(root, demo=False) is None  # the assessor types it
    demo_root = tmp_path / "demo-copy"
    open_local_copy(demo_root, actor="x", demo=True).close()
    early = EarlyStart.begin(demo_root, demo=True)
    assert early is not None and early.assessments() == ([], {})
    DataLocation(demo_root).damage_seen.write_text("found")
    assert EarlyStart.begin(demo_root, demo=True) is None  # the next opening checks first
    DataLocation(demo_root).damage_seen.unlink()
    (demo_root / "key.json").write_text("{not json")
    assert EarlyStart.begin(demo_root, demo=True) is None


@pytest.mark.parametrize(
    "modules",
    [
        "qpm_desktop.services.first_screen",
        "qpm_desktop.services.first_screen, qpm_desktop.ui.app, qpm_desktop.ui.main_window",
    ],
)
def test_the_first_screen_loads_nothing_heavy(modules: str) -> None:
    """What start-up needs before the list shows must not pull in the ORM, the services, the
    HTTP client or the keyring (a second of loading, which the window would wait for)."""
    heavy = ("sqlalchemy", "pydantic", "httpx", "keyring", "alembic", "reportlab", "pyhanko")
    code = (
        f"import sys; import {modules}; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]", done.stdout
