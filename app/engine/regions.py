"""Region data: the services a region offers, looked up by kind (pure: no Flask).

The web layer resolves a plan's next-step service kind (emergency, crisis,
poison, drug_helpline, locator, family_line, domestic_violence, ...) here.
"""

from __future__ import annotations

import re
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
    for word in region.get("french_words") or ():
        if word["source"] not in sources:
            problems.append(f"region '{code}', word '{word['france']}': source '{word['source']}' is not in sources.yaml")
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
