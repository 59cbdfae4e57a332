"""Answers never reach the logs, even when something goes wrong.

Unique canary values are planted in every field that can carry text: number
answers, tampered option values, unknown fields, uploaded files, resume
codes, the perspective and region. Validation errors and an internal error
(a route that quotes the form in its exception, registered only here) are
forced while every logger records at DEBUG; no canary may appear.
"""

from __future__ import annotations

import io
import json
import logging

from flask import request

from tests.support.apps import make_app
from tests.support.visitor import Visitor
from tests.support.walk import answer_everything, start

CANARY = "kanari"


def canary(n: int) -> str:
    return f"{CANARY}{n:04d}x"


def test_no_canary_reaches_any_log(any_app_dir, tmp_path, caplog, capsys):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=any_app_dir, PROPAGATE_EXCEPTIONS=False)

    def quotes_the_form():
        # A bug that puts input into an exception message, as int('...') does.
        int(request.form.get("days", ""))
        raise ValueError(f"unexpected {request.form.get('note')}")

    app.add_url_rule("/<lang_code>/test-quotes-the-form", "test_quotes", quotes_the_form, methods=["POST"])
    app.logger.setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    for name in ("", "werkzeug", "flask", "app", "sqlalchemy", "alembic"):
        logging.getLogger(name).setLevel(logging.DEBUG)

    questionnaire = app.extensions["passage_library"].questionnaires["intake"]
    planted: list[str] = []

    def plant() -> str:
        planted.append(canary(len(planted)))
        return planted[-1]

    visitor = Visitor(app.test_client())
    visitor.get("/en/intake/start")
    visitor.submit("/en/intake/start", {"perspective": plant()})
    start(visitor)
    for page in questionnaire.pages:
        data = {}
        for item in page.items:
            data[item.id] = [plant(), plant()] if item.kind == "multiple" else plant()
        data[plant()] = plant()  # an unknown field
        visitor.get(f"/en/intake/questions/{page.id}", follow_redirects=True)
        visitor.submit(f"/en/intake/questions/{page.id}", data)
    visitor.submit(f"/en/intake/questions/{questionnaire.pages[0].id}", {"x": plant(), "csrf_token": plant()})

    # Uploads: a tampered answers file and one that is not JSON at all.
    answers = answer_everything(Visitor(app.test_client()), app)
    tampered = {
        "format": "passage-answers",
        "format_version": 1,
        "questionnaire": "intake",
        "questionnaire_version": questionnaire.version,
        "perspective": "self",
        "answers": {**{key: plant() for key in answers}, plant(): plant()},
    }
    for content in (json.dumps(tampered).encode(), plant().encode() * 50):
        visitor.get("/en/intake/resume")
        visitor.client.post(
            "/en/intake/resume/file",
            content_type="multipart/form-data",
            data={"csrf_token": visitor.csrf_token(), "answers_file": (io.BytesIO(content), f"{plant()}.json")},
        )
    visitor.get("/en/intake/resume")
    visitor.submit("/en/intake/resume/code", {"code": plant()})
    visitor.get("/en/intake/saved/delete")
    visitor.submit("/en/intake/saved/delete", {"code": plant()})
    visitor.get("/en/intake/share/withdraw-code")
    visitor.submit("/en/intake/share/withdraw-code", {"code": plant()})
    visitor.get("/en/region")
    visitor.submit("/en/region", {"region": plant(), "next": plant()})

    # An internal error quoting the form, twice (int() and a message of our own).
    crashed = visitor.client.post("/en/test-quotes-the-form", data={"days": plant(), "note": plant()})
    assert crashed.status_code == 500
    crashed = visitor.client.post("/fr/test-quotes-the-form", data={"days": "3", "note": plant()})
    assert crashed.status_code == 500
    assert all(c not in crashed.get_data(as_text=True) for c in planted)

    captured = capsys.readouterr()
    logged = caplog.text + captured.out + captured.err
    assert "Exception on /en/test-quotes-the-form [POST]" in logged  # the logs were really captured
    assert "ValueError" in logged and "quotes_the_form" in logged  # where it broke is kept
    assert CANARY not in logged, [c for c in planted if c in logged]
    assert len(planted) > 10


def test_the_log_check_would_see_a_canary(any_app_dir, tmp_path, caplog):
    """Without the redaction in app/web/security.py, Flask's own log would quote the input."""
    from flask import Flask

    app = make_app(tmp_path, QUESTIONNAIRES_DIR=any_app_dir, PROPAGATE_EXCEPTIONS=False)

    def quotes_the_form():
        int(request.form["days"])

    app.add_url_rule("/<lang_code>/test-quotes", "test_quotes", quotes_the_form, methods=["POST"])
    app.log_exception = Flask.log_exception.__get__(app)  # Flask's default, unredacted
    caplog.set_level(logging.DEBUG)
    app.test_client().post("/en/test-quotes", data={"days": canary(1)})
    assert canary(1) in caplog.text


def test_no_share_code_reaches_any_log(tmp_path, caplog, capsys):
    """Issue 29: a share code made, shown again, put on the PDF, withdrawn with the code and
    entered wrong: neither the code nor an answer is in any log line."""
    from tests.support import html_page
    from tests.support.walk import see_results

    app = make_app(tmp_path)
    app.logger.setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    for name in ("", "werkzeug", "flask", "app", "sqlalchemy", "alembic"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    visitor = Visitor(app.test_client())
    answers = see_results(visitor, app)
    visitor.submit("/en/intake/share", {})
    code = html_page.text_of(visitor.html(), "#share-code")
    assert code
    visitor.client.post("/en/intake/results/pdf", data={"csrf_token": visitor.csrf_token()})
    other = Visitor(app.test_client())
    other.get("/en/intake/share/withdraw-code")
    other.submit("/en/intake/share/withdraw-code", {"code": code})
    other.get("/en/intake/share/withdraw-code")
    other.submit("/en/intake/share/withdraw-code", {"code": code})  # already withdrawn
    captured = capsys.readouterr()
    logged = caplog.text + captured.out + captured.err
    assert code not in logged and code.replace("-", "") not in logged
    numbers = [str(value) for value in answers.values() if isinstance(value, int) and value > 9]
    assert not any(f"'{item_id}'" in logged or f'"{item_id}"' in logged for item_id in answers)
    assert not any(number in logged for number in numbers)
