"""Issue 27, point 2: every counselor route that takes an id answers 404 to an id no row can have
(negative, zero, huge, not a number), never a 5xx, on SQLite and PostgreSQL.

The routes are read from the application's URL map, so a route added later is walked too."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.db

HOSTILE = [
    "-1",
    "0",
    "2147483647",  # the largest id a PostgreSQL INTEGER holds: in range, but no such row
    "2147483648",
    "9223372036854775808",
    "99999999999999999999",
    "1" * 400,
    "abc",
    "1e3",
    "0x10",
    " 1",
    "1.0",
    "%00",
    "..",
]
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def counselor_routes_with_ids(app):
    """(rule, method, argument) for each counselor route taking an argument besides the language."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("counsel."):
            continue
        for argument in sorted(rule.arguments - {"lang_code"}):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.rule, method, argument))
    return found


def url_with(rule: str, argument: str, value: str) -> str:
    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name == "lang_code":
            return "en"
        return quote(value, safe="%") if name == argument else "1"

    return ARGUMENT.sub(fill, rule)


def test_the_walk_finds_every_route_the_probe_named(counsel_app):
    names = {(rule.split("/counsel", 1)[1], argument) for rule, _method, argument in counselor_routes_with_ids(counsel_app)}
    for expected in [
        ("/records/<int:record_id>", "record_id"),
        ("/records/<int:record_id>/print", "record_id"),
        ("/records/<int:record_id>/fhir", "record_id"),
        ("/records/<int:record_id>/reassess", "record_id"),
        ("/records/<int:record_id>/client-pdf", "record_id"),
        ("/team/<int:counselor_id>/active", "counselor_id"),
        ("/team/<int:counselor_id>/password", "counselor_id"),
        ("/directory/<int:service_id>/delete", "service_id"),
    ]:
        assert expected in names


@pytest.mark.parametrize("account", ["admin_a", "counselor_a"])
def test_every_counselor_route_answers_404_to_a_hostile_id(counsel_app, as_account, account):
    client = as_account(account)
    answers = {}
    for rule, method, argument in counselor_routes_with_ids(counsel_app):
        for value in HOSTILE:
            url = url_with(rule, argument, value)
            response = client.open(url, method=method, data={"csrf_token": "x"} if method == "POST" else None)
            answers[(method, url)] = response.status_code
    assert answers, "no route was walked"
    server_errors = {key: status for key, status in answers.items() if status >= 500}
    assert server_errors == {}
    assert {key: status for key, status in answers.items() if status != 404} == {}
    # Still signed in: a hostile id did not end the session or break the next page.
    assert client.get("/en/counsel/").status_code == 200


def test_an_id_in_range_still_opens_its_record(counsel_app, as_account):
    from tests.counsel.test_workspace import run_questionnaire, save

    client = as_account("counselor_a")
    questionnaire = run_questionnaire(client, counsel_app)
    response, _data = save(client, questionnaire)
    location = response.headers["Location"]
    assert client.get(location).status_code == 200
    record_id = location.rsplit("/", 1)[1]
    assert client.get(location.replace(record_id, "0" + record_id)).status_code == 200  # a leading zero is the same id
