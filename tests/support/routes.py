"""Every route of an app, read from its URL map (so a new route is covered without editing a test),
as an address built with sample values."""

from __future__ import annotations

import re


def sample_values(app, lang: str) -> dict[str, str]:
    questionnaire = app.extensions["passage_library"].questionnaires["intake"]
    return {
        "lang_code": lang,
        "questionnaire_id": "intake",
        "page_id": questionnaire.pages[0].id,
        "name": "baclofen",
        "filename": "passage.css",
        # Counselor workspace ids (app/counsel): nobody is signed in here, so any id will do.
        "record_id": "1",
        "counselor_id": "1",
        "service_id": "1",
    }


def every_url(app, lang: str):
    """(endpoint, url, methods) for every rule, built with sample values."""
    values = sample_values(app, lang)
    for rule in app.url_map.iter_rules():
        path = rule.rule
        for argument in rule.arguments:
            path = re.sub(rf"<(?:[^:>]+:)?{argument}>", values[argument], path)
        yield rule.endpoint, path, rule.methods - {"HEAD", "OPTIONS"}
