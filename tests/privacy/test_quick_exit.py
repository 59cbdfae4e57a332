"""Quick exit: a visible way out on every page, by link or Shift x3, that leaves nothing behind."""

from __future__ import annotations

import pytest

from tests.support import html_page
from tests.support.apps import MINI, ROOT, make_app
from tests.support.routes import every_url
from tests.support.visitor import Visitor
from tests.support.walk import answer_everything, start


@pytest.mark.parametrize(("lang", "label"), [("en", "Leave this site quickly"), ("fr", "Quitter ce site rapidement")])
def test_quick_exit_is_the_first_tab_stop_after_the_skip_link_on_every_page(any_app, lang, label):
    visitor = Visitor(any_app.test_client())
    start(visitor, lang=lang)
    checked = 0
    for endpoint, url, methods in every_url(any_app, lang):
        if (
            "GET" not in methods
            or endpoint in ("static", "privacy.quick_exit", "pages.root", "pages.favicon")
            or endpoint.startswith("api.")
        ):
            continue  # pages.root only redirects to a language; the JSON API has no pages
        page = visitor.get(url, follow_redirects=True)
        stops = html_page.tab_stops(page.get_data(as_text=True))
        assert stops[0]["href"] == "#main", url
        assert stops[1]["href"] == "/exit" and stops[1]["text"] == label, url
        checked += 1
    for code_page in (visitor.get(f"/{lang}/no-such-page"),):
        assert html_page.tab_stops(code_page.get_data(as_text=True))[1]["href"] == "/exit"
    assert checked >= 8


def test_quick_exit_clears_the_session_and_the_browser_then_goes_to_the_neutral_site(any_app):
    visitor = Visitor(any_app.test_client())
    answer_everything(visitor, any_app)
    assert visitor.get("/en/intake/check").status_code == 200
    response = visitor.client.get("/exit")
    assert response.status_code == 303
    assert response.headers["Location"] == any_app.config["QUICK_EXIT_URL"]
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "no-store" in response.headers["Cache-Control"]
    deleted = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("passage_session=")]
    assert deleted and ("Max-Age=0" in deleted[0] or "Expires=Thu, 01 Jan 1970" in deleted[0])
    # The browser no longer has the cookie: the answers cannot be shown again.
    assert visitor.client.get_cookie("passage_session") is None
    back = visitor.get("/en/intake/check", follow_redirects=True)
    assert "Check your answers" not in visitor.text()
    assert "Who are the questions about?" in visitor.text()
    assert back.status_code == 200


def test_the_neutral_site_is_configurable(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), QUICK_EXIT_URL="https://www.example.org/weather")
    assert app.test_client().get("/exit").headers["Location"] == "https://www.example.org/weather"


def test_quick_exit_under_https_deletes_the_host_only_cookie(tmp_path):
    app = make_app(tmp_path, QUESTIONNAIRES_DIR=str(MINI), HTTPS=True)
    client = app.test_client()
    client.get("https://localhost/en/intake/start")
    response = client.get("https://localhost/exit")
    assert any(c.startswith("__Host-passage_session=;") for c in response.headers.getlist("Set-Cookie"))


def test_the_shortcut_script_is_a_static_file_that_replaces_the_page():
    script = (ROOT / "app" / "static" / "quick-exit.js").read_text()
    assert "location.replace(" in script  # the page left is not kept in the history
    assert '"Shift"' in script and ">= 3" in script
    assert "[data-quick-exit]" in script


def test_pages_load_the_shortcut_script_from_this_site(mini_visitor):
    mini_visitor.get("/fr/")
    html = mini_visitor.html()
    scripts = html_page.parse(html).find_all("script", src=True)
    # The name carries a hash of the content (app/web/static_files.py): quick-exit.<hash>.js
    script = next((s for s in scripts if s["src"].startswith("/static/quick-exit.") and s["src"].endswith(".js")), None)
    assert script is not None and script.has_attr("defer")
    assert "data-quick-exit href" in html or "data-quick-exit>" in html
    assert mini_visitor.client.get(script["src"]).status_code == 200


def test_the_hint_about_shift_is_hidden_without_javascript(mini_visitor):
    mini_visitor.get("/en/")
    hint = html_page.parse(mini_visitor.html()).select_one("span.quick-exit-hint[data-quick-exit-hint]")
    assert hint is not None and hint.has_attr("hidden")
    assert html_page.words(hint) == "or press Shift three times"


def test_printed_pages_leave_out_quick_exit():
    assert ".quick-exit" in (ROOT / "app" / "static" / "print.css").read_text()
