"""A choice that gives examples to help answer ("Opioids (for example heroin, morphine…)") is read back without them:
on the check page, the results and the clinical summary, where the examples only lengthen every list of answers."""

from __future__ import annotations

import pytest

from tests.support import html_page
from tests.support.people import RESULT_PLANS

WITH_OPIOIDS = {**RESULT_PLANS["outpatient"][0], "other_substances": ["alcohol", "opioids"]}
SAID = {
    "en": ("Opioids", "for example heroin"),
    "fr": ("Opioïdes", "par exemple héroïne"),
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_choice_is_offered_with_its_examples_and_read_back_without_them(visitor, lang):
    short, examples = SAID[lang]
    visitor.finish_intake(lang, "self", WITH_OPIOIDS)
    check = html_page.words(html_page.parse(visitor.html()).find("main"))
    assert short in check and examples not in check
    visitor.get(f"/{lang}/intake/results")
    answers = html_page.words(html_page.parse(visitor.html()).select_one("details#answers"))
    assert short in answers and examples not in answers
    visitor.get(f"/{lang}/intake/questions/substances")
    question = html_page.words(html_page.parse(visitor.html()).find("main"))
    assert examples in question  # where the person chooses, the examples help


def test_the_api_offers_each_choice_with_its_examples(app):
    body = app.test_client().get("/api/v1/questionnaires/intake").get_json()
    options = next(item for page in body["pages"] for item in page["items"] if item["id"] == "other_substances")["options"]
    labels = {option["value"]: option["label"] for option in options}
    assert labels["opioids"].startswith("Opioids (for example heroin")
