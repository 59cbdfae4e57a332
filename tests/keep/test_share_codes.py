"""Issue 29, the person's side and the storage: a share code made on request from the results
page, shown again in the same session and on the PDF, withdrawn there or with the code, stored
encrypted and padded, taken once, gone at expiry."""

from __future__ import annotations

import json
import math
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.answer_store import sharing
from app.answer_store.codes import NONCE_BYTES, PADDED_BYTES, RESUME, SHARE
from app.answer_store.models import SharedAnswers
from app.extensions import db, utcnow
from app.keep import views as keep_views
from tests.support import html_page
from tests.support.apps import make_app
from tests.support.visitor import Visitor
from tests.support.walk import form_value, see_results

GROUPED = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")


def make_code(visitor, lang="en") -> str:
    visitor.get(f"/{lang}/intake/results")
    visitor.submit(f"/{lang}/intake/share", {})
    assert visitor.page.status_code == 200
    code = html_page.text_of(visitor.html(), "#share-code")
    assert code, "no share code on the results page"
    return code


def shared_rows(app) -> list[SharedAnswers]:
    with app.app_context():
        return list(db.session.scalars(select(SharedAnswers)))


def take(app, code: str) -> bytes | None:
    with app.app_context():
        return sharing.take_shared(SHARE.normalize(code))


def test_share_codes_are_read_aloud_easily_with_at_least_50_bits():
    made = {SHARE.new_code() for _ in range(300)}
    assert len(made) == 300
    assert SHARE.length * math.log2(len(SHARE.alphabet)) >= 50
    assert not set("ILOU") & set(SHARE.alphabet) and len(set(SHARE.alphabet)) == 32
    for code in made:
        assert GROUPED.fullmatch(SHARE.grouped(code))
    # Typed as heard: any case, spaces, O for 0 and I or L for 1.
    assert SHARE.normalize(" abcd efgh-jkmn ") == "ABCDEFGHJKMN"
    assert SHARE.normalize("O1LI-0000-ZZZZ") == "0111" + "0000" + "ZZZZ"
    assert SHARE.normalize("ABCD-EFGH-JKMU") is None and SHARE.normalize("ABCD-EFGH") is None
    # A code of one kind opens nothing of the other.
    assert SHARE.lookup_hash("ABCDEFGHJKMN") != RESUME.lookup_hash("ABCDEFGHJKMN")


def test_nothing_is_shared_until_the_person_asks(app):
    visitor = Visitor(app.test_client())
    see_results(visitor, app)
    section = html_page.text_of(visitor.html(), "#share")
    assert "Bring your answers to your appointment" in section
    assert "nothing else" in section and "any organization" in section and "7 days" in section
    assert html_page.text_of(visitor.html(), "#share-code") in ("", None)
    assert shared_rows(app) == []


@pytest.mark.parametrize(
    ("lang", "perspective", "words"), [("en", "family", "about the person you are worried about"), ("fr", "self", "rien d’autre")]
)
def test_a_code_is_made_on_request_and_shown_again_in_the_same_session(app, lang, perspective, words):
    visitor = Visitor(app.test_client())
    answers = see_results(visitor, app, perspective=perspective, lang=lang)
    code = make_code(visitor, lang)
    assert GROUPED.fullmatch(code)
    assert words in visitor.text()
    # Shown again on the results page later in the session, and stored once, encrypted and padded.
    visitor.get(f"/{lang}/intake/results")
    assert html_page.text_of(visitor.html(), "#share-code") == code
    (row,) = shared_rows(app)
    assert len(row.sealed) == NONCE_BYTES + PADDED_BYTES + 16
    stored = b" ".join([row.lookup.encode(), row.salt, row.sealed])
    assert code.replace("-", "").encode() not in stored
    assert not any(item_id.encode() in row.sealed for item_id in answers)
    # Never in a URL: every form that carries it posts.
    assert code not in visitor.page.request.url
    document = json.loads(take(app, code))
    assert document["answers"] == answers and document["perspective"] == perspective


def test_a_code_works_once(app):
    visitor = Visitor(app.test_client())
    see_results(visitor, app)
    code = make_code(visitor)
    assert take(app, code) is not None
    assert take(app, code) is None
    assert shared_rows(app) == []


def test_the_person_withdraws_the_code_from_the_results_page(app):
    visitor = Visitor(app.test_client())
    see_results(visitor, app)
    code = make_code(visitor)
    visitor.submit("/en/intake/share/withdraw", {})
    assert "The code is withdrawn" in visitor.text()
    assert html_page.text_of(visitor.html(), "#share-code") in ("", None)
    assert shared_rows(app) == [] and take(app, code) is None


def test_the_person_withdraws_the_code_with_the_code_itself_from_another_browser(app):
    visitor = Visitor(app.test_client())
    see_results(visitor, app)
    code = make_code(visitor)
    other = Visitor(app.test_client())
    other.get("/fr/intake/share/withdraw-code")
    other.submit("/fr/intake/share/withdraw-code", {"code": code.lower()})
    assert "Le code est retiré" in other.text()
    assert shared_rows(app) == [] and take(app, code) is None
    # Again: nothing left to withdraw, said plainly.
    other.get("/en/intake/share/withdraw-code")
    page = other.submit("/en/intake/share/withdraw-code", {"code": code})
    assert page.status_code == 400 and "No shared answers match this code" in other.text()


def test_a_new_code_replaces_the_earlier_one(app):
    visitor = Visitor(app.test_client())
    see_results(visitor, app)
    first = make_code(visitor)
    visitor.submit("/en/intake/share/withdraw", {})
    second = make_code(visitor)
    assert first != second and len(shared_rows(app)) == 1
    assert take(app, first) is None and take(app, second) is not None


def test_an_expired_code_opens_nothing_and_is_purged(app, monkeypatch):
    visitor = Visitor(app.test_client())
    see_results(visitor, app)
    code = make_code(visitor)
    (row,) = shared_rows(app)
    # Seven days at least, to a midnight.
    assert timedelta(days=7) < row.expires_at - utcnow() <= timedelta(days=8)
    later = row.expires_at + timedelta(seconds=1)
    monkeypatch.setattr(sharing, "utcnow", lambda: later)
    result = app.test_cli_runner().invoke(args=["keep", "purge"])
    assert result.exit_code == 0 and "Deleted 1 expired shared answer set(s)." in result.output
    assert shared_rows(app) == [] and take(app, code) is None


def test_an_expired_row_not_yet_purged_is_refused_and_deleted_at_use(app, monkeypatch):
    visitor = Visitor(app.test_client())
    see_results(visitor, app)
    code = make_code(visitor)
    (row,) = shared_rows(app)
    monkeypatch.setattr(sharing, "utcnow", lambda: row.expires_at + timedelta(seconds=1))
    assert take(app, code) is None
    assert shared_rows(app) == []


def test_the_pdf_carries_the_code_and_the_cache_never_gives_it_to_someone_else(tmp_path, monkeypatch):
    made: list[str] = []
    real = keep_views.render_pdf
    monkeypatch.setattr(keep_views, "render_pdf", lambda html: made.append(html) or real(html))
    app = make_app(tmp_path)
    with_code, without = Visitor(app.test_client()), Visitor(app.test_client())
    see_results(with_code, app)
    see_results(without, app)  # the same answers
    code = make_code(with_code)

    def pdf(visitor):
        visitor.get("/en/intake/results")
        return visitor.client.post("/en/intake/results/pdf", data={"csrf_token": visitor.csrf_token()}).get_data()

    coded = pdf(with_code)
    plain = pdf(without)
    assert coded != plain and len(made) == 2
    assert code in made[0] and code not in made[1]


def test_a_code_for_answers_changed_since_says_so(app):
    visitor = Visitor(app.test_client())
    answers = see_results(visitor, app)
    make_code(visitor)
    assert "You changed answers" not in visitor.text()
    questionnaire = app.extensions["passage_library"].questionnaires["intake"]
    page = questionnaire.page_of("use_duration")
    data = {item.id: form_value(answers[item.id]) for item in page.items if item.id in answers}
    data["use_duration"] = "over_year" if answers["use_duration"] != "over_year" else "under_month"
    visitor.get(f"/en/intake/questions/{page.id}?return=check")
    visitor.submit(f"/en/intake/questions/{page.id}", {**data, "return": "check"})
    visitor.get("/en/intake/results")
    assert "You changed answers after making this code" in visitor.text()
