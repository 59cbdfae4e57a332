"""Counselor workspace tables: organizations, counselors, their server-side
sessions, intake records (one row per version) and the audit trail.

Dates are naive UTC on every database (see app/answer_store/models.utcnow).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db, utcnow

ROLES = ("counselor", "admin")


class Organization(db.Model):  # type: ignore[name-defined]  # Flask-SQLAlchemy builds db.Model at run time
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Counselor(db.Model):  # type: ignore[name-defined]  # Flask-SQLAlchemy builds db.Model at run time
    __tablename__ = "counselors"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="counselor")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)

    organization: Mapped[Organization] = relationship()

    # Flask-Login's user protocol; the id it keeps is the server session's, set at load.
    # Not a column (no annotation, so the mapper leaves it alone): set per request.
    session_id = None  # type: str | None
    session_started_at = None  # type: datetime | None
    session_last_seen_at = None  # type: datetime | None
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def get_id(self) -> str | None:
        return self.session_id


class CounselorSession(db.Model):  # type: ignore[name-defined]  # Flask-SQLAlchemy builds db.Model at run time
    """One signed-in browser: revoking the row signs that browser out, wherever the cookie is."""

    __tablename__ = "counselor_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    counselor_id: Mapped[int] = mapped_column(ForeignKey("counselors.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)

    counselor: Mapped[Counselor] = relationship()


class IntakeRecord(db.Model):  # type: ignore[name-defined]  # Flask-SQLAlchemy builds db.Model at run time
    """One version of a client's intake: the answers and the assessment exactly as computed then."""

    __tablename__ = "intake_records"
    __table_args__ = (UniqueConstraint("organization_id", "code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    questionnaire_id: Mapped[str] = mapped_column(String(80))
    questionnaire_version: Mapped[int] = mapped_column(Integer)
    rules_version: Mapped[str] = mapped_column(String(40))
    perspective: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(8))
    region: Mapped[str | None] = mapped_column(String(20), nullable=True)  # None: saved before regions were kept
    notes: Mapped[str] = mapped_column(Text, default="")
    # The perspective (self, family) of the client's own answers the intake began from; None: from nothing.
    began_from: Mapped[str | None] = mapped_column(String(20), nullable=True)
    answers: Mapped[dict] = mapped_column(JSON)
    assessment: Mapped[dict] = mapped_column(JSON)
    top_pathway: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    form_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("counselors.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow, index=True)

    created_by: Mapped[Counselor | None] = relationship()


class AuditEvent(db.Model):  # type: ignore[name-defined]  # Flask-SQLAlchemy builds db.Model at run time
    """Who did what to which record, and whether it worked; never an answer."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True, nullable=True)
    counselor_id: Mapped[int | None] = mapped_column(ForeignKey("counselors.id", ondelete="SET NULL"), nullable=True)
    record_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow, index=True)


class ReferralService(db.Model):  # type: ignore[name-defined]  # Flask-SQLAlchemy builds db.Model at run time
    """A local service an organization refers clients to, with the pathways it offers."""

    __tablename__ = "referral_services"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    pathways: Mapped[list] = mapped_column(JSON)
    languages: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
