"""Keeping answers only when asked: a file on the device, or encrypted behind a resume code."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.answer_store import codes
from app.answer_store.models import SavedAnswers, utcnow
from tests.support.apps import MINI, make_app
from tests.support.html_page import repeated_ids
from tests.support.keeping import save_with_code, saved_rows
from tests.support.visitor import Visitor
from tests.support.walk import answer_everything, start


def download(visitor, lang="en") -> dict:
    visitor.get(f"/{lang}/intake/keep")
    response = visitor.submit(f"/{lang}/intake/keep/file", {})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return json.loads(response.data)


def upload(visitor, content: bytes, lang="en", filename="answers.json"):
    visitor.get(f"/{lang}/intake/resume")
    return visitor.client.post(
        f"/{lang}/intake/resume/file",
        data={"csrf_token": visitor.csrf_token(), "answers_file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def shown(response) -> str:
    import html

    return html.unescape(response.get_data(as_text=True))


# ---- a file on the device -------------------------------------------------------------


def test_download_then_upload_in_a_new_browser_resumes_the_same_answers(any_app):
    first = Visitor(any_app.test_client())
    answers = answer_everything(first, any_app, perspective="family")
    document = download(first)
    questionnaire = any_app.extensions["passage_library"].questionnaires["intake"]
    assert document["questionnaire"] == "intake" and document["questionnaire_version"] == questionnaire.version
    assert document["perspective"] == "family"
    assert document["answers"] == answers

    second = Visitor(any_app.test_client())
    page = upload(second, json.dumps(document).encode())
    assert page.status_code == 200
    assert "Your answers are loaded" in shown(page)
    assert "Check your answers" in shown(page)


def test_a_partly_answered_file_resumes_at_the_first_open_page(mini_app):
    visitor = Visitor(mini_app.test_client())
    start(visitor)
    visitor.submit("/en/intake/questions/right_now", {"danger": "none"})
    document = download(visitor)
    page = upload(Visitor(mini_app.test_client()), json.dumps(document).encode())
    assert "How often do you use?" in shown(page)


def test_downloading_needs_a_post_with_a_valid_token(mini_app):
    visitor = Visitor(mini_app.test_client())
    answer_everything(visitor, mini_app)
    assert visitor.client.get("/en/intake/keep/file").status_code == 405
    response = visitor.client.post("/en/intake/keep/file", data={"csrf_token": "forged"})
    assert response.status_code == 302 and response.mimetype != "application/json"


def valid_document(app) -> dict:
    visitor = Visitor(app.test_client())
    answer_everything(visitor, app)
    return download(visitor)


BAD_FILES = {
    "not JSON": (
        b"\x89PNG\r\n\x1a\n\x00\x00binary",
        "is not a Passage answers file",
        "n’est pas un fichier de réponses de Passage",
    ),
    "empty": (b"", "The selected file is empty", "Le fichier choisi est vide"),
    "another JSON": (b'{"hello": "world"}', "is not a Passage answers file", "n’est pas un fichier de réponses de Passage"),
    "a JSON list": (b"[1, 2, 3]", "is not a Passage answers file", "n’est pas un fichier de réponses de Passage"),
    "deeply nested": (b"[" * 5000 + b"]" * 5000, "is not a Passage answers file", "n’est pas un fichier de réponses de Passage"),
}


@pytest.mark.parametrize("name", BAD_FILES)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_file_that_is_not_an_answers_file_is_refused_clearly(mini_app, name, lang):
    content, english, french = BAD_FILES[name]
    page = upload(Visitor(mini_app.test_client()), content, lang=lang)
    assert page.status_code == 400
    text = shown(page)
    assert (english if lang == "en" else french) in text
    assert "There is a problem" in text or "Il y a un problème" in text
    assert 'aria-invalid="true"' in text


def tamper(document: dict, **changes) -> bytes:
    changed = json.loads(json.dumps(document))
    for key, value in changes.items():
        changed[key] = value
    return json.dumps(changed).encode()


def test_a_tampered_or_foreign_file_is_refused_with_the_reason(any_app):
    document = valid_document(any_app)
    questionnaire = any_app.extensions["passage_library"].questionnaires["intake"]
    first_choice = next(
        item for item in questionnaire.items_by_id.values() if item.kind != "number" and item.id in document["answers"]
    )
    a_number = next((item for item in questionnaire.items_by_id.values() if item.kind == "number"), None)
    cases = [
        (tamper(document, questionnaire_version=questionnaire.version + 1), "earlier version of the questions"),
        (tamper(document, questionnaire_version=True), "earlier version of the questions"),
        (tamper(document, questionnaire="other"), "another questionnaire"),
        (tamper(document, perspective="admin"), "changed or damaged"),
        (tamper(document, answers=[1, 2]), "changed or damaged"),
        (tamper(document, answers={**document["answers"], "no_such_question": "yes"}), "changed or damaged"),
        (tamper(document, answers={**document["answers"], first_choice.id: "<script>alert(1)</script>"}), "changed or damaged"),
        (tamper(document, answers={**document["answers"], first_choice.id: 7}), "changed or damaged"),
        (tamper(document, answers={**document["answers"], first_choice.id: {"a": 1}}), "changed or damaged"),
    ]
    if a_number is not None:
        cases.append((tamper(document, answers={**document["answers"], a_number.id: a_number.maximum + 1}), "changed or damaged"))
        cases.append((tamper(document, answers={**document["answers"], a_number.id: 1.5}), "changed or damaged"))
    for content, message in cases:
        visitor = Visitor(any_app.test_client())
        page = upload(visitor, content)
        assert page.status_code == 400, content
        assert message in shown(page), content
        assert "<script>alert(1)</script>" not in page.get_data(as_text=True)
        # Nothing was loaded.
        assert "Who are the questions about?" in shown(visitor.get("/en/intake/check", follow_redirects=True))


def test_answers_to_questions_the_other_answers_do_not_lead_to_are_refused(mini_app):
    document = valid_document(mini_app)
    # "seizure" is asked only after "often: daily" (tests/fixtures/mini).
    answers = {**document["answers"], "often": "weekly", "seizure": "yes"}
    page = upload(Visitor(mini_app.test_client()), tamper(document, answers=answers))
    assert "changed or damaged" in shown(page)


@pytest.mark.parametrize(("size", "status"), [(40 * 1024, 400), (100 * 1024, 413)])
@pytest.mark.parametrize(("lang", "message"), [("en", "too large to be a Passage answers file"), ("fr", "trop volumineux")])
def test_an_oversized_file_gets_a_clear_message_in_the_language(mini_app, size, status, lang, message):
    page = upload(Visitor(mini_app.test_client()), b" " * size, lang=lang)
    assert page.status_code == status
    assert message in shown(page)


def test_uploading_without_choosing_a_file_asks_for_one(mini_app):
    visitor = Visitor(mini_app.test_client())
    visitor.get("/en/intake/resume")
    page = visitor.submit("/en/intake/resume/file", {})
    assert page.status_code == 400
    assert "Choose the answers file you downloaded from Passage" in shown(page)


# ---- on the server, behind a resume code -----------------------------------------------


def test_resume_codes_are_long_random_unambiguous_and_grouped():
    made = {codes.new_code() for _ in range(200)}
    assert len(made) == 200
    for code in made:
        assert len(code) == 20 and set(code) <= set(codes.ALPHABET)
    assert not set("01OIL") & set(codes.ALPHABET)
    assert codes.grouped("ABCDEFGHJKMNPQRSTUVW") == "ABCD-EFGH-JKMN-PQRS-TUVW"
    assert codes.normalize(" abcd efgh-jkmn pqrs\u00a0tuvw ") == "ABCDEFGHJKMNPQRSTUVW"
    assert codes.normalize("ABCD-EFGH") is None and codes.normalize("OOOO-EFGH-JKMN-PQRS-TUVW") is None


def test_saving_with_a_code_then_resuming_in_a_new_browser(any_app):
    first = Visitor(any_app.test_client())
    answers = answer_everything(first, any_app)
    code = save_with_code(first)
    assert re.fullmatch(r"(?:[2-9A-Z]{4}-){4}[2-9A-Z]{4}", code)
    assert "shown only this once" in first.text()

    second = Visitor(any_app.test_client())
    second.get("/en/intake/resume")
    assert repeated_ids(second.html()) == []  # two forms, each with its token (which once wrote id="csrf_token")
    page = second.submit("/en/intake/resume/code", {"code": code.lower().replace("-", " ")})
    assert page.status_code == 200
    assert "Your answers are loaded" in second.text()
    assert "Check your answers" in second.text()
    assert len(saved_rows(any_app)) == 1  # still saved until it expires or is deleted
    assert answers


def test_the_server_keeps_neither_the_code_nor_a_readable_answer(any_app):
    visitor = Visitor(any_app.test_client())
    answers = answer_everything(visitor, any_app)
    code = save_with_code(visitor)
    (row,) = saved_rows(any_app)
    plain = code.replace("-", "")
    stored = b" ".join([row.lookup.encode(), row.salt, row.sealed])
    assert plain.encode() not in stored and code.encode() not in stored
    for item_id in answers:
        assert item_id.encode() not in row.sealed
    assert b"passage-answers" not in row.sealed
    # Only the code opens it; another code does not.
    assert json.loads(codes.unseal(plain, row.salt, row.sealed))["answers"] == answers
    assert codes.unseal(codes.new_code(), row.salt, row.sealed) is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your resume code"),
        ("1234", "Enter the code exactly as it was shown"),
        ("ABCD-EFGH-JKMN-PQRS-TUVW", "No saved answers match this code"),
    ],
)
def test_a_wrong_code_is_explained(mini_app, typed, message):
    visitor = Visitor(mini_app.test_client())
    visitor.get("/en/intake/resume")
    page = visitor.submit("/en/intake/resume/code", {"code": typed})
    assert page.status_code == 400
    assert message in visitor.text()
    assert 'aria-invalid="true"' in visitor.html()


def test_expired_saved_answers_cannot_be_resumed_and_are_purged(mini_app):
    from app.extensions import db

    visitor = Visitor(mini_app.test_client())
    answer_everything(visitor, mini_app)
    expired_code = save_with_code(visitor)
    kept_code = save_with_code(visitor)
    with mini_app.app_context():
        row = db.session.scalar(
            select(SavedAnswers).where(SavedAnswers.lookup == codes.lookup_hash(codes.normalize(expired_code)))
        )
        # At least the 7 days promised, to a midnight: the expiry tells the day of saving, not the hour.
        assert timedelta(days=7) < row.expires_at - utcnow() <= timedelta(days=8)
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    result = mini_app.test_cli_runner().invoke(args=["saved", "purge"])
    assert result.exit_code == 0 and "Deleted 1" in result.output
    assert len(saved_rows(mini_app)) == 1
    other = Visitor(mini_app.test_client())
    other.get("/en/intake/resume")
    assert other.submit("/en/intake/resume/code", {"code": expired_code}).status_code == 400
    assert other.submit("/en/intake/resume/code", {"code": kept_code}).status_code == 200


def test_expired_answers_are_refused_even_before_the_purge_runs(mini_app):
    from app.extensions import db

    visitor = Visitor(mini_app.test_client())
    answer_everything(visitor, mini_app)
    code = save_with_code(visitor)
    with mini_app.app_context():
        for row in db.session.scalars(select(SavedAnswers)):
            row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    other = Visitor(mini_app.test_client())
    other.get("/en/intake/resume")
    assert other.submit("/en/intake/resume/code", {"code": code}).status_code == 400
    assert saved_rows(mini_app) == []  # and deleted on the spot


def test_the_keeping_time_is_configurable(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), SAVED_ANSWERS_DAYS=2)
    visitor = Visitor(app.test_client())
    answer_everything(visitor, app)
    save_with_code(visitor)
    (row,) = saved_rows(app)
    assert timedelta(days=2) < row.expires_at - utcnow() <= timedelta(days=3)  # to the next midnight


def test_delete_my_saved_answers_now(mini_app):
    visitor = Visitor(mini_app.test_client())
    answer_everything(visitor, mini_app)
    code = save_with_code(visitor)
    page = visitor.submit("/en/intake/saved/delete", {"code": code})  # the button on the code page
    assert page.status_code == 200
    assert "Your saved answers are deleted" in visitor.text()
    assert saved_rows(mini_app) == []
    visitor.get("/en/intake/resume")
    assert visitor.submit("/en/intake/resume/code", {"code": code}).status_code == 400


def test_deleting_by_typing_the_code_and_a_wrong_code(mini_app):
    visitor = Visitor(mini_app.test_client())
    answer_everything(visitor, mini_app)
    code = save_with_code(visitor)
    other = Visitor(mini_app.test_client())
    other.get("/fr/intake/saved/delete")
    page = other.submit("/fr/intake/saved/delete", {"code": codes.new_code()})
    assert page.status_code == 400
    assert len(saved_rows(mini_app)) == 1
    other.get("/fr/intake/saved/delete")
    assert other.submit("/fr/intake/saved/delete", {"code": code}).status_code == 200
    assert saved_rows(mini_app) == []
