"""The result as a PDF: made on request from the session, in the chosen language, kept nowhere."""

from __future__ import annotations

import io
import unicodedata

import html_page
import pytest
from conftest import Visitor
from flask_babel import force_locale, gettext
from pypdf import PdfReader
from test_nothing_kept import row_counts
from walk import see_results

from app import wording
from app.engine import assess


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(data: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pdf_holds_every_pathway_with_its_reasons_in_the_language(any_app, lang):
    visitor = Visitor(any_app.test_client())
    answers = see_results(visitor, any_app, lang=lang)
    before = row_counts(any_app)
    response = visitor.submit(f"/{lang}/intake/results/pdf", {})
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    text = pdf_text(response.data)

    library = any_app.extensions["passage_library"]
    assessment = assess(library.questionnaires["intake"], library.rules["intake"], answers)
    with any_app.test_request_context(f"/{lang}/"), force_locale(lang):
        expected = [gettext("What to bring to your doctor"), gettext("Questions to ask a professional")]
        for pathway in assessment.pathways:
            expected.append(str(wording.PATHWAY_NAMES[pathway.code]))
            expected.append(str(wording.FIT_LABELS[pathway.fit]))
            expected.extend(gettext(reason.text) for reason in pathway.reasons)
    for words in expected:
        assert flat(words) in text, words
    assert row_counts(any_app) == before  # nothing of it kept


def test_the_pdf_speaks_french_when_asked_in_french(mini_app):
    visitor = Visitor(mini_app.test_client())
    see_results(visitor, mini_app, lang="fr")
    text = pdf_text(visitor.submit("/fr/intake/results/pdf", {}).data)
    assert "Ce qu’il faut apporter à votre médecin" in text
    assert "What to bring to your doctor" not in text


def test_the_pdf_is_only_made_by_post_with_a_token_and_from_finished_answers(mini_app):
    visitor = Visitor(mini_app.test_client())
    assert visitor.client.get("/en/intake/results/pdf").status_code == 405
    visitor.get("/en/intake/start")
    visitor.submit("/en/intake/start", {"perspective": "self"})
    response = visitor.submit("/en/intake/results/pdf", {}, follow_redirects=False)
    assert response.status_code == 302 and response.mimetype != "application/pdf"
    see_results(visitor, mini_app)
    forged = visitor.client.post("/en/intake/results/pdf", data={"csrf_token": "forged"})
    assert forged.status_code == 302 and forged.mimetype != "application/pdf"


def test_the_results_page_offers_the_pdf_and_prints_cleanly(mini_visitor, mini_app):
    see_results(mini_visitor, mini_app)
    html = mini_visitor.html()
    assert 'action="/en/intake/results/pdf"' in html
    assert "Questions to ask a professional" in mini_visitor.text()
    print_sheet = html_page.parse(html).find("link", rel="stylesheet", media="print")
    assert print_sheet is not None and print_sheet["href"].startswith("/static/print.")
