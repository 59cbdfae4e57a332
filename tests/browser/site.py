"""The app served for a real browser, and the browser itself.

The app runs in a real HTTP server (werkzeug) on 127.0.0.1 and a free port,
in a background thread, with a temporary instance folder and SQLite file.
A strict Content-Security-Policy is added to every response, so the browser
itself refuses any inline script, inline event handler or style attribute:
the tests then see a page broken by them.

Chromium is Debian's (/usr/bin/chromium, or PASSAGE_CHROMIUM), never a
browser downloaded by Playwright.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = ("en", "fr")

# What a strict deployment would send: only this site's own scripts and styles, nothing inline.
STRICT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def questionnaires_dir() -> Path:
    """The data the browser tests walk: the real questionnaire unless PASSAGE_QUESTIONNAIRES_DIR says otherwise."""
    return Path(os.environ.get("PASSAGE_QUESTIONNAIRES_DIR") or ROOT / "questionnaires")


def chromium_path() -> str | None:
    path = os.environ.get("PASSAGE_CHROMIUM") or "/usr/bin/chromium"
    if Path(path).is_file() and os.access(path, os.X_OK):
        return path
    return shutil.which("chromium")


def browser_required() -> bool:
    """In CI the browser tests must run: a missing browser is a failure there, not a skip."""
    return os.environ.get("PASSAGE_REQUIRE_BROWSER") == "1" or os.environ.get("CI", "").lower() == "true"


def missing_browser_tools() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (make install-dev)"
    if chromium_path() is None:
        return "Debian's chromium is not installed (apt-get install chromium)"
    if not AXE_PATH.is_file():
        return f"axe-core is not installed at {AXE_PATH.relative_to(ROOT)} (make install-dev runs npm ci)"
    return None


class CspMiddleware:
    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        def with_csp(status, headers, exc_info=None):
            return start_response(status, [*headers, ("Content-Security-Policy", STRICT_CSP)], exc_info)

        return self.wsgi_app(environ, with_csp)


class Site:
    """The running app: its base URL, the app object, and the questionnaire it serves."""

    def __init__(self, app, server):
        self.app = app
        self.server = server
        self.base_url = f"http://127.0.0.1:{server.server_port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def library(self):
        return self.app.extensions["passage_library"]

    @property
    def questionnaire(self):
        return self.library.questionnaires["intake"]

    @property
    def rules(self):
        return self.library.rules["intake"]

    def gettext(self, lang: str, message: str, **variables) -> str:
        """A message of the catalogs as the app shows it in `lang`."""
        from flask_babel import force_locale, gettext

        with self.app.test_request_context("/"), force_locale(lang):
            return gettext(message, **variables)

    def text(self, lang: str, text, perspective: str = "self") -> str:
        """A questionnaire text (question, option label) as shown in `lang`."""
        from flask_babel import force_locale

        from app.i18n.wording import current_wording

        with self.app.test_request_context("/"), force_locale(lang):
            return current_wording().text(text, perspective)

    def words(self, lang: str, lazy) -> str:
        """A lazily translated label (app/i18n/words.py) as shown in `lang`."""
        from flask_babel import force_locale

        with self.app.test_request_context("/"), force_locale(lang):
            return str(lazy)

    def answer_labels(self, lang: str, item, value) -> list[str]:
        from flask_babel import force_locale

        from app.i18n.wording import current_wording

        with self.app.test_request_context("/"), force_locale(lang):
            return current_wording().labels(item, value)


@contextmanager
def running_site():
    """Serve the app on 127.0.0.1 and a free port until the block ends."""
    from app import create_app

    with tempfile.TemporaryDirectory(prefix="passage-browser-") as folder:
        instance = Path(folder) / "instance"
        app = create_app(
            {
                "SECRET_KEY": "browser-tests-secret-key-not-for-production",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'passage.sqlite'}",
                "QUESTIONNAIRES_DIR": str(questionnaires_dir()),
                # One browser makes many codes a minute from 127.0.0.1: limits are tested on their own
                # (tests/web/test_rate_limits.py) and would only make these tests depend on their order.
                "RATELIMIT_ENABLED": False,
            },
            instance_path=str(instance),
        )
        app.wsgi_app = CspMiddleware(app.wsgi_app)
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request is noise here
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name="passage-browser-site", daemon=True)
        thread.start()
        try:
            yield Site(app, server)
        finally:
            server.shutdown()
            thread.join(timeout=10)


@contextmanager
def running_browser():
    """Debian's Chromium, headless, with a fresh temporary profile (Playwright makes one per launch)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
