"""No text may read as "skip your dose" to someone prescribed baclofen.

CLINICAL.md: telling a person prescribed baclofen to "avoid taking it" with
alcohol or other drugs reads as skipping doses, which is an abrupt stop. Every
English and French string a person can see (rules, questionnaire, templates,
all through the catalog) is checked for that class of wording.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from tests.support.apps import ROOT

FRENCH_PO = ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
# The texts older records still show (app/i18n/retired.py): one that reads as "skip your dose" is not
# kept there, so such a record never shows it in French either.
RETIRED_PO = ROOT / "translations" / "fr" / "retired.po"

# Wordings that tell the reader to leave out a medicine or stop it on their own.
SKIP_A_DOSE = (
    re.compile(r"\bavoid taking\b", re.IGNORECASE),
    re.compile(r"\b(?:skip|miss) (?:a|your|the) dose", re.IGNORECASE),
    re.compile(r"\bstop taking (?:it|baclofen)\b", re.IGNORECASE),
    re.compile(r"\bévitez de (?:le|la|les) prendre\b", re.IGNORECASE),
    re.compile(r"\bne (?:le|la|les) prenez pas\b", re.IGNORECASE),
    re.compile(r"\barrêtez de (?:le|la|les) prendre\b", re.IGNORECASE),
    re.compile(r"\bsautez une (?:prise|dose)\b", re.IGNORECASE),
)


def _catalog_texts() -> list[str]:
    return _texts(FRENCH_PO) + _texts(RETIRED_PO)


def _texts(path) -> list[str]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    texts: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        for text in (message.id, message.string):
            texts.extend(part for part in (text if isinstance(text, tuple) else (text,)) if part)
    return texts


def test_the_catalog_is_read():
    assert len(_catalog_texts()) > 500


@pytest.mark.parametrize("pattern", SKIP_A_DOSE, ids=lambda p: p.pattern)
def test_no_text_tells_a_person_to_leave_out_their_medicine(pattern):
    offending = [text for text in _catalog_texts() if pattern.search(text)]
    assert not offending, "reads as 'skip your dose':\n" + "\n".join(offending)


def test_the_mixing_warning_says_to_keep_taking_it_as_prescribed():
    texts = _catalog_texts()
    assert any("keep taking it as prescribed" in text for text in texts)
    assert any("continuez à le prendre comme prévu" in text for text in texts)


def test_the_pattern_catches_the_old_wording():
    assert SKIP_A_DOSE[0].search("Avoid taking them together, learn the signs")
    assert SKIP_A_DOSE[3].search("Évitez de les prendre ensemble")


# --- issue 25, part 5: "as prescribed" never reaches someone above their prescription ---

AS_PRESCRIBED_ADVICE = re.compile(r"(keep|keeps|continue) (taking|to take)[^.]*as prescribed|prescriptions? as prescribed", re.I)
ABOVE = {
    "baclofen_use": "more_than_prescribed",
    "baclofen_dose": "from_81_to_300",
    "use_frequency": "daily",
    "use_duration": "over_year",
    "other_substances": ["alcohol", "benzodiazepines"],
    "sedative_prescription": "more_than_prescribed",
    "taken_together": "yes",
    "withdrawal_symptoms": "yes",
    "withdrawal_seizure": "yes",
    "health_conditions": ["kidney"],
    "pregnancy": "yes",
    "pregnancy_trimester": "third",
}


def _baseline():
    """The low-risk baseline answers, changed by keyword (tests/support/people.answers)."""
    from tests.support.people import answers

    return answers


def _everything_the_plan_says(answers: dict, perspective: str) -> list[str]:
    """Every text of an assessment a reader can see: flags, reasons, the next step, notes, what to check."""
    from app.engine import assess, clean_answers, load_library

    library = load_library(ROOT / "questionnaires")
    questionnaire, rules = library.questionnaires["intake"], library.rules["intake"]
    clean, _problems = clean_answers(questionnaire, rules, answers, perspective)
    result = assess(questionnaire, rules, clean, perspective)
    short = {rule.id: rule.short for rule in rules.red_flags}
    texts = [flag.reason.text for flag in result.red_flags] + [short[flag.reason.rule] for flag in result.red_flags]
    plan = result.plan
    assert plan is not None
    reasons = plan.level_reasons + plan.withdrawal_reasons + plan.notes + ((plan.trade_off,) if plan.trade_off else ())
    texts += [reason.text for reason in reasons] + [plan.next_step.text] + [check.text for check in plan.to_check]
    return texts


@pytest.mark.parametrize("perspective", ["self", "family", "counselor"])
def test_above_the_prescription_nothing_says_keep_taking_it_as_prescribed(perspective):
    answers = _baseline()

    texts = _everything_the_plan_says(answers(**ABOVE), perspective)
    assert not [text for text in texts if AS_PRESCRIBED_ADVICE.search(text)]
    assert any("Don't go straight back to the prescribed dose" in text for text in texts)


@pytest.mark.parametrize("use", ["more_than_prescribed", "as_prescribed"])
def test_the_two_prescription_messages_never_meet(use):
    answers = _baseline()

    texts = " ".join(
        _everything_the_plan_says(answers(**{**ABOVE, "baclofen_use": use, "sedative_prescription": "as_prescribed"}), "self")
    )
    says_keep = "keep taking it as prescribed" in texts
    says_not_straight_back = "Don't go straight back to the prescribed dose" in texts
    assert (says_keep, says_not_straight_back) == ((False, True) if use == "more_than_prescribed" else (True, False))
