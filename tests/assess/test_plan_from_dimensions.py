"""Issue 25, parts 2, 3, 4 and 6, as a person reads them on the results page, in English and French.

Each story is one pattern of the issue's "Why" list (unseen cases where the
plan was unsafe or over-treated); each failed on main before the plan was
decided from the six dimension ratings. Pages are read with BeautifulSoup
(tests/support/html_page.py); French words come from the catalog, so the test reads
what a French reader sees.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.support.apps import make_app
from tests.support.html_page import parse, words
from tests.support.people import MILD, SEVERE, answers
from tests.support.visitor import Visitor

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("en", "fr")
DETOX_NAME = "Detox (medically supervised withdrawal)"

# The mother of the issue: her son mixes baclofen with alcohol and opioids every
# day; she does not know whether stopping ever caused a seizure.
UNKNOWN_SEIZURE = answers(
    *MILD,
    baclofen_use="not_prescribed",
    other_substances=["alcohol", "opioids"],
    sedative_prescription="not_prescribed",
    use_frequency="daily",
    use_duration="over_year",
    taken_together="yes",
    withdrawal_symptoms="unknown",
    withdrawal_unwell="unknown",
    withdrawal_seizure="unknown",
    withdrawal_hallucinations="unknown",
    needs_to_feel_normal="unknown",
)
# A man living alone, with nobody, drinking heavily with a sleeping pill and
# baclofen every day, who asks to go somewhere away from home.
ISOLATED = answers(
    *SEVERE,
    baclofen_use="not_prescribed",
    other_substances=["alcohol", "sleeping_pills"],
    sedative_prescription="not_prescribed",
    use_frequency="daily",
    use_duration="over_year",
    taken_together="yes",
    lives_alone="yes",
    supportive_person="no",
    can_step_away="wants_to",
)
# Daily drinking with a use disorder, in a flat where the others drink heavily.
FLATMATES = answers(*MILD, use_frequency="daily", use_duration="over_year", withdrawal_symptoms="yes", others_use_at_home="yes")
# Baclofen exactly as prescribed, nothing else, no sign of a use disorder.
AS_PRESCRIBED = answers(
    baclofen_use="as_prescribed",
    baclofen_reason="other",
    other_substances=["none"],
    use_frequency="daily",
    use_duration="over_year",
    change_readiness="medical_use",
)
# Severe daily use of unprescribed baclofen, a partner who uses, violence at home.
VIOLENCE = answers(
    *SEVERE,
    baclofen_use="not_prescribed",
    other_substances=["none"],
    use_frequency="daily",
    use_duration="over_year",
    others_use_at_home="yes",
    violence_at_home="yes",
)
# A past withdrawal seizure, a high daily dose, and no home.
SEIZURE_NO_HOME = answers(
    *MILD,
    baclofen_use="not_prescribed",
    baclofen_dose="from_81_to_300",
    other_substances=["alcohol"],
    use_frequency="daily",
    use_duration="over_year",
    taken_together="yes",
    withdrawal_seizure="yes",
    housing="none",
)
for household in ("others_use_at_home", "lives_alone", "violence_at_home"):
    SEIZURE_NO_HOME.pop(household)
# Stopped six months ago (early remission), cravings now and then.
REMISSION = answers(
    "craving",
    "time_spent",
    baclofen_use="not_taking",
    other_substances=["alcohol"],
    use_frequency="stopped",
    stopped_since="three_to_twelve_months",
    change_readiness="changing",
)
REMISSION.pop("stop_plan")


@cache
def french() -> dict[str, str]:
    with (ROOT / "translations" / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return {m.id: m.string for m in read_po(po) if isinstance(m.id, str) and m.string}


def said(lang: str, english: str) -> str:
    """What a reader of this language sees for an English text (spaces folded, as `words` reads a page)."""
    return " ".join((english if lang == "en" else french()[english]).split())


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("dimensions"))


def results(app, lang: str, perspective: str, answer_set: dict):
    visitor = Visitor(app.test_client())
    visitor.finish_intake(lang, perspective, answer_set, "fr")
    assert visitor.get(f"/{lang}/intake/results").status_code == 200
    return parse(visitor.html())


def plan_cards(page) -> list[str]:
    return [words(h3) for h3 in page.select("section.plan ol.plan-path > li h3")]


def first_card(lang: str, name: str) -> str:
    return f"{said(lang, 'First:')} {said(lang, name)}"


def then_card(lang: str, name: str) -> str:
    return f"{said(lang, 'Then:')} {said(lang, name)}"


def next_step(page) -> str:
    return words(page.select_one("section.next-step .next-step-action"))


@pytest.mark.parametrize("lang", LANGS)
def test_an_unknown_seizure_history_plans_withdrawal_in_hospital_and_says_why(shared_app, lang):
    page = results(shared_app, lang, "family", UNKNOWN_SEIZURE)
    assert plan_cards(page)[0] == first_card(lang, "Withdrawal in hospital")
    notes = [words(p) for p in page.select("section.plan p.plan-note")]
    sentence = "We don't know if they have had a seizure when stopping; until a doctor knows, plan withdrawal in hospital."
    assert said(lang, sentence) in notes
    gone = "They did not make the plan more intensive"
    assert gone not in words(page) and "n’ont pas rendu le plan plus intensif" not in words(page)


@pytest.mark.parametrize("lang", LANGS)
def test_the_counselor_summary_says_the_unknown_too(shared_app, lang):
    page = results(shared_app, lang, "counselor", UNKNOWN_SEIZURE)
    summary = words(page.select_one("#clinical-summary"))
    sentence = (
        "It is not known whether the client has had a seizure when stopping; until a doctor knows, plan withdrawal in hospital."
    )
    assert said(lang, sentence) in summary


@pytest.mark.parametrize("lang", LANGS)
def test_isolation_and_asking_for_a_place_away_mean_a_residential_stay(shared_app, lang):
    cards = plan_cards(results(shared_app, lang, "self", ISOLATED))
    assert then_card(lang, "Residential treatment") in cards
    assert first_card(lang, "Taper in a monitored unit") in cards


@pytest.mark.parametrize("lang", LANGS)
def test_flatmates_who_drink_heavily_mean_no_taper_at_that_home(shared_app, lang):
    cards = plan_cards(results(shared_app, lang, "self", FLATMATES))
    assert cards[0] == first_card(lang, "Taper in a monitored unit")


@pytest.mark.parametrize("lang", LANGS)
def test_use_exactly_as_prescribed_with_no_criteria_plans_no_detox(shared_app, lang):
    page = results(shared_app, lang, "self", AS_PRESCRIBED)
    cards = plan_cards(page)
    assert not any(card.startswith(said(lang, "First:")) for card in cards)
    assert said(lang, "Self-help and a check-up") in cards[0]
    step = "Talk with the doctor who prescribes your medicine at your next visit, about any worry you have. Do not stop or change the dose on your own."
    assert next_step(page) == said(lang, step)


@pytest.mark.parametrize("lang", LANGS)
def test_residential_care_with_violence_at_home_never_pairs_with_a_home_taper(shared_app, lang):
    cards = plan_cards(results(shared_app, lang, "self", VIOLENCE))
    assert cards[:2] == [first_card(lang, "Taper in a monitored unit"), then_card(lang, "Residential treatment")]


@pytest.mark.parametrize("lang", LANGS)
def test_a_past_seizure_a_high_dose_and_no_home_mean_today(shared_app, lang):
    page = results(shared_app, lang, "self", SEIZURE_NO_HOME)
    step = next_step(page)
    assert ("today" if lang == "en" else "aujourd’hui") in step, step
    assert ("this week" if lang == "en" else "cette semaine") not in step
    assert plan_cards(page)[0] == first_card(lang, "Withdrawal in hospital")


@pytest.mark.parametrize("lang", LANGS)
def test_remission_plans_aftercare_and_groups_not_treatment(shared_app, lang):
    page = results(shared_app, lang, "self", REMISSION)
    cards = plan_cards(page)
    assert not any(card.startswith(said(lang, "First:")) for card in cards)
    assert said(lang, "Self-help and a check-up") in cards[0]


def test_the_household_questions_are_skipped_without_a_home(shared_app):
    visitor = Visitor(shared_app.test_client())
    visitor.finish_intake("en", "self", SEIZURE_NO_HOME, "fr")
    assert visitor.get("/en/intake/questions/household", follow_redirects=True).status_code == 200
    assert visitor.page.request.path != "/en/intake/questions/household"


# Baclofen exactly as prescribed, daily, with the body used to it: no detox,
# and "what would change this" must not list what is already so.
USED_TO_IT = answers(
    "withdrawal_symptoms",
    baclofen_use="as_prescribed",
    other_substances=["none"],
    use_frequency="daily",
    use_duration="over_year",
    withdrawal_unwell="yes",
    needs_to_feel_normal="yes",
)


@pytest.mark.parametrize("lang", LANGS)
def test_what_would_change_this_lists_only_what_is_not_already_so(shared_app, lang):
    page = results(shared_app, lang, "self", USED_TO_IT)
    options = page.select_one("#other-options")
    detox = next(h3 for h3 in options.find_all("h3") if words(h3) == said(lang, DETOX_NAME))
    prefix = said(lang, "What would change this:")
    changes_line = words(detox.find_next(lambda tag: tag.name == "p" and words(tag).startswith(prefix)))
    changes = changes_line[len(prefix) :].strip()
    already = (
        "Feeling unwell when stopping baclofen, alcohol, tranquilizers, sleeping pills or gabapentin/pregabalin, "
        "or needing them to feel normal, would mean talking to a doctor before any stop.",
        "Using every day or most days for a month or more would mean a doctor plans any stop.",
    )
    for text in already:
        assert said(lang, text) not in changes
    still_open = (
        "Taking a prescribed medicine in larger amounts or differently from the prescription would mean a supervised taper."
    )
    assert changes == said(lang, still_open)
