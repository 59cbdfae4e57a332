"""Records leaving Passage: FHIR QuestionnaireResponse, CSV list, printable page, purge."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from tests.counsel.conftest import page
from tests.counsel.test_workspace import run_questionnaire, save

pytestmark = pytest.mark.db


@pytest.fixture
def saved(counsel_app, as_account):
    client = as_account("counselor_a")
    questionnaire = run_questionnaire(client, counsel_app)
    response, _data = save(client, questionnaire, code="CL-7")
    return client, response.headers["Location"], questionnaire


def test_fhir_export_is_a_valid_response_to_the_questionnaire(counsel_app, saved):
    from app.counsel.models import IntakeRecord
    from app.extensions import db
    from app.fhir import answers_from_response

    client, location, questionnaire = saved
    response = client.get(location + "/fhir")
    assert response.status_code == 200
    assert response.mimetype == "application/fhir+json"
    resource = response.get_json()
    QuestionnaireResponse.model_validate(resource)  # raises on invalid FHIR
    assert resource["questionnaire"] == f"urn:passage:questionnaire:{questionnaire.id}|{questionnaire.version}"
    answers, _pointers, problems = answers_from_response(questionnaire, resource)
    assert problems == []
    with counsel_app.app_context():
        assert answers == db.session.query(IntakeRecord).one().answers


def test_csv_export_lists_the_filtered_records_and_defuses_formulas(counsel_app, saved, as_account):
    from app.counsel.models import IntakeRecord
    from app.extensions import db

    client, _location, questionnaire = saved
    save(client, questionnaire, code="X2")
    with counsel_app.app_context():  # a value a spreadsheet would run as a formula (forms refuse it; data may not)
        db.session.query(IntakeRecord).filter_by(code="X2").one().code = "-2+3"
        db.session.commit()
    rows = list(csv.reader(io.StringIO(client.get("/en/counsel/records.csv?code=CL").get_data(as_text=True))))
    assert rows[0][0] == "Client code"
    assert [row[0] for row in rows[1:]] == ["CL-7"]
    everything = list(csv.reader(io.StringIO(client.get("/en/counsel/records.csv").get_data(as_text=True))))
    assert "'-2+3" in [row[0] for row in everything[1:]]
    assert (
        list(csv.reader(io.StringIO(as_account("counselor_b").get("/en/counsel/records.csv").get_data(as_text=True))))[1:] == []
    )


def test_french_csv_has_french_headers(counsel_app, saved):
    client, _location, _questionnaire = saved
    header = next(csv.reader(io.StringIO(client.get("/fr/counsel/records.csv").get_data(as_text=True))))
    assert header[0] == "Code de la personne accompagnée"


def test_printable_page_shows_the_record(saved):
    client, location, _questionnaire = saved
    shown = page(client.get(location + "/print"))
    assert shown.h1.get_text(strip=True) == "Record CL-7"
    assert shown.select(".record-pathways li")


def test_purge_deletes_records_past_retention(counsel_app, saved):
    from app.counsel.models import IntakeRecord
    from app.extensions import db

    client, location, _questionnaire = saved
    with counsel_app.app_context():
        record = db.session.query(IntakeRecord).one()
        record.created_at = record.created_at - timedelta(days=counsel_app.config["COUNSEL_RETENTION_DAYS"] + 1)
        db.session.commit()
    result = counsel_app.test_cli_runner().invoke(args=["counselors", "purge"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 record" in result.output
    with counsel_app.app_context():
        assert db.session.query(IntakeRecord).count() == 0
    assert client.get(location).status_code == 404


def test_purge_keeps_recent_records(counsel_app, saved):
    from app.counsel.models import IntakeRecord
    from app.extensions import db

    counsel_app.test_cli_runner().invoke(args=["counselors", "purge"])
    with counsel_app.app_context():
        assert db.session.query(IntakeRecord).count() == 1
