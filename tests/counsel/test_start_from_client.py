"""Issue 29, the counselor's side: start from the client's answers with their share code."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.answer_store import sharing
from app.engine.model import Item
from app.extensions import db, utcnow
from app.intake_flow.progress import Progress
from app.web.library import get_library
from tests.counsel.conftest import csrf_from, page, sign_in
from tests.counsel.test_workspace import audit_rows
from tests.support.walk import safe_answers

pytestmark = pytest.mark.db

NOT_VALID = "This code is not valid"


def client_code(app, perspective: str = "family", **changes) -> tuple[str, dict]:
    """A share code made as the person's results page makes it, for a finished set of answers."""
    answers = {**safe_answers(app, perspective), **changes}
    with app.test_request_context("/en/"):
        questionnaire = get_library().questionnaires["intake"]
        progress = Progress(perspective=perspective, answers=answers, version=questionnaire.version, started=True)
        code = sharing.make_share(questionnaire, progress, utcnow() + timedelta(days=7))
    return sharing.SHARE.grouped(code), answers


def enter(client, code: str, lang: str = "en", **environ):
    form_page = client.get(f"/{lang}/counsel/from-client", environ_base=environ)
    return client.post(
        f"/{lang}/counsel/from-client", data={"csrf_token": csrf_from(form_page), "code": code}, environ_base=environ
    )


def save_record(client, code="CL-77"):
    form_page = client.get("/en/counsel/records/new/intake")
    token = page(form_page).find("input", attrs={"name": "form_token"})["value"]
    return client.post(
        "/en/counsel/records/new/intake",
        data={"csrf_token": csrf_from(form_page), "form_token": token, "code": code, "notes": ""},
    )


def test_a_counselor_starts_from_a_family_members_answers_confirms_changes_and_saves(counsel_app, as_account, caplog):
    caplog.set_level(logging.DEBUG)
    code, answers = client_code(counsel_app, "family", use_duration="unknown")
    client = as_account("counselor_b")  # any organization may use it
    opened = enter(client, code.lower().replace("-", " "))
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/en/intake/check")
    check = page(client.get("/en/intake/check"))
    assert "family member or friend" in check.select_one("#from-client-notice").get_text()
    marked = check.select("strong.tag")
    assert len(marked) == len(answers) and all(tag.get_text() == "From the family member" for tag in marked)

    # Confirm two answers as they are.
    for item_id in list(answers)[:2]:
        client.post(
            "/en/counsel/from-client/intake/confirm",
            data={"csrf_token": csrf_from(client.get("/en/intake/check")), "item_id": item_id},
        )
    check = page(client.get("/en/intake/check"))
    assert check.select_one(f"#from-client-{list(answers)[0]}") is None
    assert len(check.select("strong.tag")) == len(answers) - 2

    # Change one: the family member did not know how long; the client says more than a year.
    questionnaire = get_library_in(counsel_app).questionnaires["intake"]
    pattern = questionnaire.page_of("use_duration")
    form_page = client.get(f"/en/intake/questions/{pattern.id}?return=check")
    data = {item.id: answers[item.id] for item in pattern.items if item.id in answers}
    data.update(use_duration="over_year", csrf_token=csrf_from(form_page), **{"return": "check"})
    client.post(f"/en/intake/questions/{pattern.id}", data=data)
    results = page(client.get("/en/intake/results"))
    differences = results.select_one("#from-client").get_text(" ", strip=True)
    assert "The family member answered “I don’t know” to" in differences.replace("'", "’")
    assert "you answered “More than a year”" in differences

    saved = save_record(client)
    assert saved.status_code == 302
    record_page = page(client.get(saved.headers["Location"]))
    assert "family member or friend" in record_page.select_one("#record-began-from").get_text()
    with counsel_app.app_context():
        from app.counsel.models import IntakeRecord

        record = db.session.scalar(select(IntakeRecord))
        assert record.began_from == "family" and record.perspective == "counselor"
        assert record.answers["use_duration"] == "over_year"

    # Used once: the same message as a wrong code, and both uses are in the organization's trail.
    again = enter(client, code)
    assert again.status_code == 400 and NOT_VALID in page(again).get_text()
    wrong = enter(client, "ZZZZ-ZZZZ-ZZZZ")
    assert page(wrong).select_one("#client-code-error").get_text() == page(again).select_one("#client-code-error").get_text()
    admin = as_account("admin_a")
    assert not any("Client" in row["Action"] for row in audit_rows(admin))  # another organization's trail
    sign_in(client, "counselor_b")
    rows = audit_rows_for_org_b(counsel_app)
    assert ("share_code", "ok") in rows and ("create_from_client", "ok") in rows and ("share_code", "refused") in rows
    # Never the code, never an answer, in a log line.
    logged = caplog.text
    assert code not in logged and code.replace("-", "") not in logged and "over_year" not in logged


def get_library_in(app):
    with app.app_context():
        return get_library()


def audit_rows_for_org_b(app) -> list[tuple[str, str]]:
    from app.counsel.models import AuditEvent, Counselor

    with app.app_context():
        rows = db.session.execute(
            select(AuditEvent.action, AuditEvent.outcome)
            .join(Counselor, Counselor.id == AuditEvent.counselor_id)
            .where(Counselor.email == "counselor.b@example.org")
        )
        return [tuple(row) for row in rows]


def test_the_audit_trail_shows_the_use_to_the_admin(counsel_app, as_account):
    code, _answers = client_code(counsel_app, "self")
    client = as_account("counselor_a")
    enter(client, code)
    save_record(client)
    rows = audit_rows(as_account("admin_a"))
    actions = [row["Action"] for row in rows]
    assert "Client's code entered (their answers opened)" in actions
    assert "Record saved, begun from the client's answers" in actions
    assert not any(code in " ".join(row.values()) for row in rows)


def test_an_expired_code_gets_the_same_message(counsel_app, as_account, monkeypatch):
    code, _answers = client_code(counsel_app, "self")
    monkeypatch.setattr(sharing, "utcnow", lambda: utcnow() + timedelta(days=9))
    response = enter(as_account("counselor_a"), code)
    assert response.status_code == 400 and NOT_VALID in page(response).get_text()


def test_a_code_withdrawn_by_the_person_gets_the_same_message(counsel_app, as_account):
    code, _answers = client_code(counsel_app, "self")
    with counsel_app.app_context():
        assert sharing.withdraw_shared(sharing.SHARE.normalize(code))
    response = enter(as_account("counselor_a"), code)
    assert response.status_code == 400 and NOT_VALID in page(response).get_text()


def test_an_answer_the_counselor_perspective_does_not_allow_is_left_to_ask(counsel_app, as_account, monkeypatch):
    # A questionnaire where "I don't know" is offered to family members only.
    monkeypatch.setattr(
        Item, "offers_unknown", lambda self, perspective: perspective == "family" and "family" in self.unknown_for
    )
    code, _answers = client_code(counsel_app, "family", use_duration="unknown")
    client = as_account("counselor_a")
    opened = enter(client, code)
    assert opened.status_code == 302 and "/en/intake/questions/" in opened.headers["Location"]
    question = client.get(opened.headers["Location"])
    assert "could not be carried over" in question.get_data(as_text=True)


def test_entering_codes_is_limited_per_address_and_per_account(counsel_app, as_account):
    counsel_app.config["RATELIMIT_ENABLED"] = True
    client = as_account("counselor_a")
    for n in range(5):
        assert enter(client, "ZZZZ-ZZZZ-ZZZ" + "0123456789"[n], REMOTE_ADDR=f"10.0.0.{n + 1}").status_code == 400
    # The same account from a sixth address: limited per account.
    assert enter(client, "ZZZZ-ZZZZ-ZZZA", REMOTE_ADDR="10.0.0.9").status_code == 429
    # Another account at one of those addresses is not limited by the account's count...
    other = as_account("admin_a")
    assert enter(other, "ZZZZ-ZZZZ-ZZZB", REMOTE_ADDR="10.0.0.20").status_code == 400
    # ...but an address where five codes were entered is limited, whoever signs in there.
    third = as_account("counselor_b")
    for _n in range(3):
        assert enter(other, "ZZZZ-ZZZZ-ZZZC", REMOTE_ADDR="10.0.0.30").status_code == 400
    for _n in range(2):
        assert enter(third, "ZZZZ-ZZZZ-ZZZD", REMOTE_ADDR="10.0.0.30").status_code == 400
    assert enter(third, "ZZZZ-ZZZZ-ZZZE", REMOTE_ADDR="10.0.0.30").status_code == 429


def test_codes_that_open_answers_do_not_count_against_the_limit(counsel_app, as_account):
    counsel_app.config["RATELIMIT_ENABLED"] = True
    client = as_account("counselor_a")
    for _n in range(7):
        code, _answers = client_code(counsel_app, "self")
        assert enter(client, code).status_code == 302
    for _n in range(5):
        assert enter(client, "ZZZZ-ZZZZ-ZZZZ").status_code == 400
    assert enter(client, "ZZZZ-ZZZZ-ZZZZ").status_code == 429


def test_a_new_start_in_the_same_browser_forgets_the_client_s_answers(counsel_app, as_account):
    code, _answers = client_code(counsel_app, "self")
    client = as_account("counselor_a")
    enter(client, code)
    assert page(client.get("/en/intake/check")).select("strong.tag")
    start = client.get("/en/intake/start")
    client.post("/en/intake/start", data={"csrf_token": csrf_from(start), "perspective": "counselor"})
    with client.session_transaction() as session:
        assert "from_client:intake" not in session
    saved_page = client.get("/en/intake/check", follow_redirects=True)
    assert not page(saved_page).select("strong.tag")
