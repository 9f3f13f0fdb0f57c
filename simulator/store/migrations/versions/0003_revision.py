"""A change counter per session, raised by every write to the session (event, end, override) in
the same transaction, so that a reader learns from one query of the sessions table which sessions
changed since it last looked, whichever process or workstation wrote them.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("revision", sa.Integer, nullable=False, server_default="0"))
    # Covering index: counting and summing the counters, or listing them by id, reads this small
    # index instead of every session row and its context (SQLite: 0.23 -> 0.14 ms for 2,000).
    op.create_index("ix_sessions_revision", "sessions", ["id", "revision"])


def downgrade() -> None:
    op.drop_index("ix_sessions_revision", "sessions")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("revision")
