"""The questionnaire flow's mechanics, on a tiny questionnaire (tests/fixtures/mini).

What a person sees: one topic per page, progress, back links, answers kept,
errors at the top and at the field, skipped steps refused, the emergency and
crisis stops.
"""

from __future__ import annotations

START = "/en/intake/start"


def start(visitor, perspective="self", lang="en", region="us"):
    """Start as `perspective`, where the person is given on the start form (the pages show that region's numbers)."""
    visitor.get(f"/{lang}/intake/start")
    return visitor.submit(f"/{lang}/intake/start", {"perspective": perspective, "region": region})


def test_start_leads_to_the_first_page_with_progress(mini_visitor):
    page = start(mini_visitor)
    assert page.status_code == 200
    text = mini_visitor.text()
    assert "Are you in danger now?" in text
    assert "Step 1 of 4" in text  # the withdrawal page counts until the answers rule it out


def test_family_perspective_words_questions_about_the_other_person(mini_visitor):
    start(mini_visitor, "family")
    assert "Are they in danger now?" in mini_visitor.text()


def test_emergency_answer_stops_the_questionnaire(mini_visitor):
    start(mini_visitor)
    mini_visitor.submit("/en/intake/questions/right_now", {"danger": "not_breathing"})
    text = mini_visitor.text()
    assert "Possible overdose: what to do now" in text
    assert "Call 911 now" in text
    assert "the questions stop here" in text


def test_missing_answer_shows_error_summary_and_field_message(mini_visitor):
    start(mini_visitor)
    page = mini_visitor.submit("/en/intake/questions/right_now", {})
    assert page.status_code == 400
    text = mini_visitor.text()
    assert "There is a problem" in text
    assert text.count("Select all that apply, or “None of these”") == 2  # summary and field
    assert 'aria-invalid="true"' in text


def test_exclusive_option_cannot_be_combined(mini_visitor):
    start(mini_visitor)
    mini_visitor.submit("/en/intake/questions/right_now", {"danger": ["none", "not_breathing"]})
    assert "cannot be combined with other answers" in mini_visitor.text()


def test_tampered_option_value_gets_a_message_and_keeps_other_answers(mini_visitor):
    start(mini_visitor)
    mini_visitor.submit("/en/intake/questions/right_now", {"danger": "none"})
    page = mini_visitor.submit("/en/intake/questions/use", {"often": "hourly", "days": "12"})
    assert page.status_code == 400
    text = mini_visitor.text()
    assert "That answer is not one of the choices" in text
    assert 'value="12"' in text  # the number typed is still there


def test_out_of_range_and_non_numbers_are_explained(mini_visitor):
    start(mini_visitor)
    mini_visitor.submit("/en/intake/questions/right_now", {"danger": "none"})
    mini_visitor.submit("/en/intake/questions/use", {"often": "weekly", "days": "40"})
    assert "Enter a number that is 31 or less" in mini_visitor.text()
    mini_visitor.submit("/en/intake/questions/use", {"often": "weekly", "days": "a few"})
    assert "Enter a whole number, for example 3" in mini_visitor.text()
    assert 'value="a few"' in mini_visitor.text()


def test_conditional_page_appears_only_when_relevant(mini_visitor):
    start(mini_visitor)
    mini_visitor.submit("/en/intake/questions/right_now", {"danger": "none"})
    mini_visitor.submit("/en/intake/questions/use", {"often": "weekly", "days": "3"})
    assert "A plan to end your life?" in mini_visitor.text()  # withdrawal page skipped
    assert "Step 3 of 3" in mini_visitor.text()
    mini_visitor.get("/en/intake/questions/use")
    mini_visitor.submit("/en/intake/questions/use", {"often": "daily", "days": "30"})
    assert "Seizure when stopping?" in mini_visitor.text()
    assert "Step 3 of 4" in mini_visitor.text()


def test_back_keeps_answers(mini_visitor):
    start(mini_visitor)
    mini_visitor.submit("/en/intake/questions/right_now", {"danger": "none"})
    mini_visitor.submit("/en/intake/questions/use", {"often": "weekly", "days": "3"})
    assert 'href="/en/intake/questions/use"' in mini_visitor.text()  # the back link
    mini_visitor.get("/en/intake/questions/use")
    text = mini_visitor.text()
    assert 'value="weekly" checked' in text
    assert 'value="3"' in text


def test_skipping_ahead_by_url_returns_to_the_first_open_page(mini_visitor):
    start(mini_visitor)
    page = mini_visitor.get("/en/intake/questions/mood", follow_redirects=True)
    assert page.status_code == 200
    assert "Are you in danger now?" in mini_visitor.text()
    assert "Please answer these questions first." in mini_visitor.text()


def test_question_pages_without_a_started_questionnaire_go_to_the_start(mini_visitor):
    mini_visitor.get("/en/intake/questions/use", follow_redirects=True)
    assert "Who are the questions about?" in mini_visitor.text()


def test_unknown_page_questionnaire_and_language_are_clear_404s(mini_visitor):
    for url in ("/en/intake/questions/nope", "/en/nope/start", "/de/intake/start", "/en/information/nope"):
        page = mini_visitor.get(url)
        assert page.status_code == 404, url
        assert "Page not found" in mini_visitor.text()
    mini_visitor.get("/fr/nope/start")
    assert "Page introuvable" in mini_visitor.text() or "Page not found" in mini_visitor.text()


def test_crisis_answer_shows_crisis_help_then_allows_going_on(mini_visitor):
    start(mini_visitor)
    mini_visitor.submit("/en/intake/questions/right_now", {"danger": "none"})
    mini_visitor.submit("/en/intake/questions/use", {"often": "weekly", "days": "3"})
    mini_visitor.submit("/en/intake/questions/mood", {"plan": "yes"})
    text = mini_visitor.text()
    assert "You don't have to go through this alone" in text
    assert "Continue the questions" in text


def test_check_answers_then_change_returns_to_check(mini_visitor):
    start(mini_visitor)
    mini_visitor.submit("/en/intake/questions/right_now", {"danger": "none"})
    mini_visitor.submit("/en/intake/questions/use", {"often": "weekly", "days": "3"})
    mini_visitor.submit("/en/intake/questions/mood", {"plan": "no"})
    text = mini_visitor.text()
    assert "Check your answers" in text
    assert "/en/intake/questions/use?return=check" in text
    mini_visitor.get("/en/intake/questions/use?return=check")
    mini_visitor.submit("/en/intake/questions/use", {"often": "weekly", "days": "5", "return": "check"})
    assert "Check your answers" in mini_visitor.text()
    assert "5 days" in mini_visitor.text()


def test_change_that_opens_a_new_page_asks_it_before_check(mini_visitor):
    start(mini_visitor)
    mini_visitor.submit("/en/intake/questions/right_now", {"danger": "none"})
    mini_visitor.submit("/en/intake/questions/use", {"often": "weekly", "days": "3"})
    mini_visitor.submit("/en/intake/questions/mood", {"plan": "no"})
    mini_visitor.get("/en/intake/questions/use?return=check")
    mini_visitor.submit("/en/intake/questions/use", {"often": "daily", "days": "3", "return": "check"})
    assert "Seizure when stopping?" in mini_visitor.text()


def test_expired_csrf_token_keeps_what_was_typed(mini_visitor):
    start(mini_visitor)
    mini_visitor.submit("/en/intake/questions/right_now", {"danger": "none"})
    page = mini_visitor.submit("/en/intake/questions/use", {"often": "weekly", "days": "7", "csrf_token": "stale"})
    assert page.status_code == 400
    text = mini_visitor.text()
    assert "open for a long time" in text
    assert 'value="weekly" checked' in text and 'value="7"' in text


def test_results_show_reasons_based_on_answers(mini_visitor):
    start(mini_visitor)
    mini_visitor.submit("/en/intake/questions/right_now", {"danger": "none"})
    mini_visitor.submit("/en/intake/questions/use", {"often": "daily", "days": "30"})
    mini_visitor.submit("/en/intake/questions/withdrawal", {"seizure": "yes"})
    mini_visitor.submit("/en/intake/questions/mood", {"plan": "no"})
    mini_visitor.get("/en/intake/results")
    text = mini_visitor.text()
    assert "Seizure before" in text
    # A sign of the problem is counted under "Why this plan" and listed once, under "Your answers".
    assert "<dt>Seizure when stopping?</dt><dd>Yes</dd>" in text
    assert "not a diagnosis" in text
