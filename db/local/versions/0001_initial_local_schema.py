"""initial local schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 18:37:21.858721
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_entries")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entries_record_id"), ["record_id"], unique=False)

    op.create_table(
        "framework_versions",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("framework_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("placeholder", sa.Boolean(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_framework_versions")),
    )
    op.create_table(
        "mutations",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("mutation_id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=16), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_mutations")),
        sa.UniqueConstraint("mutation_id", name=op.f("uq_mutations_mutation_id")),
    )
    with op.batch_alter_table("mutations", schema=None) as batch_op:
        batch_op.create_index("ix_mutations_record", ["entity", "record_id", "state"], unique=False)
        batch_op.create_index(batch_op.f("ix_mutations_state"), ["state"], unique=False)

    op.create_table(
        "organisations",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("profile", sa.Text(), nullable=False),
        sa.Column("nations", sa.JSON(), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("advocates", sa.Integer(), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("acked_rev", sa.Integer(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column(
            "sync_state",
            sa.Enum(
                "pending",
                "sent",
                "confirmed",
                "conflict",
                "set_aside",
                name="syncstate",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("sync_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisations_sync_state"), ["sync_state"], unique=False
        )

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "assessments",
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("framework_key", sa.String(length=100), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column(
            "stage",
            sa.Enum(
                "pre_assessment",
                "desktop_submission",
                "desktop_review",
                "site_visit",
                "reporting",
                "internal_review",
                "decision",
                "closed",
                name="assessmentstage",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "in_progress",
                "awarded",
                "targeted_reassessment",
                "not_awarded",
                "did_not_proceed",
                "lapsed",
                "withdrawn",
                name="assessmentstatus",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("lead_assessor", sa.String(length=200), nullable=False),
        sa.Column("co_assessors", sa.JSON(), nullable=False),
        sa.Column("desktop_submitted_on", sa.Date(), nullable=True),
        sa.Column("visit_start", sa.Date(), nullable=True),
        sa.Column("visit_end", sa.Date(), nullable=True),
        sa.Column("desktop_review_notes", sa.Text(), nullable=False),
        sa.Column("retention_until", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("acked_rev", sa.Integer(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column(
            "sync_state",
            sa.Enum(
                "pending",
                "sent",
                "confirmed",
                "conflict",
                "set_aside",
                name="syncstate",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("sync_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_key"],
            ["framework_versions.key"],
            name=op.f("fk_assessments_framework_key_framework_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_assessments_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessments_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_assessments_sync_state"), ["sync_state"], unique=False)

    op.create_table(
        "teams",
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("manager", sa.String(length=200), nullable=False),
        sa.Column("nation", sa.String(length=32), nullable=False),
        sa.Column("advocates", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("acked_rev", sa.Integer(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column(
            "sync_state",
            sa.Enum(
                "pending",
                "sent",
                "confirmed",
                "conflict",
                "set_aside",
                name="syncstate",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("sync_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_teams_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
    )
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_teams_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_teams_sync_state"), ["sync_state"], unique=False)

    op.create_table(
        "case_file_reviews",
        sa.Column("assessment_id", sa.String(length=36), nullable=False),
        sa.Column("case_code", sa.String(length=32), nullable=False),
        sa.Column(
            "sample_kind",
            sa.Enum("case_file", "report", name="samplekind", native_enum=False),
            nullable=False,
        ),
        sa.Column(
            "advocacy_type",
            sa.Enum(
                "imca",
                "paid_rpr",
                "imha",
                "imha_wales",
                "care_act",
                "nhs_complaints",
                "ipa_wales",
                "children_wales",
                "community",
                "peer",
                "citizen",
                "self_advocacy",
                "other",
                name="advocacytype",
                native_enum=False,
            ),
            nullable=True,
        ),
        sa.Column("on_site", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("acked_rev", sa.Integer(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column(
            "sync_state",
            sa.Enum(
                "pending",
                "sent",
                "confirmed",
                "conflict",
                "set_aside",
                name="syncstate",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("sync_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_case_file_reviews_assessment_id_assessments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_file_reviews")),
    )
    with op.batch_alter_table("case_file_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_file_reviews_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_case_file_reviews_sync_state"), ["sync_state"], unique=False
        )

    op.create_table(
        "evidence_items",
        sa.Column("assessment_id", sa.String(length=36), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "policy",
                "procedure",
                "report",
                "photo",
                "other",
                name="documentkind",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("acked_rev", sa.Integer(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column(
            "sync_state",
            sa.Enum(
                "pending",
                "sent",
                "confirmed",
                "conflict",
                "set_aside",
                name="syncstate",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("sync_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_evidence_items_assessment_id_assessments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_items")),
    )
    with op.batch_alter_table("evidence_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evidence_items_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_evidence_items_sync_state"), ["sync_state"], unique=False
        )

    op.create_table(
        "evidence_links",
        sa.Column("assessment_id", sa.String(length=36), nullable=False),
        sa.Column("standard_code", sa.String(length=16), nullable=False),
        sa.Column(
            "source_kind",
            sa.Enum(
                "interview",
                "observation",
                "case_file",
                "document",
                name="evidencekind",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("source_id", sa.String(length=36), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("acked_rev", sa.Integer(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column(
            "sync_state",
            sa.Enum(
                "pending",
                "sent",
                "confirmed",
                "conflict",
                "set_aside",
                name="syncstate",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("sync_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_evidence_links_assessment_id_assessments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_links")),
        sa.UniqueConstraint(
            "assessment_id",
            "standard_code",
            "source_kind",
            "source_id",
            name=op.f("uq_evidence_links_assessment_id_standard_code_source_kind_source_id"),
        ),
    )
    with op.batch_alter_table("evidence_links", schema=None) as batch_op:
        batch_op.create_index("ix_evidence_links_source", ["source_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_evidence_links_sync_state"), ["sync_state"], unique=False
        )

    op.create_table(
        "findings",
        sa.Column("assessment_id", sa.String(length=36), nullable=False),
        sa.Column("standard_code", sa.String(length=16), nullable=False),
        sa.Column(
            "rating",
            sa.Enum(
                "not_yet_assessed",
                "further_evidence_needed",
                "met",
                "not_met",
                "not_applicable",
                name="rating",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("good_practice", sa.Text(), nullable=False),
        sa.Column("areas_for_improvement", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("acked_rev", sa.Integer(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column(
            "sync_state",
            sa.Enum(
                "pending",
                "sent",
                "confirmed",
                "conflict",
                "set_aside",
                name="syncstate",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("sync_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_findings_assessment_id_assessments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
        sa.UniqueConstraint(
            "assessment_id", "standard_code", name=op.f("uq_findings_assessment_id_standard_code")
        ),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_findings_sync_state"), ["sync_state"], unique=False)

    op.create_table(
        "required_actions",
        sa.Column("assessment_id", sa.String(length=36), nullable=False),
        sa.Column("standard_code", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("open", "done", name="actionstatus", native_enum=False),
            nullable=False,
        ),
        sa.Column("from_earlier_assessment", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("acked_rev", sa.Integer(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column(
            "sync_state",
            sa.Enum(
                "pending",
                "sent",
                "confirmed",
                "conflict",
                "set_aside",
                name="syncstate",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("sync_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_required_actions_assessment_id_assessments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_required_actions")),
    )
    with op.batch_alter_table("required_actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_required_actions_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_required_actions_sync_state"), ["sync_state"], unique=False
        )

    op.create_table(
        "site_visits",
        sa.Column("assessment_id", sa.String(length=36), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("acked_rev", sa.Integer(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column(
            "sync_state",
            sa.Enum(
                "pending",
                "sent",
                "confirmed",
                "conflict",
                "set_aside",
                name="syncstate",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("sync_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_site_visits_assessment_id_assessments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_visits")),
    )
    with op.batch_alter_table("site_visits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_site_visits_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_site_visits_sync_state"), ["sync_state"], unique=False)

    op.create_table(
        "attachments",
        sa.Column("evidence_item_id", sa.String(length=36), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=127), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("local_path", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("acked_rev", sa.Integer(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column(
            "sync_state",
            sa.Enum(
                "pending",
                "sent",
                "confirmed",
                "conflict",
                "set_aside",
                name="syncstate",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("sync_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_item_id"],
            ["evidence_items.id"],
            name=op.f("fk_attachments_evidence_item_id_evidence_items"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachments_evidence_item_id"), ["evidence_item_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_attachments_sha256"), ["sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_sync_state"), ["sync_state"], unique=False)

    op.create_table(
        "case_file_checks",
        sa.Column("review_id", sa.String(length=36), nullable=False),
        sa.Column("standard_code", sa.String(length=16), nullable=False),
        sa.Column(
            "result",
            sa.Enum(
                "met",
                "partly_met",
                "not_met",
                "not_applicable",
                name="casecheckresult",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("acked_rev", sa.Integer(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column(
            "sync_state",
            sa.Enum(
                "pending",
                "sent",
                "confirmed",
                "conflict",
                "set_aside",
                name="syncstate",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("sync_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["case_file_reviews.id"],
            name=op.f("fk_case_file_checks_review_id_case_file_reviews"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_file_checks")),
        sa.UniqueConstraint(
            "review_id", "standard_code", name=op.f("uq_case_file_checks_review_id_standard_code")
        ),
    )
    with op.batch_alter_table("case_file_checks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_file_checks_sync_state"), ["sync_state"], unique=False
        )

    op.create_table(
        "interviews",
        sa.Column("assessment_id", sa.String(length=36), nullable=False),
        sa.Column("site_visit_id", sa.String(length=36), nullable=True),
        sa.Column("interviewee_code", sa.String(length=32), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "manager",
                "paid_advocate",
                "volunteer_advocate",
                "advocacy_partner",
                "family_or_carer",
                "trustee",
                "involvement_board_member",
                "senior_manager",
                "commissioner",
                "referrer",
                "other_stakeholder",
                name="interviewrole",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("team_id", sa.String(length=36), nullable=True),
        sa.Column(
            "advocacy_type",
            sa.Enum(
                "imca",
                "paid_rpr",
                "imha",
                "imha_wales",
                "care_act",
                "nhs_complaints",
                "ipa_wales",
                "children_wales",
                "community",
                "peer",
                "citizen",
                "self_advocacy",
                "other",
                name="advocacytype",
                native_enum=False,
            ),
            nullable=True,
        ),
        sa.Column(
            "mode",
            sa.Enum("in_person", "phone", "video", name="interviewmode", native_enum=False),
            nullable=False,
        ),
        sa.Column(
            "language",
            sa.Enum(
                "english",
                "welsh",
                "bsl",
                "interpreter",
                "other",
                name="interviewlanguage",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("welsh_offered", sa.Boolean(), nullable=True),
        sa.Column(
            "consent",
            sa.Enum(
                "not_recorded", "given", "declined", "withdrawn", name="consent", native_enum=False
            ),
            nullable=False,
        ),
        sa.Column("consent_note", sa.Text(), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("acked_rev", sa.Integer(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column(
            "sync_state",
            sa.Enum(
                "pending",
                "sent",
                "confirmed",
                "conflict",
                "set_aside",
                name="syncstate",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("sync_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_interviews_assessment_id_assessments"),
        ),
        sa.ForeignKeyConstraint(
            ["site_visit_id"],
            ["site_visits.id"],
            name=op.f("fk_interviews_site_visit_id_site_visits"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_interviews_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interviews")),
    )
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interviews_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_interviews_sync_state"), ["sync_state"], unique=False)

    op.create_table(
        "observations",
        sa.Column("assessment_id", sa.String(length=36), nullable=False),
        sa.Column("site_visit_id", sa.String(length=36), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "team_meeting",
                "office_practice",
                "record_storage",
                "accessibility",
                "other",
                name="observationkind",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("observed_at", sa.DateTime(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("acked_rev", sa.Integer(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column(
            "sync_state",
            sa.Enum(
                "pending",
                "sent",
                "confirmed",
                "conflict",
                "set_aside",
                name="syncstate",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("sync_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_observations_assessment_id_assessments"),
        ),
        sa.ForeignKeyConstraint(
            ["site_visit_id"],
            ["site_visits.id"],
            name=op.f("fk_observations_site_visit_id_site_visits"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observations")),
    )
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_observations_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_observations_sync_state"), ["sync_state"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_observations_sync_state"))
        batch_op.drop_index(batch_op.f("ix_observations_assessment_id"))

    op.drop_table("observations")
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interviews_sync_state"))
        batch_op.drop_index(batch_op.f("ix_interviews_assessment_id"))

    op.drop_table("interviews")
    with op.batch_alter_table("case_file_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_file_checks_sync_state"))

    op.drop_table("case_file_checks")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_sync_state"))
        batch_op.drop_index(batch_op.f("ix_attachments_sha256"))
        batch_op.drop_index(batch_op.f("ix_attachments_evidence_item_id"))

    op.drop_table("attachments")
    with op.batch_alter_table("site_visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_site_visits_sync_state"))
        batch_op.drop_index(batch_op.f("ix_site_visits_assessment_id"))

    op.drop_table("site_visits")
    with op.batch_alter_table("required_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_required_actions_sync_state"))
        batch_op.drop_index(batch_op.f("ix_required_actions_assessment_id"))

    op.drop_table("required_actions")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_findings_sync_state"))

    op.drop_table("findings")
    with op.batch_alter_table("evidence_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_links_sync_state"))
        batch_op.drop_index("ix_evidence_links_source")

    op.drop_table("evidence_links")
    with op.batch_alter_table("evidence_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_items_sync_state"))
        batch_op.drop_index(batch_op.f("ix_evidence_items_assessment_id"))

    op.drop_table("evidence_items")
    with op.batch_alter_table("case_file_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_file_reviews_sync_state"))
        batch_op.drop_index(batch_op.f("ix_case_file_reviews_assessment_id"))

    op.drop_table("case_file_reviews")
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teams_sync_state"))
        batch_op.drop_index(batch_op.f("ix_teams_organisation_id"))

    op.drop_table("teams")
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessments_sync_state"))
        batch_op.drop_index(batch_op.f("ix_assessments_organisation_id"))

    op.drop_table("assessments")
    op.drop_table("settings")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisations_sync_state"))

    op.drop_table("organisations")
    with op.batch_alter_table("mutations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mutations_state"))
        batch_op.drop_index("ix_mutations_record")

    op.drop_table("mutations")
    op.drop_table("framework_versions")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entries_record_id"))

    op.drop_table("audit_entries")
