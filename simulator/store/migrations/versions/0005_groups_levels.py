"""Trainees' groups (one each at most), and the competency levels trainers set by hand beside the
computed ones: rows only added, the latest per trainee and référentiel code counts.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "memberships",
        sa.Column("trainee_key", sa.String(200), primary_key=True),
        sa.Column("trainee", sa.String(200), nullable=False),
        sa.Column("group_name", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "manual_levels",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("trainee_key", sa.String(200), nullable=False),
        sa.Column("trainee", sa.String(200), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("level", sa.String(20)),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    op.create_index("ix_manual_levels_trainee_key", "manual_levels", ["trainee_key"])


def downgrade() -> None:
    op.drop_table("manual_levels")
    op.drop_table("memberships")
