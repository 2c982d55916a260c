"""A newer app opens every local database an older app could have left, with its data intact.

For each revision in db/local/versions (walked from the Alembic script directory, so a new
revision is covered without touching this file) a database is made at that revision, filled with
raw SQL with the kind of data an assessor has on a laptop (Welsh and emoji text included), and
then opened the way the app opens it: ``Services.open``, which backs up, encrypts a copy from
before encryption, and migrates. The backup must exist and pass SQLite's check, the schema must be
at the head, and every value must read back exactly.

Only the tables that exist at a revision are filled, and only with the columns they have then. A
revision that adds a required column to a table filled here fails with a message saying which
value to add to ``ROWS``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from qpm_desktop.locations import placeholder_framework_path
from qpm_desktop.model.framework import load_framework
from qpm_desktop.services.core import DataLocation, Services
from qpm_desktop.services.recording import finding_id
from qpm_desktop.store.crypto import DatabaseKey
from qpm_desktop.store.db import connect
from qpm_desktop.store.migrate import (
    alembic_config,
    check_integrity,
    current_revision,
    encrypt_in_place,
    head_revision,
    is_plaintext,
)

KEY = bytes(range(32, 64))
ACTOR = "Elin Davies"


def shipped_revisions() -> list[str]:
    """Every local schema revision, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


# -- representative data ---------------------------------------------------------------------

FRAMEWORK = load_framework(placeholder_framework_path())
STANDARD = next(FRAMEWORK.iter_standards())[1].code
ORG_ID = "6f1c1d3e-0000-4000-8000-000000000001"
ASSESSMENT_ID = "6f1c1d3e-0000-4000-8000-000000000002"
VISIT_ID = "6f1c1d3e-0000-4000-8000-000000000003"
TEAM_ID = "6f1c1d3e-0000-4000-8000-000000000004"
INTERVIEW_ID = "6f1c1d3e-0000-4000-8000-000000000005"
REPORT_ID = "6f1c1d3e-0000-4000-8000-000000000006"
MUTATION_ID = "6f1c1d3e-0000-4000-8000-000000000007"
WELSH = "Mae'r eiriolwr yn gwrando'n astud ar ddymuniadau'r unigolyn — ŵ ŷ â ê î ô û 👍🏽 ✅"
T0 = "2026-11-03 09:15:00.123456"
T1 = "2026-11-03 10:42:07.000001"


def _record(**values: Any) -> dict[str, Any]:
    """A synced-record row: the bookkeeping columns every record table carries."""
    return {
        "rev": 2,
        "acked_rev": 1,
        "server_version": 7,
        "sync_state": "pending",
        "sync_note": None,
        "created_at": T0,
        "updated_at": T1,
        "deleted": 0,
        **values,
    }


# In insertion order (parents first). Values are stored as SQLite stores them: dates and times
# as SQLAlchemy's text form, booleans as 0/1, JSON as text.
ROWS: list[tuple[str, dict[str, Any]]] = [
    (
        "framework_versions",
        {
            "key": FRAMEWORK.key,
            "framework_id": FRAMEWORK.id,
            "version": FRAMEWORK.version,
            "title": FRAMEWORK.title.en,
            "placeholder": int(FRAMEWORK.placeholder),
            "content": FRAMEWORK.canonical_json(),
            "sha256": FRAMEWORK.sha256,
            "imported_at": T0,
        },
    ),
    (
        "organisations",
        _record(
            id=ORG_ID,
            name="Eiriolaeth Glannau Dyfrdwy (prawf) 🏴󠁧󠁢󠁷󠁬󠁳󠁿",
            profile=WELSH,
            nations=json.dumps(["wales", "england"]),
            services=json.dumps(["ipa_wales", "imha"]),
            advocates=17,
            contact="Swyddfa, 2 Stryd y Cei",
        ),
    ),
    (
        "teams",
        _record(
            id=TEAM_ID,
            organisation_id=ORG_ID,
            name="Tîm Gwynedd",
            area="Gwynedd",
            manager="Gareth Ll. Jones",
            nation="wales",
            advocates=5,
        ),
    ),
    (
        "assessments",
        _record(
            id=ASSESSMENT_ID,
            organisation_id=ORG_ID,
            framework_key=FRAMEWORK.key,
            reference="QPM-2025-0007",
            stage="site_visit",
            status="in_progress",
            band=2,
            lead_assessor=ACTOR,
            co_assessors=json.dumps(["Sam Okafor"]),
            desktop_submitted_on="2026-10-01",
            visit_start="2026-11-03",
            visit_end="2026-11-04",
            desktop_review_notes=WELSH,
            retention_until=None,
        ),
    ),
    (
        "site_visits",
        _record(
            id=VISIT_ID,
            assessment_id=ASSESSMENT_ID,
            visit_date="2026-11-03",
            location="Caernarfon",
            notes="Diwrnod cyntaf 🚆",
        ),
    ),
    (
        "findings",
        _record(
            id=finding_id(ASSESSMENT_ID, STANDARD),
            assessment_id=ASSESSMENT_ID,
            standard_code=STANDARD,
            rating="met",
            rationale=WELSH,
            good_practice="Cofnodion clir ✍️",
            areas_for_improvement="",
        ),
    ),
    (
        "interviews",
        _record(
            id=INTERVIEW_ID,
            assessment_id=ASSESSMENT_ID,
            site_visit_id=VISIT_ID,
            interviewee_code="P-03",
            role="advocacy_partner",
            team_id=TEAM_ID,
            advocacy_type="ipa_wales",
            mode="in_person",
            language="welsh",
            welsh_offered=1,
            consent="given",
            consent_note="Cydsyniad llafar 🙂",
            held_at="2026-11-03 11:00:00.000000",
            notes=WELSH,
        ),
    ),
    (
        "report_versions",
        _record(
            id=REPORT_ID,
            assessment_id=ASSESSMENT_ID,
            number=1,
            language="cy",
            snapshot_sha256="a" * 64,
            pdf_sha256="b" * 64,
            file_name="adroddiad-QPM-2025-0007-v1.pdf",
            size=123456,
            state="signed",
            signers=json.dumps([{"name": ACTOR, "role": "lead"}]),
            signed_at=T1,
            local_path=None,
        ),
    ),
    (
        "audit_entries",
        {
            "seq": 1,
            "at": T1,
            "actor": ACTOR,
            "entity": "finding",
            "record_id": finding_id(ASSESSMENT_ID, STANDARD),
            "action": "update",
            "before": json.dumps({"rationale": ""}),
            "after": json.dumps({"rationale": WELSH}),
            "prev_hash": "0" * 64,
            "hash": "c" * 64,
        },
    ),
    (
        "mutations",
        {
            "seq": 1,
            "mutation_id": MUTATION_ID,
            "entity": "finding",
            "record_id": finding_id(ASSESSMENT_ID, STANDARD),
            "op": "update",
            "base_version": 7,
            "rev": 2,
            "fields": json.dumps({"rationale": WELSH, "rating": "met"}),
            "state": "pending",
            "attempts": 0,
            "last_error": None,
            "created_at": T1,
            "updated_at": T1,
        },
    ),
]


def make_database_at(path: Path, revision: str) -> None:
    """A plaintext SQLite file at ``revision``, as the app of that time made it."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    finally:
        engine.dispose()


def columns(con: sqlite3.Connection, table: str) -> dict[str, tuple[bool, bool]]:
    """Column -> (required, is_primary_key) for ``table``."""
    return {
        name: (bool(notnull) and default is None, bool(pk))
        for _cid, name, _type, notnull, default, pk in con.execute(f"PRAGMA table_info({table})")
    }


def fill(path: Path, revision: str) -> dict[str, dict[str, Any]]:
    """Insert the rows that fit the schema at ``revision``; return what went in, per table."""
    con = sqlite3.connect(path)
    inserted: dict[str, dict[str, Any]] = {}
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table, row in ROWS:
            if table not in tables:
                continue
            cols = columns(con, table)
            missing = [c for c, (required, _pk) in cols.items() if required and c not in row]
            if missing:
                pytest.fail(
                    f"revision {revision} has required columns {table}.{missing} this test does "
                    f"not fill: add values for them to ROWS in {Path(__file__).name}"
                )
            values = {c: v for c, v in row.items() if c in cols}
            names = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            con.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(values.values()))
            inserted[table] = values
        con.commit()
    finally:
        con.close()
    assert {"organisations", "assessments", "findings", "interviews"} <= set(inserted)
    return inserted


def read_row(services: Services, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """One stored row, raw, through the services' own (encrypted) store."""
    key_col = "seq" if "seq" in row else ("key" if table == "framework_versions" else "id")
    names = ", ".join(row)
    with services.store.read() as s:
        found = (
            s.execute(
                text(f"SELECT {names} FROM {table} WHERE {key_col} = :k"), {"k": row[key_col]}
            )
            .mappings()
            .one()
        )
    return dict(found)


@pytest.mark.parametrize("encrypted", [False, True], ids=["plaintext", "encrypted"])
@pytest.mark.parametrize("revision", shipped_revisions())
def test_data_from_each_shipped_schema_survives_the_upgrade(
    tmp_path: Path, revision: str, encrypted: bool
) -> None:
    """A copy at every older schema (plain, or already encrypted) opens at the head, intact."""
    where = DataLocation(tmp_path / "local")
    where.root.mkdir()
    make_database_at(where.database, revision)
    inserted = fill(where.database, revision)
    key = DatabaseKey(KEY)
    if encrypted:
        encrypt_in_place(where.database, key)

    services = Services.open(where.root, actor=ACTOR, key=KEY)
    try:
        # The schema is the newest, and the file is now encrypted whatever it was before.
        assert current_revision(where.database, key) == head_revision()
        assert not is_plaintext(where.database)
        migration = services.migration
        assert migration is not None and migration.to_revision == head_revision()
        if revision == head_revision():
            assert migration.backup is None
        else:
            assert migration.from_revision == revision
            assert migration.backup is not None and migration.backup.exists()
            assert check_integrity(migration.backup, key) == []
            # The backup holds the copy as it was: the old revision and the data.
            con = connect(migration.backup, key, read_only=True)
            try:
                assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (
                    revision,
                )
                assert con.execute("SELECT rationale FROM findings").fetchall() == [(WELSH,)]
            finally:
                con.close()
        for backup in where.backups.glob("*.sqlite3"):
            assert check_integrity(backup, None if is_plaintext(backup) else key) == [], backup

        # Through the queries the UI uses.
        [summary] = services.queries.list_assessments()
        assert (summary.id, summary.reference) == (ASSESSMENT_ID, "QPM-2025-0007")
        assert summary.organisation == inserted["organisations"]["name"]
        finding = services.queries.finding(ASSESSMENT_ID, STANDARD)
        assert (finding.rating.value, finding.rationale, finding.good_practice) == (
            "met",
            WELSH,
            "Cofnodion clir ✍️",
        )
        [interview] = services.queries.interviews(ASSESSMENT_ID)
        assert (interview.id, interview.notes, interview.consent_note) == (
            INTERVIEW_ID,
            WELSH,
            "Cydsyniad llafar 🙂",
        )
        assert interview.held_at is not None and interview.held_at.isoformat() == (
            "2026-11-03T11:00:00+00:00"
        )
        assert services.queries.framework_of(ASSESSMENT_ID).key == FRAMEWORK.key

        # And every value that went in, byte for byte, in every table that had it.
        for table, row in inserted.items():
            assert read_row(services, table, row) == row, table
    finally:
        services.close()


def test_the_walk_covers_every_file_in_versions() -> None:
    """Each migration file is a revision the history test runs (none is skipped by the walk)."""
    versions = alembic_config().get_main_option("script_location")
    assert versions is not None
    files = sorted(p for p in (Path(versions) / "versions").glob("*.py") if p.stem[0].isdigit())
    assert len(files) == len(shipped_revisions())
    assert shipped_revisions()[0] is not None and shipped_revisions()[-1] == head_revision()
