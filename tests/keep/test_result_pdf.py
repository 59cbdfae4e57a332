"""The result as a PDF: made on request from the session, in the chosen language, kept nowhere."""

from __future__ import annotations

import io
import json

import pytest
from flask_babel import force_locale, gettext

from app.engine import assess
from app.i18n import words
from tests.support import html_page
from tests.support.apps import row_counts
from tests.support.pdf_page import flat, pdf_text
from tests.support.visitor import Visitor
from tests.support.walk import see_results


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
        # The same plan as the page, short: next step, the plan's steps, and the summary for a professional.
        expected = [
            gettext("Your plan"),
            gettext("Your next step"),
            gettext("Questions to ask a professional"),
            gettext("Clinical summary"),
        ]
        if assessment.plan is not None:
            expected.append(gettext(assessment.plan.next_step.text))
            expected.append(str(words.LEVEL_NAMES[assessment.plan.level]))
            expected.extend(gettext(reason.text) for reason in assessment.plan.level_reasons)
    for expected_words in expected:
        assert flat(expected_words) in text, expected_words
    assert row_counts(any_app) == before  # nothing of it kept


def test_the_pdf_speaks_french_when_asked_in_french(mini_app):
    visitor = Visitor(mini_app.test_client())
    see_results(visitor, mini_app, lang="fr")
    text = pdf_text(visitor.submit("/fr/intake/results/pdf", {}).data)
    assert text.startswith("Votre plan ")
    assert "Your plan" not in text


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


def _pdf_for(app, lang: str, perspective: str, plan: str, region: str) -> str:
    from tests.support.people import RESULT_PLANS

    visitor = Visitor(app.test_client())
    visitor.get(f"/{lang}/intake/start")
    visitor.submit(f"/{lang}/intake/start", {"perspective": perspective})
    visitor.get(f"/{lang}/region")
    visitor.submit(f"/{lang}/region", {"region": region, "next": f"/{lang}/intake/questions/right_now"})
    assert visitor.answer_until_done(RESULT_PLANS[plan][0]) == f"/{lang}/intake/check"
    visitor.get(f"/{lang}/intake/results")
    response = visitor.submit(f"/{lang}/intake/results/pdf", {})
    assert response.mimetype == "application/pdf"
    return pdf_text(response.data)


@pytest.mark.parametrize(
    "lang, perspective, region, title",
    [
        ("en", "self", "us", "Your plan"),
        ("fr", "family", "ca_qc", "A plan for the person you are worried about"),
        ("en", "counselor", "uk", "Intake summary"),
        ("fr", "counselor", "fr", "Intake summary"),
    ],
)
def test_the_pdf_is_the_same_plan_with_the_regions_numbers_and_the_perspectives_title(app, lang, perspective, region, title):
    text = _pdf_for(app, lang, perspective, "hospital_withdrawal", region)
    library = app.extensions["passage_library"]
    from tests.support.people import RESULT_PLANS

    assessment = assess(
        library.questionnaires["intake"], library.rules["intake"], RESULT_PLANS["hospital_withdrawal"][0], perspective
    )
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        assert text.startswith(flat(gettext(title)) + " ")
        assert flat(gettext(assessment.plan.next_step.text)) in text
        assert flat(str(words.WITHDRAWAL_NAMES[assessment.plan.withdrawal])) in text
        assert flat(gettext("Clinical summary")) in text
        # The summary's next step says when, as the page does ("When: Today").
        when = f"{gettext('When:')} {words.NEXT_STEP_DUE[assessment.plan.next_step_due]}"
        assert flat(f"{gettext(assessment.plan.next_step.text)} {when}") in text
    assert "What to bring to your doctor" not in text and "Ce qu’il faut apporter à votre médecin" not in text
    for service in library.helplines[region]["services"]:
        if service.get("number"):
            assert flat(service["number"]) in text, service["number"]
    others = {s["number"] for code, r in library.helplines.items() if code != region for s in r["services"] if s.get("number")}
    own = {s["number"] for s in library.helplines[region]["services"] if s.get("number")}
    # Numbers are written as the region writes them; another region's own number never appears.
    for number in others - own:
        if len("".join(c for c in number if c.isdigit())) > 3:
            assert number not in text, number


def test_answers_that_raise_an_emergency_give_no_pdf_but_the_emergency_page_titled_for_it(app):
    """However the answers came (here a kept file, in another browser), a PDF of answers that raise an emergency
    is never made: the emergency page comes instead, titled for that emergency (withdrawal, not overdose)."""
    first = Visitor(app.test_client())
    first.get("/en/intake/start")
    first.submit("/en/intake/start", {"perspective": "self"})
    first.submit("/en/intake/questions/right_now", {"danger_now": ["withdrawal_confusion"]})
    assert first.page.request.path == "/en/emergency"
    first.get("/en/intake/keep")
    document = first.submit("/en/intake/keep/file", {}).data

    second = Visitor(app.test_client())
    second.get("/en/intake/resume")
    second.page = second.client.post(
        "/en/intake/resume/file",
        data={"csrf_token": second.csrf_token(), "answers_file": (io.BytesIO(document), "answers.json")},
        content_type="multipart/form-data",
    )
    assert second.page.status_code == 302  # not followed: no other page has named the emergency yet
    second.get("/en/intake/keep")
    response = second.submit("/en/intake/results/pdf", {})
    assert response.mimetype != "application/pdf"
    assert response.request.path == "/en/emergency"
    assert html_page.h1(response.get_data(as_text=True)) == "Possible dangerous withdrawal: what to do now"
    assert json.loads(document)["answers"]["danger_now"] == ["withdrawal_confusion"]
