"""A browser-like HTTP client for setting up the benchmark: cookies, CSRF tokens, forms.

Reads pages with the standard library's HTML parser (no regular expressions
over HTML), follows redirects, and hands the session cookie to the load tool.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

TIMEOUT = 10  # seconds for any one setup request


class _HiddenFields(HTMLParser):
    """The hidden inputs of a page, by name (the CSRF token among them)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("type") == "hidden" and found.get("name"):
            self.fields.setdefault(str(found["name"]), found.get("value") or "")


def hidden_fields(html: str) -> dict[str, str]:
    parser = _HiddenFields()
    parser.feed(html)
    return parser.fields


@dataclass
class Page:
    status: int
    path: str  # where the redirects ended
    html: str

    def hidden(self, name: str) -> str:
        value = hidden_fields(self.html).get(name)
        if not value:
            raise RuntimeError(f"{self.path} has no hidden field {name!r}")
        return value


class Visitor:
    """One person's browser: keeps its cookies across requests."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, path: str, data: dict[str, Any] | None = None) -> Page:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        with self.opener.open(self.base + path, data=body, timeout=TIMEOUT) as response:
            html = response.read().decode()
            return Page(response.status, urllib.parse.urlparse(response.geturl()).path, html)

    def submit(self, page: Page, data: dict[str, Any]) -> Page:
        """Post a form back to the page it came from, with that page's CSRF token."""
        return self.open(page.path, {"csrf_token": page.hidden("csrf_token"), **data})

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


def raw_request(base: str, method: str, path: str, body: str = "", cookie: str = "") -> tuple[int, int]:
    """One request without following redirects: its status and the size of its body in bytes."""
    parsed = urllib.parse.urlparse(base)
    connection = http.client.HTTPConnection(parsed.hostname or "127.0.0.1", parsed.port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body.encode() or None, headers=headers)
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()
