"""Region: which emergency numbers and helplines to show.

A separate choice from language (a French speaker may live in Canada), kept
in the session, defaulting from the language.
"""

from __future__ import annotations

from flask import session
from flask_babel import get_locale

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
    chosen = session.get("region")
    if chosen in get_library().helplines:
        return chosen
    return default_region(str(get_locale()))


def region_info(code: str | None = None) -> dict:
    code = code or current_region()
    return {"code": code, **get_library().helplines[code]}


# Service kinds a plan's next step may name, and the kinds of a region's
# services that answer each, best first ("helpline" is the older name of the
# drug and alcohol line). "doctor" and "locator" have no phone number.
SERVICE_ANSWERS = {
    "emergency": ("emergency",),
    "crisis": ("crisis",),
    "poison": ("poison",),
    "drug_helpline": ("drug_helpline", "alcohol_helpline", "helpline"),
    "alcohol_helpline": ("alcohol_helpline", "drug_helpline", "helpline"),
    "family_line": ("family_line", "family"),
    "domestic_violence": ("domestic_violence",),
}


def service_for(kind: str, region: dict | None = None) -> dict | None:
    """The region's service for a kind of need, or None when the region has none."""
    region = region or region_info()
    services = region.get("services", ())
    for wanted in SERVICE_ANSWERS.get(kind, ()):
        found = next((service for service in services if service.get("kind") == wanted), None)
        if found is not None:
            return dict(found)
    return None
