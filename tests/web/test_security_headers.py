"""Security headers on every response, cookies over HTTPS, and no third-party request.

Every route of the app (read from app.url_map, so a new route is covered
without editing this file) is requested in both languages, with GET and with
an empty POST where it takes one, and every error page (400, 404, 413, 500)
too: each response must carry the headers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import abort

from tests.support.apps import MINI, ROOT, make_app
from tests.support.routes import every_url
from tests.support.walk import start

REQUIRED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
CSP_PARTS = ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'")


def assert_protected(response, what: str, static: bool = False):
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    for part in CSP_PARTS:
        assert part in csp, f"{what}: CSP lacks {part}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, what
    for name, value in REQUIRED.items():
        assert headers.get(name) == value, f"{what}: {name}"
    assert "camera=()" in headers.get("Permissions-Policy", ""), what
    if not static:
        assert "no-store" in headers.get("Cache-Control", ""), f"{what}: may be cached"


def test_the_route_list_is_read_from_the_app(mini_app):
    endpoints = {endpoint for endpoint, _, _ in every_url(mini_app, "en")}
    assert {"privacy.quick_exit", "keep.result_pdf", "assess.question_page", "static"} <= endpoints


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_route_sends_the_security_headers(any_app, lang):
    client = any_app.test_client()
    for endpoint, url, methods in every_url(any_app, lang):
        for method in sorted(methods):
            response = client.open(url, method=method, data={} if method == "POST" else None)
            assert response.status_code < 500, f"{method} {url}"
            assert_protected(response, f"{method} {url}", static=endpoint == "static")
    # The same with answers in progress, where pages hold them.
    visitor_client = any_app.test_client()
    from tests.support.visitor import Visitor

    visitor = Visitor(visitor_client)
    start(visitor, lang=lang)
    for endpoint, url, methods in every_url(any_app, lang):
        if "GET" in methods and endpoint != "privacy.quick_exit":
            response = visitor_client.get(url)
            assert_protected(response, f"GET {url} (answers in progress)", static=endpoint == "static")


@pytest.fixture
def failing_app(tmp_path):
    """An app with two routes that fail, registered only here."""
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), PROPAGATE_EXCEPTIONS=False)

    def boom():  # the language is taken from the URL before the view is called
        raise RuntimeError("a bug")

    def bad():
        abort(400)

    app.add_url_rule("/<lang_code>/test-boom", "test_boom", boom, methods=["GET", "POST"])
    app.add_url_rule("/<lang_code>/test-bad", "test_bad", bad)
    return app


@pytest.mark.parametrize(
    ("lang", "titles"),
    [
        (
            "en",
            {
                400: "Something in the request was not right",
                404: "Page not found",
                413: "What was sent is too large",
                500: "Sorry, something went wrong on our side",
            },
        ),
        ("fr", {400: "La demande comportait une erreur", 404: "Page introuvable", 413: "trop volumineux", 500: "Désolés"}),
    ],
)
def test_error_pages_are_in_the_language_and_carry_the_headers(failing_app, lang, titles):
    client = failing_app.test_client()
    responses = {
        400: client.get(f"/{lang}/test-bad"),
        404: client.get(f"/{lang}/no-such-page"),
        413: client.post(f"/{lang}/intake/start", data={"perspective": "x" * (70 * 1024)}),
        500: client.get(f"/{lang}/test-boom"),
    }
    for code, response in responses.items():
        assert response.status_code == code
        assert_protected(response, f"error {code}")
        assert titles[code] in response.get_data(as_text=True), (lang, code)


def test_https_setting_adds_hsts_and_a_secure_host_only_cookie(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), HTTPS=True)
    client = app.test_client()
    response = client.get("https://localhost/en/intake/start")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-passage_session=")
    for flag in ("Secure", "HttpOnly", "Path=/", "SameSite=Lax"):
        assert flag in cookie
    assert "Domain=" not in cookie


def test_plain_http_gets_no_hsts_and_a_cookie_that_is_still_httponly_and_samesite(mini_app):
    response = mini_app.test_client().get("/en/intake/start")
    assert "Strict-Transport-Security" not in response.headers
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("passage_session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_requests_that_arrived_over_https_through_a_trusted_proxy_get_hsts(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), TRUSTED_PROXIES=1)
    response = app.test_client().get("/en/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers
    (tmp_path / "b").mkdir()
    untrusted = make_app(tmp_path / "b", QUESTIONNAIRES_DIR=str(MINI))
    response = untrusted.test_client().get("/en/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


# ---- nothing from another site, nothing inline -----------------------------------------

TEMPLATES = sorted((ROOT / "app" / "templates").rglob("*.html"))
STYLESHEETS = sorted((ROOT / "app" / "static").rglob("*.css")) + sorted((ROOT / "app").rglob("pdf.css"))
TAG = re.compile(r"<([a-zA-Z][\w-]*)\b([^>]*)>")
URL_ATTRIBUTE = re.compile(r"""\b(src|href|action|srcset|poster|data|formaction)\s*=\s*["']([^"']*)["']""", re.I)
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]*)""", re.I)
LOCAL_OR_HARMLESS = re.compile(r"^(?:$|/(?!/)|#|\{\{|tel:|mailto:)")


def external_urls(text: str) -> list[str]:
    """URLs on another site that the page would load or send data to.

    A plain link (<a href>) to a public source or a support group is left
    out: the browser requests nothing unless the person follows it.
    """
    found = []
    for tag, attributes in TAG.findall(text):
        for attribute, url in URL_ATTRIBUTE.findall(attributes):
            if not (tag.lower() == "a" and attribute.lower() == "href"):
                found.append(url)
    found += CSS_URL.findall(text)
    return [url for url in found if not LOCAL_OR_HARMLESS.match(url.strip())]


def test_the_external_url_check_catches_third_party_urls():
    assert external_urls('<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//evil.example">') == [
        "https://cdn.example/x.js",
        "//evil.example",
    ]
    assert external_urls('<form action="https://collect.example/"><img src="http://pixel.example/t.gif">') == [
        "https://collect.example/",
        "http://pixel.example/t.gif",
    ]
    assert external_urls("body { background: url(https://fonts.example/a.woff) }") == ["https://fonts.example/a.woff"]
    assert external_urls('<a href="{{ url_for(\'pages.home\') }}"> <a href="tel:911">') == []
    assert external_urls('<a href="https://al-anon.org/" rel="noreferrer">Al-Anon</a>') == []


@pytest.mark.parametrize("path", TEMPLATES + STYLESHEETS, ids=lambda p: str(Path(p).relative_to(ROOT)))
def test_templates_and_styles_load_nothing_from_another_site(path):
    assert external_urls(Path(path).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(Path(p).relative_to(ROOT)))
def test_templates_have_no_inline_script_or_style(path):
    text = Path(path).read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text, re.I), "inline <script>"
    assert not re.search(r"\son[a-z]+\s*=", text, re.I), "inline event handler"
    assert "javascript:" not in text.lower()
    if "result_pdf" not in path.name:  # the PDF is never served as a web page
        assert not re.search(r"\sstyle\s*=", text, re.I), "inline style attribute"
        assert "<style" not in text.lower()


def test_rendered_pages_reference_only_this_site(any_app):
    client = any_app.test_client()
    for lang in ("en", "fr"):
        for endpoint, url, methods in every_url(any_app, lang):
            if "GET" not in methods or endpoint in ("static", "privacy.quick_exit"):
                continue
            response = client.get(url, follow_redirects=True)
            assert external_urls(response.get_data(as_text=True)) == [], url


@pytest.mark.parametrize("perspective", ["self", "family", "counselor"])
def test_finished_results_load_nothing_from_another_site(visitor, perspective):
    """Results cite public sources as plain links, which load nothing until followed."""
    visitor.get("/en/intake/start")
    visitor.submit("/en/intake/start", {"perspective": perspective, "region": "us"})
    assert visitor.answer_until_done({}) == "/en/intake/check"
    visitor.get("/en/intake/results")
    html = visitor.html()
    assert external_urls(html) == []
    assert 'href="https://findtreatment.gov/"' in html  # the region's locator and the sources are there, as links
    assert ('href="https://al-anon.org/"' in html) == (perspective == "family")
