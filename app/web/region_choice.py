"""Region: which emergency numbers and helplines to show.

A separate choice from language (a French speaker may live in Canada), asked on
the start form and kept in the session. Before it is chosen, an explicit
country in the browser's language tags (en-CA, fr-BE) pre-selects it; a bare
language never does, and with nothing to go on the pages give the
international advice and say so.
"""

from __future__ import annotations

from flask import g, has_request_context, request, session

from ..engine.regions import Country, Region, browser_choice, countries, country_of, link_for, resolve_choice
from ..i18n.languages import current_language
from ..results.presenter import next_step_contact as contact_in
from .library import get_library

OTHER = "other"


def region_codes() -> tuple[str, ...]:
    return tuple(get_library().helplines)


def default_region(lang: str) -> str:
    """The API's region when a request names none (pages never guess from the language)."""
    for code, region in get_library().helplines.items():
        if lang in region.get("default_for_languages", ()):
            return code
    return OTHER


def pin_region(code: str) -> None:
    """This request shows a stored counselor record: its numbers and its French are the record's region's,
    whatever the counselor's own session chose."""
    g.pinned_region = code


def chosen_region() -> str | None:
    """The region a stored record pins for this request (pin_region), else the one the person chose; None if neither."""
    chosen = g.get("pinned_region") or session.get("region")
    return chosen if chosen in get_library().helplines else None


def browser_guess() -> tuple[str | None, str | None]:
    """(country, region) the browser's explicit language-COUNTRY tags point to, best first."""
    if not has_request_context():
        return None, None
    tags = [tag for tag, _quality in request.accept_languages]
    return browser_choice(get_library().helplines, tags)


def current_region() -> str:
    chosen = chosen_region()
    if chosen is not None:
        return chosen
    return browser_guess()[1] or OTHER


def region_form_choice(posted: tuple[str | None, str | None] | None = None) -> dict:
    """What the "Where are you?" question shows: the countries, and the country and region pre-selected
    (the person's choice, else what the browser's tags name; nothing from a bare language)."""
    chosen = chosen_region()
    if posted is not None:  # shown again after a problem: what was sent
        country, region = posted
    else:
        country, region = (country_of_choice(chosen), chosen) if chosen else browser_guess()
    helplines = get_library().helplines
    names = {code: region.get("province_name", region["name"]) for code, region in helplines.items()}
    return {"countries": region_countries(), "country": country, "region": region, "province_names": names}


def region_countries() -> list[Country]:
    return countries(get_library().helplines)


def country_of_choice(code: str) -> str:
    """The radio value of the country holding region `code` ('ca' for 'ca_qc', 'us' for 'us')."""
    for country in region_countries():
        if code in country.regions:
            return country.code
    return country_of(code)


def resolve_region_form(region: str | None, province: str | None) -> tuple[str | None, str | None]:
    """The region code the form sent, or (None, "region" | "province")."""
    return resolve_choice(get_library().helplines, region, province)


def region_info(code: str | None = None) -> dict:
    code = code or current_region()
    return {"code": code, **get_library().helplines[code]}


def current_region_data(code: str | None = None) -> Region:
    """The chosen region (or `code`) as a Region, to look services up by kind."""
    code = code or current_region()
    return Region(code, get_library().helplines[code])


def service_link(service: dict) -> dict | None:
    """The service's page in the reader's language when it exists, with that page's language."""
    found = link_for(service, current_language())
    return {"url": found[0], "lang": found[1]} if found else None


def service_for(kind: str, region: dict | None = None) -> dict | None:
    """The region's service for a kind of need (a plan's next step), or None when it has none."""
    data = region if region is not None else get_library().helplines[current_region()]
    found = Region("", data).service(kind)
    return dict(found) if found is not None else None


def next_step_contact(kind: str, region: Region | None = None) -> dict | None:
    """The region's service with a number for a next step (app/results/presenter.py says how it is
    chosen). `region`: the chosen one unless given (the API)."""
    return contact_in(region if region is not None else current_region_data(), kind)
