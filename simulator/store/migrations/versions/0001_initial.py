"""The schema as first released: sessions, their events and their results per criterion.

Databases made before migrations existed have exactly this schema; the store stamps them at this
revision instead of running it.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("trainee", sa.String(200), nullable=False),
        sa.Column("scenario_id", sa.String(200)),
        sa.Column("rubric_id", sa.String(200), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("seed", sa.Integer),
        sa.Column("started_at", sa.String(40), nullable=False),
        sa.Column("ended_at", sa.String(40)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("score", sa.Integer),
        sa.Column("context", sa.Text, nullable=False),
    )
    op.create_index("ix_sessions_trainee", "sessions", ["trainee"])
    op.create_index("ix_sessions_scenario_id", "sessions", ["scenario_id"])
    op.create_index("ix_sessions_started_at", "sessions", ["started_at"])
    op.create_table(
        "events",
        sa.Column("session_id", sa.String(80), sa.ForeignKey("sessions.id"), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("t", sa.Float),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "results",
        sa.Column("session_id", sa.String(80), sa.ForeignKey("sessions.id"), primary_key=True),
        sa.Column("criterion_id", sa.String(40), primary_key=True),
        sa.Column("applicable", sa.Boolean, nullable=False),
        sa.Column("passed", sa.Boolean),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("feedback", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("results")
    op.drop_table("events")
    op.drop_table("sessions")
