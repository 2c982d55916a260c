"""records: the device whose change, applied exactly as sent, made the current version

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 00:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NULL for every record written before: a pull then sends it to every device, as before.
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("applied_from", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_column("applied_from")
