"""A browser for tests and benchmarks: it keeps cookies, reads the CSRF token from each page and
follows redirects after a form, so tests walk the flow as a person does.

One Visitor over either client: Flask's test client (tests), or LiveClient, the same calls over HTTP
to a running server (benchmarks/run.py, which then hands the cookie to its load tool).
"""

from __future__ import annotations

import dataclasses
import html
import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import Any

from bs4 import BeautifulSoup

from tests.support import html_page

TIMEOUT = 10  # seconds for any one request to a live server


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the client follows redirects itself, as Flask's test client does


@dataclass
class _Request:
    path: str


@dataclass
class LiveResponse:
    """The parts of a Flask test response that Visitor and tests read."""

    status_code: int
    headers: Message
    data: bytes
    request: _Request = dataclasses.field(default_factory=lambda: _Request("/"))

    def get_data(self, as_text: bool = False) -> Any:
        return self.data.decode() if as_text else self.data

    @property
    def text(self) -> str:
        return self.get_data(as_text=True)


class LiveClient:
    """Flask's test client's get and post, over HTTP to a server at `base` (http://127.0.0.1:port)."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def get(self, url: str, follow_redirects: bool = False) -> LiveResponse:
        return self._open(url, None, follow_redirects)

    def post(self, url: str, data: dict[str, Any] | None = None, follow_redirects: bool = False) -> LiveResponse:
        return self._open(url, urllib.parse.urlencode(data or {}, doseq=True).encode(), follow_redirects)

    def cookie_header(self) -> str:
        """The cookies as one Cookie header, for a load tool to replay this visitor's session."""
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)

    def _open(self, url: str, body: bytes | None, follow_redirects: bool) -> LiveResponse:
        for _ in range(10):
            response = self._request(url, body)
            location = response.headers.get("Location")
            if not (follow_redirects and 300 <= response.status_code < 400 and location):
                return response
            target = urllib.parse.urlsplit(urllib.parse.urljoin(self.base + url, location))
            url, body = urllib.parse.urlunsplit(("", "", target.path, target.query, "")), None
        raise RuntimeError(f"{url}: more than 10 redirects")

    def _request(self, url: str, body: bytes | None) -> LiveResponse:
        try:
            reply = self.opener.open(self.base + url, data=body, timeout=TIMEOUT)
        except urllib.error.HTTPError as error:  # 3xx (not followed here) and 4xx/5xx are answers too
            reply = error
        with reply:
            return LiveResponse(reply.status, reply.headers, reply.read(), _Request(urllib.parse.urlparse(url).path))


class Visitor:
    """A test client used like a browser: GET a page, fill its form, submit."""

    def __init__(self, client):
        self.client = client
        self.page = None
        self._parsed: tuple[object, BeautifulSoup] | None = None  # the page shown, parsed once for reading

    def _tree(self) -> BeautifulSoup:
        if self._parsed is None or self._parsed[0] is not self.page:
            self._parsed = (self.page, html_page.parse(self.html()))
        return self._parsed[1]

    def get(self, url, **kwargs):
        self.page = self.client.get(url, **kwargs)
        return self.page

    def csrf_token(self) -> str:
        token = html_page.csrf_token(self._tree())
        assert token, "the page has no CSRF token"
        return token

    def submit(self, url, data, follow_redirects=True):
        """Post `data` with the CSRF token of the page last shown."""
        data = dict(data)
        data.setdefault("csrf_token", self.csrf_token())
        self.page = self.client.post(url, data=data, follow_redirects=follow_redirects)
        return self.page

    def fields(self) -> dict[str, dict]:
        """The questions on the page shown: name -> {kind, values} (read from the HTML)."""
        return html_page.questions(self._tree())

    def answer_page(self, plan: dict):
        """Answer the page shown from `plan` (item id -> value), else with a calm default."""
        path = self.page.request.path
        data = {}
        for name, field in self.fields().items():
            if name in plan:
                data[name] = plan[name]
            elif field["kind"] == "checkbox":
                data[name] = "none" if "none" in field["values"] else field["values"][0]
            elif field["kind"] == "radio":
                data[name] = "no" if "no" in field["values"] else field["values"][0]
            else:
                data[name] = "0"
        self.submit(path, data)
        assert self.page.status_code == 200, f"{path} refused {data}: {self.text()[:2000]}"

    def answer_until_done(self, plan: dict, limit: int = 40) -> str:
        """Answer every page until the flow leaves the questions; return where it went
        (check answers, emergency or crisis page)."""
        for _ in range(limit):
            if "/questions/" not in self.page.request.path:
                return self.page.request.path
            self.answer_page(plan)
        raise AssertionError("the questionnaire did not end")

    def start(self, lang: str = "en", perspective: str = "self", region: str | None = None):
        """Open the start form and start as `perspective`, in `region` when given (ticked on the form)."""
        self.get(f"/{lang}/intake/start")
        data = {"perspective": perspective} | ({"region": region} if region else {})
        return self.submit(f"/{lang}/intake/start", data)

    def finish_intake(self, lang: str, perspective: str, answers: dict, region: str | None = None) -> None:
        """Start as `perspective`, choose the region if given, and answer until check-answers."""
        self.get(f"/{lang}/intake/start")
        self.submit(f"/{lang}/intake/start", {"perspective": perspective})
        if region:
            self.get(f"/{lang}/region")
            self.submit(f"/{lang}/region", {"region": region, "next": f"/{lang}/intake/questions/right_now"})
        assert self.answer_until_done(answers) == f"/{lang}/intake/check"

    def path(self) -> str:
        """Where the last request ended, after its redirects."""
        return self.page.request.path

    def html(self) -> str:
        return self.page.get_data(as_text=True)

    def text(self) -> str:
        """The page with HTML entities decoded, as a person reads the words."""
        return html.unescape(self.html())
