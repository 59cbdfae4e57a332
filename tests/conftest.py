"""Shared fixtures: an app per test (Flask tutorial style) and a browser-like client.

The client keeps cookies, reads the CSRF token from each page like a browser
would, and follows redirects, so tests walk the flow as a person does.
"""

from __future__ import annotations

import html
from pathlib import Path

import flask_migrate
import html_page
import parallel_run
import pytest

# The fuzz figures printed at the end of the run, added up over pytest-xdist's workers.
from fuzz_figures import pytest_sessionfinish, pytest_terminal_summary, pytest_testnodedown  # noqa: F401

from app import create_app
from app.i18n import compile_catalogs

ROOT = Path(__file__).resolve().parent.parent

# Catalogs as `make install` builds them, so a test run after editing a .po reads the new words.
compile_catalogs(ROOT / "translations", ROOT / "build" / "translations")
MINI = ROOT / "tests" / "fixtures" / "mini"


def make_app(tmp_path, **settings):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
        # Rate limits are tested on their own (tests/test_rate_limits.py); elsewhere they would
        # only make the many requests of other tests flaky.
        "RATELIMIT_ENABLED": False,
    }
    config.update(settings)
    app = create_app(config)
    with app.app_context():
        # A fresh database built by the migrations, as `make run` builds it (never create_all).
        flask_migrate.upgrade()
    return app


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path)


@pytest.fixture
def mini_app(tmp_path):
    """The app on a tiny questionnaire, to test flow mechanics apart from the real content."""
    return make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))


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


REAL = ROOT / "questionnaires" / "intake" / "questionnaire.yaml"


@pytest.fixture(params=["mini", "real"])
def any_app(request, tmp_path):
    """The app on the mini fixture, then on the real questionnaire (once it exists)."""
    if request.param == "mini":
        return make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI))
    if not REAL.exists():
        pytest.skip("the real questionnaire is not written yet")
    return make_app(tmp_path)


@pytest.fixture(params=["mini", "real"])
def any_app_dir(request) -> str:
    """The questionnaire folder of any_app, for tests that build their own app."""
    if request.param == "real" and not REAL.exists():
        pytest.skip("the real questionnaire is not written yet")
    return str(MINI if request.param == "mini" else ROOT / "questionnaires")


@pytest.fixture
def any_visitor(any_app):
    return Visitor(any_app.test_client())


@pytest.fixture
def visitor(app):
    return Visitor(app.test_client())


@pytest.fixture
def mini_visitor(mini_app):
    return Visitor(mini_app.test_client())


def pytest_collection_modifyitems(config, items):
    """Mark `serial` the tests of the files that own a port, a server or a service (parallel_run.py),
    and run them first: in a parallel run their unit, the longest, then starts at once rather than
    near the end, where the other workers would sit idle waiting for it."""
    for item in items:
        if parallel_run.is_serial(item.nodeid):
            item.add_marker(pytest.mark.serial)
    items.sort(key=lambda item: not parallel_run.is_serial(item.nodeid))  # stable: the rest keep their order


@pytest.hookimpl(optionalhook=True, tryfirst=True)  # a pytest-xdist hook; before its own scheduler
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadfile` (as `make test` runs): one test file per work unit, the serial files as one."""
    if config.getvalue("dist") == "loadfile":
        return parallel_run.scheduler(config, log)
    return None
