"""Withdrawal happening now is an emergency in its own name, with first aid that fits it (issue 25, part 1).

CLINICAL.md: a withdrawal emergency is never "possible overdose". The first
page asks about confusion or hallucinations after stopping, a high fever with
rigid muscles and a baclofen pump that may have stopped; each leads to the
emergency page, titled and written for withdrawal (or for the pump), in
English and in French. Pages are read with tests/support/html_page.py.
"""

from __future__ import annotations

import pytest

from tests.support.html_page import h1, parse, words

WITHDRAWAL_TITLE = {
    "en": "Possible dangerous withdrawal: what to do now",
    "fr": "Sevrage peut-être dangereux\u00a0: que faire maintenant",
}
PUMP_TITLE = {
    "en": "A baclofen pump may have stopped working: what to do now",
    "fr": "Une pompe à baclofène est peut-être en panne\u00a0: que faire maintenant",
}
BOTH_TITLE = {
    "en": "Someone is in danger right now: what to do",
    "fr": "Quelqu’un est en danger maintenant\u00a0: que faire",
}
# The withdrawal first aid: never take more to "fix" it; say baclofen is taken and since when.
DO_NOT_TAKE_MORE = {
    "en": "Do not take or give more baclofen, alcohol or pills to calm it down",
    "fr": "Ne prenez pas et ne donnez pas davantage de baclofène, d’alcool ou de comprimés",
}
SAY_BACLOFEN = {
    "en": "Say that the person takes baclofen",
    "fr": "Dites que la personne prend du baclofène",
}
PUMP_CARD = {
    "en": "show the pump card",
    "fr": "montrez sa carte de porteur de pompe",
}
OVERDOSE_WORDS = {
    "en": ("possible overdose", "Signs that can mean an overdose", "keep them warm"),
    "fr": ("surdose possible", "Les signes qui peuvent indiquer une surdose", "gardez-la au chaud"),
}


def folded(text: str) -> str:
    """As html_page.words() reads it: a non-breaking space is a space."""
    return " ".join(text.split())


def emergency_for(visitor, lang: str, danger: list[str], perspective: str = "self"):
    visitor.get(f"/{lang}/intake/start")
    visitor.submit(f"/{lang}/intake/start", {"perspective": perspective})
    visitor.submit(f"/{lang}/intake/questions/right_now", {"danger_now": danger})
    assert visitor.page.request.path == f"/{lang}/emergency"
    return visitor.html()


def main_text(html: str) -> str:
    return words(parse(html).find("main"))


def steps(html: str) -> list[str]:
    return [words(item) for item in parse(html).select("main ol.steps > li")]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("perspective", ["self", "family", "counselor"])
def test_withdrawal_delirium_now_gets_withdrawal_first_aid_never_overdose_words(visitor, lang, perspective):
    html = emergency_for(visitor, lang, ["withdrawal_confusion"], perspective)
    assert h1(html) == folded(WITHDRAWAL_TITLE[lang])
    listed = steps(html)
    assert listed[0].startswith(("Call the emergency number now", "Appelez les secours maintenant"))  # calling comes first
    assert any(SAY_BACLOFEN[lang] in step for step in listed)
    assert any(DO_NOT_TAKE_MORE[lang] in step for step in listed)
    text = main_text(html)
    for overdose_words in OVERDOSE_WORDS[lang]:
        assert overdose_words.lower() not in text.lower()
    assert folded(parse(html).find("title").get_text()).startswith(folded(WITHDRAWAL_TITLE[lang]))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_very_high_fever_with_rigid_muscles_is_a_withdrawal_emergency(visitor, lang):
    html = emergency_for(visitor, lang, ["fever_rigidity"])
    assert h1(html) == folded(WITHDRAWAL_TITLE[lang])
    assert any(DO_NOT_TAKE_MORE[lang] in step for step in steps(html))
    assert OVERDOSE_WORDS[lang][2] not in main_text(html)  # a fever is never told "keep them warm"


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("perspective", ["self", "family"])
def test_pump_failure_signs_get_the_pump_advice(visitor, lang, perspective):
    html = emergency_for(visitor, lang, ["pump_problem"], perspective)
    assert h1(html) == folded(PUMP_TITLE[lang])
    listed = steps(html)
    assert any(PUMP_CARD[lang] in step for step in listed)
    assert any(DO_NOT_TAKE_MORE[lang] in step for step in listed)
    assert OVERDOSE_WORDS[lang][0] not in main_text(html).lower()
    signs = [words(li) for li in parse(html).select("main ul li")]
    assert any(("itching" if lang == "en" else "démangeaisons") in sign for sign in signs)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_withdrawal_signs_with_overdose_signs_get_both_and_a_title_naming_neither(visitor, lang):
    html = emergency_for(visitor, lang, ["withdrawal_confusion", "unresponsive"])
    assert h1(html) == folded(BOTH_TITLE[lang])
    headings = [words(h) for h in parse(html).select("main h2")]
    assert len([h for h in headings if h.startswith(("Signs that can mean", "Les signes qui peuvent indiquer"))]) == 2
    assert OVERDOSE_WORDS[lang][2] not in main_text(html)  # a fever may be part of it: no "keep them warm"


def test_a_seizure_alone_keeps_its_own_title_and_now_lists_the_signs_of_withdrawal(visitor):
    html = emergency_for(visitor, "en", ["seizure"])
    assert h1(html) == "A seizure, possibly from withdrawal: what to do now"
    assert "Signs that can mean dangerous withdrawal" in main_text(html)


def test_the_kind_of_emergency_stays_out_of_the_address(visitor):
    emergency_for(visitor, "en", ["pump_problem"])
    assert "pump" not in visitor.page.request.url and "withdrawal" not in visitor.page.request.url


@pytest.mark.parametrize(
    "lang, danger, title",
    [
        ("en", ["withdrawal_confusion"], "Emergency: possible dangerous withdrawal"),
        ("fr", ["withdrawal_confusion"], "Urgence\u00a0: sevrage peut-être dangereux"),
        ("en", ["pump_problem"], "Emergency: a baclofen pump may have stopped working"),
        ("fr", ["pump_problem"], "Urgence\u00a0: pompe à baclofène peut-être en panne"),
        ("en", ["breathing"], "Emergency: possible overdose"),
    ],
)
def test_the_api_names_the_emergency_it_found(visitor, lang, danger, title):
    body = visitor.client.post(
        f"/api/v1/questionnaires/intake/assessments?region=other&lang={lang}", json={"answers": {"danger_now": danger}}
    ).get_json()
    assert body["emergency"] is True
    assert body["level_of_care_name"] == title
    assert {flag["title"] for flag in body["red_flags"]} == {title}


@pytest.mark.parametrize(
    "lang, banner, section",
    [
        ("en", "Overdose or withdrawal? What to do now", "After stopping or cutting down: dangerous withdrawal"),
        ("fr", "Surdose ou sevrage ? Que faire maintenant", "Après un arrêt ou une diminution : le sevrage dangereux"),
    ],
)
def test_the_emergency_page_opened_from_any_page_covers_withdrawal_too(visitor, lang, banner, section):
    html = visitor.get(f"/{lang}/").get_data(as_text=True)
    link = parse(html).select_one(".emergency-link")
    assert words(link) == banner
    html = visitor.get(link["href"]).get_data(as_text=True)
    headings = [words(h) for h in parse(html).select("main h2")]
    assert section in headings
    assert (
        "Do not take more of it to calm the signs" if lang == "en" else "N’en reprenez pas pour calmer les signes"
    ) in main_text(html)
