"""Issue 15, item 3: static files under content-hashed names, cached for a year."""

from __future__ import annotations

from pathlib import Path

from app.web.static_files import ONE_YEAR, hashed_name
from tests.support import html_page

STATIC = Path(__file__).resolve().parents[2] / "app" / "static"


def stylesheet_href(html: str) -> str:
    link = html_page.parse(html).find("link", rel="stylesheet", media=None)
    assert link is not None, "the page links no stylesheet"
    return str(link["href"])


def test_pages_link_each_file_by_a_name_that_changes_with_its_content(mini_visitor):
    mini_visitor.get("/en/")
    href = stylesheet_href(mini_visitor.html())
    assert href == "/static/" + hashed_name("passage.css", (STATIC / "passage.css").read_bytes())
    assert hashed_name("passage.css", b"a") != hashed_name("passage.css", b"b")
    scripts = [str(tag["src"]) for tag in html_page.parse(mini_visitor.html()).find_all("script", src=True)]
    assert "/static/" + hashed_name("quick-exit.js", (STATIC / "quick-exit.js").read_bytes()) in scripts


def test_a_hashed_file_is_served_and_may_be_kept_for_a_year(mini_visitor):
    mini_visitor.get("/en/")
    response = mini_visitor.client.get(stylesheet_href(mini_visitor.html()))
    assert response.status_code == 200
    assert response.get_data() == (STATIC / "passage.css").read_bytes()
    cache = response.cache_control
    assert cache.max_age == ONE_YEAR and cache.public and cache.immutable
    assert "Set-Cookie" not in response.headers


def test_the_plain_name_still_answers_but_is_revalidated(mini_visitor):
    response = mini_visitor.client.get("/static/passage.css")
    assert response.status_code == 200
    assert response.cache_control.max_age != ONE_YEAR and not response.cache_control.immutable


def test_an_outdated_or_made_up_hash_is_not_found(mini_visitor):
    assert mini_visitor.client.get("/static/passage.000000000000.css").status_code == 404
