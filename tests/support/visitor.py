"""A Flask test client used like a browser: it keeps cookies, reads the CSRF token from each page
and follows redirects, so tests walk the flow as a person does."""

from __future__ import annotations

import html

from tests.support import html_page


class Visitor:
    """A Flask test client used like a browser: GET a page, fill its form, submit."""

    def __init__(self, client):
        self.client = client
        self.page = None

    def get(self, url, **kwargs):
        self.page = self.client.get(url, **kwargs)
        return self.page

    def csrf_token(self) -> str:
        token = html_page.csrf_token(self.html())
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
        return html_page.questions(self.html())

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

    def finish_intake(self, lang: str, perspective: str, answers: dict, region: str | None = None) -> None:
        """Start as `perspective`, choose the region if given, and answer until check-answers."""
        self.get(f"/{lang}/intake/start")
        self.submit(f"/{lang}/intake/start", {"perspective": perspective})
        if region:
            self.get(f"/{lang}/region")
            self.submit(f"/{lang}/region", {"region": region, "next": f"/{lang}/intake/questions/right_now"})
        assert self.answer_until_done(answers) == f"/{lang}/intake/check"

    def html(self) -> str:
        return self.page.get_data(as_text=True)

    def text(self) -> str:
        """The page with HTML entities decoded, as a person reads the words."""
        return html.unescape(self.html())
