"""Region: which emergency numbers and helplines to show.

A separate choice from language (a French speaker may live in Canada), kept
in the session, defaulting from the language.
"""

from __future__ import annotations

from flask import g, session
from flask_babel import get_locale

from .engine.regions import Region, link_for
from .library import get_library

OTHER = "other"


def region_codes() -> tuple[str, ...]:
    return tuple(get_library().helplines)


def default_region(lang: str) -> str:
    for code, region in get_library().helplines.items():
        if lang in region.get("default_for_languages", ()):
            return code
    return OTHER


def current_region() -> str:
    # A stored counselor record pins the region it was made in (g.region) over the reader's own choice.
    chosen = g.get("region") or session.get("region")
    if chosen in get_library().helplines:
        return chosen
    return default_region(str(get_locale()))


def region_info(code: str | None = None) -> dict:
    code = code or current_region()
    return {"code": code, **get_library().helplines[code]}


def current_region_data(code: str | None = None) -> Region:
    """The chosen region (or `code`) as a Region, to look services up by kind."""
    code = code or current_region()
    return Region(code, get_library().helplines[code])


def service_link(service: dict) -> dict | None:
    """The service's page in the reader's language when it exists, with that page's language."""
    found = link_for(service, str(get_locale()))
    return {"url": found[0], "lang": found[1]} if found else None


def service_for(kind: str, region: dict | None = None) -> dict | None:
    """The region's service for a kind of need (a plan's next step), or None when it has none."""
    data = region if region is not None else get_library().helplines[current_region()]
    found = Region("", data).service(kind)
    return dict(found) if found is not None else None


# A next step that points to the person's own doctor: when they have none,
# the first of these the region lists can help them find one.
INSTEAD_OF_DOCTOR = ("drug_helpline", "locator")
# A helpline and a service finder stand in for each other where a region lists only one.
STAND_INS = {"drug_helpline": ("locator",), "locator": ("drug_helpline",)}


def next_step_contact(kind: str) -> dict | None:
    """The region's service for a next step: {"service", "instead_of_doctor", "stand_in"}, or None
    when it has none (the page then says where else to ask, never an empty box)."""
    region = current_region_data()
    found = region.service(kind)
    if found is not None:
        return {"service": dict(found), "instead_of_doctor": False, "stand_in": False}
    others = INSTEAD_OF_DOCTOR if kind == "doctor" else STAND_INS.get(kind, ())
    for other in others:
        found = region.service(other)
        if found is not None:
            return {"service": dict(found), "instead_of_doctor": kind == "doctor", "stand_in": kind != "doctor"}
    return None
