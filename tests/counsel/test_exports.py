"""Records leaving Passage: FHIR QuestionnaireResponse, CSV list, printable page, purge."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from tests.counsel.conftest import csrf_from, page
from tests.counsel.test_workspace import run_questionnaire, save

pytestmark = pytest.mark.db


@pytest.fixture
def saved(counsel_app, as_account):
    client = as_account("counselor_a")
    questionnaire = run_questionnaire(client, counsel_app)
    response, _data = save(client, questionnaire, code="CL-7")
    return client, response.headers["Location"], questionnaire


def test_fhir_export_is_a_bundle_of_the_response_and_the_plan(counsel_app, saved):
    from app.counsel.models import IntakeRecord
    from app.extensions import db
    from app.interop.fhir import answers_from_response

    client, location, questionnaire = saved
    response = client.get(location + "/fhir")
    assert response.status_code == 200
    assert response.mimetype == "application/fhir+json"
    bundle = response.get_json()
    Bundle.model_validate(bundle)  # raises on invalid FHIR, entries included
    assert bundle["type"] == "collection"
    resources = {entry["resource"]["resourceType"]: entry for entry in bundle["entry"]}
    assert set(resources) == {"QuestionnaireResponse", "CarePlan"}
    answered = resources["QuestionnaireResponse"]["resource"]
    QuestionnaireResponse.model_validate(answered)
    assert answered["questionnaire"] == f"urn:passage:questionnaire:{questionnaire.id}|{questionnaire.version}"
    answers, _pointers, problems = answers_from_response(questionnaire, answered)
    assert problems == []
    plan = resources["CarePlan"]["resource"]
    CarePlan.model_validate(plan)
    assert plan["supportingInfo"] == [{"reference": resources["QuestionnaireResponse"]["fullUrl"]}]
    assert plan["subject"]["identifier"]["value"] == "CL-7"
    with counsel_app.app_context():
        record = db.session.query(IntakeRecord).one()
        assert answers == record.answers
        stored_plan = record.assessment["plan"]
    codes = {coding["system"]: coding["code"] for activity in plan["activity"] for coding in activity["detail"]["code"]["coding"]}
    assert codes["urn:passage:plan:level"] == stored_plan["level"]
    assert codes["urn:passage:plan:next-step"] == stored_plan["next_step"]["action"]


def test_the_bundle_names_the_questionnaire_the_api_serves_as_fhir(saved):
    client, location, questionnaire = saved
    bundle = client.get(location + "/fhir").get_json()
    answered = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse")
    link = page(client.get(location)).find("a", href=f"/api/v1/questionnaires/{questionnaire.id}/fhir")
    assert link is not None, "the record links to the questionnaire as FHIR"
    served = client.get(link["href"]).get_json()
    FhirQuestionnaire.model_validate(served)
    assert answered["questionnaire"] == f"{served['url']}|{served['version']}"


def test_the_plan_in_the_bundle_speaks_the_export_language(saved):
    client, location, _questionnaire = saved
    bundle = client.get(location.replace("/en/", "/fr/") + "/fhir").get_json()
    plan = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan")
    assert plan["language"] == "fr"
    assert plan["title"] == "Plan de soins proposé (Passage)"


def test_an_emergency_record_exports_its_answers_alone(counsel_app, saved):
    from app.counsel.models import IntakeRecord
    from app.extensions import db

    client, location, _questionnaire = saved
    with counsel_app.app_context():
        record = db.session.query(IntakeRecord).one()
        stored = dict(record.assessment)
        stored["plan"] = None
        stored["red_flags"] = [{"kind": "emergency", "reason": {"rule": "r", "text": "t", "answers": [], "source": ""}}]
        record.assessment = stored
        db.session.commit()
    bundle = client.get(location + "/fhir").get_json()
    Bundle.model_validate(bundle)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["QuestionnaireResponse"]


def test_csv_export_lists_the_filtered_records_and_defuses_formulas(counsel_app, saved, as_account):
    from app.counsel.models import IntakeRecord
    from app.extensions import db

    client, _location, questionnaire = saved
    run_questionnaire(client, counsel_app)  # saving cleared the answers from the session
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


def test_a_record_of_an_older_questionnaire_says_why_it_cannot_be_exported(counsel_app, saved):
    from app.counsel.models import IntakeRecord
    from app.extensions import db

    client, location, _questionnaire = saved
    with counsel_app.app_context():
        db.session.query(IntakeRecord).one().questionnaire_version = 1
        db.session.commit()
    refused = client.get(location + "/fhir")
    assert refused.status_code == 302
    notice = page(client.get(refused.headers["Location"])).select_one(".notice")
    assert "cannot be exported as FHIR" in notice.get_text()


def test_purge_leaves_no_trace_of_the_record_in_the_sqlite_files(counsel_app, as_account, database_uri):
    """secure_delete zeroes the freed pages and the checkpoint empties the WAL: the bytes are gone, not only the row."""
    if not database_uri.startswith("sqlite"):
        pytest.skip("the file check is SQLite's; on PostgreSQL the purge tests above check the rows are gone")
    from pathlib import Path

    from app.counsel.models import IntakeRecord
    from app.extensions import db

    client = as_account("counselor_a")
    questionnaire = run_questionnaire(client, counsel_app)
    form_page = client.get(f"/en/counsel/records/new/{questionnaire.id}")
    token = page(form_page).find("input", attrs={"name": "form_token"})["value"]
    marker = "Marker-note-5812-kept-nowhere"
    data = {"csrf_token": csrf_from(form_page), "form_token": token, "code": "MARK-5812", "notes": marker}
    assert client.post(f"/en/counsel/records/new/{questionnaire.id}", data=data).status_code == 302
    path = Path(database_uri.removeprefix("sqlite:///"))

    def stored_bytes() -> bytes:
        return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())

    with counsel_app.app_context():
        db.session.execute(db.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        assert marker.encode() in stored_bytes()  # the check can see it while the record exists
        record = db.session.query(IntakeRecord).one()
        record.created_at = record.created_at - timedelta(days=counsel_app.config["COUNSEL_RETENTION_DAYS"] + 1)
        db.session.commit()
    assert counsel_app.test_cli_runner().invoke(args=["counselors", "purge"]).exit_code == 0
    assert marker.encode() not in stored_bytes()
    assert b"MARK-5812" not in stored_bytes()


def test_an_emergency_record_is_named_so_in_the_list_and_the_csv(counsel_app, saved):
    from app.counsel.models import IntakeRecord
    from app.extensions import db

    client, _location, _questionnaire = saved
    with counsel_app.app_context():
        db.session.query(IntakeRecord).one().top_pathway = "emergency"
        db.session.commit()
    cells = page(client.get("/en/counsel/?pathway=emergency")).select("table.records tbody td")
    assert cells[0].get_text(strip=True) == "CL-7"
    assert cells[3].get_text(strip=True) == "Emergency: danger right now"
    rows = list(csv.reader(io.StringIO(client.get("/fr/counsel/records.csv?pathway=emergency").get_data(as_text=True))))
    assert rows[1][0] == "CL-7" and rows[1][3] == "Urgence\u00a0: danger immédiat"
