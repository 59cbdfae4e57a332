"""Realistic people, and what Passage suggests for them, on the real questionnaire and rules.

Each case starts from a complete, low-risk set of answers (BASELINE, tests/support/people.yaml) and
changes only what is different about that person, so a case reads as its
story. Every case is checked twice: its answers are valid for the
perspective it is answered in (`clean_answers` finds no problem), and the
assessment shows the severity, red flags, dimension ratings and pathway fits
a clinician would expect, with the reasons that matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from app.engine import assess, clean_answers
from tests.support.people import CRITERIA, MILD, MODERATE, SEVERE, answers, intake

QUESTIONNAIRE, RULES = intake()


@dataclass(frozen=True)
class Case:
    answers: dict
    perspective: str = "self"
    severity: str | None = None  # None: not checked (the questionnaire stopped early)
    flags: frozenset = frozenset()  # exactly the red-flag kinds raised
    flag_rules: frozenset = frozenset()  # red-flag rules that must be among those raised
    dimensions: dict = field(default_factory=dict)  # number -> rating
    fits: dict = field(default_factory=dict)  # pathway -> fit
    reasons: dict = field(default_factory=dict)  # pathway -> rule ids that must be among its reasons
    not_counted: tuple = ()
    plan: tuple[str, str] | None = None  # (level, withdrawal); None for an emergency


def case(id_: str, **kwargs):
    kwargs["flags"] = frozenset(kwargs.get("flags", ()))
    kwargs["flag_rules"] = frozenset(kwargs.get("flag_rules", ()))
    return pytest.param(Case(**kwargs), id=id_)


NOT = "not_indicated"
CONSIDER = "consider"
RECOMMENDED = "recommended"

CASES = [
    # A man who drinks at weekends, drinks more than he means to and has
    # cravings (2 signs = mild); stable home, ready. Standard outpatient care,
    # groups and an aftercare plan; no detox (weekly use, no withdrawal).
    case(
        "mild-stable-home",
        answers=answers(*MILD),
        severity="mild",
        dimensions={1: 1, 2: 0, 3: 0, 5: 2, 6: 0},
        fits={
            "detox": NOT,
            "inpatient": NOT,
            "residential": NOT,
            "outpatient": RECOMMENDED,
            "support_groups": RECOMMENDED,
            "aftercare": RECOMMENDED,
        },
        reasons={"outpatient": {"level-outpatient-use-disorder"}},
        plan=("outpatient", "none"),
    ),
    # A student taking baclofen bought online at weekend parties, nothing else;
    # 4 signs = moderate. Home is stable: intensive outpatient care, not a stay.
    case(
        "moderate-stable-home",
        answers=answers(*MODERATE, baclofen_use="not_prescribed", other_substances=["none"]),
        severity="moderate",
        dimensions={1: 1, 5: 2, 6: 0},
        fits={"detox": NOT, "inpatient": NOT, "residential": NOT, "outpatient": RECOMMENDED, "aftercare": RECOMMENDED},
        reasons={"outpatient": {"level-intensive-outpatient"}},
        plan=("intensive_outpatient", "none"),
    ),
    # Severe use (6 signs) of unprescribed baclofen and alcohol most days, and
    # a partner who drinks heavily at home: a residential stay is recommended
    # for distance from home; outpatient care comes after it. Frequent use of
    # sedating drugs makes a check before stopping worth considering.
    # Issue 25: no taper at a home where someone else drinks heavily: monitored.
    case(
        "severe-others-using-at-home",
        answers=answers(*SEVERE, baclofen_use="not_prescribed", use_frequency="most_days", others_use_at_home="yes"),
        severity="severe",
        dimensions={5: 3, 6: 3},
        fits={
            "detox": RECOMMENDED,
            "inpatient": NOT,
            "residential": RECOMMENDED,
            "outpatient": CONSIDER,
            "aftercare": RECOMMENDED,
        },
        reasons={"detox": {"withdrawal-home-unsafe"}, "residential": {"level-residential-home"}},
        plan=("residential", "monitored"),
        flags=["medical"],
    ),
    # Prescribed baclofen taken in larger doses, every day, with alcohol at the
    # same time; feels ill and needs it to feel normal when stopping. Mixing is
    # a medical red flag; physical dependence on sedating drugs means a
    # medically supervised taper (detox), then intensive outpatient care.
    case(
        "daily-baclofen-plus-alcohol",
        answers=answers(
            "more_than_meant",
            "cut_down",
            "craving",
            "tolerance",
            "withdrawal_symptoms",
            baclofen_use="more_than_prescribed",
            use_frequency="daily",
            taken_together="yes",
            withdrawal_unwell="yes",
            needs_to_feel_normal="yes",
        ),
        severity="moderate",
        flags={"medical"},
        flag_rules={"medical-baclofen-mixed"},
        dimensions={1: 3},
        fits={"detox": RECOMMENDED, "inpatient": NOT, "residential": NOT, "outpatient": RECOMMENDED, "aftercare": RECOMMENDED},
        reasons={"detox": {"withdrawal-mixed-sedatives-daily"}, "outpatient": {"level-intensive-outpatient"}},
        plan=("intensive_outpatient", "monitored"),
    ),
    # A daily drinker who once had a seizure two days after stopping: stopping
    # again must happen in hospital. Medical flag, dimension 1 at its highest.
    # Issue 25: dimension 1 at 4 is ASAM's medically managed (hospital) level.
    case(
        "prior-withdrawal-seizure",
        answers=answers(
            "more_than_meant",
            "cut_down",
            "craving",
            "withdrawal_symptoms",
            use_frequency="daily",
            use_duration="over_year",
            withdrawal_unwell="yes",
            withdrawal_seizure="yes",
        ),
        severity="moderate",
        flags={"medical"},
        flag_rules={"medical-withdrawal-seizure"},
        dimensions={1: 4},
        fits={
            "detox": RECOMMENDED,
            "inpatient": RECOMMENDED,
            "residential": NOT,
            "outpatient": CONSIDER,
            "aftercare": RECOMMENDED,
        },
        reasons={"detox": {"withdrawal-complicated-before"}, "inpatient": {"level-hospital-withdrawal"}},
        plan=("hospital", "hospital"),
    ),
    # A pregnant woman taking unprescribed baclofen at weekends (mild): a
    # medical flag for specialist care and no sudden stop; physical health
    # rated high. No withdrawal signs, so no detox.
    case(
        "pregnancy-with-baclofen",
        answers=answers(*MILD, baclofen_use="not_prescribed", other_substances=["none"], pregnancy="yes"),
        severity="mild",
        flags={"medical"},
        flag_rules={"medical-pregnancy-sedatives"},
        dimensions={2: 3},
        fits={"detox": NOT, "inpatient": NOT, "residential": NOT, "outpatient": RECOMMENDED},
        reasons={"outpatient": {"level-outpatient-health-risk", "level-outpatient-use-disorder"}},
        plan=("outpatient", "none"),
    ),
    # A woman who may be pregnant and drinks at weekends: the same flag, said
    # as "possible".
    case(
        "pregnancy-unsure-with-alcohol",
        answers=answers(*MILD, pregnancy="unsure"),
        severity="mild",
        flags={"medical"},
        flag_rules={"medical-pregnancy-sedatives"},
        dimensions={2: 3},
        fits={"detox": NOT, "inpatient": NOT, "residential": NOT, "outpatient": RECOMMENDED},
        reasons={"outpatient": {"level-outpatient-health-risk", "level-outpatient-use-disorder"}},
        plan=("outpatient", "none"),
    ),
    # Prescribed baclofen for spasticity, taken as prescribed, and kidney
    # disease. No sign of a use problem, but baclofen can build up: a medical
    # flag and a doctor's appointment, nothing more.
    # Issue 25: no use disorder and a medicine taken as prescribed: the check-up
    # is with the prescriber (self-help level), not addiction treatment.
    case(
        "kidney-disease-prescribed-baclofen",
        answers=answers(
            baclofen_use="as_prescribed",
            other_substances=["none"],
            use_frequency="daily",
            use_duration="over_year",
            health_conditions=["kidney"],
        ),
        severity="none",
        flags={"medical"},
        flag_rules={"medical-kidney-baclofen"},
        dimensions={2: 3},
        fits={"detox": NOT, "inpatient": NOT, "residential": NOT, "outpatient": NOT},
        plan=("self_help", "none"),
    ),
    # Kidney disease and baclofen taken well beyond the prescription every
    # day: a real risk of baclofen building up to toxic levels. Care starts
    # with doctors close by.
    case(
        "kidney-disease-baclofen-overuse",
        answers=answers(
            "more_than_meant",
            "craving",
            "tolerance",
            baclofen_use="more_than_prescribed",
            other_substances=["none"],
            use_frequency="daily",
            health_conditions=["kidney"],
        ),
        severity="mild",
        flags={"medical"},
        flag_rules={"medical-kidney-baclofen"},
        dimensions={2: 4},
        fits={"detox": RECOMMENDED, "inpatient": RECOMMENDED, "residential": NOT, "outpatient": CONSIDER},
        reasons={"detox": {"withdrawal-dependence-taper"}, "inpatient": {"level-hospital-physical"}},
        plan=("hospital", "ambulatory"),
    ),
    # Depressed, drinking at weekends, with thoughts of suicide in the past
    # month but no plan or intention now: not a crisis stop, but dimension 3
    # is high and hospital is worth considering if the thoughts grow.
    case(
        "suicidal-thoughts-without-plan",
        answers=answers(*MILD, mental_conditions=["depression"], suicidal_thoughts="yes", suicidal_plan="no"),
        severity="mild",
        dimensions={3: 3},
        fits={"detox": NOT, "inpatient": NOT, "residential": NOT, "outpatient": RECOMMENDED},
        reasons={"outpatient": {"level-day-program-mental"}},
        plan=("day_program", "none"),
    ),
    # Thoughts of suicide with a plan now: a crisis flag (the questionnaire
    # stops there), dimension 3 at its highest, hospital-level safety first.
    case(
        "suicidal-plan-crisis",
        answers=answers(*MILD, mental_conditions=["depression"], suicidal_thoughts="yes", suicidal_plan="yes"),
        severity="mild",
        flags={"crisis"},
        flag_rules={"crisis-suicide-plan"},
        dimensions={3: 4},
        fits={"detox": NOT, "inpatient": RECOMMENDED, "residential": NOT, "outpatient": CONSIDER},
        reasons={"inpatient": {"level-hospital-mental"}},
        plan=("hospital", "none"),
    ),
    # A mother answering about her son: he has thoughts of suicide and she
    # does not know whether he has a plan. Treated as urgent: crisis flag.
    # Issue 25: an unknown plan is read as the riskier answer (hospital), and said so.
    case(
        "family-plan-unknown-crisis",
        perspective="family",
        answers=answers(*MILD, suicidal_thoughts="yes", suicidal_plan="unknown"),
        severity="mild",
        flags={"crisis"},
        flag_rules={"crisis-suicide-plan-unknown"},
        dimensions={3: 4},
        fits={"detox": NOT, "inpatient": RECOMMENDED, "residential": NOT, "outpatient": CONSIDER},
        reasons={"inpatient": {"level-hospital-mental"}, "outpatient": {"level-day-program-mental"}},
        plan=("hospital", "none"),
    ),
    # Someone with a friend who is breathing very slowly: overdose now. The
    # questionnaire stops on its first page; only the emergency matters.
    case(
        "overdose-now",
        answers={"danger_now": ["breathing"]},
        flags={"emergency"},
        flag_rules={"emergency-overdose-signs"},
    ),
    # A sister finds her brother very drowsy after baclofen and vodka.
    case(
        "family-mixed-and-drowsy-now",
        perspective="family",
        answers={"danger_now": ["mixed_and_drowsy"]},
        flags={"emergency"},
        flag_rules={"emergency-mixed-and-drowsy"},
    ),
    # A counselor's client collapses and starts seizing during the intake.
    case(
        "counselor-seizure-now",
        perspective="counselor",
        answers={"danger_now": ["seizure", "unresponsive"]},
        flags={"emergency"},
        flag_rules={"emergency-seizure-now", "emergency-overdose-signs"},
    ),
    # A single mother with severe use of baclofen and tranquilizers, a
    # partner who drinks at home, young children, and no way to leave for
    # weeks: a residential stay would fit best and stays on the list, but
    # intensive outpatient care is recommended too, with the trade-off said.
    case(
        "parent-cannot-leave-children",
        answers=answers(
            *SEVERE,
            baclofen_use="not_prescribed",
            other_substances=["benzodiazepines"],
            sedative_prescription="not_prescribed",
            use_frequency="most_days",
            others_use_at_home="yes",
            daily_responsibilities=["children"],
            can_step_away="no",
        ),
        severity="severe",
        dimensions={6: 3},
        fits={
            "detox": RECOMMENDED,
            "inpatient": NOT,
            "residential": CONSIDER,
            "outpatient": RECOMMENDED,
            "aftercare": RECOMMENDED,
        },
        reasons={"detox": {"withdrawal-home-unsafe"}, "outpatient": {"cannot-step-away", "level-intensive-outpatient"}},
        plan=("intensive_outpatient", "monitored"),
        flags=["medical"],
    ),
    # The same situation, but a stay could work with help (a grandmother
    # could look after the children): residential recommended, outpatient
    # only as the fallback.
    case(
        "parent-could-leave-with-help",
        answers=answers(
            *SEVERE,
            baclofen_use="not_prescribed",
            other_substances=["benzodiazepines"],
            sedative_prescription="not_prescribed",
            use_frequency="most_days",
            others_use_at_home="yes",
            daily_responsibilities=["children"],
            can_step_away="with_help",
        ),
        severity="severe",
        fits={"detox": RECOMMENDED, "inpatient": NOT, "residential": RECOMMENDED, "outpatient": CONSIDER},
        reasons={"detox": {"withdrawal-home-unsafe"}, "residential": {"level-residential-home"}},
        plan=("residential", "monitored"),
        flags=["medical"],
    ),
    # A man with multiple sclerosis takes baclofen exactly as prescribed and
    # nothing else. He needs it to feel normal and feels unwell if he misses
    # doses: expected with the medicine, so tolerance and withdrawal are not
    # counted. No use problem; only "never stop suddenly".
    # Issue 25: use exactly as prescribed with no criteria: talk with the prescriber.
    case(
        "prescribed-baclofen-as-prescribed",
        answers=answers(
            "tolerance",
            "withdrawal_symptoms",
            baclofen_use="as_prescribed",
            other_substances=["none"],
            use_frequency="daily",
            use_duration="over_year",
            withdrawal_unwell="yes",
            needs_to_feel_normal="yes",
        ),
        severity="none",
        not_counted=("tolerance", "withdrawal_symptoms"),
        dimensions={1: 2},
        fits={"detox": NOT, "inpatient": NOT, "residential": NOT, "outpatient": NOT, "aftercare": CONSIDER},
        plan=("self_help", "none"),
        flags=["medical"],
    ),
    # Prescribed baclofen taken as prescribed, but with alcohol at the same
    # time: the medical-supervision exception no longer applies (the
    # tolerance and withdrawal may come from alcohol), mixing is flagged, and
    # alcohol dependence means supervised withdrawal.
    case(
        "prescribed-baclofen-with-alcohol",
        answers=answers(
            "tolerance", "withdrawal_symptoms", baclofen_use="as_prescribed", use_frequency="daily", taken_together="yes"
        ),
        severity="mild",
        flags={"medical"},
        flag_rules={"medical-baclofen-mixed"},
        fits={"detox": RECOMMENDED, "inpatient": NOT, "residential": NOT, "outpatient": RECOMMENDED},
        reasons={
            "detox": {"withdrawal-mixed-sedatives-daily"},
            "outpatient": {"level-outpatient-health-risk", "level-outpatient-use-disorder"},
        },
        plan=("outpatient", "monitored"),
    ),
    # Went back to drinking after outpatient treatment, moderate use: step
    # up to a residential stay.
    case(
        "relapse-after-outpatient",
        answers=answers(*MODERATE, past_treatment=["outpatient"], returned_after_treatment="yes"),
        severity="moderate",
        dimensions={5: 3},
        fits={"detox": NOT, "inpatient": NOT, "residential": RECOMMENDED, "outpatient": CONSIDER},
        reasons={"residential": {"level-residential-after-treatment"}},
        plan=("residential", "none"),
    ),
    # The same, with mild use: a residential stay is only worth considering.
    case(
        "relapse-after-outpatient-mild",
        answers=answers(*MILD, past_treatment=["outpatient", "support_groups"], returned_after_treatment="yes"),
        severity="mild",
        dimensions={5: 3},
        fits={"detox": NOT, "inpatient": NOT, "residential": NOT, "outpatient": RECOMMENDED},
        reasons={"outpatient": {"level-outpatient-use-disorder"}},
        plan=("outpatient", "none"),
    ),
    # Severe use, relapse after outpatient care: relapse and severity together
    # rate dimension 5 at its highest.
    case(
        "relapse-after-outpatient-severe",
        answers=answers(*SEVERE, past_treatment=["outpatient"], returned_after_treatment="yes"),
        severity="severe",
        dimensions={5: 4},
        fits={"detox": NOT, "inpatient": NOT, "residential": RECOMMENDED, "outpatient": CONSIDER},
        reasons={"residential": {"level-residential-after-treatment"}},
        plan=("residential", "none"),
    ),
    # Sleeping on friends' sofas after losing his flat, moderate use:
    # dimension 6 at its highest; a residential or sober-living stay worth
    # considering alongside intensive outpatient care.
    case(
        "no-stable-housing",
        answers=answers(*MODERATE, housing="none"),
        severity="moderate",
        dimensions={6: 4},
        fits={"detox": NOT, "inpatient": NOT, "residential": NOT, "outpatient": RECOMMENDED},
        reasons={"outpatient": {"level-day-program-complex-needs"}},
        plan=("day_program", "none"),
    ),
    # Does not feel safe at home: dimension 6 at its highest too.
    # Issue 25: an unsafe home (dimension 6) raises the level: a day programme.
    case(
        "unsafe-home",
        answers=answers(*MODERATE, violence_at_home="yes"),
        severity="moderate",
        dimensions={6: 4},
        fits={"detox": NOT, "inpatient": NOT, "residential": NOT, "outpatient": RECOMMENDED},
        reasons={"outpatient": {"level-day-program-complex-needs"}},
        plan=("day_program", "none"),
        flags=["safety"],
    ),
    # A wife answering about her husband, who hides his use: she sees him
    # drink and take baclofen but does not know whether it is prescribed, how
    # often, whether he mixes, or what happens when he stops. Unknowns on
    # safety questions are treated as possible risks, and said so.
    # Issue 25: an unknown seizure history is read as a seizure (hospital), and said so.
    case(
        "family-many-unknowns",
        perspective="family",
        answers=answers(
            "more_than_meant",
            "obligations",
            "relationships",
            baclofen_use="unknown",
            use_frequency="unknown",
            use_duration="unknown",
            taken_together="unknown",
            cut_down="unknown",
            time_spent="unknown",
            craving="unknown",
            activities_given_up="unknown",
            hazardous_use="unknown",
            despite_harm="unknown",
            tolerance="unknown",
            withdrawal_symptoms="unknown",
            withdrawal_unwell="unknown",
            withdrawal_seizure="unknown",
            withdrawal_hallucinations="unknown",
            needs_to_feel_normal="unknown",
            health_conditions=["unknown"],
            pregnancy="unknown",
            mental_conditions=["unknown"],
            suicidal_thoughts="unknown",
            past_treatment=["unknown"],
            change_readiness="unknown",
            can_step_away="unknown",
        ),
        severity="mild",
        flags={"medical"},
        flag_rules={
            "medical-withdrawal-history-unknown",
            "medical-baclofen-mixed-unknown",
            "medical-pregnancy-unknown-sedatives",
        },
        dimensions={1: 4, 2: 3, 3: 2, 4: 2, 6: 1},
        fits={"detox": RECOMMENDED, "inpatient": RECOMMENDED, "residential": NOT, "outpatient": CONSIDER},
        reasons={
            "detox": {"withdrawal-complicated-before"},
            "inpatient": {"level-hospital-withdrawal"},
        },
        plan=("hospital", "hospital"),
    ),
    # Sleep apnoea, unprescribed baclofen mixed with opioids most days: a
    # combination that can stop breathing in sleep. Care starts in hospital.
    case(
        "breathing-problem-mixing-opioids",
        answers=answers(
            *MODERATE,
            baclofen_use="not_prescribed",
            other_substances=["opioids"],
            sedative_prescription="not_prescribed",
            use_frequency="most_days",
            taken_together="yes",
            health_conditions=["breathing"],
        ),
        severity="moderate",
        flags={"medical"},
        flag_rules={"medical-baclofen-mixed", "medical-heart-breathing-sedatives"},
        dimensions={1: 3, 2: 4},
        fits={"detox": RECOMMENDED, "inpatient": RECOMMENDED, "residential": NOT, "outpatient": CONSIDER},
        reasons={"detox": {"withdrawal-mixed-sedatives-daily"}, "inpatient": {"level-hospital-physical"}},
        plan=("hospital", "monitored"),
    ),
    # A daughter answering about her father, who doesn't see his drinking as
    # a problem: readiness rated 3, the rest unchanged.
    case(
        "family-not-sure-it-is-a-problem",
        perspective="family",
        answers=answers(*MILD, change_readiness="not_sure"),
        severity="mild",
        dimensions={4: 3},
        fits={"detox": NOT, "inpatient": NOT, "residential": NOT, "outpatient": RECOMMENDED, "support_groups": RECOMMENDED},
        reasons={"outpatient": {"level-outpatient-use-disorder"}},
        plan=("outpatient", "none"),
    ),
    # Already cutting down on her own: readiness rated 0.
    case(
        "already-making-changes",
        answers=answers(*MILD, change_readiness="changing"),
        severity="mild",
        dimensions={4: 0},
        fits={"detox": NOT, "inpatient": NOT, "residential": NOT, "outpatient": RECOMMENDED},
        reasons={"outpatient": {"level-outpatient-use-disorder"}},
        plan=("outpatient", "none"),
    ),
    # Severe binge drinking at weekends, but a stable, safe and supportive
    # home: intensive outpatient care recommended, a residential stay as the
    # option if that isn't enough.
    case(
        "severe-with-steady-home",
        answers=answers(*SEVERE, "relationships"),
        severity="severe",
        dimensions={5: 3, 6: 0},
        fits={"detox": NOT, "inpatient": NOT, "residential": NOT, "outpatient": RECOMMENDED},
        reasons={"outpatient": {"level-intensive-outpatient"}},
        plan=("intensive_outpatient", "none"),
    ),
    # A counselor's client whose home situation is unclear (declines to
    # say), with severe use: intensive outpatient care at least, and a
    # residential stay worth considering because home may not be steady.
    # Issue 25: an unknown home is read as an unsteady one, until someone knows.
    case(
        "counselor-severe-home-unknown",
        perspective="counselor",
        answers=answers(*SEVERE, housing="unknown", others_use_at_home="unknown"),
        severity="severe",
        dimensions={6: 3},
        fits={"detox": NOT, "inpatient": NOT, "residential": RECOMMENDED, "outpatient": CONSIDER},
        reasons={"residential": {"level-residential-home"}},
        plan=("residential", "none"),
    ),
    # Daily heroin use with withdrawal sickness, no baclofen: opioid
    # withdrawal is hard but not the seizure risk of sedatives, so detox is
    # "consider", with medicines for opioid use mentioned.
    case(
        "opioid-dependence",
        answers=answers(
            *MODERATE,
            "withdrawal_symptoms",
            other_substances=["opioids"],
            sedative_prescription="not_prescribed",
            use_frequency="daily",
            withdrawal_unwell="yes",
            needs_to_feel_normal="yes",
        ),
        severity="moderate",
        dimensions={1: 3},
        fits={"detox": RECOMMENDED, "inpatient": NOT, "residential": NOT, "outpatient": RECOMMENDED},
        reasons={"detox": {"withdrawal-dependence-taper"}, "outpatient": {"level-intensive-outpatient"}},
        plan=("intensive_outpatient", "ambulatory"),
        flags=["medical"],
    ),
    # The same daily heroin use during a pregnancy: opioids are not withdrawn
    # in a pregnancy (NYSDOH 2021, SAMHSA 2023): no withdrawal setting, detox
    # not suggested, and buprenorphine or methadone named by its own flag.
    case(
        "opioid-dependence-in-pregnancy",
        answers=answers(
            *MODERATE,
            "withdrawal_symptoms",
            other_substances=["opioids"],
            sedative_prescription="not_prescribed",
            use_frequency="daily",
            withdrawal_unwell="yes",
            needs_to_feel_normal="yes",
            pregnancy="yes",
            pregnancy_trimester="second",
        ),
        severity="moderate",
        flag_rules={"medical-opioids-pregnancy", "medical-pregnancy-sedatives", "medical-opioids-treatment"},
        fits={"detox": NOT, "outpatient": RECOMMENDED},
        plan=("intensive_outpatient", "none"),
        flags=["medical"],
    ),
    # A counselor's client using unprescribed baclofen and diazepam daily,
    # who once saw things that weren't there after running out: hospital
    # withdrawal recommended.
    case(
        "counselor-benzodiazepines-hallucinations",
        perspective="counselor",
        answers=answers(
            *SEVERE,
            "withdrawal_symptoms",
            baclofen_use="not_prescribed",
            other_substances=["benzodiazepines"],
            sedative_prescription="not_prescribed",
            use_frequency="daily",
            withdrawal_unwell="yes",
            withdrawal_hallucinations="yes",
        ),
        severity="severe",
        flags={"medical"},
        flag_rules={"medical-withdrawal-delirium"},
        dimensions={1: 4},
        fits={"detox": RECOMMENDED, "inpatient": RECOMMENDED, "residential": NOT, "outpatient": CONSIDER},
        reasons={"detox": {"withdrawal-complicated-before"}, "inpatient": {"level-hospital-withdrawal"}},
        plan=("hospital", "hospital"),
    ),
    # Epilepsy and baclofen taken beyond the prescription at weekends:
    # physical health rated 3 (stopping suddenly could bring seizures).
    case(
        "epilepsy-baclofen",
        answers=answers(*MILD, baclofen_use="more_than_prescribed", other_substances=["none"], health_conditions=["epilepsy"]),
        severity="mild",
        # Above the prescription: not straight back to the prescribed dose (issue 25, part 5).
        flags=frozenset({"medical"}),
        flag_rules=frozenset({"medical-above-prescription"}),
        dimensions={2: 3},
        fits={"detox": NOT, "inpatient": NOT, "residential": NOT, "outpatient": RECOMMENDED},
        reasons={"outpatient": {"level-outpatient-use-disorder"}},
        plan=("outpatient", "none"),
    ),
    # Drinks now and then, no sign of a use problem, came out of curiosity:
    # support groups, an early check-in with a doctor or outpatient service to
    # consider, and a plan for difficult moments; no treatment as such.
    case(
        "no-signs-of-a-problem",
        answers=answers(use_frequency="less_often"),
        severity="none",
        dimensions={1: 1, 5: 0, 6: 0},
        fits={
            "detox": NOT,
            "inpatient": NOT,
            "residential": NOT,
            "outpatient": NOT,
            "support_groups": RECOMMENDED,
            "aftercare": CONSIDER,
        },
        reasons={},
        plan=("self_help", "none"),
    ),
    # Prefers non-religious, online groups: preferences add words to the
    # support-group suggestion but change no fit.
    case(
        "preferences-secular-online",
        answers=answers(*MILD, group_style="secular", remote_options="yes", care_language="french"),
        severity="mild",
        fits={"detox": NOT, "inpatient": NOT, "residential": NOT, "outpatient": RECOMMENDED, "support_groups": RECOMMENDED},
        reasons={
            "support_groups": {"support-groups-everyone", "support-groups-online", "support-groups-secular"},
            "outpatient": {"level-outpatient-use-disorder"},
        },
        plan=("outpatient", "none"),
    ),
]


CASE_BY_ID = {param.id: param.values[0] for param in CASES}


@pytest.mark.parametrize("person", CASES)
def test_the_answers_are_valid_for_their_perspective(person: Case):
    _, problems = clean_answers(QUESTIONNAIRE, RULES, person.answers, person.perspective)
    assert problems == []


@pytest.mark.parametrize("person", CASES)
def test_the_assessment_suggests_what_a_clinician_would_expect(person: Case):
    clean, _ = clean_answers(QUESTIONNAIRE, RULES, person.answers, person.perspective)
    result = assess(QUESTIONNAIRE, RULES, clean)

    assert {flag.kind for flag in result.red_flags} == person.flags
    raised = {flag.reason.rule for flag in result.red_flags}
    assert person.flag_rules <= raised, f"missing red flags {person.flag_rules - raised}"
    if person.severity is not None:
        assert result.severity.level == person.severity, f"criteria met: {result.severity.criteria_met}"
    assert set(result.severity.criteria_not_counted) == set(person.not_counted)
    for number, rating in person.dimensions.items():
        got = result.dimension(number)
        assert got.rating == rating, f"dimension {number}: {got.rating} because {[r.rule for r in got.reasons]}"
    for code, fit in person.fits.items():
        got = result.pathway(code)
        assert got.fit == fit, f"{code}: {got.fit} because {[r.rule for r in got.reasons]}"
    for code, rule_ids in person.reasons.items():
        given = {reason.rule for reason in result.pathway(code).reasons}
        assert rule_ids <= given, f"{code}: missing reasons {rule_ids - given}"
    if person.plan is None:
        assert result.plan is None and result.pathways == ()
    else:
        assert result.plan is not None
        assert (result.plan.level, result.plan.withdrawal) == person.plan, (
            f"level because {[r.rule for r in result.plan.level_reasons]}, "
            f"withdrawal because {[r.rule for r in result.plan.withdrawal_reasons]}"
        )


def test_there_are_at_least_25_cases():
    assert len(CASES) >= 25


def test_an_emergency_stops_the_questionnaire_so_nothing_else_is_required():
    _, problems = clean_answers(QUESTIONNAIRE, RULES, {"danger_now": ["collapse"]}, "self")
    assert problems == []


def test_without_an_emergency_every_later_question_is_required():
    _, problems = clean_answers(QUESTIONNAIRE, RULES, {"danger_now": ["none"]}, "self")
    assert {p.item for p in problems} >= {"baclofen_use", "more_than_meant", "housing", "can_step_away"}
    assert all(p.code == "required" for p in problems)


def test_reasons_name_the_answers_behind_them():
    clean, _ = clean_answers(QUESTIONNAIRE, RULES, CASE_BY_ID["daily-baclofen-plus-alcohol"].answers, "self")
    detox = assess(QUESTIONNAIRE, RULES, clean).pathway("detox")
    assert {"taken_together", "use_frequency"} <= set(detox.reasons[0].answers)


def test_a_person_cannot_answer_i_dont_know_about_themselves():
    _, problems = clean_answers(QUESTIONNAIRE, RULES, answers(withdrawal_seizure="unknown", use_frequency="daily"), "self")
    assert [(p.item, p.code) for p in problems] == [("withdrawal_seizure", "unknown_option")]


def test_i_dont_know_is_never_offered_on_the_emergency_screen():
    item = QUESTIONNAIRE.item("danger_now")
    assert not any(item.offers_unknown(p) for p in QUESTIONNAIRE.perspectives)


# Answer changes that can only add risk: (item, from, to). Raising risk must
# never lower a dimension rating.
RISK_STEPS = (
    [
        (item, before, after)
        for item in CRITERIA
        + (
            "withdrawal_unwell",
            "withdrawal_seizure",
            "withdrawal_hallucinations",
            "needs_to_feel_normal",
            "taken_together",
            "suicidal_thoughts",
            "suicidal_plan",
            "returned_after_treatment",
            "others_use_at_home",
        )
        for before, after in (("no", "unknown"), ("no", "yes"), ("unknown", "yes"))
    ]
    + [
        (item, before, after)
        for item in ("supportive_person",)
        for before, after in (("yes", "unknown"), ("yes", "no"), ("unknown", "no"))
    ]
    + [("violence_at_home", "no", "yes")]
    + [
        ("use_frequency", "less_often", "weekly"),
        ("use_frequency", "weekly", "most_days"),
        ("use_frequency", "most_days", "daily"),
        ("housing", "stable", "unstable"),
        ("housing", "unstable", "none"),
        ("change_readiness", "changing", "ready"),
        ("change_readiness", "ready", "thinking"),
        ("change_readiness", "thinking", "not_sure"),
        ("can_step_away", "yes", "with_help"),
        ("can_step_away", "with_help", "no"),
        ("pregnancy", "not_applicable", "unsure"),
        ("pregnancy", "no", "yes"),
        ("baclofen_use", "not_taking", "as_prescribed"),
        ("baclofen_use", "as_prescribed", "more_than_prescribed"),
        ("baclofen_use", "as_prescribed", "not_prescribed"),
    ]
    + [
        (item, ["none"], [value])
        for item, values in (
            ("health_conditions", ("heart", "breathing", "kidney", "liver", "epilepsy")),
            ("other_substances", ("alcohol", "opioids", "benzodiazepines", "sleeping_pills", "gabapentinoids")),
            ("mental_conditions", ("depression", "other")),
            ("past_treatment", ("outpatient",)),
        )
        for value in values
    ]
    + [("daily_responsibilities", ["work"], ["work", "children"])]
)


def _ratings(answer_set: dict) -> dict:
    return {d.number: d.rating for d in assess(QUESTIONNAIRE, RULES, answer_set).dimensions}


@pytest.mark.parametrize("person", [c for c in CASES if c.values[0].severity is not None])
def test_a_riskier_answer_never_lowers_a_dimension_rating(person: Case):
    before_ratings = _ratings(person.answers)
    for item, before, after in RISK_STEPS:
        if person.answers.get(item) != before:
            continue
        after_ratings = _ratings({**person.answers, item: after})
        lowered = {n: (before_ratings[n], after_ratings[n]) for n in before_ratings if after_ratings[n] < before_ratings[n]}
        assert not lowered, f"{item}: {before!r} -> {after!r} lowered {lowered}"
