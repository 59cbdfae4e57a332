"""Withdrawal now, and baclofen from a pump, in the engine and the rules data (issue 25, part 1).

Which emergency a red flag names is data (rules.yaml `emergency`, required on
emergency flags by the schema): the engine reports the emergencies raised, and
no Python code tests a rule id for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine import QuestionnaireError, assess, clean_answers, load_library, visible_items
from app.web.library import loaded_library  # read once per process: the apps the tests build share it
from tests.engine.test_loader import TINY_RULES, changed, make_library
from tests.support.people import BASELINE, answers

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = loaded_library(ROOT / "questionnaires")
QUESTIONNAIRE = LIBRARY.questionnaires["intake"]
RULES = LIBRARY.rules["intake"]


def emergency_of(danger: list[str]):
    return assess(QUESTIONNAIRE, RULES, {"danger_now": danger})


@pytest.mark.parametrize(
    "danger, kinds, rule",
    [
        (["withdrawal_confusion"], {"withdrawal"}, "emergency-withdrawal-delirium-now"),
        (["fever_rigidity"], {"withdrawal"}, "emergency-fever-rigidity-now"),
        (["pump_problem"], {"pump_withdrawal"}, "emergency-pump-withdrawal-now"),
        (["seizure", "withdrawal_confusion"], {"seizure", "withdrawal"}, "emergency-withdrawal-delirium-now"),
    ],
)
def test_withdrawal_now_is_an_emergency_of_its_own_never_an_overdose(danger, kinds, rule):
    result = emergency_of(danger)
    assert result.emergency and result.plan is None and result.pathways == ()
    assert result.emergency_kinds == kinds
    assert rule in {flag.reason.rule for flag in result.red_flags}
    assert all("overdose" not in flag.reason.text for flag in result.flags_of("emergency"))


@pytest.mark.parametrize("perspective", ["self", "family", "counselor"])
@pytest.mark.parametrize("value", ["withdrawal_confusion", "fever_rigidity", "pump_problem"])
def test_each_withdrawal_sign_is_a_valid_answer_even_with_none_ticked(value, perspective):
    clean, problems = clean_answers(QUESTIONNAIRE, RULES, {"danger_now": [value, "none"]}, perspective)
    assert problems == []
    assert assess(QUESTIONNAIRE, RULES, clean, perspective).emergency


def test_overdose_signs_with_withdrawal_signs_name_both_emergencies():
    assert emergency_of(["unresponsive", "withdrawal_confusion"]).emergency_kinds == {"overdose", "withdrawal"}
    assert emergency_of(["seizure", "breathing"]).emergency_kinds == {"overdose"}


def test_every_emergency_flag_names_its_emergency_and_no_other_flag_does():
    for rule in RULES.red_flags:
        assert bool(rule.emergency_kind) == (rule.kind == "emergency"), rule.id


@pytest.mark.parametrize(
    "old, new, problem",
    [
        ("    kind: medical\n", "    kind: emergency\n", "'emergency' is a required property"),
        ("    kind: medical\n", "    kind: medical\n    emergency: withdrawal\n", "should not be valid"),
        ("    kind: medical\n", "    kind: emergency\n    emergency: hangover\n", "hangover"),
    ],
)
def test_an_emergency_flag_without_its_kind_is_refused(tmp_path, old, new, problem):
    rules = changed(TINY_RULES, old, new)
    with pytest.raises(QuestionnaireError) as raised:
        load_library(make_library(tmp_path / "lib", rules=rules))
    assert "red flag 'seizure-before'" in raised.value.where
    assert problem in str(raised.value)


# --- how baclofen is taken ---------------------------------------------------


@pytest.mark.parametrize("use", ["as_prescribed", "more_than_prescribed"])
def test_how_baclofen_is_taken_is_asked_where_it_is_prescribed(use):
    assert "baclofen_route" in visible_items(QUESTIONNAIRE, answers(baclofen_use=use))


@pytest.mark.parametrize("use", ["not_taking", "not_prescribed"])
def test_how_baclofen_is_taken_is_not_asked_where_no_pump_can_be(use):
    assert "baclofen_route" not in visible_items(QUESTIONNAIRE, answers(baclofen_use=use))


def test_i_dont_know_how_it_is_taken_is_offered_to_family_and_counselors_only():
    item = QUESTIONNAIRE.item("baclofen_route")
    assert "unknown" not in item.values_for("self")
    assert "unknown" in item.values_for("family") and "unknown" in item.values_for("counselor")


def flags_for(perspective: str = "self", **changes) -> set[str]:
    clean, problems = clean_answers(QUESTIONNAIRE, RULES, answers(**changes), perspective)
    assert problems == [], problems
    return {flag.reason.rule for flag in assess(QUESTIONNAIRE, RULES, clean, perspective).red_flags}


def test_a_pump_gets_the_pumps_own_warning():
    flags = flags_for(baclofen_use="as_prescribed", baclofen_route="pump")
    assert "medical-baclofen-pump" in flags
    text = next(rule.text for rule in RULES.red_flags if rule.id == "medical-baclofen-pump")
    for fact in ("refill", "Itching, fever, stiffness", "emergency", "pump card"):
        assert fact in text


def test_not_knowing_how_it_is_taken_counts_a_pump_as_possible():
    assert "medical-baclofen-pump-unknown" in flags_for("family", baclofen_use="as_prescribed", baclofen_route="unknown")


def test_tablets_get_no_pump_warning():
    flags = flags_for(baclofen_use="as_prescribed", baclofen_route="tablets")
    assert not {"medical-baclofen-pump", "medical-baclofen-pump-unknown"} & flags


def test_the_baseline_has_no_answer_on_how_baclofen_is_taken():
    # The case answers predate the question: it is optional, and nothing about a pump is raised without it.
    assert "baclofen_route" not in BASELINE
    assert not {"medical-baclofen-pump", "medical-baclofen-pump-unknown"} & flags_for(baclofen_use="as_prescribed")


def test_a_stored_emergency_keeps_which_emergency_it_was():
    from app.engine.stored import assessment_from_dict

    result = emergency_of(["pump_problem"])
    assert assessment_from_dict(result.to_dict()).emergency_kinds == {"pump_withdrawal"}
