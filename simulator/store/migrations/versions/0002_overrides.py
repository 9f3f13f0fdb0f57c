"""Trainers' overrides of the machine's verdicts. Rows are only added: the history is kept and
the latest row per session and criterion is the verdict that counts.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "overrides",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(80), sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("criterion_id", sa.String(40), nullable=False),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("machine_passed", sa.Boolean),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    op.create_index("ix_overrides_session_id", "overrides", ["session_id"])


def downgrade() -> None:
    op.drop_table("overrides")
