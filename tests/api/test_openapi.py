"""The OpenAPI document tells the truth about the API.

- every route under /api/v1 is documented, with its methods, and every documented path exists;
- real responses validate against the documented schemas (jsonschema, Draft 2020-12 as OpenAPI 3.1 uses);
- schemathesis fuzzes every operation through WSGI: no 5xx, responses conform to
  the document, and data that breaks the document is refused with a 4xx.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.web.library import get_library
from tests.support import fuzz_figures
from tests.support.answer_sets import data_folders, first_choices
from tests.support.apps import make_app

OPENAPI = "/api/v1/openapi.json"


@pytest.fixture(scope="module", params=data_folders())
def app(request, tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("openapi"), QUESTIONNAIRES_DIR=str(request.param))


@pytest.fixture(scope="module")
def document(app):
    response = app.test_client().get(OPENAPI)
    assert response.status_code == 200
    return response.get_json()


def _flask_path(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


def test_every_api_route_is_documented_and_every_documented_path_exists(app, document):
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            routes[_flask_path(rule.rule)] = {m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {
        path: {m for m in item if m in ("get", "post", "put", "patch", "delete")} for path, item in document["paths"].items()
    }
    assert routes == documented


def test_the_document_lists_the_ids_this_server_knows(app, document):
    with app.app_context():
        library = get_library()
    parameters = document["components"]["parameters"]
    assert parameters["QuestionnaireId"]["schema"]["enum"] == sorted(library.questionnaires)
    assert parameters["Region"]["schema"]["enum"] == sorted(library.helplines)


def _validator(document: dict, pointer: str) -> jsonschema.Draft202012Validator:
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:passage:openapi", resource)
    return jsonschema.Draft202012Validator({"$ref": f"urn:passage:openapi#{pointer}"}, registry=registry)


def _schema_pointer(document: dict, path: str, method: str, status: int, media: str) -> str:
    responses = document["paths"][path][method]["responses"]
    response = responses[str(status)]
    if "$ref" in response:
        name = response["$ref"].rsplit("/", 1)[-1]
        return f"/components/responses/{name}/content/{media.replace('/', '~1')}/schema"
    return f"/paths/{path.replace('~', '~0').replace('/', '~1')}/{method}/responses/{status}/content/{media.replace('/', '~1')}/schema"


def test_real_responses_match_their_documented_schemas(app, document):
    with app.app_context():
        library = get_library()
    questionnaire = library.questionnaires["intake"]
    rules = library.rules["intake"]
    client = app.test_client()
    answers = first_choices(questionnaire, rules)
    exchanges = [
        ("/api/v1/questionnaires", "get", client.get("/api/v1/questionnaires?lang=fr")),
        ("/api/v1/questionnaires/{questionnaire_id}", "get", client.get("/api/v1/questionnaires/intake?perspective=family")),
        ("/api/v1/questionnaires/{questionnaire_id}", "get", client.get("/api/v1/questionnaires/nope")),
        ("/api/v1/questionnaires/{questionnaire_id}/fhir", "get", client.get("/api/v1/questionnaires/intake/fhir?lang=fr")),
        ("/api/v1/questionnaires/{questionnaire_id}/rules", "get", client.get("/api/v1/questionnaires/intake/rules")),
        ("/api/v1/questionnaires/{questionnaire_id}/rules", "get", client.get("/api/v1/questionnaires/intake/rules?lang=xx")),
        (
            "/api/v1/questionnaires/{questionnaire_id}/assessments",
            "post",
            client.post("/api/v1/questionnaires/intake/assessments?region=other&lang=fr", json={"answers": answers}),
        ),
        (
            "/api/v1/questionnaires/{questionnaire_id}/assessments",
            "post",
            client.post("/api/v1/questionnaires/intake/assessments?region=us", json={"answers": {}}),
        ),
        (
            "/api/v1/questionnaires/{questionnaire_id}/assessments",
            "post",
            client.post("/api/v1/questionnaires/intake/assessments", data="nope", content_type="text/plain"),
        ),
        ("/api/v1/regions", "get", client.get("/api/v1/regions")),
    ]
    for path, method, response in exchanges:
        pointer = _schema_pointer(document, path, method, response.status_code, response.mimetype)
        body = json.loads(response.get_data(as_text=True))
        errors = list(_validator(document, pointer).iter_errors(body))
        assert not errors, (
            f"{method.upper()} {path} {response.status_code}: {errors[0].message} at {list(errors[0].absolute_path)}"
        )


# --- schemathesis -------------------------------------------------------------
# Loaded when the module is imported (schemathesis.pytest.from_fixture does not
# work with pytest 9), one app per data folder, each on its own temporary database.


def _fuzzed_app(folder):
    return make_app(Path(tempfile.mkdtemp(prefix="passage-openapi-")), QUESTIONNAIRES_DIR=str(folder))


fuzzed = schemathesis.pytest.parametrize(
    **{param.id: schemathesis.openapi.from_wsgi(OPENAPI, _fuzzed_app(param.values[0])) for param in data_folders()}
)


load_all_checks()
# Every check schemathesis has (`--checks all`), the positive-data one made exact for the assessment
# operation below.
ALL_CHECKS = list(CHECKS.get_all())
ANSWERS_PROBLEM = "urn:passage:problem:invalid-answers"
# Refusals the document declares for bodies a schema cannot tell apart (FhirQuestionnaireResponse.questionnaire).
DECLARED_SHAPE_CODES = {"other_questionnaire"}


def schema_valid_bodies_are_assessed_or_refused_for_their_answers(ctx, response, case):
    """positive_data_acceptance, as the document words it for assessments: a body that fits the
    schema is assessed (200), or refused for its answers (422 invalid-answers, e.g. an empty FHIR
    `item` list); never refused for its shape."""
    if not case.meta or not case.meta.generation.mode.is_positive:
        return None
    if response.status_code == 200 or response.status_code in (404, 429):
        return True
    problem = json.loads(response.content or b"{}") if response.status_code == 422 else {}
    errors = problem.get("errors") or [{}]
    # Each error about an answer (it names the question) or one the document declares.
    declared = all("linkId" in error or error.get("code") in DECLARED_SHAPE_CODES for error in errors)
    if problem.get("type") != ANSWERS_PROBLEM and not declared:
        raise AssertionError(f"a schema-valid body was refused for its shape: {response.status_code} {problem}")
    return True


# Per operation and data folder: with the form fuzzing (tests/web/test_fuzz_forms.py), over 5,000 inputs.
@fuzzed
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_api_conforms_to_its_openapi_document(case):
    # Every check: no server error; status codes, content types, headers and bodies as documented;
    # schema-breaking (negative) data gets a 4xx; missing headers, unsupported methods, Allow headers;
    # and schema-valid data accepted -- for an assessment, with the documented 422 for answers that
    # do not fit (which questions apply depends on the answers, more than a JSON Schema can say).
    assessing = case.operation.method.upper() == "POST"
    checks = [check for check in ALL_CHECKS if not (assessing and check is positive_data_acceptance)]
    extra = [schema_valid_bodies_are_assessed_or_refused_for_their_answers] if assessing else []
    response = case.call()
    fuzz_figures.record(f"{case.operation.method.upper()} {case.operation.path}", response.status_code)
    case.validate_response(response, checks=checks, additional_checks=extra)


@pytest.mark.parametrize("item", [[], [{"linkId": "", "answer": [{"valueBoolean": True}]}]])
def test_a_schema_valid_fhir_response_without_the_answers_gets_the_documented_answers_problem(app, document, item):
    # Issue 14, item 8: an empty `item` list (or an unknown linkId, even "") fits the schema; the
    # server refuses it for its answers, and the document says so for this operation.
    response = app.test_client().post(
        "/api/v1/questionnaires/intake/assessments?region=us",
        data=json.dumps({"resourceType": "QuestionnaireResponse", "status": "completed", "item": item}),
        content_type="application/fhir+json",
    )
    assert response.status_code == 422
    assert response.get_json()["type"] == ANSWERS_PROBLEM
    unprocessable = document["paths"]["/api/v1/questionnaires/{questionnaire_id}/assessments"]["post"]["responses"]["422"]
    assert ANSWERS_PROBLEM.rsplit(":", 1)[1] in unprocessable["description"]
    assert not list(
        _validator(document, "/components/schemas/FhirQuestionnaireResponse").iter_errors(
            {"resourceType": "QuestionnaireResponse", "item": item}
        )
    )
