"""Each perspective on the real questionnaire, in English and in French.

A person asks about themselves; a parent worried about an adult son answers
many questions with "I don't know"; a professional records a client. Each
reads questions and results worded for them.
"""

from __future__ import annotations

import pytest

from tests.support import html_page
from tests.support.people import walked

CALM = walked("calm_thinking")
PARENT_WHO_DOES_NOT_KNOW = walked("parent_who_does_not_know")

WORDING = {
    ("en", "self"): ("Do you take baclofen?", "Your plan"),
    ("en", "family"): ("Does the person you're worried about take baclofen?", "A plan for the person you are worried about"),
    ("en", "counselor"): ("Does the client take baclofen?", "Intake summary"),
}


def begin(visitor, lang, perspective):
    visitor.get(f"/{lang}/intake/start")
    visitor.submit(f"/{lang}/intake/start", {"perspective": perspective})
    visitor.submit(f"/{lang}/intake/questions/right_now", {"danger_now": "none"})
    assert visitor.page.request.path == f"/{lang}/intake/questions/substances"


def finish(visitor, lang, plan):
    assert visitor.answer_until_done(plan) == f"/{lang}/intake/check"
    visitor.get(f"/{lang}/intake/results")
    return visitor.text()


@pytest.mark.parametrize("perspective", ["self", "family", "counselor"])
def test_questions_and_results_are_worded_for_each_perspective_in_english(visitor, perspective):
    question, heading = WORDING[("en", perspective)]
    begin(visitor, "en", perspective)
    assert question in visitor.text()
    text = finish(visitor, "en", CALM)
    assert html_page.h1(visitor.html()) == heading
    assert ("What you can do today" in text) == (perspective == "family")
    assert ("Clinical summary" in text) == (perspective == "counselor")
    # The six areas in a fold of their own for the person themself only (a professional has the clinical summary).
    assert (html_page.parse(visitor.html()).select_one("details#dimensions") is not None) == (perspective == "self")


@pytest.mark.parametrize("perspective", ["self", "family", "counselor"])
def test_each_perspective_reads_french_questions_and_results(visitor, perspective, app):
    """The French wording is the catalog's translation of that perspective's English text."""
    from flask_babel import force_locale, gettext

    questionnaire = app.extensions["passage_library"].questionnaires["intake"]
    english_question = questionnaire.item("baclofen_use").text.for_perspective(perspective)
    heading = WORDING[("en", perspective)][1]
    with app.test_request_context("/fr/"), force_locale("fr"):
        french_question, french_heading = gettext(english_question), gettext(heading)
    assert french_question != english_question and french_heading != heading
    begin(visitor, "fr", perspective)
    assert french_question in visitor.text()
    text = finish(visitor, "fr", CALM)
    assert french_heading in text
    assert "Suggested" not in text


def test_family_questions_offer_i_dont_know_but_not_on_the_emergency_screen(visitor):
    visitor.get("/en/intake/start")
    visitor.submit("/en/intake/start", {"perspective": "family"})
    assert "I don't know" not in visitor.text()  # the emergency screen: say what you see
    visitor.submit("/en/intake/questions/right_now", {"danger_now": "none"})
    assert visitor.text().count("I don't know") >= 2


def test_parent_who_does_not_know_many_answers_gets_careful_results(visitor):
    begin(visitor, "en", "family")
    text = finish(visitor, "en", PARENT_WHO_DOES_NOT_KNOW)
    assert "What you did not know" in text
    # The riskier reading of what is not known is said once, with the questions a professional should check.
    assert text.count("Not known, so the plan counted the riskier answer; a professional should check:") == 1
    assert "Passage took the more careful reading" not in text
    assert "Signs you did not know are not counted" in text
    # Unknown withdrawal history with daily alcohol: supervised detox is suggested, never a home stop.
    detox = text.index("Detox (medically supervised withdrawal)")
    options = html_page.parse(visitor.html()).select_one("details#other-options")
    heading = next(h for h in options.find_all("h3") if h.get_text(strip=True).startswith("Detox"))
    assert heading.find_next_sibling("p")["class"] == ["tag", "tag--recommended"]
    assert text.index("Suggested", detox) > detox
    assert "Helping them, and yourself" in text
    assert "Al-Anon" in text


def test_parent_who_does_not_know_reads_it_all_in_french(visitor, app):
    from flask_babel import force_locale, gettext

    with app.test_request_context("/fr/"), force_locale("fr"):
        did_not_know = gettext("What you did not know")
        support = gettext("Helping them, and yourself")
    begin(visitor, "fr", "family")
    text = finish(visitor, "fr", PARENT_WHO_DOES_NOT_KNOW)
    assert did_not_know in text and did_not_know != "What you did not know"
    assert support in text
    assert "Je ne sais pas" in text


def test_professional_summary_lists_dimensions_with_the_answers_behind_them(visitor):
    begin(visitor, "en", "counselor")
    plan = {**CALM, "use_frequency": "daily", "withdrawal_seizure": "yes", "housing": "unstable"}
    finish(visitor, "en", plan)
    summary = html_page.parse(visitor.html()).select_one("#clinical-summary")
    rows = {html_page.words(row.dt): html_page.words(row.dd) for row in summary.select(".summary-row")}
    dimensions = [key for key in rows if key.startswith("Dimension ")]
    assert dimensions[0] == "Dimension 1, Intoxication and withdrawal potential" and len(dimensions) == 6
    assert rows[dimensions[0]].startswith("4/4 (very high concern): ")
    # Dimension 1 at 4: the medically managed (hospital) level while that risk lasts (issue 25).
    assert rows["Level of care"].startswith("Hospital care (medically managed).")
    assert rows["Withdrawal setting"].startswith("Withdrawal in hospital.")  # a past seizure (NICE CG100 1.1.1.1)
    assert rows["Frequency"] == "Every day"
    # The ratings are not folded a second time for a professional (the summary has them); the plan's reasons and
    # the answers behind them are given once, under "Why this plan", not in the summary.
    page = html_page.parse(visitor.html())
    assert page.select_one("details#dimensions") is None
    why = html_page.words(page.select_one("details#why"))
    assert "Seizure after stopping before: Yes" in why
    assert rows["Withdrawal setting"] == "Withdrawal in hospital."
