"""Intake records: saved from an assessment, one new row per version, scoped to an organization."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import abort
from sqlalchemy import Row, func, select
from sqlalchemy.exc import IntegrityError

from ..database import commit_unhurried
from ..engine import Assessment
from ..engine.assessment import CARD_OF_LEVEL
from ..extensions import db
from ..web.library import get_library
from ..web.region_choice import default_region
from .models import AuditEvent, Counselor, IntakeRecord, ReferralService


def top_pathway(assessment: dict[str, Any]) -> str | None:
    return assessment.get("level_of_care")


def save_record(
    counselor: Counselor,
    code: str,
    form_token: str,
    answers: dict,
    perspective: str,
    assessment: Assessment,
    language: str,
    notes: str = "",
    region: str | None = None,
    began_from: str | None = None,
) -> IntakeRecord:
    """Store a new version for this code; the same form token twice gives back the first record."""
    data = assessment.to_dict()
    fields = {
        "organization_id": counselor.organization_id,
        "code": code,
        "questionnaire_id": assessment.questionnaire,
        "questionnaire_version": assessment.questionnaire_version,
        "rules_version": f"{assessment.rules}@{assessment.rules_version}",
        "perspective": perspective,
        "language": language,
        "region": region,
        "notes": notes,
        "began_from": began_from,
        "answers": answers,
        "assessment": data,
        "top_pathway": top_pathway(data),
        "form_token": form_token,
        "created_by_id": counselor.id,
    }
    return insert_next_version(fields)


def insert_next_version(fields: dict[str, Any]) -> IntakeRecord:
    """The record as its client's next version, or the one already saved with its form token."""
    for _attempt in range(VERSION_ATTEMPTS):
        existing = db.session.scalar(select(IntakeRecord).where(IntakeRecord.form_token == fields["form_token"]))
        if existing is not None:  # a double submit: this one, or a concurrent one that won the race
            return existing
        record = IntakeRecord(version=next_version(fields["organization_id"], fields["code"]), **fields)
        db.session.add(record)
        try:
            db.session.commit()
            return record
        except IntegrityError:  # the same token, or another save of this client took the version
            db.session.rollback()
    raise IntegrityError("no free version after several attempts", None, Exception("version race"))


# Concurrent saves of one client each take the next version; a few tries settle any race.
VERSION_ATTEMPTS = 5


def next_version(organization_id: int, code: str) -> int:
    latest = db.session.scalar(
        select(func.max(IntakeRecord.version)).where(IntakeRecord.organization_id == organization_id, IntakeRecord.code == code)
    )
    return (latest or 0) + 1


def record_for(counselor: Counselor, record_id: int) -> IntakeRecord:
    """The record if it belongs to the counselor's organization; 404 otherwise (same as missing)."""
    record = db.session.get(IntakeRecord, record_id)
    if record is None or record.organization_id != counselor.organization_id:
        abort(404)
    return record


def record_of_form(counselor: Counselor, form_token: str) -> IntakeRecord | None:
    """The record a save form (its one-time token) already made in the counselor's organization."""
    return db.session.scalar(
        select(IntakeRecord).where(
            IntakeRecord.form_token == form_token, IntakeRecord.organization_id == counselor.organization_id
        )
    )


def search_records(counselor: Counselor, code: str | None, day: date | None, pathway: str | None) -> list[IntakeRecord]:
    query = select(IntakeRecord).where(IntakeRecord.organization_id == counselor.organization_id)
    if code:
        query = query.where(IntakeRecord.code.like(f"{escape_like(code)}%", escape="\\"))
    if day:
        start = datetime.combine(day, datetime.min.time())
        query = query.where(IntakeRecord.created_at >= start, IntakeRecord.created_at < start + timedelta(days=1))
    if pathway:
        query = query.where(IntakeRecord.top_pathway == pathway)
    return list(db.session.scalars(query.order_by(IntakeRecord.created_at.desc(), IntakeRecord.id.desc()).limit(500)))


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def versions_of(record: IntakeRecord) -> list[Row[tuple[int, int]]]:
    """Each version's id and number: not whole rows, whose answers and assessment (JSON) would
    each be read and decoded again for a list of links."""
    return list(
        db.session.execute(
            select(IntakeRecord.id, IntakeRecord.version)
            .where(IntakeRecord.organization_id == record.organization_id, IntakeRecord.code == record.code)
            .order_by(IntakeRecord.version)
        )
    )


def audit(counselor: Counselor | None, action: str, outcome: str = "ok", record_id: int | None = None) -> None:
    db.session.add(
        AuditEvent(
            organization_id=counselor.organization_id if counselor else None,
            counselor_id=counselor.id if counselor else None,
            record_id=record_id,
            action=action,
            outcome=outcome,
        )
    )
    if action in READINGS:
        commit_unhurried(db.session)
    else:
        db.session.commit()


# Audited actions that change nothing: their rows need not wait for the disk (app/database.py).
READINGS = ("view", "print")


def suggested_pathways(assessment: dict[str, Any]) -> set[str]:
    return {p["code"] for p in assessment.get("pathways", []) if p.get("fit") in ("recommended", "consider")}


def plan_parts(assessment: dict[str, Any]) -> dict[str, str]:
    """The directory's pathway code for each part of the record's plan: withdrawal, care level, supports, aftercare.

    A record made before the plan existed (or an emergency, which has none) falls back
    to the pathways it suggested, each standing for itself.
    """
    plan = assessment.get("plan")
    if not plan:
        return {code: code for code in sorted(suggested_pathways(assessment))}
    parts = {}
    if plan.get("withdrawal", "none") != "none":
        parts["detox"] = "withdrawal"
    card = CARD_OF_LEVEL.get(plan.get("level", ""))
    if card:
        parts[card] = "level"
    if plan.get("supports"):
        parts.setdefault("support_groups", "supports")
    if plan.get("aftercare", True):
        parts["aftercare"] = "aftercare"
    return parts


def matching_services(record: IntakeRecord) -> list[tuple[ReferralService, list[str]]]:
    """The organization's services offering a pathway of this record's plan, each with the plan parts it serves."""
    parts = plan_parts(record.assessment)
    services = db.session.scalars(
        select(ReferralService).where(ReferralService.organization_id == record.organization_id).order_by(ReferralService.name)
    )
    matched = []
    for service in services:
        served = [parts[code] for code in parts if code in service.pathways]
        if served:
            matched.append((service, served))
    return matched


def region_of(record: IntakeRecord) -> str:
    """The region chosen during the intake; older records: the default region of their language."""
    if record.region in get_library().helplines:
        return record.region
    return default_region(record.language)
