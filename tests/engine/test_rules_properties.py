"""Properties of the engine over generated valid answer sets, for any loaded questionnaire and rules.

Run on the mini fixture and on the real content (questionnaires/) once it exists.
Answer sets come from tests/support/answer_sets.py: pages in order, only what the
engine shows, valid values for each kind, "unknown" where the perspective
offers it, optional items sometimes left out, stops sometimes taken.

Properties:
- total: every valid answer set is accepted and assessed; unless it is an
  emergency, at least one of detox, inpatient, residential or outpatient is
  at least "consider" (nobody is left with only groups and aftercare);
- deterministic: same answers (in any order) -> same assessment;
- monotone: raising a risk answer never lowers a dimension rating, the
  severity level or the level of care (definition below, read from the rules);
- language-independent: the API's codes are the same in English and French;
- safety first: an answer that on its own raises an emergency (or crisis)
  red flag yields the emergency result (or the crisis flag) whatever the
  other answers and the perspective, and an emergency stops the questionnaire.
"""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.engine import SEVERITY_LEVELS, assess, clean_answers, pages_until_stop, relevant_answers, visible_items
from app.engine import conditions as cond
from app.engine.model import LEVELS, UNKNOWN, WITHDRAWAL, Item
from app.web.library import loaded_library  # read once per process: the apps the tests build share it
from tests.support.answer_sets import ROOT, answer_sets, data_folders, value_strategy, walk
from tests.support.apps import make_app

# Examples per property on the real questionnaire (the mini fixture gets a fifth):
# enough for every CI run on two cores; raise it for a deeper search, e.g.
# PASSAGE_PROPERTY_EXAMPLES=20000 .venv/bin/python -m pytest tests/engine/test_rules_properties.py
EXAMPLES = int(os.environ.get("PASSAGE_PROPERTY_EXAMPLES", "1000"))
HEALTH = [HealthCheck.too_slow, HealthCheck.filter_too_much]


def examples(loaded, share: float = 1.0, derandomize: bool = False):
    folder = loaded[0]
    count = EXAMPLES if folder.name == "questionnaires" else EXAMPLES // 5
    return settings(
        max_examples=max(10, int(count * share)),
        deadline=None,
        suppress_health_check=HEALTH,
        derandomize=derandomize,
        database=None if derandomize else settings.default.database,
    )


def load_real():
    library = loaded_library(ROOT / "questionnaires")
    return library.questionnaires["intake"], library.rules["intake"]


@pytest.fixture(scope="module", params=data_folders())
def loaded(request):
    library = loaded_library(request.param)
    return request.param, library.questionnaires["intake"], library.rules["intake"]


def _check_valid(questionnaire, rules, perspective, answers):
    clean, problems = clean_answers(questionnaire, rules, answers, perspective)
    assert problems == [], f"the generator made an invalid answer set: {problems} for {answers}"
    return clean


# --- total and deterministic --------------------------------------------------


def test_every_valid_answer_set_gets_the_same_assessment_in_any_order(loaded):
    _, questionnaire, rules = loaded

    @examples(loaded)
    @given(answer_sets(questionnaire, rules), st.randoms(use_true_random=False))
    def check(drawn, rnd: random.Random):
        perspective, answers = drawn
        clean = _check_valid(questionnaire, rules, perspective, answers)
        assessment = assess(questionnaire, rules, clean)
        if assessment.emergency:
            assert assessment.pathways == () and assessment.plan is None  # only the emergency
        else:
            assert [p.code for p in assessment.pathways] == [p.code for p in rules.pathways]
            assert all(p.reasons for p in assessment.pathways)
        assert [d.number for d in assessment.dimensions] == [1, 2, 3, 4, 5, 6]
        keys = list(clean)
        rnd.shuffle(keys)
        assert assess(questionnaire, rules, clean) == assessment
        assert assess(questionnaire, rules, {key: clean[key] for key in keys}).to_dict() == assessment.to_dict()

    check()


def test_every_answer_set_short_of_an_emergency_gets_a_care_setting(loaded):
    folder, questionnaire, rules = loaded

    @examples(loaded)
    @given(answer_sets(questionnaire, rules))
    def check(drawn):
        perspective, answers = drawn
        clean = _check_valid(questionnaire, rules, perspective, answers)
        assessment = assess(questionnaire, rules, clean)
        if not assessment.emergency:
            assert assessment.plan is not None, f"no plan for {perspective} answers {clean}"
            assert assessment.plan.level in LEVELS and assessment.plan.withdrawal in WITHDRAWAL
            assert assessment.plan.next_step.text and assessment.plan.next_step.service

    check()


def test_a_point_is_never_raised_twice_for_what_is_known_and_for_what_is_not():
    # "Dependence is possible" said once: when the answers given already show it, the wording for an unknown
    # answer ("…-unknown") would repeat the same advice on the page. (The mini fixture words no point twice.)
    loaded = (ROOT / "questionnaires", *load_real())
    _, questionnaire, rules = loaded
    pairs = [(r.id, f"{r.id}-unknown") for r in rules.red_flags if any(o.id == f"{r.id}-unknown" for o in rules.red_flags)]
    assert len(pairs) >= 5, "the real rules word several points apart for an unknown answer"

    @examples(loaded, share=0.5)
    @given(answer_sets(questionnaire, rules))
    def check(drawn):
        perspective, answers = drawn
        assessment = assess(questionnaire, rules, _check_valid(questionnaire, rules, perspective, answers))
        raised = {flag.reason.rule for flag in assessment.red_flags}
        assert not [pair for pair in pairs if set(pair) <= raised], f"{perspective} answers {answers}"

    check()


# --- monotone -----------------------------------------------------------------
#
# "Raising a risk answer", read from the rules rather than guessed:
# the risk rules are the red flags and the dimension rules (each raises a flag
# or a rating when it holds), and every severity criterion counts as the test
# {item: criterion, equals: yes}. A test on an item inside a risk rule is a
# *risk test* (true = more risk) under an even number of `not`s and a
# *protective test* under an odd number; the tests of severity's `not_counted`
# conditions are protective (they remove criteria from the count).
#
# Changing one answer from a to b RAISES it when every risk test true for a
# stays true for b, every protective test false for a stays false for b, and
# at least one of these tests changes. Examples: a yes/no criterion from no to
# yes; adding a substance that a risk rule looks for to a multiple answer; a
# frequency from an option no risk rule names to one a risk rule names, or to
# one that more risk tests accept. Moves that hide an answered question are
# left out (they remove information); questions a move reveals are answered
# only with values that turn no protective test on.


def _polarized_tests(condition, risk=True):
    if isinstance(condition, (cond.All, cond.AnyOf)):
        for term in condition.terms:
            yield from _polarized_tests(term, risk)
    elif isinstance(condition, cond.Not):
        yield from _polarized_tests(condition.term, not risk)
    elif isinstance(condition, cond.ItemTest):
        yield condition, risk


def risk_tests(rules) -> dict[str, list[tuple[cond.ItemTest, bool]]]:
    tests: dict[str, list] = {}
    conditions = [(rule.when, True) for rule in rules.red_flags]
    conditions += [(rule.when, True) for dimension in rules.dimensions for rule in dimension.rules if rule.rating > 0]
    conditions += [(entry.when, False) for entry in rules.severity.not_counted]
    for condition, risk in conditions:
        for test, polarity in _polarized_tests(condition, risk):
            tests.setdefault(test.item, []).append((test, polarity))
    for criterion in rules.severity.criteria:
        tests.setdefault(criterion, []).append((cond.ItemTest(criterion, "equals", "yes"), True))
    return tests


def _holds(test: cond.ItemTest, value) -> bool:
    return cond.evaluate(test, cond.Facts({} if value is None else {test.item: value}))[0]


def compare(tests, before, after) -> str:
    """'raise', 'same' (no test changes), or 'other' (some test moves the protective way)."""
    changed = False
    for test, risk in tests:
        was, now = _holds(test, before), _holds(test, after)
        if was != now:
            changed = True
            if risk and was or not risk and now:
                return "other"
    return "raise" if changed else "same"


def _candidates(item: Item, value, perspective: str) -> list:
    if item.kind == "number":
        return sorted({item.minimum, item.maximum} | {v for v in (value - 1, value + 1) if item.minimum <= v <= item.maximum})
    if item.kind in ("single", "yes_no"):
        return [v for v in item.values_for(perspective) if v != value]
    exclusive = {o.value for o in item.options if o.exclusive} | {UNKNOWN}
    plain = [o.value for o in item.options if not o.exclusive]
    if any(v in exclusive for v in value):
        return [[v] for v in plain]
    return [value + [v] for v in plain if v not in value]


def rule_ids(flags) -> set[str]:
    return {flag.reason.rule for flag in flags}


def test_raising_a_risk_answer_never_lowers_a_rating_severity_or_level_of_care(loaded):
    _, questionnaire, rules = loaded
    tests = risk_tests(rules)

    @examples(loaded)
    @given(answer_sets(questionnaire, rules), st.data())
    def check(drawn, data):
        perspective, answers = drawn
        movable = [i for i in answers if i in tests]
        assume(movable)
        item = questionnaire.item(data.draw(st.sampled_from(movable), label="item"))
        raises = [
            b for b in _candidates(item, answers[item.id], perspective) if compare(tests[item.id], answers[item.id], b) == "raise"
        ]
        assume(raises)
        raised = dict(answers)
        raised[item.id] = data.draw(st.sampled_from(raises), label="raised to")
        assume(set(answers) <= set(visible_items(questionnaire, raised)))  # hides nothing answered
        # Questions the move reveals: answered with values that add no protective information.
        for page in questionnaire.pages:
            shown = set(visible_items(questionnaire, raised))
            for new in page.items:
                if new.id in shown and new.id not in raised and new.required:
                    value = data.draw(value_strategy(new, perspective), label=new.id)
                    assume(compare(tests.get(new.id, []), None, value) != "other")
                    raised[new.id] = value
        raised = relevant_answers(questionnaire, raised)
        assume(set(answers) <= set(raised))
        _check_valid(questionnaire, rules, perspective, raised)

        before, after = assess(questionnaire, rules, answers), assess(questionnaire, rules, raised)
        where = f"{item.id}: {answers[item.id]!r} -> {raised[item.id]!r} ({perspective}), answers {answers}"
        for old, new in zip(before.dimensions, after.dimensions, strict=True):
            assert new.rating >= old.rating, f"dimension {old.number} fell {old.rating} -> {new.rating} when {where}"
        assert SEVERITY_LEVELS.index(after.severity.level) >= SEVERITY_LEVELS.index(before.severity.level), where
        if before.plan is None or after.plan is None:
            return  # an emergency is above every level
        # The level the floors ask for never falls; a constraint may then
        # lower the plan (never below safety), which is not a fall in risk.
        asked_before = before.plan.level_asked or before.plan.level
        asked_after = after.plan.level_asked or after.plan.level
        assert LEVELS.index(asked_after) >= LEVELS.index(asked_before), (
            f"level of care fell {asked_before} -> {asked_after} when {where}"
        )
        # One fall by design: opioids in a pregnancy are not withdrawn (buprenorphine or methadone instead,
        # NYSDOH 2021): when this move brings that point, the setting may go to none, never anywhere else.
        moud = "medical-opioids-pregnancy"
        brought_moud = moud in rule_ids(after.red_flags) and moud not in rule_ids(before.red_flags)
        assert WITHDRAWAL.index(after.plan.withdrawal) >= WITHDRAWAL.index(before.plan.withdrawal) or (
            brought_moud and after.plan.withdrawal == "none"
        ), f"withdrawal setting fell {before.plan.withdrawal} -> {after.plan.withdrawal} when {where}"

    check()


# --- safety first ---------------------------------------------------------------


def sufficient_tests(condition) -> list[cond.ItemTest]:
    """Tests that make the condition hold on their own (the branches of an `any`)."""
    if isinstance(condition, cond.ItemTest):
        return [condition]
    if isinstance(condition, cond.AnyOf):
        return [test for term in condition.terms for test in sufficient_tests(term)]
    if isinstance(condition, cond.All) and len(condition.terms) == 1:
        return sufficient_tests(condition.terms[0])
    return []


def satisfying(test: cond.ItemTest, item: Item, perspective: str) -> st.SearchStrategy:
    """Valid answers to `item` that make `test` hold (built directly: filtering would reject most draws)."""
    if item.kind == "number":
        low = max(item.minimum, test.value) if test.test == "at_least" else item.minimum
        high = min(item.maximum, test.value) if test.test == "at_most" else item.maximum
        return st.integers(low, high) if test.test in ("at_least", "at_most") else value_strategy(item, perspective)
    if item.kind != "multiple":
        return st.sampled_from([v for v in item.values_for(perspective) if _holds(test, v)])
    exclusive = {o.value for o in item.options if o.exclusive} | {UNKNOWN}
    wanted = [v for v in item.values_for(perspective) if _holds(test, [v])]
    plain = [o.value for o in item.options if not o.exclusive]

    def with_others(value):
        if value in exclusive:
            return st.just([value])
        return st.lists(st.sampled_from(plain), unique=True).map(lambda others: [value] + [o for o in others if o != value])

    return st.sampled_from(wanted).flatmap(with_others).filter(lambda answer: _holds(test, answer))


def answers_with(questionnaire, rules, test, perspective):
    item = questionnaire.item(test.item)

    @st.composite
    def build(draw):
        def choose(current):
            strategy = satisfying(test, current, perspective) if current.id == item.id else value_strategy(current, perspective)
            return draw(strategy)

        return walk(
            questionnaire,
            rules,
            perspective,
            choose,
            skip_optional=lambda current: current.id != item.id and draw(st.booleans()),
            stop_here=lambda kind: draw(st.booleans()),
        )

    return build()


@pytest.mark.parametrize("kind", ["emergency", "crisis"])
def test_an_emergency_or_crisis_answer_always_raises_its_flag(loaded, kind):
    _, questionnaire, rules = loaded
    triggers = [test for rule in rules.red_flags if rule.kind == kind for test in sufficient_tests(rule.when)]
    assert triggers, f"the rules have no answer that raises a {kind} flag on its own"

    @examples(loaded, share=0.5)
    @given(st.sampled_from(triggers), st.sampled_from(questionnaire.perspectives), st.data())
    def check(test, perspective, data):
        item = questionnaire.item(test.item)
        assume(any(_holds(test, v) for v in _all_values(item, perspective)))  # answerable in this perspective
        answers = data.draw(answers_with(questionnaire, rules, test, perspective))
        assume(test.item in answers)  # the question applied
        clean = _check_valid(questionnaire, rules, perspective, answers)
        assessment = assess(questionnaire, rules, clean)
        assert assessment.flags_of(kind), f"{test} held but no {kind} flag for {perspective} answers {clean}"
        if kind == "emergency":
            assert assessment.emergency
            page = questionnaire.page_of(test.item)
            if page.stop == "emergency":
                _, stop = pages_until_stop(questionnaire, rules, clean)
                assert stop == "emergency"
        else:
            assert assessment.crisis

    check()


def _all_values(item: Item, perspective: str) -> list:
    if item.kind == "number":
        return list(range(item.minimum, item.maximum + 1))
    if item.kind == "multiple":
        return [[v] for v in item.values_for(perspective)]
    return list(item.values_for(perspective))


# --- language-independent (through the API) -------------------------------------


def test_api_result_codes_do_not_depend_on_the_language(loaded, tmp_path_factory):
    folder, questionnaire, rules = loaded
    client = make_app(tmp_path_factory.mktemp("lang"), QUESTIONNAIRES_DIR=str(folder)).test_client()
    from tests.api.test_api import codes

    @examples(loaded, share=0.15)
    @given(answer_sets(questionnaire, rules))
    def check(drawn):
        perspective, answers = drawn
        bodies = []
        for lang in ("en", "fr"):
            response = client.post(
                f"/api/v1/questionnaires/intake/assessments?region=other&lang={lang}",
                json={"answers": answers, "perspective": perspective},
            )
            assert response.status_code == 200, response.get_data(as_text=True)
            assert response.headers["Content-Language"] == lang
            bodies.append(response.get_json())
        assert codes(bodies[0]) == codes(bodies[1])
        expected = assess(questionnaire, rules, answers)
        assert bodies[0]["level_of_care"] == expected.level_of_care
        assert [p["fit"] for p in bodies[0]["pathways"]] == [p.fit for p in expected.pathways]

    check()
