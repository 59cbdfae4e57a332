"""The emergency page gives each region's real poison line, in both languages."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest


class TelLinks(HTMLParser):
    """Collects the numbers of the page's tel: links."""

    def __init__(self) -> None:
        super().__init__()
        self.numbers: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("tel:"):
            self.numbers.append(href[4:])


def tel_numbers(html: str) -> list[str]:
    parser = TelLinks()
    parser.feed(html)
    return parser.numbers


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_canada_emergency_page_gives_the_national_and_the_quebec_poison_lines(visitor, lang):
    visitor.get(f"/{lang}/region")
    visitor.submit(f"/{lang}/region", {"region": "ca", "next": f"/{lang}/emergency"})
    numbers = tel_numbers(visitor.get(f"/{lang}/emergency").get_data(as_text=True))
    assert "911" in numbers
    assert any(number.replace("-", "").endswith("18447647669") for number in numbers)
    assert any(number.replace("-", "").endswith("18004635060") for number in numbers)


def test_france_says_how_a_call_to_15_works(visitor):
    visitor.get("/fr/region")
    visitor.submit("/fr/region", {"region": "fr", "next": "/fr/emergency"})
    text = visitor.get("/fr/emergency").get_data(as_text=True)
    assert "assistant de régulation" in text and "médecin" in text
