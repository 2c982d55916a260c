"""indexes that let the unsynced count per assessment be read from an index alone

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 21:45:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "site_visits",
    "findings",
    "interviews",
    "observations",
    "case_file_reviews",
    "evidence_items",
    "evidence_links",
    "required_actions",
)


def upgrade() -> None:
    for table in TABLES:
        op.create_index(
            f"ix_{table}_sync_assessment", table, ["sync_state", "assessment_id"], unique=False
        )


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_sync_assessment", table_name=table)
