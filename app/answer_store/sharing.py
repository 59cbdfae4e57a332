"""Share codes: a person's answers kept for one counselor, behind a code read aloud (issue 29).

Made only when the person asks, from the results page: the answers document
(documents.py) sealed under a key from the code (codes.SHARE), padded, in
`shared_answers`, until the first counselor who enters the code takes it, the
person withdraws it, or SHARE_CODE_DAYS pass. Taking is one DELETE … RETURNING:
of two counselors entering the same code at once, one gets the answers and the
other finds nothing, as for a wrong code. The code never leaves the person's
encrypted session and the pages shown to them; no log line quotes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app, session
from sqlalchemy import delete, func, select

from ..database import checkpoint_wal
from ..engine.model import Questionnaire
from ..extensions import db, utcnow
from ..intake_flow.progress import Progress
from .codes import SHARE
from .documents import document_bytes
from .models import SharedAnswers


@dataclass(frozen=True)
class ShareCode:
    """A code the person made in this session, as their results page and PDF show it."""

    code: str  # canonical (no dashes)
    last_day: date  # the last whole day it works
    fingerprint: str  # of the answers it shares: the page says when they have changed since

    @property
    def grouped(self) -> str:
        return SHARE.grouped(self.code)


def answers_fingerprint(questionnaire: Questionnaire, progress: Progress) -> str:
    return hashlib.sha256(document_bytes(questionnaire, progress)).hexdigest()[:32]


def make_share(questionnaire: Questionnaire, progress: Progress, expires_at: datetime) -> str | None:
    """A new code for these answers, stored until `expires_at`; None when the table is full."""
    if _shared_rows() >= int(current_app.config["SAVED_ANSWERS_MAX_ROWS"]):
        purge_expired_shares()
        if _shared_rows() >= int(current_app.config["SAVED_ANSWERS_MAX_ROWS"]):
            return None
    code = SHARE.new_code()
    salt, sealed = SHARE.seal(code, document_bytes(questionnaire, progress))
    db.session.add(SharedAnswers(lookup=SHARE.lookup_hash(code), salt=salt, sealed=sealed, expires_at=expires_at))
    db.session.commit()
    return code


def take_shared(code: str) -> bytes | None:
    """The answers document behind a code, deleted in the same statement; None for a wrong,
    used, withdrawn or expired code (all alike)."""
    taken = db.session.execute(
        delete(SharedAnswers)
        .where(SharedAnswers.lookup == SHARE.lookup_hash(code))
        .returning(SharedAnswers.salt, SharedAnswers.sealed, SharedAnswers.expires_at)
    ).first()
    db.session.commit()
    if taken is None:
        return None
    checkpoint_wal(db.session)
    if taken.expires_at <= utcnow():
        return None
    return SHARE.unseal(code, taken.salt, taken.sealed)


def withdraw_shared(code: str) -> bool:
    """Delete the answers behind a code; False when there were none (or they had expired)."""
    result = db.session.execute(
        delete(SharedAnswers).where(SharedAnswers.lookup == SHARE.lookup_hash(code)).returning(SharedAnswers.expires_at)
    ).first()
    db.session.commit()
    if result is None:
        return False
    checkpoint_wal(db.session)
    return result.expires_at > utcnow()


def purge_expired_shares() -> int:
    """Delete shared answers whose time is up; the number deleted."""
    result = db.session.execute(delete(SharedAnswers).where(SharedAnswers.expires_at <= utcnow()))
    db.session.commit()
    checkpoint_wal(db.session)
    return int(getattr(result, "rowcount", 0) or 0)


def _shared_rows() -> int:
    return int(db.session.scalar(select(func.count()).select_from(SharedAnswers)) or 0)


# The person's own code, in their encrypted session only: their results page and PDF show it
# again, and they can withdraw it without typing it.
def _session_key(questionnaire_id: str) -> str:
    return f"share:{questionnaire_id}"


def remember_share(questionnaire_id: str, share: ShareCode) -> None:
    session[_session_key(questionnaire_id)] = {
        "code": share.code,
        "last_day": share.last_day.isoformat(),
        "fingerprint": share.fingerprint,
    }


def remembered_share(questionnaire_id: str) -> ShareCode | None:
    data = session.get(_session_key(questionnaire_id))
    if not isinstance(data, dict):
        return None
    code = SHARE.normalize(data.get("code"))
    try:
        last_day = date.fromisoformat(str(data.get("last_day")))
    except ValueError:
        return None
    if code is None or last_day < utcnow().date():
        return None
    return ShareCode(code, last_day, str(data.get("fingerprint", "")))


def forget_share(questionnaire_id: str) -> None:
    session.pop(_session_key(questionnaire_id), None)
