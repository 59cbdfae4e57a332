"""Issue 27, point 4: a client's answers leave the browser session when the counselor saves the
record, signs out or signs in, so the next person at the device starts fresh and a counselor
never saves answers someone else began."""

from __future__ import annotations

import pytest

from tests.counsel.conftest import csrf_from, page, sign_in
from tests.counsel.test_workspace import run_questionnaire, save

pytestmark = pytest.mark.db

NOTHING_TO_SAVE = "There are no answers to save in this browser yet."


def person_keys(client) -> set[str]:
    with client.session_transaction() as session:
        return {key for key in session if key.startswith(("progress:", "share:", "from_client:", "emergency_kind"))}


def begin_with_share_code(client, counsel_app):
    questionnaire = run_questionnaire(client, counsel_app)
    with client.session_transaction() as session:
        session[f"share:{questionnaire.id}"] = {"code": "ABCDEFGH", "last_day": "2999-01-01", "fingerprint": "x"}
        session[f"from_client:{questionnaire.id}"] = {"perspective": "self", "pending": [], "changed": {}, "to_ask": []}
        session["emergency_kind"] = "overdose"
        session["region"] = "fr"
    assert person_keys(client) == {
        f"progress:{questionnaire.id}",
        f"share:{questionnaire.id}",
        f"from_client:{questionnaire.id}",
        "emergency_kind",
    }
    return questionnaire


def sees_nothing_to_save(client, questionnaire) -> bool:
    return NOTHING_TO_SAVE in page(client.get(f"/en/counsel/records/new/{questionnaire.id}")).get_text(" ", strip=True)


def test_saving_the_record_clears_the_clients_answers(counsel_app, as_account):
    client = as_account("counselor_a")
    questionnaire = begin_with_share_code(client, counsel_app)
    response, _data = save(client, questionnaire)
    assert response.status_code == 302
    assert person_keys(client) == set()
    assert sees_nothing_to_save(client, questionnaire)
    from app.counsel.models import IntakeRecord
    from app.extensions import db

    with counsel_app.app_context():
        assert db.session.query(IntakeRecord).one().answers  # the record itself kept the answers


def test_a_refused_save_keeps_the_answers(counsel_app, as_account):
    client = as_account("counselor_a")
    questionnaire = run_questionnaire(client, counsel_app)
    response, _data = save(client, questionnaire, code="not a code")
    assert response.status_code == 400
    assert person_keys(client) == {f"progress:{questionnaire.id}"}


def test_signing_out_clears_the_clients_answers_and_the_next_person_starts_fresh(counsel_app, as_account):
    client = as_account("counselor_a")
    questionnaire = begin_with_share_code(client, counsel_app)
    records_page = client.get("/en/counsel/")
    signed_out = client.post("/en/counsel/sign-out", data={"csrf_token": csrf_from(records_page)})
    assert signed_out.status_code == 302
    assert person_keys(client) == set()
    with client.session_transaction() as session:
        assert session.get("region") == "fr"  # the device's region choice is not about the person
    # The next person opens the questionnaire: nothing of the client's is there.
    check = client.get(f"/en/{questionnaire.id}/check")
    assert check.status_code == 302 and "/check" not in check.headers["Location"]


def test_signing_in_clears_answers_begun_before(counsel_app):
    client = counsel_app.test_client()
    questionnaire = begin_with_share_code(client, counsel_app)
    assert sign_in(client, "counselor_a").status_code == 302
    assert person_keys(client) == set()
    assert sees_nothing_to_save(client, questionnaire)


def test_a_refused_sign_in_leaves_the_session_alone(counsel_app):
    client = counsel_app.test_client()
    questionnaire = run_questionnaire(client, counsel_app)
    assert sign_in(client, "counselor_a", password="not the right password").status_code == 400
    assert person_keys(client) == {f"progress:{questionnaire.id}"}
