"""Bad and hostile input gets a clear 4xx or a message, never a 500.

A property-based test fires generated form bodies at every POST route found
in app.url_map (so a new route is covered without editing this file): random
keys and values, repeated keys, Unicode, huge values, files, with and
without a valid CSRF token. PASSAGE_FUZZ_EXAMPLES sets how many per route.
"""

from __future__ import annotations

import html
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.support import html_page
from tests.support.routes import every_url
from tests.support.visitor import Visitor
from tests.support.walk import start

EXAMPLES = int(os.environ.get("PASSAGE_FUZZ_EXAMPLES", "30"))
SCRIPT = '"><script>alert("x")</script><img src=x onerror=alert(1)>'


def post_routes(app, lang: str) -> list[str]:
    return sorted(url for endpoint, url, methods in every_url(app, lang) if "POST" in methods)


def known_words(app) -> list[str]:
    questionnaire = app.extensions["passage_library"].questionnaires["intake"]
    words = ["csrf_token", "perspective", "region", "next", "return", "code", "answers_file", "check", "self", "family"]
    for item in questionnaire.items_by_id.values():
        words.append(item.id)
        words.extend(option.value for option in item.options)
    return words


def form_bodies(app):
    words = known_words(app)
    keys = st.one_of(st.sampled_from(words), st.text(max_size=20))
    values = st.one_of(
        st.sampled_from(words + ["yes", "no", "unknown", "0", "-1", "31", "²", "٣", "1e9", SCRIPT, "\x00", "", " "]),
        st.text(max_size=60),
        st.integers(min_value=-(10**40), max_value=10**40).map(str),
        st.text(alphabet="0123456789", min_size=4000, max_size=6000),
        st.just("A" * 60_000),
    )
    return st.lists(st.tuples(keys, values), max_size=10)


def as_multipart(pairs, content: bytes) -> dict:
    data = MultiDict(pairs)
    data.add("answers_file", (io.BytesIO(content), "answers.json"))
    return data


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_post_route_answers_a_generated_body_with_a_server_error(any_app, lang):
    client = any_app.test_client()
    visitor = Visitor(client)
    start(visitor, lang=lang)
    token = visitor.csrf_token()
    cookie = client.get_cookie("passage_session").value
    routes = post_routes(any_app, lang)
    questionnaire = any_app.extensions["passage_library"].questionnaires["intake"]
    routes += [f"/{lang}/intake/questions/{page.id}" for page in questionnaire.pages]
    assert any(route.endswith("/resume/file") for route in routes)

    @settings(max_examples=EXAMPLES * len(routes), deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(
        route=st.sampled_from(routes),
        pairs=form_bodies(any_app),
        with_token=st.booleans(),
        upload=st.one_of(st.none(), st.binary(max_size=2000), st.just(b"{" * 3000)),
    )
    def fire(route, pairs, with_token, upload):
        client.set_cookie("passage_session", cookie)  # every body hits answers in progress
        if with_token:
            pairs = [("csrf_token", token)] + pairs
        data = as_multipart(pairs, upload) if upload is not None else MultiDict(pairs)
        response = client.post(route, data=data)
        assert response.status_code < 500, (route, response.status_code)

    fire()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_script_in_any_field_is_shown_escaped(any_app, lang):
    visitor = Visitor(any_app.test_client())
    start(visitor, lang=lang)
    questionnaire = any_app.extensions["passage_library"].questionnaires["intake"]
    page = questionnaire.pages[0]
    for url in post_routes(any_app, lang) + [f"/{lang}/intake/questions/{page.id}"]:
        visitor.get(
            url.replace("/keep/code", "/keep")
            .replace("/keep/file", "/keep")
            .replace("/resume/code", "/resume")
            .replace("/resume/file", "/resume")
            .replace("/results/pdf", "/results"),
            follow_redirects=True,
        )
        data = {key: SCRIPT for key in known_words(any_app)}
        data["csrf_token"] = html_page.csrf_token(visitor.html()) or ""
        response = visitor.client.post(url, data=data, follow_redirects=True)
        assert response.status_code < 500, url
        body = response.get_data(as_text=True)
        assert "<script>alert" not in body and "onerror=alert" not in body.replace("onerror=alert(1)&gt;", ""), url
        assert html_page.parse(body).find("img", src="x") is None, url


@pytest.mark.parametrize(("lang", "message"), [("en", "What was sent is too large"), ("fr", "trop volumineux")])
def test_an_oversized_body_gets_a_413_page_in_the_language(mini_app, lang, message):
    visitor = Visitor(mini_app.test_client())
    start(visitor, lang=lang)
    response = visitor.client.post(f"/{lang}/intake/questions/right_now", data={"danger": "x" * (65 * 1024)})
    assert response.status_code == 413
    assert message in html.unescape(response.get_data(as_text=True))


def test_unknown_languages_and_regions_get_a_clear_answer(mini_app):
    visitor = Visitor(mini_app.test_client())
    assert visitor.get("/xx/").status_code == 404
    assert visitor.get("/../../etc/passwd").status_code == 404
    visitor.get("/en/region")
    page = visitor.submit("/en/region", {"region": "atlantis"})
    assert page.status_code == 400
    assert "Select where you are" in visitor.text()
    visitor.get("/en/region")
    page = visitor.submit(
        "/en/region", {"region": next(iter(mini_app.extensions["passage_library"].helplines)), "next": "https://evil.example/"}
    )
    assert page.request.host == "localhost"


def test_huge_and_unicode_numbers_are_explained_not_crashed(mini_visitor):
    start(mini_visitor)
    mini_visitor.submit("/en/intake/questions/right_now", {"danger": "none"})
    for typed, message in [
        ("9" * 5000, "31 or less"),
        ("-" + "9" * 5000, "0 or more"),
        ("²", "Enter a whole number"),
        ("٣", "Enter a whole number"),
    ]:
        page = mini_visitor.submit("/en/intake/questions/use", {"often": "weekly", "days": typed})
        assert page.status_code == 400
        assert message in mini_visitor.text()
