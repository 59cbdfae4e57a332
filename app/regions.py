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
