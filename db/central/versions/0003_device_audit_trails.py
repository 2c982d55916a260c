"""device audit trails

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "device_audit_entries",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("session_id", sa.String(length=36), nullable=True),
        sa.Column("elapsed_ms", sa.BigInteger(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("received_from", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "seq", name=op.f("pk_device_audit_entries")),
    )
    with op.batch_alter_table("device_audit_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_device_audit_entries_record_id"), ["record_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("device_audit_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_audit_entries_record_id"))
    op.drop_table("device_audit_entries")
