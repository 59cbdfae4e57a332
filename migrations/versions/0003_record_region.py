"""intake records keep the region chosen during the intake

The region decides the numbers a record shows (next step, helplines) and the
client's PDF: a record must show the same ones when reopened. Older records
have none (NULL): they read as their language's default region.

Revision ID: 0003_record_region
Revises: 0002_counsel
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = "0003_record_region"
down_revision = "0002_counsel"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("intake_records", sa.Column("region", sa.String(length=20), nullable=True))


def downgrade():
    # SQLite cannot drop a column in place: batch mode copies the table without it.
    with op.batch_alter_table("intake_records") as batch:
        batch.drop_column("region")
