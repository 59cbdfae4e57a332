"""Structured conditions: what each form means, and which answers it says made it hold.

The "answers behind it" are what every suggestion shows as its reasons, so
they are tested as carefully as true / false.
"""

from __future__ import annotations

import pytest

from app.engine.conditions import ConditionError, Facts, evaluate, parse

ANSWERS = {
    "baclofen_use": "not_prescribed",
    "other_substances": ["alcohol", "benzodiazepines"],
    "withdrawal_seizure": "unknown",
    "craving": "yes",
    "cut_down": "no",
    "days_used": 20,
    "health_conditions": [],
}


def check(condition: dict, answers: dict = ANSWERS, **facts) -> tuple[bool, tuple[str, ...]]:
    return evaluate(parse(condition), Facts(answers, **facts))


# ---------------------------------------------------------------- item tests


@pytest.mark.parametrize(
    "condition, holds",
    [
        ({"item": "baclofen_use", "equals": "not_prescribed"}, True),
        ({"item": "baclofen_use", "equals": "as_prescribed"}, False),
        ({"item": "baclofen_use", "one_of": ["more_than_prescribed", "not_prescribed"]}, True),
        ({"item": "baclofen_use", "one_of": ["as_prescribed", "not_taking"]}, False),
        ({"item": "other_substances", "includes": "alcohol"}, True),
        ({"item": "other_substances", "includes": "opioids"}, False),
        ({"item": "other_substances", "includes_any": ["opioids", "benzodiazepines"]}, True),
        ({"item": "other_substances", "includes_any": ["opioids", "cannabis"]}, False),
        ({"item": "days_used", "at_least": 20}, True),
        ({"item": "days_used", "at_least": 21}, False),
        ({"item": "days_used", "at_most": 20}, True),
        ({"item": "days_used", "at_most": 19}, False),
        ({"item": "withdrawal_seizure", "equals": "unknown"}, True),
        ({"item": "withdrawal_seizure", "equals": "yes"}, False),
        ({"item": "craving", "answered": True}, True),
        ({"item": "pregnancy", "answered": True}, False),
        ({"item": "pregnancy", "answered": False}, True),
        ({"item": "health_conditions", "answered": True}, False),  # an empty choice is no answer
    ],
)
def test_each_item_test(condition, holds):
    assert check(condition)[0] is holds


def test_an_item_test_that_holds_names_its_item():
    assert check({"item": "other_substances", "includes": "alcohol"}) == (True, ("other_substances",))


def test_an_item_test_that_fails_names_nothing():
    assert check({"item": "baclofen_use", "equals": "as_prescribed"}) == (False, ())


def test_answered_names_no_item_because_no_answer_value_led_there():
    assert check({"item": "craving", "answered": True}) == (True, ())


@pytest.mark.parametrize(
    "condition",
    [
        {"item": "pregnancy", "equals": "yes"},
        {"item": "pregnancy", "one_of": ["yes", "no"]},
        {"item": "pregnancy", "includes": "yes"},
        {"item": "pregnancy", "includes_any": ["yes"]},
        {"item": "pregnancy", "at_least": 0},
        {"item": "pregnancy", "at_most": 100},
    ],
)
def test_every_comparison_on_an_unanswered_item_is_false(condition):
    assert check(condition) == (False, ())


def test_a_number_comparison_on_a_text_answer_is_false():
    assert check({"item": "craving", "at_least": 0}) == (False, ())


def test_a_number_comparison_on_a_true_or_false_answer_is_false():
    # Python counts True as 1: a stray boolean must not pass for a count of days.
    assert check({"item": "flag", "at_least": 1}, {"flag": True}) == (False, ())
    assert check({"item": "flag", "at_most": 1}, {"flag": False}) == (False, ())


def test_includes_on_a_single_answer_is_false():
    assert check({"item": "baclofen_use", "includes": "not_prescribed"}) == (False, ())


# ------------------------------------------------------------ all / any / not


def test_all_holds_when_every_term_holds_and_names_every_answer_behind_it():
    condition = {
        "all": [
            {"item": "baclofen_use", "one_of": ["more_than_prescribed", "not_prescribed"]},
            {"item": "other_substances", "includes_any": ["alcohol", "opioids"]},
            {"item": "craving", "equals": "yes"},
        ]
    }
    assert check(condition) == (True, ("baclofen_use", "other_substances", "craving"))


def test_all_fails_when_one_term_fails_and_then_names_nothing():
    condition = {
        "all": [
            {"item": "baclofen_use", "equals": "not_prescribed"},
            {"item": "cut_down", "equals": "yes"},
        ]
    }
    assert check(condition) == (False, ())


def test_any_holds_when_one_term_holds_and_names_only_the_terms_that_held():
    condition = {
        "any": [
            {"item": "cut_down", "equals": "yes"},
            {"item": "craving", "equals": "yes"},
            {"item": "withdrawal_seizure", "equals": "unknown"},
        ]
    }
    assert check(condition) == (True, ("craving", "withdrawal_seizure"))


def test_any_fails_when_no_term_holds():
    condition = {"any": [{"item": "cut_down", "equals": "yes"}, {"item": "pregnancy", "equals": "yes"}]}
    assert check(condition) == (False, ())


def test_not_inverts_and_names_no_answer():
    assert check({"not": {"item": "cut_down", "equals": "yes"}}) == (True, ())
    assert check({"not": {"item": "craving", "equals": "yes"}}) == (False, ())


def test_not_on_an_unanswered_item_holds():
    assert check({"not": {"item": "pregnancy", "equals": "yes"}}) == (True, ())


def test_nested_conditions_name_each_answer_once():
    condition = {
        "all": [
            {"item": "craving", "equals": "yes"},
            {
                "any": [
                    {"item": "craving", "one_of": ["yes", "unknown"]},
                    {"item": "other_substances", "includes": "benzodiazepines"},
                ]
            },
            {"not": {"item": "baclofen_use", "equals": "as_prescribed"}},
        ]
    }
    assert check(condition) == (True, ("craving", "other_substances"))


def test_an_all_over_an_any_names_only_the_any_terms_that_held_for_these_answers():
    # An all over item tests alone names the same answers every time; one with an any inside does not.
    condition = {
        "all": [
            {"item": "craving", "equals": "yes"},
            {"any": [{"item": "cut_down", "equals": "yes"}, {"item": "withdrawal_seizure", "equals": "unknown"}]},
        ]
    }
    assert check(condition) == (True, ("craving", "withdrawal_seizure"))


# ------------------------------------------------------- rules-only conditions


def test_severity_at_least_compares_levels_in_order():
    assert check({"severity": {"at_least": "mild"}}, severity="moderate") == (True, ())
    assert check({"severity": {"at_least": "severe"}}, severity="moderate") == (False, ())
    assert check({"severity": {"at_least": "none"}}, severity="none") == (True, ())


def test_dimension_at_least_reads_the_rating_and_an_unrated_dimension_is_zero():
    assert check({"dimension": 2, "at_least": 3}, dimensions={2: 4}) == (True, ())
    assert check({"dimension": 2, "at_least": 3}, dimensions={2: 2}) == (False, ())
    assert check({"dimension": 6, "at_least": 1}, dimensions={}) == (False, ())


def test_flag_holds_when_a_flag_of_that_kind_was_raised():
    assert check({"flag": "medical"}, flags=frozenset({"medical"})) == (True, ())
    assert check({"flag": "crisis"}, flags=frozenset({"medical"})) == (False, ())


def test_pathway_at_least_compares_fits_and_an_unset_pathway_is_not_indicated():
    assert check({"pathway": "detox", "at_least": "consider"}, pathways={"detox": "recommended"}) == (True, ())
    assert check({"pathway": "detox", "at_least": "recommended"}, pathways={"detox": "consider"}) == (False, ())
    assert check({"pathway": "residential", "at_least": "consider"}, pathways={}) == (False, ())


def test_a_rules_only_condition_inside_any_keeps_the_answers_of_item_terms():
    condition = {"any": [{"flag": "crisis"}, {"item": "craving", "equals": "yes"}]}
    assert check(condition, flags=frozenset({"crisis"})) == (True, ("craving",))


# ---------------------------------------------------------- malformed conditions


@pytest.mark.parametrize(
    "data, problem",
    [
        ("craving == yes", "must be a mapping"),
        ({}, "must be a mapping"),
        ({"all": []}, "non-empty list"),
        ({"any": {"item": "craving", "equals": "yes"}}, "non-empty list"),
        ({"all": [{"item": "craving", "equals": "yes"}], "any": []}, "unexpected key"),
        ({"item": "craving"}, "needs exactly one of"),
        ({"item": "craving", "equals": "yes", "one_of": ["yes"]}, "needs exactly one of"),
        ({"item": "craving", "matches": "y.*"}, "needs exactly one of"),
        ({"item": "craving", "one_of": []}, "non-empty list"),
        ({"item": "days_used", "at_least": "20"}, "whole number"),
        ({"item": "days_used", "at_least": True}, "whole number"),
        ({"item": "craving", "answered": "yes"}, "true or false"),
        ({"severity": {"at_least": "extreme"}}, "severity needs"),
        ({"dimension": 7, "at_least": 2}, "dimension 1-6"),
        ({"dimension": 2, "at_least": 5}, "dimension 1-6"),
        ({"pathway": "detox", "at_least": "maybe"}, "pathway condition"),
        ({"eval": "True"}, "unknown condition"),
    ],
)
def test_a_malformed_condition_is_refused_with_the_reason(data, problem):
    with pytest.raises(ConditionError, match=problem):
        parse(data)
