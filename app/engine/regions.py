"""Region data: the services a region offers, looked up by kind (pure: no Flask).

The web layer resolves a plan's next-step service kind (emergency, crisis,
poison, drug_helpline, locator, family_line, domestic_violence, housing, ...) here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# The phone lines and service finders of the "Phone numbers" boxes.
HELPLINE_KINDS = (
    "emergency",
    "crisis",
    "poison",
    "drug_helpline",
    "alcohol_helpline",
    "family_line",
    "domestic_violence",
    "locator",
    "housing",
)
# Groups and naloxone, shown in their own boxes on the results (a link, maybe no number).
GROUP_KINDS = ("support_group", "family_support_group", "naloxone")
# Every kind a page can show. A region lists each one, or says in
# `not_listed` why it is left out (then the page hides that box).
SHOWN_KINDS = HELPLINE_KINDS + GROUP_KINDS
# Kinds with a stand-in: a region without an alcohol line sends people to its drug line.
FALLBACK_KINDS = {"alcohol_helpline": "drug_helpline", "family_line": "drug_helpline"}


@dataclass(frozen=True)
class Region:
    code: str
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.data["name"])

    @property
    def emergency_number(self) -> str | None:
        number = self.data.get("emergency_number")
        return str(number) if number else None

    def services(self, *kinds: str) -> list[dict[str, Any]]:
        """The region's services of these kinds (its phone lines and finders when none given), in file order."""
        wanted = kinds or HELPLINE_KINDS
        return [s for s in self.data["services"] if s["kind"] in wanted]

    def lines(self) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
        """The region's phone lines and finders, each once with every kind it serves (one line may be both the drug
        helpline and the line for families): (kinds, service), in file order."""
        found: dict[tuple[str, str], tuple[list[str], dict[str, Any]]] = {}
        for service in self.services():
            kinds, _first = found.setdefault((service["name"], str(service.get("number") or service.get("url"))), ([], service))
            kinds.append(service["kind"])
        return [(tuple(kinds), service) for kinds, service in found.values()]

    def brands(self, medicine: str | None) -> list[str]:
        """The names a medicine is sold under in this region (empty when none is listed)."""
        found = (self.data.get("medicine_brands") or {}).get(medicine or "")
        return [str(name) for name in found["names"]] if found else []

    def service(self, kind: str) -> dict[str, Any] | None:
        """The first service of a kind, or its stand-in; None when the region has neither
        (and always for "doctor": the person's own doctor is not a listed service)."""
        found = self.services(kind)
        if found:
            return found[0]
        fallback = FALLBACK_KINDS.get(kind)
        return self.service(fallback) if fallback else None


def link_for(service: dict[str, Any], lang: str) -> tuple[str, str] | None:
    """(url, language of that page): the page in `lang` when there is one."""
    links: dict[str, str] = service.get("links") or {}
    if lang in links:
        return links[lang], lang
    for other_lang, url in links.items():
        return url, other_lang
    return None


def check_region(code: str, region: dict[str, Any], sources: dict[str, dict[str, Any]]) -> list[str]:
    """What is wrong with one region's data, as readable sentences (empty when valid)."""
    problems = []
    listed = {service["kind"] for service in region["services"]}
    left_out = set(region.get("not_listed") or {})
    for kind in SHOWN_KINDS:
        if kind not in listed and kind not in left_out:
            problems.append(f"region '{code}' has no '{kind}' service and does not say why in not_listed")
        if kind in listed and kind in left_out:
            problems.append(f"region '{code}' lists '{kind}' and also says it is not listed")
    for index, service in enumerate(region["services"], start=1):
        problems.extend(_check_service(code, index, service, sources))
    for medicine, brands in (region.get("medicine_brands") or {}).items():
        if brands["source"] not in sources:
            problems.append(f"region '{code}', brands of '{medicine}': source '{brands['source']}' is not in sources.yaml")
    return problems


def _check_service(code: str, index: int, service: dict[str, Any], sources: dict[str, dict[str, Any]]) -> list[str]:
    where = f"region '{code}', service {index} ({service['kind']})"
    if not service.get("source"):
        return [f"{where}: has no source"]
    source = sources.get(service["source"])
    if source is None:
        return [f"{where}: source '{service['source']}' is not in sources.yaml"]
    if source.get("url_fr") and "fr" not in service["links"]:
        return [f"{where}: French pages would link to an English-only page, but the French page {source['url_fr']} exists"]
    return []


def regional_french(text: str, words: list[dict[str, Any]]) -> str:
    """French text with France's words swapped for the region's (BPCO -> MPOC in Québec).

    Whole words only, and a capital first letter is kept (Cookie -> Témoin).
    """
    for word in words:
        text = _swap(text, str(word["france"]), str(word["local"]))
    return text


def _swap(text: str, france: str, local: str) -> str:
    def replace(match: re.Match[str]) -> str:
        return local[:1].upper() + local[1:] if match.group(0)[:1].isupper() and france[:1].islower() else local

    return re.sub(rf"(?<!\w){re.escape(france)}(?!\w)", replace, text, flags=re.IGNORECASE if france.islower() else 0)


# --- Where the person is: countries, provinces, and what a browser's language tags suggest ------


@dataclass(frozen=True)
class Country:
    """One choice of the "Where are you?" question: a region, or a country whose regions
    (Canada's provinces) are asked next."""

    code: str
    name: str
    regions: tuple[str, ...]

    @property
    def asks_province(self) -> bool:
        return len(self.regions) > 1


def country_of(code: str) -> str:
    """The country a region belongs to: 'ca' for 'ca_qc', the code itself for a whole country."""
    return code.split("_", 1)[0]


def countries(helplines: dict[str, dict[str, Any]]) -> list[Country]:
    """The regions grouped by country, in file order."""
    grouped: dict[str, list[str]] = {}
    for code in helplines:
        grouped.setdefault(country_of(code), []).append(code)
    found = []
    for country, codes in grouped.items():
        first = helplines[codes[0]]
        name = first.get("country_name", first["name"]) if len(codes) > 1 else first["name"]
        found.append(Country(country if len(codes) > 1 else codes[0], str(name), tuple(codes)))
    return found


def resolve_choice(
    helplines: dict[str, dict[str, Any]], region: str | None, province: str | None
) -> tuple[str | None, str | None]:
    """(region code, None) for what the form sent, or (None, "region" | "province") naming what is missing."""
    province = province if province in helplines else None
    if region in helplines:
        return region, None
    for country in countries(helplines):
        if country.asks_province and region == country.code:
            if province in country.regions:
                return province, None
            return None, "province"
    if not region and province is not None:  # a province chosen where the country radio was not shown
        return province, None
    return None, "region"


def browser_choice(helplines: dict[str, dict[str, Any]], tags: Iterable[str]) -> tuple[str | None, str | None]:
    """(country, region) that a browser's language tags, best first, point to: only an explicit
    country (en-CA, fr-BE) counts, never a bare language. The first tag naming a country decides;
    a country with several regions gives the country only (the province is asked)."""
    for tag in tags:
        named = _country_in_tag(tag)
        if named is None:
            continue
        codes = [code for code, region in helplines.items() if named in (region.get("browser_countries") or ())]
        if not codes:
            return None, None
        return country_of(codes[0]) if len(codes) > 1 else codes[0], codes[0] if len(codes) == 1 else None
    return None, None


def _country_in_tag(tag: str) -> str | None:
    """'CA' for 'fr-CA' or 'fr_ca', None for 'fr' (BCP 47: the region is the 2-letter subtag after the language)."""
    for part in tag.replace("_", "-").split("-")[1:]:
        if len(part) == 2 and part.isalpha():
            return part.upper()
    return None
