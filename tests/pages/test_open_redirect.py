"""The region form's `next` can only lead to a page of this site.

Every address below is sent as `next`; the redirect that follows must stay on
this host as a browser would read it (browsers drop tabs and newlines, read a
backslash as a slash and decode some escapes), and none may give a 500.
"""

from __future__ import annotations

from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.support.visitor import Visitor

HOSTILE = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example/",
    "///evil.example/",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example/",
    "/%09/evil.example/",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "/%5c%5cevil.example",
    "/%252F%252Fevil.example",
    "%2F%2Fevil.example",
    "/\r\n/evil.example",
    "/en/\r\nSet-Cookie: x=1",
    "/en/%0d%0aSet-Cookie:%20x=1",
    "/\n/evil.example",
    " //evil.example",
    "\x00//evil.example",
    "/\x00/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "mailto:someone@evil.example",
    "ftp://evil.example/",
    "https:evil.example",
    "https:/evil.example",
    "http:\\\\evil.example",
    "//evil.example@localhost/",
    "/@evil.example",
    "evil.example",
    "../../evil.example",
    "\u3002evil.example",
    "/\u2215/evil.example",
    "/" + "a" * 5000,
]


def as_a_browser_reads(location: str, base: str = "http://localhost/en/region"):
    """Where a browser goes with this Location (WHATWG URL parsing, roughly)."""
    cleaned = "".join(char for char in location if char not in "\t\r\n").strip("\x00 ")
    cleaned = cleaned.replace("\\", "/")
    return urlsplit(urljoin(base, cleaned)), urlsplit(urljoin(base, unquote(cleaned)))


def choose_region(app, target: str):
    visitor = Visitor(app.test_client())
    visitor.get("/en/region")
    code = next(iter(app.extensions["passage_library"].helplines))
    return visitor.submit("/en/region", {"region": code, "next": target}, follow_redirects=False)


@pytest.mark.parametrize("target", HOSTILE)
def test_next_never_leaves_the_site(mini_app, target):
    response = choose_region(mini_app, target)
    assert response.status_code == 302, response.status_code
    location = response.headers["Location"]
    assert not any(ord(char) < 0x21 or char == "\\" for char in location), location
    for seen in as_a_browser_reads(location):
        assert seen.scheme == "http" and seen.hostname == "localhost", (target, location)
    assert "Set-Cookie: x" not in location
    assert location.startswith("/") and not location.startswith("//")


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/en/information/baclofen", "/en/information/baclofen"),
        ("/fr/", "/fr/"),
        ("/en/emergency?stopped=1", "/en/emergency?stopped=1"),
    ],
)
def test_next_keeps_a_page_of_this_site(mini_app, target, expected):
    response = choose_region(mini_app, target)
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_an_unknown_path_goes_home(mini_app):
    response = choose_region(mini_app, "/en/no-such-page/at/all")
    assert response.headers["Location"] == "/en/"


@pytest.mark.parametrize("target", ["/\r\n/evil.example", "/en/\nX: y", "/\x00"])
def test_next_with_control_characters_on_the_form_page_is_not_a_500(mini_app, target):
    client = mini_app.test_client()
    assert client.get("/en/region", query_string={"next": target}).status_code == 200
