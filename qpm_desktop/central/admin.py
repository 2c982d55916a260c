"""What an administrator does (the ``qpm-central admin`` commands), and the demo seed.

Each function works inside the caller's transaction and writes an audit entry; none commits.
Framework files are validated by the app's own ``load_framework``, so the store accepts
exactly what the app accepts.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from qpm_desktop.central import auth
from qpm_desktop.central.schema import Assignment, FrameworkVersion, Record, SignedReport, User
from qpm_desktop.central.sync import allocate_seqs, put_record, resequence
from qpm_desktop.model import demo
from qpm_desktop.model.framework import Framework, load_framework
from qpm_desktop.protocol.digest import assessment_digest
from qpm_desktop.protocol.entities import ENTITY_SPECS

DEMO_PASSWORD = "demo"
DEMO_USERS = (
    ("demo.assessor", demo.LEAD_ASSESSOR, "assessor"),
    ("demo.coassessor", demo.CO_ASSESSOR, "assessor"),
    ("demo.reviewer", "Demo Reviewer", "reviewer"),
    ("demo.admin", "Demo Administrator", "admin"),
)


class AdminError(ValueError):
    pass


def _wire(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}


def _put(
    session: Session, entity: str, record_id: str, fields: dict[str, Any], actor: str, now: datetime
) -> Record:
    seq = next(iter(allocate_seqs(session, 1)))
    return put_record(session, entity, record_id, fields, actor=actor, now=now, seq=seq)


def import_framework(
    session: Session, path: Path, *, actor: str, now: datetime
) -> tuple[FrameworkVersion, bool]:
    """Import a framework file; returns (row, created). ``FrameworkError`` if it is invalid."""
    framework: Framework = load_framework(path)
    key = f"{framework.id}@{framework.version}"
    existing = session.get(FrameworkVersion, key)
    if existing is not None:
        if existing.sha256 == framework.sha256:
            return existing, False
        raise AdminError(
            f"framework {key} is already imported with different content; "
            "give the changed framework a new version"
        )
    row = FrameworkVersion(
        key=key,
        framework_id=framework.id,
        version=framework.version,
        title=framework.title.en,
        placeholder=framework.placeholder,
        content=framework.canonical_json(),
        sha256=framework.sha256,
        imported_at=now,
        imported_by=actor,
    )
    session.add(row)
    auth.audit(
        session, now, actor, "framework_import", detail={"key": key, "sha256": framework.sha256}
    )
    return row, True


def list_frameworks(session: Session) -> list[FrameworkVersion]:
    return list(session.scalars(select(FrameworkVersion).order_by(FrameworkVersion.key)))


def create_organisation(
    session: Session,
    name: str,
    *,
    record_id: str | None = None,
    actor: str,
    now: datetime,
    **fields: Any,
) -> Record:
    return _put(
        session,
        "organisation",
        record_id or str(uuid.uuid4()),
        {"name": name, **fields},
        actor,
        now,
    )


def create_team(
    session: Session,
    organisation_id: str,
    name: str,
    *,
    record_id: str | None = None,
    actor: str,
    now: datetime,
    **fields: Any,
) -> Record:
    values = {"organisation_id": organisation_id, "name": name, **fields}
    return _put(session, "team", record_id or str(uuid.uuid4()), values, actor, now)


def create_assessment(
    session: Session,
    organisation_id: str,
    framework_key: str,
    reference: str,
    *,
    band: int = 1,
    lead_assessor: str = "",
    record_id: str | None = None,
    actor: str,
    now: datetime,
    **fields: Any,
) -> Record:
    if session.get(FrameworkVersion, framework_key) is None:
        raise AdminError(
            f"no framework {framework_key!r}; import it first (admin import-framework)"
        )
    values = {
        "organisation_id": organisation_id,
        "framework_key": framework_key,
        "reference": reference,
        "stage": "pre_assessment",
        "status": "in_progress",
        "band": band,
        "lead_assessor": lead_assessor,
        **fields,
    }
    return _put(session, "assessment", record_id or str(uuid.uuid4()), values, actor, now)


def assign(
    session: Session, assessment_id: str, username: str, role: str, *, actor: str, now: datetime
) -> None:
    if role not in ("lead", "co"):
        raise AdminError("role must be lead or co")
    assessment = session.get(Record, ("assessment", assessment_id))
    if assessment is None:
        raise AdminError(f"no assessment {assessment_id}")
    user = session.get(User, username)
    if user is None or user.role != "assessor":
        raise AdminError(f"{username!r} is not an assessor")
    row = session.get(Assignment, (assessment_id, username))
    if row is None:
        session.add(
            Assignment(assessment_id=assessment_id, username=username, role=role, assigned_at=now)
        )
        # The new assessor's cursor may be past these records already: give them new seqs.
        resequence(
            session,
            or_(
                Record.assessment_id == assessment_id,
                and_(
                    Record.assessment_id.is_(None),
                    Record.organisation_id == assessment.organisation_id,
                ),
                and_(
                    Record.entity == "required_action",
                    Record.organisation_id == assessment.organisation_id,
                ),
            ),
            lambda n: allocate_seqs(session, n),
        )
    else:
        row.role = role
    auth.audit(
        session,
        now,
        actor,
        "assign",
        entity="assessment",
        record_id=assessment_id,
        detail={"username": username, "role": role},
    )


def export_assessment(
    session: Session, assessment_id: str, *, actor: str, now: datetime
) -> dict[str, Any]:
    """Everything the store holds about one assessment, as JSON-ready data."""
    assessment = session.get(Record, ("assessment", assessment_id))
    if assessment is None:
        raise AdminError(f"no assessment {assessment_id}")
    rows = session.scalars(
        select(Record)
        .where(Record.assessment_id == assessment_id)
        .order_by(Record.entity, Record.id)
    ).all()
    org_rows = session.scalars(
        select(Record)
        .where(Record.organisation_id == assessment.organisation_id, Record.assessment_id.is_(None))
        .order_by(Record.entity, Record.id)
    ).all()
    framework = session.get(FrameworkVersion, assessment.fields["framework_key"])
    assignments = session.scalars(
        select(Assignment).where(Assignment.assessment_id == assessment_id)
    ).all()
    signed = session.scalars(
        select(SignedReport)
        .where(SignedReport.assessment_id == assessment_id)
        .order_by(SignedReport.uploaded_at, SignedReport.sha256)
    ).all()
    auth.audit(session, now, actor, "export", entity="assessment", record_id=assessment_id)
    by_entity: dict[str, list[dict[str, Any]]] = {name: [] for name in ENTITY_SPECS}
    for row in [*org_rows, *rows]:
        by_entity[row.entity].append(
            {
                "id": row.id,
                "version": row.version,
                "updated_at": row.updated_at.isoformat(),
                "updated_by": row.updated_by,
                "fields": row.fields,
            }
        )
    return {
        "format": "qpm-central-export/1",
        "exported_at": now.isoformat(),
        "assessment_id": assessment_id,
        "framework": {"key": framework.key, "sha256": framework.sha256} if framework else None,
        "assignments": [{"username": a.username, "role": a.role} for a in assignments],
        "digest": assessment_digest((r.entity, r.id, r.fields) for r in rows),
        "records": {k: v for k, v in by_entity.items() if v},
        # The verified signed reports; the export command writes each PDF beside the JSON
        # under ``file``.
        "reports": [
            {
                "sha256": r.sha256,
                "size": r.size,
                "uploaded_by": r.uploaded_by,
                "uploaded_at": r.uploaded_at.isoformat(),
                "signers": r.signers,
                "file": report_file_name(r.sha256),
            }
            for r in signed
        ],
    }


def report_file_name(sha256: str) -> str:
    """The name an exported report is written under, beside the exported JSON."""
    return f"report-{sha256}.pdf"


def seed_demo(session: Session, framework_path: Path, *, now: datetime, actor: str = "demo") -> str:
    """The demo of ``qpm_desktop.model.demo`` (once; a second call changes nothing)."""
    for username, display_name, role in DEMO_USERS:
        if session.get(User, username) is None:
            auth.create_user(
                session,
                username,
                DEMO_PASSWORD,
                role=role,
                display_name=display_name,
                actor=actor,
                now=now,
            )
    session.flush()
    import_framework(session, framework_path, actor=actor, now=now)
    session.flush()
    if session.get(Record, ("assessment", demo.ASSESSMENT_ID)) is None:
        org = dict(demo.ORGANISATION)
        name = org.pop("name")
        create_organisation(
            session, name, record_id=demo.ORGANISATION_ID, actor=actor, now=now, **org
        )
        for team in demo.TEAMS:
            values = {k: v for k, v in team.items() if k not in ("key", "name")}
            create_team(
                session,
                demo.ORGANISATION_ID,
                team["name"],
                record_id=demo.TEAM_IDS[team["key"]],
                actor=actor,
                now=now,
                **values,
            )
        fields = _wire(
            {
                k: v
                for k, v in demo.ASSESSMENT.items()
                if k not in ("reference", "band", "lead_assessor")
            }
        )
        create_assessment(
            session,
            demo.ORGANISATION_ID,
            demo.FRAMEWORK_KEY,
            demo.ASSESSMENT["reference"],
            band=demo.ASSESSMENT["band"],
            lead_assessor=demo.ASSESSMENT["lead_assessor"],
            record_id=demo.ASSESSMENT_ID,
            actor=actor,
            now=now,
            **fields,
        )
        _put(
            session,
            "site_visit",
            demo.VISIT_ID,
            {**_wire(demo.SITE_VISIT), "assessment_id": demo.ASSESSMENT_ID},
            actor,
            now,
        )
        session.flush()
    if session.get(Record, ("assessment", demo.EARLIER_ASSESSMENT_ID)) is None:
        earlier = dict(demo.EARLIER_ASSESSMENT)
        create_assessment(
            session,
            demo.ORGANISATION_ID,
            demo.FRAMEWORK_KEY,
            earlier.pop("reference"),
            band=earlier.pop("band"),
            lead_assessor=earlier.pop("lead_assessor"),
            record_id=demo.EARLIER_ASSESSMENT_ID,
            actor=actor,
            now=now,
            **_wire(earlier),
        )
        session.flush()
        for action in demo.EARLIER_ACTIONS:
            values = {k: v for k, v in action.items() if k != "id"}
            values["assessment_id"] = demo.EARLIER_ASSESSMENT_ID
            _put(session, "required_action", action["id"], _wire(values), actor, now)
        session.flush()
    if session.get(Assignment, (demo.ASSESSMENT_ID, "demo.assessor")) is None:
        assign(session, demo.ASSESSMENT_ID, "demo.assessor", "lead", actor=actor, now=now)
        assign(session, demo.ASSESSMENT_ID, "demo.coassessor", "co", actor=actor, now=now)
    return demo.ASSESSMENT_ID
