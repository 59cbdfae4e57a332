"""Words that cannot contradict each other (issue 25, part 5), on the pages a person reads.

A person taking three times the prescribed dose must never read "keep taking it
as prescribed": going straight back to the prescribed dose is itself a sudden
drop. They read instead not to go straight back, to tell the doctor what they
really take, and that the doctor plans the steps down. A person taking it as
prescribed still reads to keep taking it as prescribed. Opioids bring
buprenorphine, methadone and naloxone into the page. English and French,
results page and PDF; pages read with tests/support/html_page.py.
"""

from __future__ import annotations

import re

import pytest

from tests.support.html_page import parse, words
from tests.support.pdf_page import pdf_text

# Three times the dose, every day for over a year, mixed with alcohol.
THREE_TIMES = {
    "baclofen_use": "more_than_prescribed",
    "baclofen_reason": "alcohol",
    "baclofen_status": "using_now",
    "baclofen_dose": "from_81_to_300",
    "other_substances": ["alcohol"],
    "use_frequency": "daily",
    "use_duration": "over_year",
    "taken_together": "yes",
    "more_than_meant": "yes",
    "craving": "yes",
    "tolerance": "yes",
    "withdrawal_symptoms": "yes",
    "pregnancy": "not_applicable",
    "age_band": "from_18_to_64",
    "change_readiness": "ready",
    "housing": "stable",
    "supportive_person": "yes",
    "stop_plan": "with_doctor",
    "daily_responsibilities": ["work"],
    "can_step_away": "with_help",
}
AS_PRESCRIBED = {**THREE_TIMES, "baclofen_use": "as_prescribed", "baclofen_dose": "from_31_to_80"}
WITH_OPIOIDS = {**THREE_TIMES, "other_substances": ["alcohol", "opioids"], "sedative_prescription": "not_prescribed"}

# "As prescribed" read as an instruction (never the answer labels, which are not shown to this person).
AS_PRESCRIBED_ADVICE = {
    "en": re.compile(r"(keep|keeps|continue) (taking|to take)[^.]*as prescribed|prescriptions? as prescribed", re.IGNORECASE),
    "fr": re.compile(r"comme prescrit|comme prévu|comme ils ont été prescrits", re.IGNORECASE),
}
NO_STRAIGHT_BACK = {
    "en": ("Don't go straight back to the prescribed dose", "Tell the doctor what is really taken", "plan the steps down"),
    "fr": (
        "Ne revenez pas d’un coup à la dose prescrite",
        "Dites au médecin ce qui est réellement pris",
        "planifiera la diminution",
    ),
}
# A family member reads the same advice in the flag's plain words for them (rules.yaml `for_family`).
NO_STRAIGHT_BACK_FOR_FAMILY = {
    "en": (
        "Going straight back to the prescribed dose would also be a sudden drop",
        "tell the doctor what they really take",
        "the doctor plans the steps down",
    ),
    "fr": (
        "Revenir d’un coup à la dose prescrite serait aussi une baisse brutale",
        "dire au médecin ce qu’il ou elle prend vraiment",
        "le médecin prévoit la baisse",
    ),
}
NOT_STRAIGHT_BACK_IN_SHORT = {
    "en": "don't go straight back to the prescribed dose, which is also a sudden drop",
    "fr": "ne pas revenir d’un coup à la dose prescrite (ce serait aussi une baisse brutale)",
}
KEEP_AS_PRESCRIBED = {"en": "keep taking it as prescribed", "fr": "continuez à le prendre comme prévu"}


def results_of(visitor, lang: str, answers: dict, perspective: str = "self") -> str:
    visitor.get(f"/{lang}/intake/start")
    visitor.submit(f"/{lang}/intake/start", {"perspective": perspective})
    assert visitor.answer_until_done(answers) == f"/{lang}/intake/check"
    visitor.get(f"/{lang}/intake/results")
    assert visitor.page.status_code == 200
    return visitor.html()


def advice_text(html: str) -> str:
    """The results page a person reads, without the list of their own answers."""
    main = parse(html).find("main")
    for answers_list in main.select(".answers, .answer-list, dl"):
        answers_list.decompose()
    return words(main)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("perspective", ["self", "family"])
def test_three_times_the_dose_never_reads_as_prescribed_advice(visitor, lang, perspective):
    text = advice_text(results_of(visitor, lang, THREE_TIMES, perspective))
    assert not AS_PRESCRIBED_ADVICE[lang].search(text), AS_PRESCRIBED_ADVICE[lang].search(text).group(0)
    for sentence in (NO_STRAIGHT_BACK_FOR_FAMILY if perspective == "family" else NO_STRAIGHT_BACK)[lang]:
        assert sentence in text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pdf_of_three_times_the_dose_says_the_same(visitor, lang):
    results_of(visitor, lang, THREE_TIMES)
    response = visitor.submit(f"/{lang}/intake/results/pdf", {})
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert not AS_PRESCRIBED_ADVICE[lang].search(text)
    assert NOT_STRAIGHT_BACK_IN_SHORT[lang] in text  # the flag's short sentence, as the PDF gives it


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_taken_as_prescribed_still_reads_keep_taking_it_as_prescribed(visitor, lang):
    text = advice_text(results_of(visitor, lang, AS_PRESCRIBED))
    assert KEEP_AS_PRESCRIBED[lang] in text
    assert NO_STRAIGHT_BACK[lang][0] not in text


@pytest.mark.parametrize(
    "lang, moud, naloxone",
    [
        ("en", ("buprenorphine", "methadone"), "naloxone"),
        ("fr", ("buprénorphine", "méthadone"), "naloxone"),
    ],
)
@pytest.mark.parametrize("perspective", ["self", "family", "counselor"])
def test_opioids_bring_buprenorphine_methadone_and_naloxone(visitor, lang, moud, naloxone, perspective):
    text = advice_text(results_of(visitor, lang, WITH_OPIOIDS, perspective))
    for medicine in moud:
        assert medicine in text
    assert naloxone in text


def test_without_opioids_no_opioid_medicine_is_suggested(visitor):
    text = advice_text(results_of(visitor, "en", THREE_TIMES))
    assert "buprenorphine" not in text
