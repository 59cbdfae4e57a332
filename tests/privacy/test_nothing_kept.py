"""Nothing durable without consent: answers live only in an encrypted, idle-expiring cookie."""

from __future__ import annotations

import base64

import pytest

from tests.support import html_page
from tests.support.apps import MINI, make_app, row_counts
from tests.support.visitor import Visitor
from tests.support.walk import answer_everything, see_results


def answer_values(answers: dict) -> set[str]:
    values = set()
    for value in answers.values():
        values.update(str(v) for v in (value if isinstance(value, list) else [value]))
    return values


def test_a_whole_assessment_adds_no_row_to_any_table(any_app):
    before = row_counts(any_app)
    assert "saved_answers" in before  # the database really is the migrated one
    visitor = Visitor(any_app.test_client())
    for perspective in any_app.extensions["passage_library"].questionnaires["intake"].perspectives:
        see_results(visitor, any_app, perspective)
        visitor.get("/en/intake/keep")  # looking at the options keeps nothing either
        visitor.get("/fr/intake/results")
    assert row_counts(any_app) == before


def test_the_row_count_sees_a_saved_row(mini_app):
    """The check above would notice a row: saving with a code adds exactly one."""
    visitor = Visitor(mini_app.test_client())
    answer_everything(visitor, mini_app)
    before = row_counts(mini_app)
    visitor.get("/en/intake/keep")
    visitor.submit("/en/intake/keep/code", {})
    after = row_counts(mini_app)
    assert after["saved_answers"] == before["saved_answers"] + 1


def session_cookie(visitor) -> str:
    cookie = visitor.client.get_cookie("passage_session")
    assert cookie is not None
    return cookie.value


def test_the_cookie_does_not_reveal_any_answer(any_app):
    visitor = Visitor(any_app.test_client())
    answers = answer_everything(visitor, any_app)
    token = session_cookie(visitor)
    decoded = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    item_ids = set(answers)
    for value in answer_values(answers) | item_ids:
        if len(value) >= 3:
            assert value.encode() not in decoded, value
            assert value not in token, value


def test_the_cookie_is_unreadable_without_the_server_key(any_app, tmp_path):
    visitor = Visitor(any_app.test_client())
    answer_everything(visitor, any_app)
    token = session_cookie(visitor)
    (tmp_path / "other").mkdir()
    other = make_app(tmp_path / "other", QUESTIONNAIRES_DIR=any_app.config["QUESTIONNAIRES_DIR"], SECRET_KEY="another-key")
    client = other.test_client()
    client.set_cookie("passage_session", token)
    page = client.get("/en/intake/check", follow_redirects=True)
    assert "Who are the questions about?" in page.get_data(as_text=True)


def move_clock(app, seconds: float, monkeypatch):
    import time

    start = time.time()
    monkeypatch.setattr(app.session_interface, "now", lambda: start + seconds)


@pytest.mark.parametrize("minutes", [30, 5])
def test_answers_expire_after_the_idle_time_even_if_the_browser_sends_the_cookie(tmp_path, monkeypatch, minutes):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), SESSION_IDLE_MINUTES=minutes)
    visitor = Visitor(app.test_client())
    answer_everything(visitor, app)
    token = session_cookie(visitor)

    move_clock(app, minutes * 60 - 30, monkeypatch)
    assert visitor.get("/en/intake/check").status_code == 200  # still there just before

    visitor.client.set_cookie("passage_session", token)  # the same, older cookie, sent again later
    move_clock(app, minutes * 60 + 1, monkeypatch)
    page = visitor.get("/en/intake/check", follow_redirects=True)
    assert "Check your answers" not in visitor.text()
    assert "answers are cleared after a while without activity" in visitor.text()
    assert page.status_code == 200


def test_the_default_idle_time_is_30_minutes_and_configurable(tmp_path, monkeypatch):
    from app.config import DEFAULTS, from_environment

    assert DEFAULTS["SESSION_IDLE_MINUTES"] == 30
    assert from_environment({"PASSAGE_SESSION_IDLE_MINUTES": "10"})["SESSION_IDLE_MINUTES"] == 10


def test_each_page_restarts_the_idle_clock(tmp_path, monkeypatch):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), SESSION_IDLE_MINUTES=5)
    visitor = Visitor(app.test_client())
    answer_everything(visitor, app)
    move_clock(app, 4 * 60, monkeypatch)
    visitor.get("/en/intake/check")
    move_clock(app, 8 * 60, monkeypatch)  # 8 minutes after start, 4 after the last page
    assert visitor.get("/en/intake/check").status_code == 200


def test_answers_travel_only_in_post_bodies(any_app):
    """Every form that can carry an answer is sent with POST, so answers never reach a URL."""

    visitor = Visitor(any_app.test_client())
    answer_everything(visitor, any_app)
    pages = ["/en/intake/start", "/en/intake/check", "/en/intake/results", "/en/intake/keep", "/en/intake/resume", "/en/region"]
    questionnaire = any_app.extensions["passage_library"].questionnaires["intake"]
    pages += [f"/en/intake/questions/{page.id}" for page in questionnaire.pages]
    for url in pages:
        html = visitor.get(url, follow_redirects=True).get_data(as_text=True)
        for form in html_page.forms(html):
            assert form.get("method") == "post", (url, form.attrs)


def test_a_cookie_compressed_with_zlibs_defaults_still_opens(tmp_path):
    """Cookies made before the session's compression settings changed (zlib's defaults) keep their answers."""
    import json
    import zlib

    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    visitor = Visitor(app.test_client())
    answers = answer_everything(visitor, app)
    fernet = app.session_interface._fernet(app)
    data = json.loads(zlib.decompress(fernet.decrypt(session_cookie(visitor).encode())))
    assert data["progress:intake"]["answers"] == answers
    older = fernet.encrypt(zlib.compress(json.dumps(data).encode())).decode()

    visitor.client.set_cookie("passage_session", older)
    visitor.get("/en/intake/check")
    assert visitor.page.status_code == 200
    assert "Check your answers" in visitor.text()
    reissued = json.loads(zlib.decompress(fernet.decrypt(session_cookie(visitor).encode())))
    assert reissued["progress:intake"]["answers"] == answers
