"""Issue 14, items 2 and 4: the costly routes are rate-limited per client, with a clear page."""

from __future__ import annotations

import os

import pytest

from tests.support import apps
from tests.support.apps import MINI, make_app
from tests.support.html_page import page_text
from tests.support.live_servers import unreachable
from tests.support.visitor import Visitor
from tests.support.walk import answer_everything, see_results

LIMITED = {
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "PDF_RATE_LIMIT": "2 per minute",
    "SAVE_CODE_RATE_LIMIT": "2 per minute",
    "RESUME_CODE_RATE_LIMIT": "2 per minute",
    "API_ASSESS_RATE_LIMIT": "2 per minute",
}

WAIT = {"en": "Please wait a minute, then try again.", "fr": "Veuillez patienter une minute, puis réessayer."}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_burst_of_pdfs_gets_a_wait_page_and_question_pages_still_answer(tmp_path, lang):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), **LIMITED)
    visitor = Visitor(app.test_client())
    see_results(visitor, app, lang=lang)
    token = visitor.csrf_token()
    responses = [visitor.client.post(f"/{lang}/intake/results/pdf", data={"csrf_token": token}) for _ in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 429, 429, 429]
    assert responses[0].mimetype == "application/pdf"
    refused = responses[-1]
    assert WAIT[lang] in page_text(refused)
    assert refused.headers.get("Retry-After")
    # The rest of the site is not held up by the refused PDFs.
    assert visitor.get(f"/{lang}/intake/check").status_code == 200


def test_saving_with_a_code_is_rate_limited(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), **LIMITED)
    visitor = Visitor(app.test_client())
    answer_everything(visitor, app)
    visitor.get("/en/intake/keep")
    token = visitor.csrf_token()
    responses = [visitor.client.post("/en/intake/keep/code", data={"csrf_token": token}) for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 429, 429]
    assert WAIT["en"] in page_text(responses[-1])


def test_guessing_resume_codes_is_rate_limited(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), **LIMITED)
    visitor = Visitor(app.test_client())
    statuses = []
    for _ in range(4):
        visitor.get("/en/intake/resume")
        statuses.append(visitor.submit("/en/intake/resume/code", {"code": "ABCD-EFGH-JKMN-PQRS-TUVW"}).status_code)
    assert statuses == [400, 400, 429, 429]


def test_the_api_answers_a_flood_with_a_problem(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), **LIMITED)
    client = app.test_client()
    responses = [client.post("/api/v1/questionnaires/intake/assessments", json={"answers": {}}) for _ in range(3)]
    assert responses[2].status_code == 429
    assert responses[2].mimetype == "application/problem+json"
    assert responses[2].get_json()["status"] == 429
    assert responses[0].status_code != 429


def test_the_first_app_of_a_process_keeps_its_limits(tmp_path, monkeypatch):
    """The tests' first app in a process also builds the database every later one copies, with an app of its own
    whose limits are off; Flask-Limiter has one limiter for every app, so that app must not be the last it was given
    (it was: a rate-limit test run first in its process saw no limit)."""
    monkeypatch.setattr(apps, "_migrated", [])  # as in a new process: nothing built yet
    client = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), **LIMITED).test_client()
    statuses = [client.post("/api/v1/questionnaires/intake/assessments", json={"answers": {}}).status_code for _ in range(3)]
    assert statuses[2] == 429
    assert 429 not in statuses[:2]


def test_limits_are_on_unless_one_server_is_told_otherwise(tmp_path, monkeypatch):
    """Only a server given PASSAGE_RATELIMIT_ENABLED=0 (the benchmark's own) runs without limits."""
    from app import create_app
    from app.config import DEFAULTS, from_environment

    assert DEFAULTS["RATELIMIT_ENABLED"] is True
    assert "RATELIMIT_ENABLED" not in from_environment({})
    assert from_environment({"PASSAGE_RATELIMIT_ENABLED": "0"})["RATELIMIT_ENABLED"] is False
    monkeypatch.setenv("PASSAGE_RATELIMIT_ENABLED", "0")
    unlimited = create_app({"TESTING": True, "SECRET_KEY": "x"}, instance_path=str(tmp_path / "a"))
    assert unlimited.config["RATELIMIT_ENABLED"] is False
    monkeypatch.delenv("PASSAGE_RATELIMIT_ENABLED")
    shipped = create_app({"TESTING": True, "SECRET_KEY": "x"}, instance_path=str(tmp_path / "b"))
    assert shipped.config["RATELIMIT_ENABLED"] is True


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(tmp_path):
    """PASSAGE_TRUSTED_PROXIES=1: the address is the client's from X-Forwarded-For, not the proxy's."""
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), TRUSTED_PROXIES=1, **LIMITED)
    client = app.test_client()

    def assess_as(address: str) -> int:
        headers = {"X-Forwarded-For": address}
        return client.post("/api/v1/questionnaires/intake/assessments", json={"answers": {}}, headers=headers).status_code

    assert [assess_as("203.0.113.7") for _ in range(3)][2] == 429
    assert assess_as("198.51.100.20") != 429  # someone else behind the same proxy is not held back


REDIS_URL = os.environ.get("PASSAGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(params=["memory", "redis"])
def limit_storage(request):
    """Flask-Limiter's store: this process's memory, or Redis as deployed."""
    if request.param == "memory":
        return {"RATELIMIT_STORAGE_URI": "memory://"}
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=5, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        unreachable(f"Redis at {REDIS_URL} is unreachable ({type(error).__name__})")
    return {"RATELIMIT_STORAGE_URI": REDIS_URL}


def limited_app(tmp_path, limit_storage):
    from app.extensions import limiter

    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), **{**LIMITED, **limit_storage})
    limiter.reset()  # counts left in Redis by an earlier run
    return app


def delete_with_code(visitor, code="ABCD-EFGH-JKMN-PQRS-TUVW"):
    visitor.get("/en/intake/saved/delete")
    return visitor.submit("/en/intake/saved/delete", {"code": code}, follow_redirects=False)


def resume_with_code(visitor, code="ABCD-EFGH-JKMN-PQRS-TUVW"):
    visitor.get("/en/intake/resume")
    return visitor.submit("/en/intake/resume/code", {"code": code}, follow_redirects=False)


def test_deleting_with_a_code_shares_the_resume_limit(tmp_path, limit_storage):
    """Issue 27, point 3: the delete form is not a second, unlimited way to try resume codes."""
    app = limited_app(tmp_path, limit_storage)
    visitor = Visitor(app.test_client())
    assert [resume_with_code(visitor).status_code for _ in range(2)] == [400, 400]
    refused = delete_with_code(visitor)
    assert refused.status_code == 429
    assert WAIT["en"] in page_text(refused)
    # Reading the delete page costs nothing: only trying a code counts.
    assert visitor.get("/en/intake/saved/delete").status_code == 200


def test_trying_codes_to_delete_uses_up_the_resume_limit_too(tmp_path, limit_storage):
    app = limited_app(tmp_path, limit_storage)
    visitor = Visitor(app.test_client())
    assert [delete_with_code(visitor).status_code for _ in range(3)] == [400, 400, 429]
    assert resume_with_code(visitor).status_code == 429
