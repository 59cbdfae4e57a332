"""Validation cases from published sources (tests/cases/*.yaml) against the engine's plan.

Each case is a published report or guideline scenario turned into answers,
with the plan and red flags its source supports. Every case must be valid
answers to the intake questionnaire in its own perspective and cite a public
source; every decided field (`level`, `withdrawal`) must be what the engine's
plan says, and every expected red flag must be raised. A field marked
`undecided` is skipped on its own, not the whole case. A case whose
disagreement is understood carries `known_disagreement` and is listed in
tests/cases/DISAGREEMENTS.md; it must still disagree (a stale mark fails).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine import assess, load_library
from app.engine.published_cases import (
    CASES_DIR,
    LEVELS,
    UNDECIDED,
    WITHDRAWAL,
    agreement_table,
    case_answers,
    check_case,
    documented_disagreements,
    load_cases,
    raised_flags,
)

ROOT = Path(__file__).resolve().parents[2]
CASES = load_cases()
IDS = [c["id"] for c in CASES]
PERSPECTIVES = {"self", "family", "counselor"}


@pytest.fixture(scope="module")
def intake():
    library = load_library(ROOT / "questionnaires")
    return library.questionnaires["intake"], library.rules["intake"]


def _known(case) -> bool:
    return bool(str(case.get("known_disagreement") or "").strip())


def _assert_still_a_documented_disagreement(case, intake):
    """A marked case is shown as a disagreement: the mark must be true and explained."""
    questionnaire, rules = intake
    result = check_case(case, questionnaire, rules)
    assert not result.agrees, f"{case['id']} now agrees with the engine: remove known_disagreement and its entry"
    assert case["id"] in documented_disagreements(), f"{case['id']} is not explained in tests/cases/DISAGREEMENTS.md"


def test_there_are_at_least_60_cases_in_every_perspective():
    assert len(CASES) >= 60
    assert len(set(IDS)) == len(IDS)
    assert {case["perspective"] for case in CASES} == PERSPECTIVES


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case_cites_its_source_and_names_a_plan(case):
    assert case["_file"] == f"{case['id']}.yaml"
    assert str(case["source"]["url"]).startswith("https://"), case["_file"]
    assert case["source"]["citation"] and case["summary"] and case["justification"]
    assert case["perspective"] in PERSPECTIVES
    assert case["expected"]["level"] in (*LEVELS, UNDECIDED)
    assert case["expected"]["withdrawal"] in (*WITHDRAWAL, UNDECIDED)
    assert isinstance(case["expected"].get("red_flags"), list)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case_answers_are_valid_in_its_perspective(case, intake):
    questionnaire, _ = intake
    _, problems = case_answers(case, questionnaire)
    assert not problems


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case_raises_the_red_flags_its_source_supports(case, intake):
    if _known(case):
        _assert_still_a_documented_disagreement(case, intake)
        return
    questionnaire, rules = intake
    answers, _ = case_answers(case, questionnaire)
    assessment = assess(questionnaire, rules, answers)
    if case["expected"]["level"] == "emergency":
        assert assessment.emergency
    missing = [flag for flag in case["expected"]["red_flags"] if flag not in raised_flags(assessment)]
    assert not missing, f"missing red flags {missing}; raised {sorted(raised_flags(assessment))}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_decided_case_gets_the_plan_its_source_supports(case, intake):
    if _known(case):
        _assert_still_a_documented_disagreement(case, intake)
        return
    questionnaire, rules = intake
    result = check_case(case, questionnaire, rules)
    if result.expected_level == UNDECIDED and result.expected_withdrawal == UNDECIDED:
        pytest.skip("the source decides neither the level nor the withdrawal setting")
    assert result.level_agrees, f"level: expected {result.expected_level}, engine {result.engine_level}"
    assert result.withdrawal_agrees, f"withdrawal: expected {result.expected_withdrawal}, engine {result.engine_withdrawal}"


def test_every_documented_case_disagreement_is_marked_in_its_case():
    """DISAGREEMENTS.md may hold other ids (the validation vignettes); published case ids must be marked."""
    marked = {case["id"] for case in CASES if _known(case)}
    listed = documented_disagreements() & set(IDS)
    assert listed == marked, f"listed but not marked: {sorted(listed - marked)}; marked but not listed: {sorted(marked - listed)}"
    assert (CASES_DIR / "DISAGREEMENTS.md").exists()


def test_a_known_disagreement_is_counted_and_shown(intake):
    questionnaire, rules = intake
    case = _fake_case("outpatient", UNDECIDED, []) | {"known_disagreement": "the engine stops at the emergency page"}
    result = check_case(case, questionnaire, rules)
    assert not result.agrees and result.verdict == "NO (known)"
    rows = agreement_table([result])
    assert rows[1].split()[-2:] == ["NO", "(known)"]
    assert any("known disagreement: the engine stops at the emergency page" in row for row in rows)
    assert rows[-1].endswith("1 known disagreements (tests/cases/DISAGREEMENTS.md)")
    stale = check_case(_fake_case("emergency", UNDECIDED, []) | {"known_disagreement": "x"}, questionnaire, rules)
    assert stale.agrees and stale.verdict.startswith("yes (marked known")


def _fake_case(level: str, withdrawal: str, flags: list[str]) -> dict:
    return {
        "id": "fake",
        "perspective": "self",
        "answers": {"danger_now": ["unresponsive"]},
        "expected": {"level": level, "withdrawal": withdrawal, "red_flags": flags},
    }


def test_undecided_fields_are_skipped_one_by_one(intake):
    questionnaire, rules = intake
    agreeing = check_case(_fake_case("emergency", UNDECIDED, ["emergency"]), questionnaire, rules)
    assert agreeing.agrees and agreeing.engine_level == "emergency"
    wrong_level = check_case(_fake_case("outpatient", UNDECIDED, []), questionnaire, rules)
    assert not wrong_level.level_agrees and wrong_level.withdrawal_agrees and not wrong_level.agrees
    missing_flag = check_case(_fake_case("emergency", UNDECIDED, ["no-such-flag"]), questionnaire, rules)
    assert missing_flag.missing_flags == ("no-such-flag",) and not missing_flag.agrees


def test_invalid_answers_are_reported_not_ignored(intake):
    questionnaire, _ = intake
    case = {"perspective": "self", "answers": {"danger_now": ["on_fire"], "no_such_item": "yes"}}
    _, problems = case_answers(case, questionnaire)
    assert any(p.startswith("no_such_item") for p in problems) and any(p.startswith("danger_now") for p in problems)


def test_agreement_table_names_every_case_and_totals(intake):
    questionnaire, rules = intake
    results = [check_case(case, questionnaire, rules) for case in CASES]
    rows = agreement_table(results)
    listed = [row.split()[0] for row in rows[1:-1] if not row.startswith(" ")]
    assert listed == IDS
    agreeing = sum(r.agrees for r in results)
    assert rows[-1].startswith(f"{agreeing}/{len(CASES)} cases agree")


def test_cases_command_prints_the_table(app):
    result = app.test_cli_runner().invoke(args=["cases"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[0] == "case"
    assert {line.split()[0] for line in lines[1:-1] if not line.startswith(" ")} == set(IDS)
    assert "cases agree" in lines[-1]
