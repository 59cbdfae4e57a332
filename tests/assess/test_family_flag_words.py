"""Every point a family member reads first is explained in plain words (issue 26: "A build-up in the body is
possible" means nothing to a parent): what it means, what to watch for, what to do, in English and French.

The flags are enumerated from the rules data, and answers that raise each one are worked out from its
condition, so a new flag without its plain words fails here.
"""

from __future__ import annotations

from typing import Any

import pytest

from app.engine import assess
from app.engine.conditions import All, AnyOf, FlagRaised, ItemTest, Not
from tests.support.apps import make_app
from tests.support.html_page import parse, words
from tests.support.visitor import Visitor

SHOWN_KINDS = ("crisis", "safety", "medical")  # emergency flags stop the questions: the emergency page's first aid


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("family-flags"))


def library_of(app):
    library = app.extensions["passage_library"]
    return library.questionnaires["intake"], library.rules["intake"]


def ways_to_hold(condition: Any, rules, seen: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Answer sets (partial) under which the condition can hold: one per alternative of each `any`."""
    if isinstance(condition, ItemTest):
        value = {"equals": condition.value, "includes": [condition.value]}.get(condition.test)
        if condition.test in ("one_of", "includes_any"):
            values = condition.value
            return [{condition.item: [v] if condition.test == "includes_any" else v} for v in values]
        return [{condition.item: value}] if value is not None else [{}]
    if isinstance(condition, AnyOf):
        return [way for term in condition.terms for way in ways_to_hold(term, rules, seen)]
    if isinstance(condition, All):
        ways: list[dict[str, Any]] = [{}]
        for term in condition.terms:
            ways = [{**way, **more} for way in ways for more in ways_to_hold(term, rules, seen)][:200]
        return ways
    if isinstance(condition, FlagRaised):
        flags = [flag for flag in rules.red_flags if condition.kind in (flag.id, flag.kind) and flag.id not in seen]
        return [way for flag in flags for way in ways_to_hold(flag.when, rules, seen | {flag.id})]
    assert isinstance(condition, Not)
    return [{}]  # the calm answers the visitor gives leave a `not` holding


CALM = {"danger_now": ["none"], "suicidal_plan": "no"}


def shown_too(way: dict[str, Any], questionnaire, rules) -> dict[str, Any]:
    """The answers, with what makes each of their questions asked (page and item conditions)."""
    for _ in range(5):
        more: dict[str, Any] = {}
        for item_id in way:
            page = questionnaire.page_of_item[item_id]
            for condition in (page.when, questionnaire.items_by_id[item_id].when):
                if condition is not None:
                    more.update({k: v for k, v in ways_to_hold(condition, rules)[0].items() if k not in way})
        if not more:
            return way
        way = {**more, **way}
    return way


def answers_raising(flag_id: str, questionnaire, rules) -> dict[str, Any]:
    flag = next(rule for rule in rules.red_flags if rule.id == flag_id)
    for way in ways_to_hold(flag.when, rules, frozenset({flag_id})):
        answers = {**CALM, **shown_too(way, questionnaire, rules)}
        raised = {f.reason.rule for f in assess(questionnaire, rules, answers, "family").red_flags}
        kinds = {f.kind for f in assess(questionnaire, rules, answers, "family").red_flags}
        if flag_id in raised and "emergency" not in kinds:
            return answers
    raise AssertionError(f"no answers found that raise {flag_id}")


def family_results(app, lang: str, answers: dict[str, Any], region: str):
    """The family results page for these answers, going on past the crisis help page where it pauses."""
    visitor = Visitor(app.test_client())
    visitor.get(f"/{lang}/intake/start")
    visitor.submit(f"/{lang}/intake/start", {"perspective": "family", "region": region})
    visitor.get(f"/{lang}/region")
    visitor.submit(f"/{lang}/region", {"region": region, "next": f"/{lang}/intake/questions/right_now"})
    for _ in range(5):
        if visitor.answer_until_done(answers) == f"/{lang}/intake/check":
            break
        go_on = parse(visitor.html()).select_one("a.button--secondary[href*='/questions/']")
        assert go_on is not None, visitor.page.request.path
        visitor.get(go_on["href"])
    assert visitor.get(f"/{lang}/intake/results").status_code == 200
    return parse(visitor.html())


def shown_flag_ids() -> list[str]:
    app = make_app_for_ids()
    _, rules = library_of(app)
    return [flag.id for flag in rules.red_flags if flag.kind in SHOWN_KINDS]


def make_app_for_ids():
    import tempfile
    from pathlib import Path

    return make_app(Path(tempfile.mkdtemp()))


def test_every_flag_a_family_member_can_read_has_plain_words(shared_app):
    _, rules = library_of(shared_app)
    shown = [flag for flag in rules.red_flags if flag.kind in SHOWN_KINDS]
    assert len(shown) >= 20
    for flag in shown:
        plain = flag.for_family
        assert plain and "What to do:" in plain, flag.id  # what to do, always
        assert plain != flag.text and plain != flag.short, flag.id
        assert "you take" not in plain and "your own" not in plain, flag.id  # about them, to the family member


@pytest.mark.parametrize("flag_id", shown_flag_ids())
def test_the_family_results_page_explains_each_flag_it_shows(shared_app, flag_id):
    questionnaire, rules = library_of(shared_app)
    answers = answers_raising(flag_id, questionnaire, rules)
    plain = rules.flag_for_family(flag_id)
    for lang in ("en", "fr"):
        page = family_results(shared_app, lang, answers, "us" if lang == "en" else "fr")
        box = page.select_one("section.red-flags")
        fold = box.select_one("details#flag-meanings")
        meaning = fold.select_one(f'li.red-flag-meaning[data-flag="{flag_id}"]')
        assert meaning is not None and len(words(meaning).split()) >= 20, (lang, flag_id)
        if lang == "en":
            assert words(meaning) == " ".join(plain.split())
        else:
            assert words(meaning) != " ".join(plain.split()) and "Que faire" in words(meaning), flag_id
        # Every point in the box has its meaning in the fold, and none is said twice on the page.
        points = box.select(".red-flag-text")
        assert len(fold.select("li.red-flag-meaning")) == len(points)
        full = " ".join(rules.red_flags[[f.id for f in rules.red_flags].index(flag_id)].text.split())
        if lang == "en":
            assert full not in words(page.find("main")), flag_id  # the technical text is not repeated for a parent
