"""The outbox of xAPI statements for the centre's learning record store: each statement once (its
id is stable, and unique here), in the order queued, kept until the store has it, with its attempts
and the last error.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "xapi_outbox",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("session_id", sa.String(80), sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("statement", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("sent_at", sa.String(40)),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
    )
    op.create_index("ix_xapi_outbox_session_id", "xapi_outbox", ["session_id"])
    op.create_index("ix_xapi_outbox_sent_at", "xapi_outbox", ["sent_at"])


def downgrade() -> None:
    op.drop_table("xapi_outbox")
