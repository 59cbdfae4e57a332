"""Issue 14, item 6: a quick exit revokes the session on the server, so a cookie copied before the
exit opens an empty session, on every worker; in the database by default, or in Redis."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta

import pytest
from flask import session
from sqlalchemy import select

from app.answer_store.models import utcnow
from app.config import from_environment
from app.extensions import db
from app.privacy.revocation import REDIS_PREFIX, RevokedSession, nonce_hash
from tests.support.apps import MINI, make_app
from tests.support.visitor import Visitor
from tests.support.walk import answer_everything

REDIS_URL = os.environ.get("PASSAGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def copied_cookie(visitor) -> str:
    return visitor.client.get_cookie("passage_session").value


def replay(app, cookie: str):
    """Another browser (or someone who copied the cookie) sending it."""
    client = app.test_client()
    client.set_cookie("passage_session", cookie)
    return client


def session_seen_with(app, cookie: str) -> tuple[dict, bool]:
    with app.test_request_context("/en/intake/check", headers={"Cookie": f"passage_session={cookie}"}):
        return dict(session), session.expired


def assert_exit_revokes_the_copy(app, visitor):
    answers = answer_everything(visitor, app)
    copy = copied_cookie(visitor)
    # Before the exit the copy works anywhere: it shows the answers.
    assert replay(app, copy).get("/en/intake/check").status_code == 200
    before = session_seen_with(app, copy)[0]
    assert before["progress:intake"]["answers"] == answers

    assert visitor.client.get("/exit").status_code == 303

    assert session_seen_with(app, copy) == ({}, True)
    replayed = replay(app, copy)
    page = replayed.get("/en/intake/check")
    assert page.status_code == 302 and "/check" not in page.headers["Location"]
    # What the copy gets back is a fresh session: a new nonce, nothing of the answers.
    fresh, _ = session_seen_with(app, copied_cookie(Visitor(replayed)))
    assert "progress:intake" not in fresh
    assert fresh["_nonce"] != before["_nonce"]


def test_a_cookie_copied_before_a_quick_exit_opens_an_empty_session(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    assert_exit_revokes_the_copy(app, Visitor(app.test_client()))


def test_an_exit_on_one_worker_ends_the_session_on_another(tmp_path):
    # Two processes behind one load balancer: the same secret key and database, nothing else shared.
    first = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    second = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    visitor = Visitor(first.test_client())
    answer_everything(visitor, first)
    copy = copied_cookie(visitor)
    assert replay(second, copy).get("/en/intake/check").status_code == 200
    visitor.client.get("/exit")
    assert session_seen_with(second, copy) == ({}, True)


def test_the_server_keeps_only_a_hash_of_an_exited_sessions_nonce_for_the_idle_time(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), SESSION_IDLE_MINUTES=30)
    visitor = Visitor(app.test_client())
    answer_everything(visitor, app)
    with app.app_context():
        assert db.session.scalars(select(RevokedSession)).all() == []  # nothing while the person stays
    nonce = session_seen_with(app, copied_cookie(visitor))[0]["_nonce"]
    visitor.client.get("/exit")
    with app.app_context():
        [row] = db.session.scalars(select(RevokedSession)).all()
        assert row.nonce_hash == nonce_hash(nonce) != nonce
        assert utcnow() + timedelta(minutes=30) <= row.expires_at <= utcnow() + timedelta(minutes=32)


def test_each_session_gets_its_own_nonce(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    nonces = set()
    for _ in range(3):
        visitor = Visitor(app.test_client())
        answer_everything(visitor, app)
        nonces.add(session_seen_with(app, copied_cookie(visitor))[0]["_nonce"])
    assert len(nonces) == 3


def test_redis_url_chooses_redis_for_revocations():
    assert from_environment({"REDIS_URL": "redis://cache:6379/1"})["SESSION_REVOCATION_URI"] == "redis://cache:6379/1"
    assert "SESSION_REVOCATION_URI" not in from_environment({})


def services_required() -> bool:
    return os.environ.get("PASSAGE_REQUIRE_SERVICES") == "1" or bool(os.environ.get("CI"))


@pytest.fixture
def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        message = f"Redis is not reachable at {REDIS_URL}: {error}"
        if services_required():
            pytest.fail(message + " (PASSAGE_REQUIRE_SERVICES=1 or CI is set: Redis must run)")
        pytest.skip(message)
    return client


def test_with_redis_a_copied_cookie_stops_working_and_the_database_holds_nothing(tmp_path, redis_client):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), SESSION_REVOCATION_URI=REDIS_URL, SESSION_IDLE_MINUTES=30)
    visitor = Visitor(app.test_client())
    answer_everything(visitor, app)
    nonce = session_seen_with(app, copied_cookie(visitor))[0]["_nonce"]
    key = REDIS_PREFIX + nonce_hash(nonce)
    assert not redis_client.exists(key)
    assert_exit_revokes_the_copy(app, Visitor(app.test_client()))
    visitor.client.get("/exit")
    assert 30 * 60 <= redis_client.ttl(key) <= 31 * 60  # gone from Redis once the cookie could not be read anyway
    with app.app_context():
        assert db.session.scalars(select(RevokedSession)).all() == []


def test_an_unreachable_store_neither_breaks_pages_nor_the_exit(tmp_path, caplog):
    port = 1 + secrets.randbelow(1000)  # nothing listens on a privileged port here
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), SESSION_REVOCATION_URI=f"redis://127.0.0.1:{port}/0")
    visitor = Visitor(app.test_client())
    answer_everything(visitor, app)
    assert visitor.get("/en/intake/check").status_code == 200
    assert visitor.client.get("/exit").status_code == 303
    assert visitor.client.get_cookie("passage_session") is None
    assert "revocation store is unreachable" in caplog.text
