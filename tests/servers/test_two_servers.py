"""Issue 15, item 4: two app servers, one PostgreSQL, one Redis: any request may go to either.

Two gunicorn servers on different 127.0.0.1 ports share a fresh PostgreSQL
database (created here, dropped afterwards) and Redis on 127.0.0.1:6379 for the
rate limits. One browser (one cookie jar: cookies do not depend on the port)
goes back and forth between them. Skipped locally when PostgreSQL or Redis
cannot be reached; in CI (CI or PASSAGE_TEST_POSTGRES_URL set) it fails instead.
The quick-exit revocation is shown with both stores: Redis (REDIS_URL set) and,
on a second pair of servers with Redis for the rate limits only, the database.
"""

from __future__ import annotations

import http.client
import os
import secrets
import uuid

import pytest

from benchmarks.run import gunicorn
from tests.support import html_page
from tests.support.live_servers import fresh_database, migrate, unreachable
from tests.support.people import (
    COUNSELOR_EMAIL,
    COUNSELOR_PASSWORD,
    bench_answers,
    counselor_record,
    create_counselor,
    intake,
    walk_questionnaire,
)
from tests.support.visitor import LiveClient, Visitor

REDIS_URL = os.environ.get("PASSAGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def database_url():
    with fresh_database("passage_two_servers") as url:
        yield url


@pytest.fixture(scope="module")
def redis_url():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=5, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        unreachable(f"Redis at {REDIS_URL} is unreachable ({type(error).__name__})")
    return REDIS_URL


@pytest.fixture(scope="module")
def environment(database_url, redis_url, tmp_path_factory):
    """What every server gets: one database, one Redis (REDIS_URL) and one secret key."""
    env = {
        **os.environ,
        "FLASK_INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
        "PASSAGE_SECRET_KEY": secrets.token_urlsafe(32),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
    }
    for name in ("PASSAGE_SQLALCHEMY_DATABASE_URI", "PASSAGE_RATELIMIT_STORAGE_URI", "PASSAGE_SESSION_REVOCATION_URI"):
        env.pop(name, None)
    migrate(env)
    create_counselor(env)
    return env


@pytest.fixture(scope="module")
def servers(environment):
    """Two gunicorn servers (one worker each): revocations in Redis, since REDIS_URL is set."""
    with (
        gunicorn("app:create_app()", environment, 1, "/en/") as (first, _),
        gunicorn("app:create_app()", environment, 1, "/en/") as (second, _),
    ):
        yield first, second


@pytest.fixture(scope="module")
def servers_revoking_in_the_database(environment):
    """Two more, with Redis for the rate limits only: revocations go to the revoked_sessions table."""
    env = {key: value for key, value in environment.items() if key != "REDIS_URL"}
    env["PASSAGE_RATELIMIT_STORAGE_URI"] = environment["REDIS_URL"]
    with (
        gunicorn("app:create_app()", env, 1, "/en/") as (first, _),
        gunicorn("app:create_app()", env, 1, "/en/") as (second, _),
    ):
        yield first, second


def test_a_questionnaire_started_on_one_server_continues_on_the_other(servers):
    first, second = servers
    answers = bench_answers(*intake())
    visitor = Visitor(LiveClient(first))
    visitor.get("/en/intake/start")
    visitor.submit("/en/intake/start", {"perspective": "self"})
    for _ in range(2):  # two pages on the first server
        visitor.answer_page(answers)
    visitor.client.base = second  # the rest on the other
    visitor.get(visitor.path())
    assert visitor.page.status_code == 200
    assert visitor.path().startswith("/en/intake/questions/") and visitor.path() != "/en/intake/questions/right_now"
    assert visitor.answer_until_done(answers) == "/en/intake/check"
    visitor.client.base = first  # and the results back on the first
    visitor.get("/en/intake/results", follow_redirects=True)
    assert visitor.path() == "/en/intake/results"
    assert html_page.h1(visitor.html()) == "Your plan"


def test_the_sign_in_limit_is_shared_through_redis(servers):
    first, second = servers
    visitor = Visitor(LiveClient(first))
    visitor.get("/en/counsel/sign-in")
    email = f"nobody-{uuid.uuid4().hex[:8]}@example.org"  # a key of its own in Redis
    data = {"email": email, "password": "not the right one at all", "csrf_token": visitor.csrf_token()}
    for _ in range(5):  # the limit: 5 per minute per account and address
        assert visitor.submit("/en/counsel/sign-in", data).status_code == 400
    visitor.client.base = second
    assert visitor.submit("/en/counsel/sign-in", data).status_code == 429


def test_a_counselor_signed_in_on_one_server_is_signed_in_on_the_other(servers):
    first, second = servers
    visitor = Visitor(LiveClient(first))
    visitor.get("/en/counsel/sign-in")
    visitor.submit("/en/counsel/sign-in", {"email": COUNSELOR_EMAIL, "password": COUNSELOR_PASSWORD})
    assert visitor.path() == "/en/counsel/"
    visitor.client.base = second
    visitor.get("/en/counsel/", follow_redirects=True)
    assert visitor.path() == "/en/counsel/"  # not sent to sign in


def get_without_following(base: str, path: str, cookie: str) -> tuple[int, str]:
    """One GET with this Cookie header, as someone replaying a copied cookie: status and Location."""
    connection = http.client.HTTPConnection(base.split("//", 1)[1], timeout=10)
    try:
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location", "")
    finally:
        connection.close()


@pytest.mark.parametrize("pair", ["servers", "servers_revoking_in_the_database"], ids=["redis", "database"])
def test_a_quick_exit_on_one_server_ends_the_session_on_both(pair, request):
    first, second = request.getfixturevalue(pair)
    person = walk_questionnaire(first, "self")
    copy = person.visitor.client.cookie_header()  # someone copies the cookie before the person leaves
    assert get_without_following(second, "/en/intake/check", copy) == (200, "")

    status, location = get_without_following(first, "/exit", copy)
    assert status == 303 and not location.startswith("/")  # off to the neutral site

    for base in (second, first):
        replayed = Visitor(LiveClient(base))  # another browser, holding the copied cookie
        for cookie in person.visitor.client.jar:
            replayed.client.jar.set_cookie(cookie)
        replayed.get("/en/intake/check", follow_redirects=True)
        assert replayed.path() != "/en/intake/check", f"{base} still shows the answers after the exit"
        replayed.get("/en/intake/results", follow_redirects=True)
        assert replayed.path() != "/en/intake/results"
        assert html_page.h1(replayed.html()) != "Your plan"


def test_a_counselor_record_saved_on_one_server_is_listed_on_the_other(servers):
    first, second = servers
    visitor, record_path = counselor_record(first)
    visitor.client.base = second
    visitor.get("/en/counsel/", follow_redirects=True)
    listing = html_page.parse(visitor.html())
    codes = {html_page.words(link): link["href"] for link in listing.select("table.records td a")}
    assert codes.get("BENCH-1") == record_path
    visitor.get(record_path, follow_redirects=True)
    assert visitor.path() == record_path
    assert "BENCH-1" in html_page.h1(visitor.html())
