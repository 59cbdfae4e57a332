"""A counselor's referral says whom to call and when (issue 26, point 3): the next step holds the region's
line as a tel: link and the plan's urgency (this week, today), or "now" for a step that cannot wait.
An Ontario counselor sees ConnexOntario's number and "today" when the plan says today."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.engine import assess
from tests.assess.test_results_page import results_html
from tests.support.apps import make_app
from tests.support.html_page import parse, words
from tests.support.people import RESULT_PLANS

WHEN = {"en": "When:", "fr": "Quand :"}  # words() reads a non-breaking space as a space
DUE = {
    "en": {"this_week": "This week", "today": "Today (within 24 hours)", "now": "Now"},
    "fr": {"this_week": "Cette semaine", "today": "Aujourd’hui (dans les 24 heures)", "now": "Maintenant"},
}
# A plan to refer this week (a treatment service) and one due today (withdrawal after a seizure, used daily).
PLANS = {"outpatient": "this_week", "hospital_withdrawal": "today"}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("referral"))


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def referral_regions() -> list[str]:
    """The regions whose data lists a drug helpline or a service finder with a number to refer to."""
    regions = yaml.safe_load((ROOT / "questionnaires" / "helplines.yaml").read_text(encoding="utf-8"))["regions"]
    return [
        code
        for code, region in regions.items()
        if any(s["kind"] in ("drug_helpline", "locator") and s.get("number") for s in region["services"])
    ]


def next_step(app, lang: str, plan: str, region: str):
    return parse(results_html(app, lang, "counselor", plan, region)).select_one("section.next-step")


@pytest.mark.parametrize("plan", list(PLANS))
@pytest.mark.parametrize("region", referral_regions())
def test_the_referral_has_the_regions_number_and_the_plans_urgency(shared_app, region, plan):
    library = shared_app.extensions["passage_library"]
    answers = RESULT_PLANS[plan][0]
    result = assess(library.questionnaires["intake"], library.rules["intake"], answers, "counselor").plan
    assert result.urgency == PLANS[plan]  # the two plans keep their urgency, or this test reads the wrong thing
    lang = "fr" if region in ("fr", "be", "ch", "ca_qc") else "en"
    box = next_step(shared_app, lang, plan, region)
    referral = {
        digits(s["number"])
        for s in library.helplines[region]["services"]
        if s["kind"] in ("drug_helpline", "locator") and s.get("number")
    }
    tel = [digits(a["href"]) for a in box.select('a[href^="tel:"]')]
    assert referral & set(tel), (region, tel)
    when = box.select_one("p.next-step-when")
    assert words(when) == f"{WHEN[lang]} {DUE[lang][result.next_step_due]}"
    assert result.next_step_due == PLANS[plan]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_ontario_counselor_refers_today_with_connexontarios_number(shared_app, lang):
    box = next_step(shared_app, lang, "hospital_withdrawal", "ca_on")
    assert "tel:18665312600" in {a["href"] for a in box.select('a[href^="tel:"]')}
    assert "ConnexOntario" in words(box)
    assert words(box.select_one("p.next-step-when")) == f"{WHEN[lang]} {DUE[lang]['today']}"


def test_a_step_that_cannot_wait_is_due_now_or_today_whatever_the_plans_urgency(shared_app):
    """A crisis is referred now, a same-day step today, even where no urgency floor said today."""
    library = shared_app.extensions["passage_library"]
    crisis = {**RESULT_PLANS["outpatient"][0], "suicidal_thoughts": "yes", "suicidal_plan": "yes"}
    result = assess(library.questionnaires["intake"], library.rules["intake"], crisis, "counselor").plan
    assert result.next_step.action == "call_crisis_line" and result.next_step_due == "now"
    for step in library.rules["intake"].plan.next_steps:
        text = step.text.for_perspective("counselor").lower()
        if "same-day" in text or " today" in text:
            assert step.due in ("today", "now"), step.id
