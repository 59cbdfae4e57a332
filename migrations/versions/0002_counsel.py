"""counselor workspace: organizations, counselors, sessions, intake records, audit, referral services

Written by hand from app/counsel/models.py (issue 13), reviewed against
`flask db migrate`'s output.

Revision ID: 0002_counsel
Revises: 0001
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = "0002_counsel"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        sa.UniqueConstraint("name", name=op.f("uq_organizations_name")),
    )
    op.create_table(
        "counselors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"],
                                name=op.f("fk_counselors_organization_id_organizations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counselors")),
        sa.UniqueConstraint("email", name=op.f("uq_counselors_email")),
    )
    op.create_index(op.f("ix_counselors_organization_id"), "counselors", ["organization_id"])
    op.create_table(
        "counselor_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("counselor_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["counselor_id"], ["counselors.id"], ondelete="CASCADE",
                                name=op.f("fk_counselor_sessions_counselor_id_counselors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counselor_sessions")),
    )
    op.create_index(op.f("ix_counselor_sessions_counselor_id"), "counselor_sessions", ["counselor_id"])
    op.create_table(
        "intake_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.String(length=80), nullable=False),
        sa.Column("questionnaire_version", sa.Integer(), nullable=False),
        sa.Column("rules_version", sa.String(length=40), nullable=False),
        sa.Column("perspective", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("assessment", sa.JSON(), nullable=False),
        sa.Column("top_pathway", sa.String(length=40), nullable=True),
        sa.Column("form_token", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"],
                                name=op.f("fk_intake_records_organization_id_organizations")),
        sa.ForeignKeyConstraint(["created_by_id"], ["counselors.id"], ondelete="SET NULL",
                                name=op.f("fk_intake_records_created_by_id_counselors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_records")),
        sa.UniqueConstraint("form_token", name=op.f("uq_intake_records_form_token")),
        sa.UniqueConstraint("organization_id", "code", "version", name=op.f("uq_intake_records_organization_id")),
    )
    for column in ("organization_id", "code", "top_pathway", "created_at"):
        op.create_index(op.f(f"ix_intake_records_{column}"), "intake_records", [column])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("counselor_id", sa.Integer(), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"],
                                name=op.f("fk_audit_events_organization_id_organizations")),
        sa.ForeignKeyConstraint(["counselor_id"], ["counselors.id"], ondelete="SET NULL",
                                name=op.f("fk_audit_events_counselor_id_counselors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_organization_id"), "audit_events", ["organization_id"])
    op.create_index(op.f("ix_audit_events_at"), "audit_events", ["at"])
    op.create_table(
        "referral_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("pathways", sa.JSON(), nullable=False),
        sa.Column("languages", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=60), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("website", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"],
                                name=op.f("fk_referral_services_organization_id_organizations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_services")),
    )
    op.create_index(op.f("ix_referral_services_organization_id"), "referral_services", ["organization_id"])


def downgrade():
    op.drop_table("referral_services")
    op.drop_table("audit_events")
    op.drop_table("intake_records")
    op.drop_table("counselor_sessions")
    op.drop_table("counselors")
    op.drop_table("organizations")
