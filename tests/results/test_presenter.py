"""The presenter (app/results/presenter.py), read directly: one result view whoever reads it, with no Flask.

Answers start from a calm baseline (as tests/engine/test_cases.py) and change only what a test is about.
Answer lines are given plain words here: the presenter only chooses where each is cited.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from app.engine import assess, clean_answers, load_library
from app.engine.regions import Region
from app.engine.stored import assessment_from_dict
from app.results.presenter import AnswerLine, present
from tests.support.people import RESULT_PLANS

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = load_library(ROOT / "questionnaires")
QUESTIONNAIRE = LIBRARY.questionnaires["intake"]
RULES = LIBRARY.rules["intake"]
CRITERIA = tuple(RULES.severity.criteria)
BASELINE = {
    "danger_now": ["none"],
    "baclofen_use": "not_taking",
    "other_substances": ["alcohol"],
    "use_frequency": "weekly",
    "use_duration": "one_to_six_months",
    "taken_together": "no",
    **{criterion: "no" for criterion in CRITERIA},
    "withdrawal_unwell": "no",
    "withdrawal_seizure": "no",
    "withdrawal_hallucinations": "no",
    "needs_to_feel_normal": "no",
    "health_conditions": ["none"],
    "pregnancy": "not_applicable",
    "age_band": "from_18_to_64",
    "sedation_episodes": "no",
    "treatment_attempts": "one",
    "stop_plan": "with_doctor",
    "mental_conditions": ["none"],
    "suicidal_thoughts": "no",
    "suicidal_plan": "no",
    "past_treatment": ["none"],
    "returned_after_treatment": "no",
    "change_readiness": "ready",
    "housing": "stable",
    "others_use_at_home": "no",
    "lives_alone": "no",
    "violence_at_home": "no",
    "supportive_person": "yes",
    "daily_responsibilities": ["work"],
    "can_step_away": "yes",
}
SEIZURE = {"withdrawal_symptoms": "yes", "withdrawal_unwell": "yes", "withdrawal_seizure": "yes"}
SEVERE = ("more_than_meant", "cut_down", "time_spent", "craving", "obligations", "despite_harm", "tolerance")


def result(perspective: str = "self", region: str = "uk", **changes):
    answers, problems = clean_answers(QUESTIONNAIRE, RULES, BASELINE | changes, perspective)
    assert problems == [], problems
    assessment = assess(QUESTIONNAIRE, RULES, answers, perspective)
    lines = {
        item_id: AnswerLine(item_id, f"Q {item_id}", f"A {value}", f"/change/{item_id}", f"L {item_id}")
        for item_id, value in answers.items()
    }
    region_data = Region(region, LIBRARY.helplines[region])
    return present(assessment, answers, RULES, region_data, perspective, lines, summary_rows=QUESTIONNAIRE.clinical_summary)


def cited(view) -> list[str]:
    """Every answer the reasons name, in page order (duplicates kept, so a test can see one)."""
    why = view.why
    reasons = why.withdrawal + why.level + why.medical + tuple(r for p in why.pathways for r in p.reasons)
    return [line.item_id for reason in reasons for line in reason.answers] + [line.item_id for line in why.trade_off]


def test_each_reader_gets_their_own_titles_and_only_a_professional_the_clinical_switch():
    own, family, counselor = result("self"), result("family"), result("counselor")
    assert (own.titles.page, family.titles.page, counselor.titles.page) == (
        "Your plan",
        "A plan for the person you are worried about",
        "Intake summary",
    )
    assert (own.clinical, family.clinical, counselor.clinical) == (False, False, True)
    assert (own.family_help, family.family_help, counselor.family_help) == (False, True, False)
    # A professional is spoken to in the clinical summary: no "a guide, not a diagnosis" lead, nothing to bring,
    # no questions to ask a professional.
    assert counselor.titles.lead is None and counselor.titles.bring is None and counselor.titles.questions == ()
    assert own.titles.questions and all({"me", "I", "my"} & set(re.findall(r"\w+", q)) for q in own.titles.questions)
    assert family.titles.questions and all(
        {"them", "they", "their"} & set(re.findall(r"\w+", q)) for q in family.titles.questions
    )


def test_a_family_members_next_step_that_cannot_wait_comes_first_and_is_titled_as_theirs():
    calm = result("family")
    assert calm.titles.next_step == "Then: helping them reach care" and not calm.next_step_first
    crisis = result("family", suicidal_thoughts="yes", suicidal_plan="yes")
    assert crisis.plan.next_step.action == "call_crisis_line"
    assert crisis.titles.next_step == "Your next step" and crisis.next_step_first


def test_each_answer_is_cited_once_and_the_signs_of_a_problem_never_under_a_reason():
    view = result("self", **{sign: "yes" for sign in SEVERE}, withdrawal_unwell="yes", withdrawal_seizure="yes", housing="none")
    named = cited(view)
    assert named, "a severe answer set has reasons resting on answers"
    assert len(named) == len(set(named))
    assert not set(named) & set(CRITERIA)
    assert view.summary.criteria_total == len(CRITERIA)
    # Each sign met by its short name for a professional, in the answers' order.
    met = view.assessment.severity.criteria_met
    assert set(met) == set(SEVERE)
    # The answers the questionnaire lists for a professional's summary, in its order, under its labels.
    shown = [(label, view.lines[item].answer) for item, label in QUESTIONNAIRE.clinical_summary if item in view.lines]
    assert view.summary.substances and list(view.summary.substances) == shown
    assert [short for short, _question in view.summary.criteria] == [RULES.severity.short_names[c] for c in met]


def test_no_reason_is_written_twice_in_why_and_other_options():
    view = result("self", **{sign: "yes" for sign in SEVERE}, can_step_away="no", daily_responsibilities=["children"])
    plan = view.plan
    said = [r.text for r in plan.withdrawal_reasons + plan.level_reasons] + ([plan.trade_off.text] if plan.trade_off else [])
    fresh = [r.text for p in view.why.pathways for r in p.reasons]
    assert len(fresh) == len(set(fresh)) and not set(fresh) & set(said)
    assert all(p.reasons == () and p.changes == () for p in view.why.pathways if p.fit == "recommended")
    assert [p.fit for p in view.why.pathways] == sorted(
        (p.fit for p in view.why.pathways), key=("recommended", "consider", "not_indicated").index
    )


def test_red_flags_are_grouped_by_kind_each_with_the_line_that_fits_it():
    view = result("self", region="uk", suicidal_thoughts="yes", suicidal_plan="yes", violence_at_home="yes", **SEIZURE)
    kinds = [group.kind for group in view.red_flags]
    assert kinds == [kind for kind in ("crisis", "safety", "medical") if kind in kinds] and len(kinds) == 3
    by_kind = {group.kind: group for group in view.red_flags}
    assert by_kind["crisis"].service["kind"] == "crisis" and by_kind["crisis"].service["number"]
    assert by_kind["safety"].service["kind"] in ("domestic_violence", "emergency") and by_kind["safety"].service["number"]
    assert by_kind["medical"].service is None  # a medical point is for a doctor; the emergency number is in the next step
    assert view.red_flags_title is None  # several kinds: "Please read this first", each group titled
    assert all(len(group.texts) == len(group.reasons) for group in view.red_flags)
    one_kind = result("self", **SEIZURE)
    assert one_kind.red_flags_title == "medical"


def test_no_home_brings_the_regions_housing_line_beside_the_next_step():
    view = result("self", region="uk", housing="none")
    assert view.next_step.no_home
    assert view.next_step.housing == Region("uk", LIBRARY.helplines["uk"]).service("housing")
    assert not result("self", region="uk").next_step.no_home
    assert view.next_step.emergency["kind"] == "emergency"


@pytest.mark.parametrize(("substances", "naloxone"), [(["alcohol", "opioids"], True), (["unknown"], True), (["alcohol"], False)])
def test_opioids_or_not_knowing_what_else_is_taken_names_naloxone(substances, naloxone):
    # plan.yaml's supports: naloxone alongside the groups when opioids may be involved.
    opioids = {"sedatives_together": "no", "sedative_prescription": "not_prescribed"} if "opioids" in substances else {}
    view = result("family", other_substances=substances, **opioids)
    assert view.naloxone is naloxone
    assert ("naloxone" in view.plan.supports) is naloxone
    assert view.plan.supports[:2] == ("support_groups", "family_support")


@pytest.mark.parametrize("perspective", ["self", "counselor"])
def test_a_stored_record_without_its_rules_or_questionnaire_shows_its_reasons_as_stored(perspective):
    live = result(perspective, suicidal_thoughts="yes", suicidal_plan="yes", **{sign: "yes" for sign in SEVERE})
    stored = assessment_from_dict(live.assessment.to_dict())
    view = present(stored, {}, None, live.region, perspective, {}, with_change_links=False)
    flags = stored.flags_of("crisis")
    # Without the rules that raised them, each flag is said in its full sentence, never dropped.
    assert view.red_flags[0].texts == tuple(flag.reason.text for flag in flags)
    assert cited(view) == [] and view.summary.substances == ()
    assert not view.with_change_links
    assert [r.text for r in view.why.level] == [r.text for r in stored.plan.level_reasons]


def test_an_unfinished_plan_is_never_presented_as_a_plan():
    emergency = assess(QUESTIONNAIRE, RULES, {"danger_now": ["unresponsive"]}, "self")
    view = present(replace(emergency, plan=None), {}, RULES, Region("uk", LIBRARY.helplines["uk"]), "self", {})
    assert view.plan is None and view.next_step is None and view.why is None and view.urgency == "today"


def test_a_family_member_reads_each_flag_in_plain_words_and_the_flags_once():
    flagged = {"suicidal_thoughts": "yes", "suicidal_plan": "yes", **SEIZURE}
    family, own = result("family", **flagged), result("self", **flagged)
    plain = [rule for group in family.red_flags for rule, _text in group.plain]
    assert plain == [flag.reason.rule for group in family.red_flags for flag in family.assessment.flags_of(group.kind)]
    assert all(text for group in family.red_flags for _rule, text in group.plain)
    assert family.why.medical == () and own.why.medical  # said in plain words at the top, not again under "Why"
    assert all(group.plain == () for group in own.red_flags)


def test_only_the_person_themself_reads_the_six_areas_in_a_fold_of_their_own():
    # A professional reads them in the clinical summary; a family member's page keeps its length for what to do.
    views = {perspective: result(perspective, **SEIZURE) for perspective in ("self", "family", "counselor")}
    assert {perspective: view.six_areas for perspective, view in views.items()} == {
        "self": True,
        "family": False,
        "counselor": False,
    }


def test_a_family_members_own_line_is_pointed_to_when_the_next_step_above_gives_it():
    # A seizure after stopping alcohol: the next step (a doctor today) comes first, with the region's drug line; where
    # that line is also the one for families (the United States), "A line for you" points up to it, not repeating it.
    hospital_withdrawal = RESULT_PLANS["hospital_withdrawal"][0]
    family = result("family", region="us", **hospital_withdrawal)
    assert family.next_step_first and family.next_step.contact is not None
    assert family.line_for_you_above
    for_you = family.region.services("family_line")[0]
    assert for_you["number"] == family.next_step.contact["service"]["number"]
    # Not for the person themself, and not when the next step comes after what the family member can do today.
    assert not result("self", region="us", **hospital_withdrawal).line_for_you_above
    assert not result("family", region="us").line_for_you_above
