"""Counselor sign-in state kept in the database, so it can be ended everywhere.

The cookie holds only a random session id (inside Flask's encrypted session);
every request checks the row: revoked, idle too long, too old, or a disabled
account all mean "signed out".
"""

from __future__ import annotations

import math
import secrets
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, url_for
from flask_login import LoginManager
from sqlalchemy import update
from sqlalchemy.orm import joinedload

from ..extensions import db, utcnow
from ..i18n.wording import gettext as _
from .models import Counselor, CounselorSession

login_manager = LoginManager()
login_manager.session_protection = None  # the server-side row is the protection


def _limits() -> tuple[timedelta, timedelta]:
    config = current_app.config
    return timedelta(minutes=config["COUNSEL_IDLE_MINUTES"]), timedelta(hours=config["COUNSEL_ABSOLUTE_HOURS"])


def is_live(row: CounselorSession, now: datetime) -> bool:
    idle, absolute = _limits()
    return row.revoked_at is None and row.counselor.active and now - row.last_seen_at < idle and now - row.created_at < absolute


@login_manager.unauthorized_handler
def ask_to_sign_in():
    flash(_("Please sign in to open the counselor workspace."))
    return redirect(url_for("counsel.sign_in"))


@login_manager.user_loader
def load_counselor(session_id: str) -> Counselor | None:
    # The counselor comes in the same query: every workspace page reads both.
    row = db.session.get(CounselorSession, session_id, options=[joinedload(CounselorSession.counselor)])
    now = utcnow()
    if row is None or not is_live(row, now):
        return None
    if now - row.last_seen_at >= timedelta(seconds=current_app.config["COUNSEL_LAST_SEEN_SECONDS"]):
        # Not at every page: a write per page view would double the database writes of reading a record.
        row.last_seen_at = now
        db.session.commit()
    counselor = row.counselor
    counselor.session_id = row.id
    counselor.session_started_at = row.created_at
    counselor.session_last_seen_at = row.last_seen_at
    return counselor


def open_session(counselor: Counselor) -> Counselor:
    row = CounselorSession(id=secrets.token_urlsafe(32), counselor_id=counselor.id)
    db.session.add(row)
    db.session.commit()
    counselor.session_id = row.id
    return counselor


def revoke_session(session_id: str | None) -> None:
    if session_id:
        db.session.execute(update(CounselorSession).where(CounselorSession.id == session_id).values(revoked_at=utcnow()))
        db.session.commit()


def revoke_all_sessions(counselor_id: int) -> None:
    db.session.execute(
        update(CounselorSession)
        .where(CounselorSession.counselor_id == counselor_id, CounselorSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    db.session.commit()


def session_ends(counselor: Counselor) -> tuple[datetime, datetime]:
    """When this request's session ends (UTC): without activity, counted from the activity last
    written (see COUNSEL_LAST_SEEN_SECONDS), and at the latest."""
    idle, absolute = _limits()
    now = utcnow()
    started = counselor.session_started_at or now
    last_seen = counselor.session_last_seen_at or now
    return min(last_seen + idle, started + absolute), started + absolute


def in_time_zone(moment: datetime, zone: str) -> datetime:
    """A stored (naive UTC) time in the organization's time zone (COUNSEL_TIME_ZONE, checked at start-up)."""
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(zone))


def idle_warning_seconds(idle_end: datetime) -> int:
    """How long after this page is shown it should warn that the session is about to end
    (two minutes before the idle end, from session_ends; never sooner than a minute)."""
    return max(math.ceil((idle_end - utcnow()).total_seconds()) - 120, 60)
