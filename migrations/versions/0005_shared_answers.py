"""shared answers: a person's answers for a counselor, behind a share code; records note it

`shared_answers` holds, like `saved_answers`, a hash of the code, a salt and the
padded answers encrypted with a key from the code, and the day they expire.
`intake_records.began_from` names the perspective of the answers a record began
from (self or family), or is empty for a record begun from nothing.

Revision ID: 0005_shared_answers
Revises: 0004_revoked_sessions
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = "0005_shared_answers"
down_revision = "0004_revoked_sessions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "shared_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lookup", sa.String(length=64), nullable=False),
        sa.Column("salt", sa.LargeBinary(length=16), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shared_answers")),
        sa.UniqueConstraint("lookup", name=op.f("uq_shared_answers_lookup")),
    )
    with op.batch_alter_table("shared_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shared_answers_expires_at"), ["expires_at"], unique=False)
    with op.batch_alter_table("intake_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("began_from", sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table("intake_records", schema=None) as batch_op:
        batch_op.drop_column("began_from")
    with op.batch_alter_table("shared_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shared_answers_expires_at"))
    op.drop_table("shared_answers")
