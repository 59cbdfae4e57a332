"""The emergency page gives each region's real poison line, in both languages."""

from __future__ import annotations

import pytest

from tests.support.html_page import list_items, tel_numbers

QUEBEC_POISON, CANADA_POISON = "18004635060", "18447647669"


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    ("region", "poison", "not_poison"),
    [
        ("ca_qc", QUEBEC_POISON, CANADA_POISON),
        ("ca_on", CANADA_POISON, QUEBEC_POISON),
        ("ca_other", CANADA_POISON, QUEBEC_POISON),
    ],
)
def test_canada_emergency_page_gives_the_poison_line_of_the_province(visitor, lang, region, poison, not_poison):
    visitor.get(f"/{lang}/region")
    visitor.submit(f"/{lang}/region", {"region": region, "next": f"/{lang}/emergency"})
    numbers = [n.replace("-", "") for n in tel_numbers(visitor.get(f"/{lang}/emergency").get_data(as_text=True))]
    assert "911" in numbers
    assert poison in numbers
    assert not_poison not in numbers


def test_france_says_how_a_call_to_15_works(visitor):
    visitor.get("/fr/region")
    visitor.submit("/fr/region", {"region": "fr", "next": "/fr/emergency"})
    text = visitor.get("/fr/emergency").get_data(as_text=True)
    assert "assistant de régulation" in text and "médecin" in text


@pytest.mark.parametrize(
    ("lang", "naloxone", "not_baclofen", "no_vomiting", "blue_lips"),
    [
        ("en", "naloxone", "does not reverse baclofen", "Do not make them vomit", "Blue or grey lips"),
        ("fr", "naloxone", "n’agit pas sur le baclofène", "Ne la faites pas vomir", "lèvres ou des bouts de doigts bleus"),
    ],
)
def test_first_aid_covers_naloxone_vomiting_and_the_signs(visitor, lang, naloxone, not_baclofen, no_vomiting, blue_lips):
    items = list_items(visitor.get(f"/{lang}/emergency").get_data(as_text=True))
    naloxone_steps = [item for item in items if naloxone in item]
    assert naloxone_steps and not_baclofen in naloxone_steps[0]
    assert any(no_vomiting in item for item in items)
    assert any(blue_lips in item for item in items)
