"""The whole anonymous flow in a real browser, in English and French, with and without JavaScript.

What a person sees: their answers on check-answers, a changed answer
replacing the old one, suggestions matching what the engine concludes from
those answers, and the emergency and crisis stops with a way back.
"""

from __future__ import annotations

import pytest

from app.engine import assess
from app.i18n import words

from .plans import candidate_answers, default_answer, plan_raising, simulate
from .site import LANGUAGES
from .walk import SUBMIT, answer_shown_items, follow, keep_answering, place_of, walk

WITH_AND_WITHOUT_JS = [pytest.param(True, id="js"), pytest.param(False, id="no-js")]


def heading(page) -> str:
    return page.inner_text("main h1").strip()


def summary(page) -> dict[str, str]:
    """Check-answers as read: question -> answer."""
    rows = page.locator("main .summary-row")
    return {
        row.locator(".summary-key").inner_text().strip(): row.locator(".summary-value").inner_text().strip() for row in rows.all()
    }


def expected_summary(site, lang, answers) -> dict[str, str]:
    """Each answer under its question's few words (`short`, else the whole question), as check-answers lists them."""
    questionnaire = site.questionnaire
    return {
        site.text(lang, questionnaire.item(item_id).short or questionnaire.item(item_id).text): ", ".join(
            site.answer_labels(lang, questionnaire.item(item_id), value)
        )
        for item_id, value in answers.items()
    }


def a_change(site, plan_answers):
    """An answered single-choice or number item and a different answer that opens no stop."""
    for item_id in plan_answers:
        item = site.questionnaire.item(item_id)
        if item.kind in ("single", "number"):
            for value in candidate_answers(item, "self"):
                if value not in (default_answer(item), "unknown"):
                    walked = simulate(site.questionnaire, site.rules, {item_id: value})
                    if walked.stop is None:
                        return item, value, walked
    raise AssertionError("no answer in the questionnaire can be changed without stopping the questions")


@pytest.mark.parametrize("javascript", WITH_AND_WITHOUT_JS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_answer_everything_change_an_answer_and_read_the_suggestions(lang, javascript, new_page, site):
    page = new_page(java_script_enabled=javascript)
    walked = walk(page, site, lang)
    expected = simulate(site.questionnaire, site.rules, {})
    assert walked.pages == expected.pages
    assert walked.end.kind == "check"
    assert page.get_attribute("html", "lang") == lang
    assert heading(page) == site.gettext(lang, "Check your answers")
    assert summary(page) == expected_summary(site, lang, expected.answers)

    # Change one answer from check-answers: the question comes back, then check-answers with the new answer.
    item, value, changed = a_change(site, expected.answers)
    follow(page, f'main .summary-row a[href*="return=check"][href$="#{item.id}-0"]')
    assert place_of(page.url).page_id == site.questionnaire.page_of(item.id).id
    answer_shown_items(page, site, {item.id: value})
    follow(page, SUBMIT)
    assert keep_answering(page, site, {item.id: value}).end.kind == "check"
    assert summary(page) == expected_summary(site, lang, changed.answers)

    follow(page, "main a.button")  # See the suggestions
    assert place_of(page.url).kind == "results"
    assessment = assess(site.questionnaire, site.rules, changed.answers)
    # Every pathway and its fit are under "Other options" (folded: read as text, not as shown).
    options = page.locator("main details#other-options")
    for pathway in assessment.pathways:
        name = site.words(lang, words.PATHWAY_NAMES[pathway.code])
        tag = options.locator(f'h3:text-is("{name}") + p.tag')
        assert tag.text_content().strip() == site.words(lang, words.FIT_LABELS[pathway.fit])
    # Each topic answered can still be changed from the results (folded under "Your answers"), one link a topic.
    topics = {site.questionnaire.page_of(item_id).id for item_id in changed.answers}
    assert page.locator('main details#answers a[href*="return=check"]').count() == len(topics)


@pytest.mark.parametrize("javascript", WITH_AND_WITHOUT_JS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_signs_of_overdose_stop_the_questions_and_show_what_to_do(lang, javascript, new_page, site):
    plan = plan_raising(site.questionnaire, site.rules, "emergency")
    assert plan, "no answer in the questionnaire raises the emergency stop"
    page = new_page(java_script_enabled=javascript)
    walked = walk(page, site, lang, plan)
    assert walked.end.kind == "emergency"
    assert heading(page) == site.gettext(lang, "Possible overdose: what to do now")
    assert page.locator("main [role=alert]").is_visible()
    assert page.locator('main a[href^="tel:"]').first.is_visible()

    # Answered by mistake: back to the question, a calm answer, and the questions go on.
    follow(page, f'main a:text-is("{site.gettext(lang, "Change my answer")}")')
    place = place_of(page.url)
    assert place.kind == "question" and place.page_id == walked.pages[-1]
    for item_id, value in plan.items():
        if place.page_id == site.questionnaire.page_of(item_id).id:
            for one in value if isinstance(value, list) else [value]:
                assert page.is_checked(f'input[name="{item_id}"][value="{one}"]'), "the answer given is shown again"
    calm = {item.id: default_answer(item) for item in site.questionnaire.page(place.page_id).items}
    assert keep_answering(page, site, {**plan, **calm}).end.kind == "check"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_thoughts_of_suicide_show_crisis_help_then_the_questions_can_go_on(lang, new_page, site):
    plan = plan_raising(site.questionnaire, site.rules, "crisis")
    if plan is None:
        pytest.skip("this questionnaire has no crisis stop")
    page = new_page(java_script_enabled=False)
    walked = walk(page, site, lang, plan)
    assert walked.end.kind == "crisis"
    assert heading(page) == site.gettext(lang, "You don't have to go through this alone")
    assert page.locator('main a[href^="tel:"]').first.is_visible()
    # "Continue the questions": the rest of the questionnaire, then check-answers.
    rest = keep_answering(page, site, plan, continue_after_crisis=True)
    assert rest.end.kind == "check"
    assert walked.pages + rest.pages == simulate(site.questionnaire, site.rules, plan, through_pauses=True).pages
