"""earlier_actions: required actions of the organisation's earlier assessments, read-only

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 21:50:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "earlier_actions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
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
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_earlier_actions")),
    )
    with op.batch_alter_table("earlier_actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_earlier_actions_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("earlier_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_earlier_actions_organisation_id"))
    op.drop_table("earlier_actions")
