"""Issue 27, points 1 and 9: a client code is checked whole (a final newline is refused), every
download's file name is safe whatever code is stored, and an export is audited once its outcome
is known: "ok" when it was made, "failed" when making it failed."""

from __future__ import annotations

import pytest

from tests.counsel.conftest import csrf_from, page
from tests.counsel.test_record_result import client_pdf, dependent_record  # noqa: F401  (fixture)

pytestmark = pytest.mark.db

REFUSED = {
    "en": "Use up to 40 letters, digits, - or _ (no name)",
    "fr": "Utilisez au plus 40 lettres, chiffres, - ou _ (pas de nom)",
}


def records_of(counsel_app):
    from app.counsel.models import IntakeRecord
    from app.extensions import db

    with counsel_app.app_context():
        return [(record.code, record.version) for record in db.session.query(IntakeRecord).order_by(IntakeRecord.id)]


def audit_rows(counsel_app, action):
    from app.counsel.models import AuditEvent
    from app.extensions import db

    with counsel_app.app_context():
        return [event.outcome for event in db.session.query(AuditEvent).filter_by(action=action).order_by(AuditEvent.id)]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("code", ["NL\n", "NL\r\n", "NL\n\n", "\nNL", "NL 1", "NL\t"])
def test_a_code_with_a_line_break_or_space_is_refused_in_the_readers_language(counsel_app, as_account, lang, code):
    from tests.counsel.test_workspace import run_questionnaire

    client = as_account("counselor_a", lang)
    questionnaire = run_questionnaire(client, counsel_app)
    form_page = client.get(f"/{lang}/counsel/records/new/{questionnaire.id}")
    token = page(form_page).find("input", attrs={"name": "form_token"})["value"]
    response = client.post(
        f"/{lang}/counsel/records/new/{questionnaire.id}",
        data={"csrf_token": csrf_from(form_page), "form_token": token, "code": code},
    )
    assert response.status_code == 400
    message = page(response).select_one("#code-error")
    assert message is not None and REFUSED[lang] in message.get_text(" ", strip=True)
    assert records_of(counsel_app) == []


def test_a_plain_code_is_still_saved(counsel_app, as_account):
    from tests.counsel.test_workspace import run_questionnaire, save

    client = as_account("counselor_a")
    questionnaire = run_questionnaire(client, counsel_app)
    response, _data = save(client, questionnaire, code="NL-1_a")
    assert response.status_code == 302
    assert records_of(counsel_app) == [("NL-1_a", 1)]


def test_an_email_with_a_final_newline_is_refused_on_the_team_page(counsel_app, as_account):
    client = as_account("admin_a")
    form_page = client.get("/en/counsel/team")
    response = client.post(
        "/en/counsel/team",
        data={
            "csrf_token": csrf_from(form_page),
            "email": "new@example.org\n",
            "password": "a long enough passphrase",
            "role": "counselor",
        },
    )
    assert response.status_code == 400
    assert "Enter an email such as name@example.org" in page(response).get_text(" ", strip=True)


def store_code(counsel_app, code):
    """A code stored before codes were checked whole (the probe's NL%0A)."""
    from app.counsel.models import IntakeRecord
    from app.extensions import db

    with counsel_app.app_context():
        record = db.session.query(IntakeRecord).one()
        record.code = code
        db.session.commit()


@pytest.mark.parametrize("code", ["NL\n", 'a"b;c\r\nSet-Cookie: x=1', "é/..\\x"])
def test_the_fhir_export_of_a_stored_hostile_code_is_made_with_a_safe_file_name(counsel_app, dependent_record, code):  # noqa: F811
    client, location, _answers = dependent_record
    store_code(counsel_app, code)
    response = client.get(location.format(lang="en") + "/fhir")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert "\n" not in disposition and "\r" not in disposition and disposition.count('"') == 2
    assert disposition.startswith('attachment; filename="intake-') and disposition.endswith('-v1.json"')
    assert audit_rows(counsel_app, "export_fhir") == ["ok"]


def test_the_client_pdf_of_a_stored_hostile_code_is_made_with_a_safe_file_name(counsel_app, dependent_record):  # noqa: F811
    client, location, _answers = dependent_record
    store_code(counsel_app, "NL\n")
    response = client_pdf(client, location)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="passage-resultat-NL_.pdf"'
    assert audit_rows(counsel_app, "export_pdf") == ["ok"]


def broken(*_args, **_kwargs):
    raise RuntimeError("the export broke")


FAILED = "The export could not be made. Please try again; if it fails again, tell the person who runs this server."


def test_a_failed_fhir_export_is_audited_as_failed_and_said(counsel_app, dependent_record, monkeypatch):  # noqa: F811
    client, location, _answers = dependent_record
    monkeypatch.setattr("app.counsel.views.record_bundle", broken)
    response = client.get(location.format(lang="en") + "/fhir")
    assert response.status_code == 302 and response.headers["Location"].endswith(location.format(lang="en"))
    assert audit_rows(counsel_app, "export_fhir") == ["failed"]
    assert FAILED in page(client.get(response.headers["Location"])).get_text(" ", strip=True)


def test_a_failed_client_pdf_is_audited_as_failed(counsel_app, dependent_record, monkeypatch):  # noqa: F811
    client, location, _answers = dependent_record
    monkeypatch.setattr("app.counsel.client_pdf.render_pdf", broken)
    response = client_pdf(client, location)
    assert response.status_code == 302
    assert audit_rows(counsel_app, "export_pdf") == ["failed"]


def test_a_failed_csv_export_is_audited_as_failed(counsel_app, dependent_record, monkeypatch):  # noqa: F811
    client, _location, _answers = dependent_record
    monkeypatch.setattr("app.counsel.views.records_csv", broken)
    response = client.get("/en/counsel/records.csv")
    assert response.status_code == 302
    assert audit_rows(counsel_app, "export_csv") == ["failed"]
    assert FAILED in page(client.get(response.headers["Location"])).get_text(" ", strip=True)


def test_the_audit_trail_names_a_failure_in_both_languages(counsel_app, dependent_record, as_account, monkeypatch):  # noqa: F811
    client, location, _answers = dependent_record
    monkeypatch.setattr("app.counsel.views.record_bundle", broken)
    client.get(location.format(lang="en") + "/fhir")
    admin = as_account("admin_a")
    assert "Failed" in page(admin.get("/en/counsel/audit")).get_text(" ", strip=True)
    assert "Échec" in page(admin.get("/fr/counsel/audit")).get_text(" ", strip=True)
