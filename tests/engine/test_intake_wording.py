"""The intake's words follow the house rules: three perspectives, no diagnosis, honest unknowns."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine import load_library
from app.engine.conditions import references

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = load_library(ROOT / "questionnaires")
QUESTIONNAIRE = LIBRARY.questionnaires["intake"]
RULES = LIBRARY.rules["intake"]


def _texts():
    """(where, Text) for every text a person reads in the questionnaire."""
    yield "title", QUESTIONNAIRE.title
    for page in QUESTIONNAIRE.pages:
        yield f"page {page.id} title", page.title
        if page.intro:
            yield f"page {page.id} intro", page.intro
        for item in page.items:
            yield f"item {item.id}", item.text
            if item.help:
                yield f"item {item.id} help", item.help
            for option in item.options:
                yield f"item {item.id} option {option.value}", option.label


TEXTS = list(_texts())


@pytest.mark.parametrize("where, text", TEXTS, ids=[where for where, _ in TEXTS])
def test_a_text_is_either_the_same_for_everyone_or_worded_for_all_three_perspectives(where, text):
    assert set(text.variants) in ({"self"}, {"self", "family", "counselor"})


@pytest.mark.parametrize("where, text", TEXTS, ids=[where for where, _ in TEXTS])
def test_each_wording_speaks_to_its_reader(where, text):
    own = text.variants["self"].lower()
    assert "the client" not in own and "worried about" not in own
    if "family" in text.variants:
        assert "the client" not in text.variants["family"].lower()
        assert "worried about" not in text.variants["counselor"].lower()


def test_questions_are_short_enough_to_read_on_a_phone():
    longest = max(TEXTS, key=lambda pair: max(len(v) for v in pair[1].variants.values()))
    assert max(len(v) for v in longest[1].variants.values()) <= 160, longest[0]


def test_family_members_and_counselors_may_say_i_dont_know_on_withdrawal_and_safety_questions():
    for item_id in (
        "withdrawal_seizure",
        "withdrawal_hallucinations",
        "taken_together",
        "suicidal_plan",
        "pregnancy",
        "baclofen_use",
    ):
        item = QUESTIONNAIRE.item(item_id)
        assert item.unknown_for == ("family", "counselor"), item_id


def _rule_texts():
    yield "not counted", RULES.severity.not_counted[0].reason
    for rule in RULES.red_flags:
        yield rule.id, rule.text
    for dimension in RULES.dimensions:
        for rule in dimension.rules:
            yield rule.id, rule.reason
    for pathway in RULES.pathways:
        for rule in pathway.rules:
            yield rule.id, f"{rule.reason} {rule.changes}"


def test_no_rule_claims_a_diagnosis():
    for rule_id, text in _rule_texts():
        lowered = text.lower()
        assert "diagnos" not in lowered and "you have a" not in lowered, rule_id


def test_a_rule_that_rests_on_an_i_dont_know_answer_says_so_without_you():
    # The same words are read by a family member and in a counselor's record of a client: "not known", not
    # "you didn't know" (the counselor knows; the client may).
    said = [(r.id, r.reason) for d in RULES.dimensions for r in d.rules] + [(r.id, r.text) for r in RULES.red_flags]
    said += [(r.id, r.reason) for p in RULES.pathways for r in p.rules]
    for rule_id, text in said:
        assert "didn't know" not in text and "did not know" not in text, rule_id
        if "unknown" in rule_id:
            assert "not known" in text or "not answered" in text, rule_id


def test_rules_that_look_only_at_i_dont_know_answers_are_named_so():
    """A rule whose every answer test is about "unknown" must say so in its id (and so in its words)."""
    rules = [*RULES.red_flags, *(r for d in RULES.dimensions for r in d.rules), *(r for p in RULES.pathways for r in p.rules)]
    for rule in rules:
        values = []
        for leaf in references(rule.when):
            value = getattr(leaf, "value", None)
            values.extend(value if isinstance(value, tuple) else [value])
        if values and set(values) == {"unknown"}:
            assert "unknown" in rule.id, rule.id


def test_the_severity_levels_are_the_dsm5_counts_and_cite_their_source():
    assert RULES.severity.levels == {"mild": 2, "moderate": 4, "severe": 6}
    assert len(RULES.severity.criteria) == 11
    assert RULES.severity.source == "dsm5-severity"


def test_no_text_shared_by_all_perspectives_speaks_to_you():
    """A text written once for everyone must not say "you": a family member or
    a professional would read a question about themselves."""
    import re

    from app.engine import load_library

    questionnaire = load_library("questionnaires").questionnaires["intake"]
    shared = []
    for page in questionnaire.pages:
        texts = [(page.id, page.title), (page.id, page.intro)]
        for item in page.items:
            texts += [(item.id, item.text), (item.id, item.help)]
            texts += [(f"{item.id}.{option.value}", option.label) for option in item.options]
        for where, text in texts:
            self_only = text is not None and set(text.variants) == {"self"}
            if self_only and re.search(r"\b(you|your|yourself)\b", text.variants["self"], re.IGNORECASE):
                shared.append(where)
    assert not shared, f"worded for 'self' only but shown to everyone: {shared}"
