"""The one plan: each floor, each safety situation, and the invariants every plan keeps.

Cases start from the low-risk baseline (tests/support/people.yaml) and change only what
the situation is about, so each test reads as its story.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import HealthCheck, given, settings

from app.engine import assess, clean_answers
from app.engine.assessment import CARD_OF_LEVEL
from app.engine.model import LEVELS, WITHDRAWAL
from tests.support.answer_sets import answer_sets
from tests.support.people import MILD, MODERATE, SEVERE, answers, intake

QUESTIONNAIRE, RULES = intake()

ROOT = Path(__file__).resolve().parents[2]
PERSPECTIVES = ("self", "family", "counselor")
DEPENDENT = dict(
    baclofen_use="not_prescribed",
    other_substances=["none"],
    use_frequency="daily",
    use_duration="over_year",
    withdrawal_symptoms="yes",
    withdrawal_unwell="yes",
)


def plan_for(answer_set: dict, perspective: str = "self"):
    clean, problems = clean_answers(QUESTIONNAIRE, RULES, answer_set, perspective)
    assert problems == [], problems
    result = assess(QUESTIONNAIRE, RULES, clean, perspective)
    return result


def flag_ids(result) -> set[str]:
    return {flag.reason.rule for flag in result.red_flags}


# --- floors, one by one ------------------------------------------------------

FLOOR_CASES = [
    # (floor id, answers, expected level, expected withdrawal)
    ("level-outpatient-use-disorder", answers(*MILD), "outpatient", "none"),
    ("level-intensive-outpatient", answers(*MODERATE), "intensive_outpatient", "none"),
    ("level-day-program-mental", answers(*MILD, suicidal_thoughts="yes"), "day_program", "none"),
    ("level-day-program-complex-needs", answers(*MODERATE, housing="unstable"), "day_program", "none"),
    (
        "level-day-program-repeated",
        answers(
            "more_than_meant",
            "cut_down",
            "obligations",
            "relationships",
            past_treatment=["detox"],
            returned_after_treatment="yes",
            treatment_attempts="two_or_more",
        ),
        "day_program",
        "none",
    ),
    ("level-residential-home", answers(*SEVERE, others_use_at_home="yes"), "residential", "none"),
    (
        "level-residential-after-treatment",
        answers(*MODERATE, past_treatment=["outpatient"], returned_after_treatment="yes"),
        "residential",
        "none",
    ),
    ("level-hospital-mental", answers(*MILD, suicidal_thoughts="yes", suicidal_plan="yes"), "hospital", "none"),
    (
        "level-hospital-physical",
        answers(*MILD, health_conditions=["kidney"], baclofen_use="more_than_prescribed"),
        "hospital",
        "none",
    ),
    ("withdrawal-dependence-taper", answers(*MILD, **DEPENDENT), "outpatient", "ambulatory"),
    ("withdrawal-complicated-before", answers(*MILD, **{**DEPENDENT, "withdrawal_seizure": "yes"}), "hospital", "hospital"),
    (
        "withdrawal-mixed-sedatives-daily",
        answers(*MILD, baclofen_use="not_prescribed", other_substances=["alcohol"], use_frequency="daily", taken_together="yes"),
        "outpatient",
        "monitored",
    ),
    (
        "withdrawal-nobody-to-watch",
        answers(*MILD, **DEPENDENT, lives_alone="yes", supportive_person="no"),
        "outpatient",
        "monitored",
    ),
    ("withdrawal-older", answers(*MILD, **DEPENDENT, age_band="over_64"), "outpatient", "monitored"),
    ("withdrawal-under-18", answers(*MILD, **DEPENDENT, age_band="under_18"), "outpatient", "hospital"),
    ("withdrawal-pregnancy", answers(*MILD, **DEPENDENT, pregnancy="yes"), "outpatient", "monitored"),
    # Issue 25: a home taper needs a safe home without others using, and someone near.
    ("withdrawal-home-unsafe", answers(*MILD, **DEPENDENT, others_use_at_home="yes"), "outpatient", "monitored"),
    (
        "withdrawal-stopping-alone",
        answers(*MILD, **DEPENDENT, stop_plan="gradually_alone", stopping_alone="yes"),
        "outpatient",
        "monitored",
    ),
    (
        "withdrawal-older-prescribed-sedative",
        answers(
            baclofen_use="not_taking",
            other_substances=["benzodiazepines"],
            sedative_prescription="as_prescribed",
            use_frequency="daily",
            use_duration="over_year",
            age_band="over_64",
        ),
        "self_help",
        "ambulatory",
    ),
    # A medicine taken as prescribed every day, with a plan to stop it alone or all at once:
    # the prescriber tapers it (the baclofen label), at home.
    (
        "withdrawal-prescribed-stop-planned",
        answers(
            baclofen_use="as_prescribed",
            other_substances=["none"],
            use_frequency="daily",
            use_duration="over_year",
            stop_plan="suddenly",
            stopping_alone="no",
        ),
        "self_help",
        "ambulatory",
    ),
    # Dimension 1 at 4 (a seizure after stopping before) is ASAM's medically managed level.
    ("level-hospital-withdrawal", answers(*MILD, **DEPENDENT, withdrawal_seizure="yes"), "hospital", "hospital"),
]

URGENCY_CASES = [
    ("urgency-complicated-withdrawal", answers(*MILD, **DEPENDENT, withdrawal_seizure="yes")),
    (
        "urgency-no-home-mixed-sedatives",
        answers(
            *MILD,
            **{**DEPENDENT, "baclofen_use": "more_than_prescribed", "other_substances": ["alcohol"]},
            taken_together="yes",
            housing="none",
        ),
    ),
    ("urgency-pregnancy-daily-use", answers(*MILD, **DEPENDENT, pregnancy="yes")),
]


@pytest.mark.parametrize("floor, answer_set, level, withdrawal", FLOOR_CASES, ids=[c[0] for c in FLOOR_CASES])
def test_each_floor_sets_the_plan_it_names(floor, answer_set, level, withdrawal):
    plan = plan_for(answer_set).plan
    assert (plan.level, plan.withdrawal) == (level, withdrawal)
    reasons = plan.level_reasons if floor.startswith("level") else plan.withdrawal_reasons
    assert floor in {reason.rule for reason in reasons}
    assert plan.urgency == "this_week" or floor in (
        "withdrawal-complicated-before",
        "level-hospital-withdrawal",
        "withdrawal-pregnancy",
    )


@pytest.mark.parametrize("floor, answer_set", URGENCY_CASES, ids=[c[0] for c in URGENCY_CASES])
def test_each_urgency_floor_makes_the_next_step_today(floor, answer_set):
    plan = plan_for(answer_set).plan
    assert plan.urgency == "today"
    assert floor in {reason.rule for reason in plan.urgency_reasons}
    assert "today" in plan.next_step.text and "this week" not in plan.next_step.text


def test_without_an_urgency_floor_the_next_step_is_this_week():
    plan = plan_for(answers(*MILD, **DEPENDENT)).plan
    assert plan.urgency == "this_week" and plan.urgency_reasons == ()
    assert "this week" in plan.next_step.text


def test_every_floor_in_the_table_is_tested_here():
    tested = {c[0] for c in FLOOR_CASES} | {c[0] for c in URGENCY_CASES}
    assert {floor.id for floor in RULES.plan.floors} - {"level-outpatient-health-risk"} <= tested


def test_severity_alone_never_goes_beyond_outpatient():
    # Six signs, but nothing in the other dimensions asks for more: ASAM, not DSM-5 mapped to intensity.
    plain_severe = answers("more_than_meant", "cut_down", "time_spent", "obligations", "relationships", "despite_harm")
    assert plan_for(plain_severe).plan.level == "outpatient"


def test_a_constraint_lowers_the_level_and_says_what_was_traded():
    plan = plan_for(answers(*SEVERE, others_use_at_home="yes", can_step_away="no")).plan
    assert plan.level == "intensive_outpatient"
    assert plan.level_asked == "residential"
    assert plan.trade_off is not None and plan.trade_off.rule == "cannot-step-away"
    assert "trade-off" in plan.trade_off.text


def test_a_constraint_never_goes_below_a_safety_floor():
    plan = plan_for(answers(*MILD, suicidal_thoughts="yes", suicidal_plan="yes", can_step_away="no")).plan
    assert plan.level == "hospital"
    assert plan.trade_off is None


def test_floors_that_held_but_did_not_count_are_kept_for_why_not():
    plan = plan_for(answers(*SEVERE, others_use_at_home="yes")).plan
    assert "level-outpatient-use-disorder" in {floor.id for floor in plan.not_counted}


def test_i_dont_know_never_raises_the_level_but_goes_to_the_list_to_check():
    known = plan_for(answers(*MILD, suicidal_thoughts="no"), "family").plan
    unknown = plan_for(answers(*MILD, suicidal_thoughts="unknown", housing="unknown"), "family").plan
    assert unknown.level == known.level
    assert {"suicidal_thoughts", "housing"} <= {check.item for check in unknown.to_check}


def test_the_family_plan_includes_support_for_the_family():
    assert "family_support" in plan_for(answers(*MILD), "family").plan.supports
    assert "family_support" not in plan_for(answers(*MILD), "self").plan.supports


def test_the_next_step_names_a_service_the_region_resolves():
    plan = plan_for(answers(*MILD, **DEPENDENT)).plan
    assert (plan.next_step.action, plan.next_step.service) == ("plan_taper_with_doctor", "doctor")
    family = plan_for(answers(*MILD, **DEPENDENT), "family").plan
    assert family.next_step.text != plan.next_step.text  # worded for the family


def test_an_emergency_has_no_pathways_and_no_plan():
    result = plan_for({"danger_now": ["seizure"]})
    assert result.plan is None and result.pathways == ()
    assert flag_ids(result) == {"emergency-withdrawal-seizure-now"}


def test_a_seizure_with_overdose_signs_is_an_overdose_emergency():
    result = plan_for({"danger_now": ["seizure", "breathing"]})
    assert {"emergency-overdose-signs", "emergency-seizure-now"} <= flag_ids(result)
    assert "emergency-withdrawal-seizure-now" not in flag_ids(result)


# --- safety situations, in every perspective ----------------------------------

SAFETY = [
    ("medical-do-not-stop-suddenly", answers(*MILD, **DEPENDENT, change_readiness="not_sure")),
    (
        "medical-do-not-stop-suddenly",
        answers(
            baclofen_use="more_than_prescribed",
            other_substances=["none"],
            use_frequency="daily",
            use_duration="six_to_twelve_months",
        ),
    ),
    (
        "medical-do-not-stop-suddenly",
        answers(
            baclofen_use="as_prescribed",
            other_substances=["none"],
            use_frequency="most_days",
            baclofen_dose="from_81_to_300",
            baclofen_reason="alcohol",
        ),
    ),
    ("medical-stopping-suddenly-planned", answers(*MILD, **DEPENDENT, stop_plan="suddenly", stopping_alone="no")),
    (
        "medical-stopping-suddenly-planned",
        answers(*MILD, **DEPENDENT, stop_plan="gradually_alone", lives_alone="yes", stopping_alone="no"),
    ),
    ("safety-violence-at-home", answers(*MILD, violence_at_home="yes")),
    ("medical-sedation-episodes", answers(*MILD, **DEPENDENT, sedation_episodes="yes")),
    ("medical-kidney-baclofen", answers(baclofen_use="as_prescribed", health_conditions=["kidney"])),
    ("medical-pregnancy-third-trimester", answers(baclofen_use="as_prescribed", pregnancy="yes", pregnancy_trimester="third")),
]


@pytest.mark.parametrize("perspective", PERSPECTIVES)
@pytest.mark.parametrize("flag, answer_set", SAFETY, ids=[f"{c[0]}-{i}" for i, c in enumerate(SAFETY)])
def test_each_safety_situation_raises_its_flag_in_every_perspective(flag, answer_set, perspective):
    assert flag in flag_ids(plan_for(answer_set, perspective))


def test_dependence_means_a_supervised_taper_whatever_the_readiness():
    for readiness in ("not_sure", "thinking", "ready", "changing"):
        plan = plan_for(answers(*MILD, **DEPENDENT, change_readiness=readiness)).plan
        assert plan.withdrawal != "none"


def test_baclofen_taken_as_prescribed_is_never_a_withdrawal_target():
    result = plan_for(
        answers(baclofen_use="as_prescribed", other_substances=["none"], use_frequency="daily", withdrawal_symptoms="yes")
    )
    assert "medical-do-not-stop-suddenly" in flag_ids(result)
    assert result.plan.withdrawal == "none"
    assert result.pathway("detox").fit == "not_indicated"


@pytest.mark.parametrize("stop_plan", ["suddenly", "gradually_alone"])
def test_a_prescribed_medicine_someone_means_to_stop_alone_gets_a_supervised_taper(stop_plan):
    # 120 mg of prescribed baclofen a day and a plan to stop it on one's own: never "no withdrawal to plan".
    for perspective in PERSPECTIVES:
        result = plan_for(
            answers(
                baclofen_use="as_prescribed",
                other_substances=["none"],
                use_frequency="daily",
                stop_plan=stop_plan,
                stopping_alone="yes",
            ),
            perspective,
        )
        assert result.plan.withdrawal == "ambulatory"
        assert "withdrawal-prescribed-stop-planned" in {reason.rule for reason in result.plan.withdrawal_reasons}


def test_a_prescribed_medicine_stopped_with_the_doctor_stays_a_treatment_to_keep():
    result = plan_for(
        answers(baclofen_use="as_prescribed", other_substances=["none"], use_frequency="daily", stop_plan="with_doctor")
    )
    assert result.plan.withdrawal == "none"


def test_a_breathing_problem_with_sedatives_mixed_without_baclofen_rates_physical_health_4():
    result = plan_for(
        answers(
            baclofen_use="not_taking",
            other_substances=["opioids", "benzodiazepines"],
            sedative_prescription="as_prescribed",
            sedatives_together="yes",
            use_frequency="daily",
            health_conditions=["breathing"],
        )
    )
    physical = next(d for d in result.dimensions if d.number == 2)
    assert physical.rating == 4
    assert "d2-heart-breathing-mixing" in {reason.rule for reason in physical.reasons}


def test_daily_mixed_sedatives_mean_detox_is_recommended_not_considered():
    result = plan_for(
        answers(
            *MILD,
            baclofen_use="more_than_prescribed",
            other_substances=["benzodiazepines"],
            sedative_prescription="not_prescribed",
            use_frequency="daily",
            taken_together="yes",
        )
    )
    assert result.pathway("detox").fit == "recommended"
    assert result.plan.withdrawal == "monitored"


def test_a_plan_at_home_with_violence_at_home_says_so():
    plan = plan_for(answers(*MILD, violence_at_home="yes")).plan
    assert plan.level in ("outpatient", "intensive_outpatient")
    assert [note.rule for note in plan.notes] == ["note-violence-at-home"]
    assert plan.next_step.service == "domestic_violence"


def test_a_stay_away_from_home_needs_no_note_about_home():
    plan = plan_for(answers(*SEVERE, violence_at_home="yes", others_use_at_home="yes")).plan
    assert plan.level == "residential"
    assert plan.notes == ()


def test_every_plan_and_flag_text_has_a_french_translation():
    with (ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    texts = [flag.text for flag in RULES.red_flags]
    texts += [floor.reason for floor in RULES.plan.floors] + [c.reason for c in RULES.plan.constraints]
    texts += [note.text for note in RULES.plan.notes] + [check.text for check in RULES.plan.to_check]
    texts += [text for step in RULES.plan.next_steps for text in step.text.all_variants()]
    missing = [text for text in texts if not (catalog.get(text) and catalog.get(text).string) or catalog.get(text).fuzzy]
    assert missing == []


# --- invariants of every plan -------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(answer_sets(QUESTIONNAIRE, RULES))
def test_every_plan_keeps_its_invariants(drawn):
    perspective, answer_set = drawn
    clean, _ = clean_answers(QUESTIONNAIRE, RULES, answer_set, perspective)
    result = assess(QUESTIONNAIRE, RULES, clean, perspective)
    if result.emergency:
        assert result.plan is None and result.pathways == ()
        return
    plan = result.plan
    assert plan is not None
    assert plan.level in LEVELS and plan.withdrawal in WITHDRAWAL  # exactly one of each
    fits = {card.code: card.fit for card in result.pathways}
    recommended_care = [code for code in ("inpatient", "residential", "outpatient") if fits[code] == "recommended"]
    assert recommended_care == ([CARD_OF_LEVEL[plan.level]] if plan.level in CARD_OF_LEVEL else [])
    assert (fits["detox"] == "recommended") == (plan.withdrawal != "none")
    assert LEVELS.index(plan.level) >= LEVELS.index(plan.safety_level)  # never below a safety floor
    if plan.trade_off is not None:
        assert LEVELS.index(plan.level) < LEVELS.index(plan.level_asked)
    assert plan.aftercare and "support_groups" in plan.supports
    assert plan.level_reasons or plan.level == "self_help"
    assert plan.withdrawal_reasons or plan.withdrawal == "none"
