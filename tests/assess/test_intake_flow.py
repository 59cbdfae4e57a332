"""The real intake questionnaire, walked through the Flask client in English and French.

Asserts what a person sees: the questions in their language and perspective,
the emergency short-circuit, conditional pages, check answers with change
links, and results whose suggestions and reasons follow from the answers.
"""

from __future__ import annotations

import re

import pytest

from tests.support import html_page
from tests.support.people import walked

DAILY_BACLOFEN_WITH_ALCOHOL = walked("daily_baclofen_with_alcohol")
MILD_STABLE = walked("mild_stable")


# Where the person is, as they tick it on the start form: these tests read the United States' and France's numbers.
REGION_OF = {"en": "us", "fr": "fr"}


def begin(visitor, lang="en", perspective="self"):
    return visitor.start(lang, perspective, REGION_OF[lang])


def results(visitor, plan, lang="en", perspective="self"):
    begin(visitor, lang, perspective)
    where = visitor.answer_until_done(plan)
    assert where == f"/{lang}/intake/check", where
    visitor.get(f"/{lang}/intake/results")
    assert visitor.page.status_code == 200
    return visitor.text()


@pytest.mark.parametrize(
    "lang, overdose_title, call",
    [
        ("en", "Possible overdose: what to do now", "Call 911 now"),
        ("fr", "Surdose possible\u00a0: que faire maintenant", "Appelez le 15 maintenant"),
    ],
)
def test_overdose_signs_stop_everything_and_show_what_to_do(visitor, lang, overdose_title, call):
    begin(visitor, lang)
    assert visitor.page.request.path == f"/{lang}/intake/questions/right_now"
    visitor.submit(f"/{lang}/intake/questions/right_now", {"danger_now": "breathing"})
    text = visitor.text()
    assert overdose_title in text
    assert call in text
    # And the results cannot be reached past an emergency.
    visitor.get(f"/{lang}/intake/results", follow_redirects=True)
    assert overdose_title in visitor.text()


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("perspective", ["self", "family", "counselor"])
def test_not_breathing_ticked_with_none_of_these_still_shows_the_emergency(visitor, lang, perspective):
    begin(visitor, lang, perspective)
    visitor.submit(f"/{lang}/intake/questions/right_now", {"danger_now": ["breathing", "none"]})
    assert visitor.page.status_code == 200
    assert visitor.page.request.path == f"/{lang}/emergency"


def test_daily_use_with_alcohol_leads_to_supervised_detox_in_english(visitor):
    text = results(visitor, DAILY_BACLOFEN_WITH_ALCOHOL)
    assert "Detox (medically supervised withdrawal)" in text
    assert "Suggested" in text
    assert "Based on:" in text
    assert "Support groups (12-step and alternatives)" in text
    assert "not a diagnosis" in text
    assert "All phone numbers for United States" in text
    assert "1-800-662-4357" in text  # SAMHSA National Helpline


def test_daily_use_with_alcohol_leads_to_supervised_detox_in_french(visitor):
    text = results(visitor, DAILY_BACLOFEN_WITH_ALCOHOL, lang="fr")
    assert '<html lang="fr">' in visitor.html()
    assert "Sevrage encadré médicalement" in text
    assert "Groupes d’entraide (12 étapes et autres approches)" in text
    assert "0 800 23 13 13" in text  # Drogues Info Service, region France chosen on the start form
    assert "Detox (medically" not in text


def test_withdrawal_questions_appear_only_for_daily_or_near_daily_use(visitor):
    begin(visitor)
    visitor.answer_until_done(MILD_STABLE)
    visitor.get("/en/intake/check")
    assert "seizure" not in visitor.text().lower()
    visitor.get("/en/intake/questions/withdrawal_history", follow_redirects=True)
    assert visitor.page.request.path != "/en/intake/questions/withdrawal_history"


def test_mild_use_with_a_stable_home_points_to_outpatient(visitor):
    text = results(visitor, MILD_STABLE)
    outpatient = text.index("Outpatient treatment (standard or intensive)")
    residential = text.index("Residential treatment")
    assert outpatient < residential  # suggested pathways come first
    assert "Signs of a mild problem" in text


def test_change_link_on_check_page_updates_the_results(visitor):
    begin(visitor)
    visitor.answer_until_done(MILD_STABLE)
    assert "Check your answers" in visitor.text()
    assert "/en/intake/questions/pattern?return=check" in visitor.html()
    visitor.get("/en/intake/questions/pattern?return=check")
    assert 'value="weekly" checked' in visitor.html()
    visitor.submit(
        "/en/intake/questions/pattern",
        {
            "baclofen_reason": "spasticity",
            "baclofen_status": "using_now",
            "use_frequency": "daily",
            "use_duration": "over_year",
            "return": "check",
        },
    )
    # Daily use opens the withdrawal questions before going back to the check page.
    assert visitor.page.request.path == "/en/intake/questions/withdrawal_history"
    visitor.answer_until_done({"withdrawal_seizure": "yes"})
    visitor.get("/en/intake/results")
    text = visitor.text()
    assert "Inpatient treatment (hospital)" in text
    flags = html_page.parse(visitor.html()).select_one("section.red-flags")
    assert "Medical point to raise with a doctor" in html_page.words(flags)


def test_suicidal_plan_shows_the_crisis_line_first(visitor):
    begin(visitor)
    where = visitor.answer_until_done({**MILD_STABLE, "suicidal_thoughts": "yes", "suicidal_plan": "yes"})
    assert where == "/en/crisis"
    text = visitor.text()
    assert "You don't have to go through this alone" in text
    assert "988" in text
    visitor.get("/en/intake/results", follow_redirects=True)  # not finished yet: back to the questions
    assert "/questions/" in visitor.page.request.path


@pytest.mark.parametrize(
    ("perspective", "lead"),
    [
        ("self", "When thoughts of ending your life come with a plan"),
        ("family", "You can call a crisis line yourself"),
        ("counselor", "follow your service's suicide-risk procedure now"),
    ],
)
def test_the_crisis_page_speaks_to_whoever_is_answering(visitor, perspective, lead):
    begin(visitor, "en", perspective)
    plan = {**MILD_STABLE, "suicidal_thoughts": "yes", "suicidal_plan": "yes"}
    assert visitor.answer_until_done(plan) == "/en/crisis"
    first = html_page.parse(visitor.html()).select_one("main p.lead")
    assert lead in html_page.words(first)


def test_family_member_reads_questions_about_the_other_person_in_french(visitor):
    begin(visitor, "fr", "family")
    visitor.submit("/fr/intake/questions/right_now", {"danger_now": "none"})
    text = visitor.text()
    assert "Je ne sais pas" in text
    assert "vous" in text
    text = results(visitor, {**MILD_STABLE, "use_frequency": "unknown", "withdrawal_seizure": "unknown"}, "fr", "family")
    assert "Ce que vous pouvez faire dès aujourd’hui" in text and "Aider votre proche, et prendre soin de vous" in text
    assert "Al-Anon" in text


def test_every_question_page_has_french_text_only(visitor):
    """No English interface text leaks into the French flow."""
    begin(visitor, "fr")
    seen = 0
    while "/questions/" in visitor.page.request.path:
        text = visitor.text()
        for english in (r"Select all that apply", r"\bContinue\b", r"\bBack\b", r"\bStep \d", r"I don't know"):
            assert not re.search(english, text), (visitor.page.request.path, english)
        assert "Étape " in text
        seen += 1
        visitor.answer_page(MILD_STABLE)
    assert seen >= 12
