"""Server-side revocation of anonymous sessions, so a quick exit ends a session everywhere.

Every session cookie carries a random nonce (app/web/session.py). /exit records
that nonce here as revoked, for as long as a copy of the cookie could still be
read (the idle time); every request that brings a nonce asks whether it was
revoked, and a revoked one opens an empty session. Only exited sessions leave
a trace, and that trace is a hash of a random value with an expiry: nothing
about the person or their answers.

Kept in the database by default (every gunicorn worker and app server sees
it), or in Redis when PASSAGE_SESSION_REVOCATION_URI or REDIS_URL names one
(redis-py). If the store cannot be reached the request goes on, and the log
says so: the cookie is still deleted and its idle clock still runs.
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import datetime, timedelta

from sqlalchemy import DateTime, String, bindparam, delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db, utcnow

log = logging.getLogger(__name__)
REDIS_PREFIX = "passage:revoked-session:"
# The key of the session's random nonce (app/web/session.py): what /exit revokes.
NONCE_KEY = "_nonce"


class RevokedSession(db.Model):  # type: ignore[name-defined]  # Flask-SQLAlchemy builds db.Model at run time
    __tablename__ = "revoked_sessions"

    nonce_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(), index=True)


IS_REVOKED = select(RevokedSession.nonce_hash).where(
    RevokedSession.nonce_hash == bindparam("key"), RevokedSession.expires_at > bindparam("now")
)


def nonce_hash(nonce: str) -> str:
    return hashlib.sha256(b"passage session nonce:" + nonce.encode("utf-8")).hexdigest()


class DatabaseRevocations:
    def revoke(self, nonce: str, seconds: int) -> None:
        key = nonce_hash(nonce)
        # Rows past their time go as new ones come: the table holds only the exits of the last idle period.
        db.session.execute(delete(RevokedSession).where(RevokedSession.expires_at <= utcnow()))
        if db.session.get(RevokedSession, key) is None:
            db.session.add(RevokedSession(nonce_hash=key, expires_at=utcnow() + timedelta(seconds=seconds)))
        db.session.commit()

    def is_revoked(self, nonce: str) -> bool:
        # Asked on every request that brings a cookie: one prepared statement on a pooled
        # connection, without the ORM session's bookkeeping (about half the cost).
        with db.engine.connect() as connection:
            found = connection.execute(IS_REVOKED, {"key": nonce_hash(nonce), "now": utcnow()}).first()
        return found is not None


class RedisRevocations:
    """After a failure Redis is left alone for RETRY_AFTER seconds: a hung Redis then costs a worker
    one timeout now and then, not one on every request."""

    RETRY_AFTER = 5.0

    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.down_until = 0.0

    def revoke(self, nonce: str, seconds: int) -> None:
        self._call(self.client.set, REDIS_PREFIX + nonce_hash(nonce), b"1", ex=max(1, seconds))

    def is_revoked(self, nonce: str) -> bool:
        return bool(self._call(self.client.exists, REDIS_PREFIX + nonce_hash(nonce)))

    def _call(self, command, *args, **options):
        from redis.exceptions import ConnectionError as Unreachable
        from redis.exceptions import RedisError

        if time.monotonic() < self.down_until:
            raise Unreachable("skipped: Redis failed a moment ago")
        try:
            return command(*args, **options)
        except RedisError:
            self.down_until = time.monotonic() + self.RETRY_AFTER
            raise


def revocations_of(app) -> DatabaseRevocations | RedisRevocations:
    store = app.extensions.get("passage_session_revocations")
    if store is None:
        url = app.config.get("SESSION_REVOCATION_URI")
        store = RedisRevocations(url) if url else DatabaseRevocations()
        app.extensions["passage_session_revocations"] = store
    return store


def _store_errors() -> tuple[type[Exception], ...]:
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis is in requirements.txt
        return (SQLAlchemyError,)
    return (SQLAlchemyError, RedisError)


def revoke(app, nonce: str, seconds: int) -> None:
    try:
        revocations_of(app).revoke(nonce, seconds)
    except _store_errors():
        db.session.rollback()
        log.error("A quick exit could not be recorded as revoked: the revocation store is unreachable or not set up.")


def is_revoked(app, nonce: str) -> bool:
    try:
        return revocations_of(app).is_revoked(nonce)
    except _store_errors():
        db.session.rollback()
        log.error("Session revocation could not be checked: the revocation store is unreachable or not set up.")
        return False
