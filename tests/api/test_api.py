"""The JSON API (/api/v1) as a client sees it, on the mini fixture and on the real questionnaire.

Stateless (no cookie), bilingual, FHIR R4 that a FHIR library accepts and
whose enableWhen means what the engine's `when` means, and every error an
RFC 9457 problem in the requested language.
"""

from __future__ import annotations

import json
import operator

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirQuestionnaireResponse
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings

from app.engine import Problem, relevant_answers, visible_items
from app.i18n.words import problem_message
from app.interop import fhir
from app.web.library import get_library
from tests.support.answer_sets import answer_sets, data_folders, first_choices
from tests.support.apps import make_app

ASSESS = "/api/v1/questionnaires/{}/assessments"


@pytest.fixture(params=data_folders())
def api_app(request, tmp_path):
    return make_app(tmp_path, QUESTIONNAIRES_DIR=str(request.param))


@pytest.fixture
def client(api_app):
    return api_app.test_client()


@pytest.fixture
def loaded(api_app):
    with api_app.app_context():
        library = get_library()
    questionnaire = library.questionnaires["intake"]
    return questionnaire, library.rules["intake"], library


def is_problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status and body["type"].startswith("urn:passage:problem:")
    assert body["title"] and body["detail"]
    return body


def fhir_response(questionnaire, answers, perspective="self") -> dict:
    """Answers as a FHIR QuestionnaireResponse, nested in page groups as a FHIR form filler would send them."""
    groups = []
    for page in questionnaire.pages:
        items = []
        for item in page.items:
            if item.id not in answers:
                continue
            value = answers[item.id]
            if item.kind == "number":
                answer = [{"valueInteger": value}]
            elif fhir.is_boolean(item, perspective):
                answer = [{"valueBoolean": value == "yes"}]
            else:
                values = value if isinstance(value, list) else [value]
                answer = [{"valueCoding": {"system": fhir.answer_system(questionnaire, item), "code": v}} for v in values]
            items.append({"linkId": item.id, "answer": answer})
        if items:
            groups.append({"linkId": page.id, "item": items})
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{fhir.canonical_url(questionnaire)}|{questionnaire.version}",
        "status": "completed",
        "item": groups,
    }


def codes(assessment: dict) -> dict:
    """What an assessment says as codes, leaving out every text."""
    return {
        "emergency": assessment["emergency"],
        "crisis": assessment["crisis"],
        "level_of_care": assessment["level_of_care"],
        "red_flags": [(f["kind"], f["rule"], f["answers"]) for f in assessment["red_flags"]],
        "severity": (
            assessment["severity"]["level"],
            assessment["severity"]["criteria_met"],
            assessment["severity"]["criteria_not_counted"],
        ),
        "dimensions": [(d["number"], d["rating"], [r["rule"] for r in d["reasons"]]) for d in assessment["dimensions"]],
        "pathways": [(p["code"], p["fit"], [(r["rule"], r["answers"]) for r in p["reasons"]]) for p in assessment["pathways"]],
        "helplines": (assessment["helplines"]["code"], [s["number"] for s in assessment["helplines"]["services"]]),
    }


# --- reading questionnaires ---------------------------------------------------


def test_listed_questionnaires_link_to_their_documents(client, loaded):
    questionnaire, _, _ = loaded
    listing = client.get("/api/v1/questionnaires").get_json()
    entry = next(q for q in listing["questionnaires"] if q["id"] == questionnaire.id)
    assert entry["version"] == questionnaire.version
    for name in ("self", "fhir", "rules"):
        assert client.get(entry["links"][name]).status_code == 200, name


def test_questionnaire_lists_every_page_and_item_in_order(client, loaded):
    questionnaire, _, _ = loaded
    body = client.get(f"/api/v1/questionnaires/{questionnaire.id}").get_json()
    assert [p["id"] for p in body["pages"]] == [p.id for p in questionnaire.pages]
    assert [i["id"] for p in body["pages"] for i in p["items"]] == list(questionnaire.items_by_id)
    for page in body["pages"]:
        for item in page["items"]:
            engine_item = questionnaire.item(item["id"])
            if item["kind"] != "number":
                assert [o["value"] for o in item["options"]] == list(engine_item.values_for("self"))


def test_questionnaire_is_worded_for_the_perspective(client, loaded):
    questionnaire, _, _ = loaded
    for perspective in questionnaire.perspectives:
        body = client.get(f"/api/v1/questionnaires/{questionnaire.id}?perspective={perspective}").get_json()
        assert body["perspective"] == perspective
        texts = {i["id"]: i["text"] for p in body["pages"] for i in p["items"]}
        for item in questionnaire.items_by_id.values():
            assert texts[item.id] == item.text.for_perspective(perspective)  # English: the source text
            options = next(i["options"] for p in body["pages"] for i in p["items"] if i["id"] == item.id)
            assert ("unknown" in [o["value"] for o in options]) == (item.offers_unknown(perspective) and item.kind != "number")


def test_language_comes_from_the_query_then_accept_language(client, loaded):
    questionnaire, _, _ = loaded
    url = f"/api/v1/questionnaires/{questionnaire.id}"
    assert client.get(url + "?lang=fr").headers["Content-Language"] == "fr"
    assert client.get(url, headers={"Accept-Language": "fr-CA,fr;q=0.9"}).headers["Content-Language"] == "fr"
    assert client.get(url + "?lang=en", headers={"Accept-Language": "fr"}).headers["Content-Language"] == "en"
    assert client.get(url).headers["Content-Language"] == "en"
    assert "Accept-Language" in client.get(url).headers["Vary"]


def test_french_texts_are_the_french_catalog(client, loaded, api_app):
    questionnaire, _, _ = loaded
    body = client.get(f"/api/v1/questionnaires/{questionnaire.id}?lang=fr").get_json()
    first = questionnaire.pages[0].items[0]
    with api_app.test_request_context(), force_locale("fr"):
        from flask_babel import gettext

        expected = gettext(first.text.for_perspective("self"))
    assert body["pages"][0]["items"][0]["text"] == expected


# --- FHIR ---------------------------------------------------------------------


def test_fhir_questionnaire_is_valid_r4_with_groups_per_page(client, loaded):
    questionnaire, _, _ = loaded
    response = client.get(f"/api/v1/questionnaires/{questionnaire.id}/fhir?perspective=family&lang=fr")
    assert response.status_code == 200
    assert response.mimetype == "application/fhir+json"
    resource = response.get_json(force=True)
    FhirQuestionnaire.model_validate(resource)  # a FHIR library reads it without complaint
    assert resource["language"] == "fr"
    assert [group["linkId"] for group in resource["item"]] == [page.id for page in questionnaire.pages]
    assert all(group["type"] == "group" for group in resource["item"])
    by_link = {child["linkId"]: child for group in resource["item"] for child in group["item"]}
    for item in questionnaire.items_by_id.values():
        entry = by_link[item.id]
        assert entry["required"] == item.required
        if item.kind == "number":
            assert entry["type"] == "integer"
            urls = {e["url"]: e.get("valueInteger") for e in entry["extension"]}
            assert urls[fhir.MIN_VALUE] == item.minimum and urls[fhir.MAX_VALUE] == item.maximum
        elif item.kind == "yes_no" and not item.offers_unknown("family"):
            assert entry["type"] == "boolean"
        else:
            assert entry["type"] == "choice"
            codes_ = [o["valueCoding"]["code"] for o in entry["answerOption"]]
            assert codes_ == list(item.values_for("family"))
            assert {o["valueCoding"]["system"] for o in entry["answerOption"]} == {f"urn:passage:intake:{item.id}"}
        assert entry.get("repeats", False) == (item.kind == "multiple")
        conditional = item.when is not None
        assert conditional == (
            "enableWhen" in entry or any(e["url"] == fhir.ENABLE_WHEN_EXPRESSION for e in entry.get("extension", []))
        )
        # the other language travels in the translation extension
        translation = entry["_text"]["extension"][0]
        assert translation["url"] == fhir.TRANSLATION
        assert {"url": "lang", "valueCode": "en"} in translation["extension"]
        assert {"url": "content", "valueString": item.text.for_perspective("family")} in translation["extension"]


def _fhir_enabled(entry: dict, answers: dict, questionnaire) -> bool | None:
    """FHIR R4 enableWhen semantics for one item (None when it uses an expression instead)."""
    if any(e["url"] == fhir.ENABLE_WHEN_EXPRESSION for e in entry.get("extension", [])):
        return None
    conditions = entry.get("enableWhen")
    if not conditions:
        return True
    results = []
    for condition in conditions:
        item = questionnaire.item(condition["question"])
        given = answers.get(item.id)
        values = [] if given is None else (given if isinstance(given, list) else [given])
        if condition["operator"] == "exists":
            results.append(bool(values) == condition["answerBoolean"])
            continue
        if "answerBoolean" in condition:
            wanted = "yes" if condition["answerBoolean"] else "no"
        elif "answerCoding" in condition:
            wanted = condition["answerCoding"]["code"]
        else:
            wanted = condition["answerInteger"]
        compare = {"=": operator.eq, ">=": operator.ge, "<=": operator.le}[condition["operator"]]
        results.append(any(compare(v, wanted) for v in values))
    return all(results) if entry.get("enableBehavior", "all") == "all" and len(results) > 1 else any(results)


@pytest.mark.parametrize("folder", data_folders())
def test_fhir_enable_when_shows_exactly_the_items_the_engine_shows(folder, tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("fhir"), QUESTIONNAIRES_DIR=str(folder))
    with app.app_context():
        library = get_library()
    questionnaire, rules = library.questionnaires["intake"], library.rules["intake"]
    client = app.test_client()
    resources = {
        p: client.get(f"/api/v1/questionnaires/intake/fhir?perspective={p}").get_json() for p in questionnaire.perspectives
    }

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(answer_sets(questionnaire, rules))
    def check(drawn):
        perspective, answers = drawn
        answers = relevant_answers(questionnaire, answers)
        shown = set(visible_items(questionnaire, answers))
        for group in resources[perspective]["item"]:
            group_on = _fhir_enabled(group, answers, questionnaire)
            for child in group["item"]:
                if child["type"] == "display":
                    continue
                item_on = _fhir_enabled(child, answers, questionnaire)
                if group_on is None or item_on is None:
                    continue
                assert (group_on and item_on) == (child["linkId"] in shown), child["linkId"]

    check()


def test_fhir_response_gives_the_same_assessment_as_native_answers(client, loaded):
    questionnaire, rules, _ = loaded
    answers = first_choices(questionnaire, rules)
    native = client.post(ASSESS.format(questionnaire.id) + "?region=us", json={"answers": answers})
    resource = fhir_response(questionnaire, answers)
    FhirQuestionnaireResponse.model_validate(resource)
    via_fhir = client.post(
        ASSESS.format(questionnaire.id) + "?region=us", data=json.dumps(resource), content_type="application/fhir+json"
    )
    assert native.status_code == via_fhir.status_code == 200
    assert codes(native.get_json()) == codes(via_fhir.get_json())


def test_fhir_response_problems_point_at_the_link_id(client, loaded):
    questionnaire, rules, _ = loaded
    answers = first_choices(questionnaire, rules)
    resource = fhir_response(questionnaire, answers)
    first_item = resource["item"][0]["item"][0]
    first_item["answer"] = [{"valueString": "maybe"}]
    response = client.post(
        ASSESS.format(questionnaire.id) + "?lang=fr&region=fr", data=json.dumps(resource), content_type="application/fhir+json"
    )
    body = is_problem(response, 422)
    assert body["errors"][0]["linkId"] == first_item["linkId"]
    assert body["errors"][0]["pointer"] == "/item/0/item/0/answer/0"
    other = dict(resource, questionnaire="urn:passage:questionnaire:other")
    response = client.post(
        ASSESS.format(questionnaire.id) + "?region=us", data=json.dumps(other), content_type="application/fhir+json"
    )
    assert is_problem(response, 422)["errors"][0]["pointer"] == "/questionnaire"
    response = client.post(
        ASSESS.format(questionnaire.id) + "?region=us",
        data=json.dumps({"resourceType": "Patient"}),
        content_type="application/fhir+json",
    )
    assert is_problem(response, 422)["errors"][0]["code"] == "not_a_questionnaire_response"


# --- assessments --------------------------------------------------------------


def test_assessment_explains_itself_and_stores_nothing(client, loaded):
    questionnaire, rules, library = loaded
    answers = first_choices(questionnaire, rules)
    client.set_cookie("passage_session", "something-the-browser-had")
    response = client.post(ASSESS.format(questionnaire.id) + "?region=fr", json={"answers": answers})
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "no-store" in response.headers["Cache-Control"]
    body = response.get_json()
    assert [p["code"] for p in body["pathways"]] == [p.code for p in rules.pathways]
    assert all(p["reasons"] and p["fit"] in ("not_indicated", "consider", "recommended") for p in body["pathways"])
    assert [d["number"] for d in body["dimensions"]] == [1, 2, 3, 4, 5, 6]
    assert body["helplines"]["code"] == "fr"
    assert [s["number"] for s in body["helplines"]["services"]] == [
        str(s["number"]) if s.get("number") else None for s in library.helplines["fr"]["services"]
    ]


@pytest.mark.parametrize(
    "lang, words",
    [("en", ["region", "other"]), ("fr", ["région", "other", "\u00a0"])],
)
def test_an_assessment_without_a_region_is_a_400_in_the_request_language(client, loaded, lang, words):
    """Never guessed from the language: a French speaker may be in Québec (911, not France's 15)."""
    questionnaire, rules, library = loaded
    response = client.post(
        ASSESS.format(questionnaire.id) + f"?lang={lang}", json={"answers": first_choices(questionnaire, rules)}
    )
    body = is_problem(response, 400)
    assert body["type"].endswith("invalid-parameter")
    assert all(word in body["detail"] for word in words), body["detail"]
    assert body["errors"] == [{"parameter": "region", "code": "missing", "message": body["errors"][0]["message"]}]
    assert all(code in body["errors"][0]["message"] for code in library.helplines)
    assert response.headers["Content-Language"] == lang
    fhir_answer = client.post(
        ASSESS.format(questionnaire.id) + f"?lang={lang}",
        data=json.dumps(fhir_response(questionnaire, first_choices(questionnaire, rules))),
        content_type="application/fhir+json",
    )
    assert is_problem(fhir_answer, 400)["errors"][0]["code"] == "missing"


def test_the_query_region_is_required_even_when_the_body_names_one_and_the_body_wins(client, loaded):
    questionnaire, rules, _ = loaded
    answers = first_choices(questionnaire, rules)
    response = client.post(ASSESS.format(questionnaire.id), json={"answers": answers, "region": "fr"})
    assert is_problem(response, 400)["errors"][0]["parameter"] == "region"
    body = client.post(ASSESS.format(questionnaire.id) + "?region=us", json={"answers": answers, "region": "fr"}).get_json()
    assert body["helplines"]["code"] == "fr"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_region_named_is_the_only_one_whose_numbers_are_given(client, loaded, lang):
    questionnaire, rules, library = loaded
    answers = first_choices(questionnaire, rules)
    for code, region in library.helplines.items():
        body = client.post(ASSESS.format(questionnaire.id) + f"?region={code}&lang={lang}", json={"answers": answers}).get_json()
        given = body["helplines"]
        assert given["code"] == code and given["emergency_number"] == region.get("emergency_number")
        assert [s["number"] for s in given["services"]] == [
            str(s["number"]) if s.get("number") else None for s in region["services"]
        ]
        contact = body["plan"]["next_step"]["contact"] if body["plan"] else None
        if contact and contact["number"]:
            assert contact["number"] in [s["number"] for s in given["services"]]
        assert (given["advice"] is None) == bool(region.get("emergency_number"))


@pytest.mark.parametrize("lang, local", [("en", "local emergency number"), ("fr", "numéro d’urgence de votre pays")])
def test_other_gives_the_international_advice_and_says_so(client, loaded, lang, local):
    questionnaire, rules, _ = loaded
    answers = first_choices(questionnaire, rules)
    body = client.post(ASSESS.format(questionnaire.id) + f"?region=other&lang={lang}", json={"answers": answers}).get_json()
    assert body["helplines"]["emergency_number"] is None
    assert local in body["helplines"]["advice"] and "112" in body["helplines"]["advice"]


def test_reasons_are_translated_and_codes_are_not(client, loaded):
    questionnaire, rules, _ = loaded
    answers = first_choices(questionnaire, rules)
    english = client.post(ASSESS.format(questionnaire.id) + "?region=fr&lang=en", json={"answers": answers}).get_json()
    french = client.post(ASSESS.format(questionnaire.id) + "?region=fr&lang=fr", json={"answers": answers}).get_json()
    assert codes(english) == codes(french)
    assert english["lang"] == "en" and french["lang"] == "fr"
    assert english["note"] != french["note"]  # a text of the API's own, translated in the catalog


def test_missing_answers_are_listed_with_french_messages(client, loaded, api_app):
    questionnaire, rules, _ = loaded
    first = next(iter(questionnaire.items_by_id.values()))
    response = client.post(ASSESS.format(questionnaire.id) + "?region=fr&lang=fr", json={"answers": {}})
    body = is_problem(response, 422)
    error = next(e for e in body["errors"] if e["item"] == first.id)
    assert error["code"] == "required" and error["pointer"] == f"/answers/{first.id}"
    with api_app.test_request_context(), force_locale("fr"):
        assert error["message"] == problem_message(first, Problem(first.id, "required"))
    assert response.headers["Content-Language"] == "fr"


def test_unknown_question_and_bad_values_point_at_the_answer(client, loaded):
    questionnaire, rules, _ = loaded
    answers = dict(first_choices(questionnaire, rules), not_a_question="yes")
    number = next((i for i in questionnaire.items_by_id.values() if i.kind == "number" and i.id in answers), None)
    if number is not None:
        answers[number.id] = number.maximum + 1
    body = is_problem(client.post(ASSESS.format(questionnaire.id) + "?region=us", json={"answers": answers}), 422)
    found = {e["item"]: e for e in body["errors"]}
    assert found["not_a_question"]["code"] == "not_asked"
    if number is not None:
        assert found[number.id]["code"] == "too_large" and found[number.id]["pointer"] == f"/answers/{number.id}"


@pytest.mark.parametrize(
    "body, status, content_type",
    [
        (b"{not json", 400, "application/json"),
        (b'{"answers": NaN}', 400, "application/json"),
        (b"\xff\xfe", 400, "application/json"),
        (b"[]", 422, "application/json"),
        (b'{"answers": []}', 422, "application/json"),
        (b'{"answers": {}, "extra": 1}', 422, "application/json"),
        (b'{"answers": {}, "perspective": "doctor"}', 422, "application/json"),
        (b'{"answers": {}, "region": "mars"}', 422, "application/json"),
        (b"answers=1", 415, "application/x-www-form-urlencoded"),
        (b"{}", 415, "text/plain"),
    ],
)
def test_bad_bodies_are_clear_client_errors(client, loaded, body, status, content_type):
    questionnaire, _, _ = loaded
    response = client.post(ASSESS.format(questionnaire.id) + "?region=us", data=body, content_type=content_type)
    is_problem(response, status)


def test_oversized_body_is_refused(client, loaded, api_app):
    questionnaire, _, _ = loaded
    padding = "x" * (api_app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(
        ASSESS.format(questionnaire.id), data=json.dumps({"answers": {"a": padding}}), content_type="application/json"
    )
    is_problem(response, 413)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/questionnaires/nope",
        "/api/v1/questionnaires/nope/fhir",
        "/api/v1/questionnaires/nope/rules",
        "/api/v1/nothing-here",
        "/api/v2/questionnaires",
    ],
)
def test_unknown_addresses_are_problems_not_pages(client, url):
    is_problem(client.get(url + "?lang=fr"), 404)


@pytest.mark.parametrize("query", ["lang=de", "perspective=doctor", "lang=", "perspective="])
def test_unknown_language_or_perspective_is_a_400_naming_the_parameter(client, loaded, query):
    questionnaire, _, _ = loaded
    body = is_problem(client.get(f"/api/v1/questionnaires/{questionnaire.id}?{query}"), 400)
    assert body["errors"][0]["parameter"] == query.split("=")[0]


def test_unknown_region_in_the_query_is_a_400(client, loaded):
    questionnaire, rules, _ = loaded
    response = client.post(
        ASSESS.format(questionnaire.id) + "?region=mars", json={"answers": first_choices(questionnaire, rules)}
    )
    assert is_problem(response, 400)["errors"][0]["parameter"] == "region"


def test_assessments_are_post_only(client, loaded):
    questionnaire, _, _ = loaded
    response = client.get(ASSESS.format(questionnaire.id))
    is_problem(response, 405)
    assert "POST" in response.headers["Allow"]


def test_rules_document_cites_a_source_for_every_rule(client, loaded):
    questionnaire, rules, library = loaded
    body = client.get(f"/api/v1/questionnaires/{questionnaire.id}/rules?lang=fr").get_json()
    listed = [r["id"] for r in body["red_flags"]]
    listed += [r["id"] for d in body["dimensions"] for r in d["rules"]]
    listed += [r["id"] for p in body["pathways"] for r in p["rules"]]
    listed += [r["id"] for r in body["plan"]["floors"]] + [r["id"] for r in body["plan"]["constraints"]]
    assert listed == list(rules.all_rule_ids())
    every = (
        body["red_flags"]
        + [r for d in body["dimensions"] for r in d["rules"]]
        + [r for p in body["pathways"] for r in p["rules"]]
    )
    every += body["plan"]["floors"] + body["plan"]["constraints"]
    for rule in every:
        assert rule["source"]["url"] == library.sources[rule["source"]["key"]]["url"]
        assert rule["when_text"]["text"]
    assert [level["at_least"] for level in body["severity"]["levels"]] == [
        rules.severity.levels[k] for k in ("mild", "moderate", "severe")
    ]


@pytest.mark.parametrize(
    "body",
    ['{"answers": {"\\ud800": "yes"}}', '{"\\ud800": 1, "answers": {}}', '{"answers": {"a\\udfff": ["x"]}}'],
    ids=["answer-key", "top-level-key", "low-surrogate-key"],
)
def test_a_lone_surrogate_as_a_key_is_a_400_problem_not_a_500(client, loaded, body):
    questionnaire, _rules, _library = loaded
    response = client.post(ASSESS.format(questionnaire.id), data=body, content_type="application/json")
    problem = is_problem(response, 400)
    assert problem["type"].endswith("invalid-json")
