"""A choice question's field made once and ticked (choice_field, app/i18n/templating.py) is, byte for byte,
what the question page's macro draws for the same answer: every question, its answers, each perspective,
both languages and the regional French; a medicine's brand names are the region's own."""

from __future__ import annotations

from itertools import pairwise

import pytest
from flask import render_template_string
from flask_babel import force_locale

from app.engine.model import PERSPECTIVES
from app.i18n.wording import current_wording
from app.web.region_choice import pin_region
from tests.support.html_page import parse

MACRO = '{% from "_macros.html" import choices with context %}{{ choices(item, value, none, perspective) }}'
MADE_ONCE = "{{ choice_field(item, value, perspective) }}"


def _choice_items(app):
    for questionnaire in app.extensions["passage_library"].questionnaires.values():
        for page in questionnaire.pages:
            yield from (item for item in page.items if item.kind != "number")


def _values(item, options: list[str]) -> list:
    """None, each answer alone, and for several boxes: two together, and all of them."""
    if item.kind != "multiple":
        return [None, *options]
    return [None, [], *([value] for value in options), *(list(pair) for pair in pairwise(options)), options]


def _both(item, value, perspective: str) -> tuple[str, str]:
    values = {"item": item, "value": value, "perspective": perspective}
    return render_template_string(MACRO, **values), render_template_string(MADE_ONCE, **values)


@pytest.mark.parametrize("locale", ["en", "fr", "fr_CA"])
def test_the_field_made_once_is_the_macros_field_for_every_answer(app, locale):
    compared = 0
    with app.test_request_context(f"/{locale[:2]}/intake/start"), force_locale(locale):
        said = current_wording()
        for item in _choice_items(app):
            for perspective in PERSPECTIVES if locale == "en" else ("self",):
                options = [value for value, _label in said.choices(item, perspective)]
                for value in _values(item, options):
                    drawn, made_once = _both(item, value, perspective)
                    assert made_once == drawn, (item.id, value, perspective)
                    compared += 1
    assert compared > 100  # every question of the real questionnaire, not a few


def test_a_chosen_box_is_ticked_and_no_other(app):
    item = next(item for item in _choice_items(app) if item.kind == "multiple" and len(item.options) > 2)
    chosen = [item.options[0].value, item.options[2].value]
    with app.test_request_context("/en/intake/start"):
        page = parse(render_template_string(MADE_ONCE, item=item, value=chosen, perspective="self"))
        again = parse(render_template_string(MADE_ONCE, item=item, value=None, perspective="self"))
    assert [box["value"] for box in page.select("input[checked]")] == chosen
    assert again.select("input[checked]") == []  # the field kept for everyone was not ticked by the first


def test_a_medicines_brand_names_are_the_regions_own(app):
    item = next(item for item in _choice_items(app) if item.medicine)
    helplines = app.extensions["passage_library"].helplines
    listed = [code for code, region in helplines.items() if (region.get("medicine_brands") or {}).get(item.medicine)]
    unlisted = next(code for code in helplines if code not in listed)
    assert len(listed) >= 2, "at least two regions name the medicine's brands"
    seen = {}
    for code in [*listed, unlisted]:
        with app.test_request_context("/en/intake/start"):
            pin_region(code)
            drawn, made_once = _both(item, None, "self")
        assert made_once == drawn, code
        seen[code] = parse(made_once).select_one(".brand-names")
    for code in listed:
        names = helplines[code]["medicine_brands"][item.medicine]["names"]
        assert all(str(name) in seen[code].get_text() for name in names), code
    assert seen[unlisted] is None
