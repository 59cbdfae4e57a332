"""Answers saved with a resume code: encrypted with a key only the code gives.

The server keeps no code and no readable answer: `lookup` is a one-way hash
of the code (to find the row), `sealed` the answers encrypted with a key
derived from the code and the row's `salt` (see codes.py). Rows carry no
date of creation, no address, no user: only when they must be deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db, utcnow


class SavedAnswers(db.Model):  # type: ignore[name-defined]  # Flask-SQLAlchemy builds db.Model at run time
    __tablename__ = "saved_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    lookup: Mapped[str] = mapped_column(String(64), unique=True)
    salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime] = mapped_column(DateTime(), index=True)

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at <= (now or utcnow())


class SharedAnswers(db.Model):  # type: ignore[name-defined]  # Flask-SQLAlchemy builds db.Model at run time
    """Answers a person shares with a counselor through a share code: like SavedAnswers, but
    taken (deleted) by the first counselor who enters the code, or deleted at expiry."""

    __tablename__ = "shared_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    lookup: Mapped[str] = mapped_column(String(64), unique=True)
    salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime] = mapped_column(DateTime(), index=True)
