"""Trainee profiles (the civility the caller uses), and the scenario and rubric each session was
played with, kept by content (a draft played from anywhere stays reviewable; an edited file can be
told apart from the one played).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trainees",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("civility", sa.String(20)),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "snapshots",
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
    )
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("scenario_hash", sa.String(64)))
        batch.add_column(sa.Column("rubric_hash", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("rubric_hash")
        batch.drop_column("scenario_hash")
    op.drop_table("snapshots")
    op.drop_table("trainees")
