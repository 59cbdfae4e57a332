"""clean_answers takes untrusted input (the API, files): odd values get a problem code, never an exception."""

from __future__ import annotations

import pytest

from app.engine import clean_answers, load_library
from tests.support.apps import MINI


@pytest.fixture(scope="module")
def mini():
    library = load_library(MINI)
    return library.questionnaires["intake"], library.rules["intake"]


@pytest.mark.parametrize("value", [5, 2.5, True, {"none": 1}])
def test_a_multiple_answer_that_is_not_a_list_is_an_unknown_option(mini, value):
    questionnaire, rules = mini
    _, problems = clean_answers(questionnaire, rules, {"danger": value})
    assert [(p.item, p.code) for p in problems] == [("danger", "unknown_option")]


@pytest.mark.parametrize("value", ["²", "--5", "1e3", " ", "٣x", "٣"])
def test_a_number_answer_that_is_not_plain_digits_is_not_a_number(mini, value):
    questionnaire, rules = mini
    _, problems = clean_answers(questionnaire, rules, {"danger": ["none"], "often": "weekly", "days": value})
    assert [(p.item, p.code) for p in problems] == [("days", "not_a_number")]


def test_plain_digit_strings_are_still_numbers(mini):
    questionnaire, rules = mini
    clean, problems = clean_answers(questionnaire, rules, {"danger": ["none"], "often": "weekly", "days": " 12 ", "plan": "no"})
    assert problems == [] and clean["days"] == 12


def test_a_number_string_too_long_to_read_is_out_of_range(mini):
    questionnaire, rules = mini
    _, problems = clean_answers(questionnaire, rules, {"danger": ["none"], "often": "weekly", "days": "9" * 5000})
    assert [(p.item, p.code) for p in problems] == [("days", "too_large")]
