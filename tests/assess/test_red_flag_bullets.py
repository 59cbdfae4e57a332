"""Several points of one kind in the box read first are each a bullet of their own, on the page and in the PDF
(issue 26: on the PDF's first page only one of two medical points had a bullet)."""

from __future__ import annotations

import pytest

from tests.assess.test_words_by_use import THREE_TIMES, results_of
from tests.support.html_page import parse, words
from tests.support.pdf_page import pdf_text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_medical_point_is_its_own_list_item(visitor, lang):
    box = parse(results_of(visitor, lang, THREE_TIMES)).select_one(".red-flags .red-flag--medical")
    points = box.select("ul.red-flag-items > li.red-flag-text")
    assert len(points) >= 2
    assert all(words(point) for point in points)
    assert box.select("p.red-flag-text") == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pdf_gives_each_medical_point_a_bullet(visitor, lang, monkeypatch):
    """The PDF is drawn from HTML: its medical points are list items, which WeasyPrint gives a bullet each."""
    from app.interop import pdf
    from app.keep import views as keep_views

    drawn = []
    monkeypatch.setattr(keep_views, "render_pdf", lambda html: drawn.append(html) or pdf.render_pdf(html))
    results_of(visitor, lang, THREE_TIMES)
    response = visitor.submit(f"/{lang}/intake/results/pdf", {})
    assert response.mimetype == "application/pdf"
    box = parse(drawn[-1]).select_one(".red-flags .red-flag--medical")
    points = box.select("ul.red-flag-items > li.red-flag-text")
    assert len(points) >= 2
    assert all(words(point) in pdf_text(response.data) for point in points)


def test_the_pdf_gives_each_point_one_bullet_never_two():
    """WeasyPrint draws the PDF from pdf.css alone: the group of one kind has no marker (a group's marker beside
    its first point's made '• •'), and a point alone in its group is a list item too, with its own bullet."""
    import re
    from pathlib import Path

    import app.interop.pdf as pdf

    css = Path(pdf.STYLESHEET).read_text(encoding="utf-8")
    rules = {
        selector.strip(): body for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    }
    assert "list-style: none" in rules[".red-flag-list"]
    assert "display: list-item" in rules["p.red-flag-text"] and "list-style: disc" in rules["p.red-flag-text"]
    assert "list-style: disc" in rules[".red-flag-items"]
