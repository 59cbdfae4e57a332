"""revoked sessions: quick exit ends a session everywhere

One row per exited session: a hash of its random nonce and when the row may
go (the cookie's idle time by then). Nothing about the person.

Revision ID: 0004_revoked_sessions
Revises: 0003_record_region
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = "0004_revoked_sessions"
down_revision = "0003_record_region"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "revoked_sessions",
        sa.Column("nonce_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("nonce_hash", name=op.f("pk_revoked_sessions")),
    )
    with op.batch_alter_table("revoked_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revoked_sessions_expires_at"), ["expires_at"], unique=False)


def downgrade():
    with op.batch_alter_table("revoked_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revoked_sessions_expires_at"))
    op.drop_table("revoked_sessions")
