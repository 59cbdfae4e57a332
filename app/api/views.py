"""Routes of the JSON API, /api/v1.

Stateless: no session is read or written (see stateless.py: API requests get
Flask's null session, so no cookie is read or set), nothing is stored, and answers travel
only in POST bodies. Language: `?lang=`, else Accept-Language. Every error is
an RFC 9457 problem (see problems.py), never an HTML page.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, Response, current_app, g, request
from flask_babel import force_locale, get_translations, refresh
from werkzeug.exceptions import HTTPException

from ..engine import Problem, assess, clean_answers
from ..engine.model import PERSPECTIVES, Questionnaire
from ..extensions import limiter
from ..i18n.languages import browser_language
from ..i18n.wording import gettext as _
from ..i18n.words import ANSWER_WORDS, problem_message
from ..interop import fhir
from ..web.library import get_library
from ..web.region_choice import pin_region
from .problems import ApiProblem, from_http_status, problem_response
from .representations import (
    assessment_document,
    helplines_document,
    questionnaire_document,
    questionnaire_summary,
    rules_document,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")

JSON = "application/json"
FHIR_JSON = "application/fhir+json"
OPENAPI_FILE = Path(__file__).with_name("openapi.yaml")


@bp.before_request
def stateless_and_in_one_language():
    g.lang_code = browser_language()
    wanted = request.args.get("lang")
    if wanted is not None:
        if wanted not in current_app.config["LANGUAGES"]:
            raise ApiProblem(
                "invalid-parameter",
                _("This language is not available."),
                [
                    _parameter_error("lang", "unknown_value", current_app.config["LANGUAGES"]),
                ],
            )
        g.lang_code = wanted


@bp.after_request
def describe_response(response: Response) -> Response:
    response.headers["Content-Language"] = getattr(g, "lang_code", None) or browser_language()
    response.vary.add("Accept-Language")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.errorhandler(ApiProblem)
def api_problem(problem: ApiProblem):
    return problem_response(problem.kind, problem.detail, problem.errors, problem.headers)


@bp.errorhandler(HTTPException)
def http_problem(error: HTTPException):
    allowed = getattr(error, "valid_methods", None)  # set by MethodNotAllowed only
    headers = {"Allow": ", ".join(allowed)} if allowed else None
    return from_http_status(error.code or 500, headers)


def _parameter_error(name: str, code: str, allowed) -> dict[str, str]:
    return {
        "parameter": name,
        "code": code,
        "message": _("Use one of: %(values)s.", values=", ".join(allowed)),
    }


def _questionnaire(questionnaire_id: str) -> Questionnaire:
    library = get_library()
    if questionnaire_id not in library.questionnaires:
        raise ApiProblem("not-found", _("There is no questionnaire “%(id)s”.", id=questionnaire_id))
    return library.questionnaires[questionnaire_id]


def _perspective(questionnaire: Questionnaire, value: Any, pointer: str | None = None, required: bool = False) -> str:
    if value is None and not required:
        return "self"
    if not isinstance(value, str) or value not in questionnaire.perspectives:
        error = _parameter_error("perspective", "unknown_value", questionnaire.perspectives)
        if pointer is not None:
            error = {"pointer": pointer, "code": "unknown_value", "message": error["message"]}
            raise ApiProblem("invalid-request", _("This perspective is not available."), [error])
        raise ApiProblem("invalid-parameter", _("This perspective is not available."), [error])
    return value


def _region(value: Any, pointer: str | None = None, required: bool = False) -> str:
    """The region whose numbers the answer shows: always named by the caller, never guessed from the
    language (a French speaker may be in Québec, where the emergency number is 911, not 15)."""
    regions = get_library().helplines
    if value is None and not required:
        raise ApiProblem(
            "invalid-parameter",
            _(
                "Say which region the person is in, so that the phone numbers are the right ones (“other” gives the international advice)."
            ),
            [{"parameter": "region", "code": "missing", "message": _parameter_error("region", "", regions)["message"]}],
        )
    if not isinstance(value, str) or value not in regions:
        error = _parameter_error("region", "unknown_value", regions)
        if pointer is not None:
            error = {"pointer": pointer, "code": "unknown_value", "message": error["message"]}
            raise ApiProblem("invalid-request", _("There are no phone numbers for this region."), [error])
        raise ApiProblem("invalid-parameter", _("There are no phone numbers for this region."), [error])
    return value


def _json(data: Any, status: int = 200, mimetype: str = JSON) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status=status, mimetype=mimetype)


@lru_cache(maxsize=1)
def openapi_template() -> dict:
    with OPENAPI_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def openapi_document() -> dict:
    """The OpenAPI document, with the ids this server knows (questionnaires, perspectives, regions) as enums."""
    document = json.loads(json.dumps(openapi_template()))
    library = get_library()
    parameters = document["components"]["parameters"]
    parameters["QuestionnaireId"]["schema"]["enum"] = sorted(library.questionnaires)
    parameters["Region"]["schema"]["enum"] = sorted(library.helplines)
    perspectives = [p for p in PERSPECTIVES if any(p in q.perspectives for q in library.questionnaires.values())]
    parameters["Perspective"]["schema"]["enum"] = perspectives
    answer_set = document["components"]["schemas"]["AnswerSet"]["properties"]
    answer_set["perspective"]["enum"] = perspectives
    answer_set["region"]["enum"] = sorted(library.helplines)
    return document


@bp.get("/openapi.json")
def openapi():
    return _json(openapi_document())


@bp.get("/questionnaires")
def questionnaires():
    library = get_library()
    return _json({"questionnaires": [questionnaire_summary(q) for _, q in sorted(library.questionnaires.items())]})


@bp.get("/questionnaires/<questionnaire_id>")
def questionnaire(questionnaire_id: str):
    found = _questionnaire(questionnaire_id)
    perspective = _perspective(found, request.args.get("perspective"))
    return _json(questionnaire_document(found, g.lang_code, perspective))


def _translator(lang: str):
    with force_locale(lang):
        return get_translations().gettext


@bp.get("/questionnaires/<questionnaire_id>/fhir")
def questionnaire_fhir(questionnaire_id: str):
    found = _questionnaire(questionnaire_id)
    perspective = _perspective(found, request.args.get("perspective"))
    languages = [g.lang_code] + [lang for lang in current_app.config["LANGUAGES"] if lang != g.lang_code]
    translations = {lang: _translator(lang) for lang in languages}
    labels = {}
    for lang in languages:
        with force_locale(lang):
            labels[lang] = {code: str(label) for code, label in ANSWER_WORDS.items()}
    resource = fhir.questionnaire_resource(found, perspective, translations, labels)
    return _json(resource, mimetype=FHIR_JSON)


@bp.get("/questionnaires/<questionnaire_id>/rules")
def rules(questionnaire_id: str):
    found = _questionnaire(questionnaire_id)
    perspective = _perspective(found, request.args.get("perspective"))
    library = get_library()
    return _json(rules_document(found, library.rules[found.id], library.sources, g.lang_code, perspective))


@bp.get("/regions")
def regions():
    return _json({"regions": [helplines_document(code, region) for code, region in get_library().helplines.items()]})


def _read_json() -> Any:
    if request.mimetype not in (JSON, FHIR_JSON):
        raise ApiProblem(
            "unsupported-media-type",
            _("Send the answers as application/json, or a FHIR QuestionnaireResponse as application/fhir+json."),
        )
    raw = request.get_data(cache=False)  # raises 413 beyond MAX_CONTENT_LENGTH

    def refuse_constant(name):
        raise ValueError(name)

    def refuse_unpaired_surrogate_keys(pairs):
        # A key such as "\ud800" is not Unicode text: it could never be echoed back
        # in a problem's pointer, so it is refused as unreadable JSON.
        for key, _value in pairs:
            key.encode("utf-8")  # UnicodeEncodeError, a ValueError, on a lone surrogate
        return dict(pairs)

    try:
        return json.loads(raw.decode("utf-8"), parse_constant=refuse_constant, object_pairs_hook=refuse_unpaired_surrogate_keys)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiProblem("invalid-json", _("The request body could not be read as JSON (UTF-8).")) from None


NATIVE_FIELDS = ("answers", "perspective", "region")
FHIR_MESSAGES = {
    "not_a_questionnaire_response": lambda: _("Send a FHIR QuestionnaireResponse resource."),
    "other_questionnaire": lambda: _("This response is for another questionnaire, or another version of it."),
    "not_a_list": lambda: _("A list is expected here."),
    "no_link_id": lambda: _("Each item needs a linkId."),
    "answered_twice": lambda: _("This question is answered more than once."),
    "wrong_type": lambda: _("This kind of answer does not fit the question."),
    "unknown_system": lambda: _("This code is not from the question's list of answers."),
    "one_answer_only": lambda: _("This question takes a single answer."),
    "not_asked": lambda: _("There is no such question in this questionnaire."),
}


@bp.post("/questionnaires/<questionnaire_id>/assessments")
@limiter.limit(lambda: current_app.config["API_ASSESS_RATE_LIMIT"])
def create_assessment(questionnaire_id: str):
    """Assess a set of answers; nothing is stored, nothing is logged."""
    found = _questionnaire(questionnaire_id)
    library = get_library()
    rules = library.rules[found.id]
    body = _read_json()
    link_ids = request.mimetype != JSON
    perspective, region, raw, pointers = _fhir_request(found, body) if link_ids else _native_request(found, body)
    clean, problems = clean_answers(found, rules, raw, perspective)
    if problems:
        raise ApiProblem(
            "invalid-answers",
            _("Some answers are missing or do not fit the questions."),
            _answer_errors(found, problems, pointers, link_ids),
        )
    assessment = assess(found, rules, clean, perspective)
    # Its words in the region's French (fr_CA in Québec…), as a page showing that region would say them.
    pin_region(region)
    refresh()
    document = assessment_document(assessment, library.sources, g.lang_code, perspective, region, library.helplines[region])
    response = _json(document)
    response.headers["Cache-Control"] = "no-store"
    return response


def _native_request(found: Questionnaire, body: Any) -> tuple[str, str, Any, dict[str, str]]:
    """Perspective, region, raw answers and their pointers from a Passage JSON body (else a problem)."""
    if not isinstance(body, dict):
        raise ApiProblem(
            "invalid-request",
            _("Send a JSON object with the answers."),
            [{"pointer": "", "code": "not_an_object", "message": _("A JSON object is expected here.")}],
        )
    stray = [key for key in body if key not in NATIVE_FIELDS]
    if stray or not isinstance(body.get("answers"), dict):
        errors = [
            {"pointer": "/" + _escape(key), "code": "unexpected", "message": _("This field is not expected.")} for key in stray
        ]
        if not isinstance(body.get("answers"), dict):
            errors.append(
                {
                    "pointer": "/answers",
                    "code": "not_an_object",
                    "message": _("The answers are expected as an object from question id to answer."),
                }
            )
        raise ApiProblem("invalid-request", _("Send a JSON object with the answers."), errors)
    # The body's fields win over the query; when present they must be valid (null is not a choice).
    if "perspective" in body:
        perspective = _perspective(found, body["perspective"], "/perspective", required=True)
    else:
        perspective = _perspective(found, request.args.get("perspective"))
    # The query's region is required even when the body names one (which then wins), so a request
    # without it is refused alike whatever its body.
    region = _region(request.args.get("region"))
    if "region" in body:
        region = _region(body["region"], "/region", required=True)
    raw = body["answers"]
    return perspective, region, raw, {key: "/answers/" + _escape(key) for key in raw}


def _fhir_request(found: Questionnaire, body: Any) -> tuple[str, str, Any, dict[str, str]]:
    """Perspective, region, raw answers and their pointers from a FHIR QuestionnaireResponse (else a problem)."""
    perspective = _perspective(found, request.args.get("perspective"))
    region = _region(request.args.get("region"))
    raw, pointers, fhir_problems = fhir.answers_from_response(found, body)
    if fhir_problems:
        errors = []
        for problem in fhir_problems:
            error = {"pointer": problem.pointer, "code": problem.code, "message": FHIR_MESSAGES[problem.code]()}
            if problem.link_id is not None:  # "" is a linkId too (the schema allows it): an answers problem
                error.update(item=problem.link_id, linkId=problem.link_id)
            errors.append(error)
        kind = "invalid-answers" if all(p.link_id is not None for p in fhir_problems) else "invalid-request"
        raise ApiProblem(kind, _("The QuestionnaireResponse could not be read."), errors)
    return perspective, region, raw, pointers


def _answer_errors(
    found: Questionnaire, problems: list[Problem], pointers: dict[str, str], link_ids: bool
) -> list[dict[str, Any]]:
    """One error per answer that does not fit, pointing into the body as it was sent."""
    errors = []
    for answer_problem in problems:
        item = found.items_by_id.get(answer_problem.item)
        message = problem_message(item, answer_problem) if item is not None else FHIR_MESSAGES["not_asked"]()
        default = "/item" if link_ids else f"/answers/{_escape(answer_problem.item)}"
        error: dict[str, Any] = {
            "pointer": pointers.get(answer_problem.item, default),
            "item": answer_problem.item,
            "code": answer_problem.code,
            "message": message,
        }
        if link_ids:
            error["linkId"] = answer_problem.item
        errors.append(error)
    return errors


def _escape(key: str) -> str:
    """A key as a JSON Pointer segment (RFC 6901)."""
    return str(key).replace("~", "~0").replace("/", "~1")


def api_error(code: int, headers: dict | None = None) -> Response:
    """For errors raised before a route matched (unknown address, wrong method): a problem, not a page."""
    g.lang_code = browser_language()
    response = from_http_status(code, headers)
    response.headers["Content-Language"] = g.lang_code
    response.vary.add("Accept-Language")
    return response


__all__ = ["api_error", "bp", "openapi_document"]
