"""Every page state, in English and French, meets WCAG 2.2 AA as far as a machine can tell.

axe-core finds no violation; on top of it: choices are grouped in fieldsets
with the question as legend, errors are tied to their fields and the error
summary takes focus, nothing is inline that a strict CSP would block, every
target is at least 24x24 px on a small phone, the page language is right,
and nothing needs horizontal scrolling at 320 px nor at 200% zoom.
"""

from __future__ import annotations

import pytest

from . import checks
from .page_states import PAGE_STATES
from .site import LANGUAGES

SMALL_PHONE = {"width": 320, "height": 640}
ZOOM_200 = {"width": 640, "height": 450}  # a 1280x900 window at 200% zoom


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("state", PAGE_STATES, ids=lambda state: state.name)
def test_page_state_is_accessible(state, lang, new_page, site):
    page = new_page()
    state.reach(page, site, lang)
    problems = []
    html_lang = page.get_attribute("html", "lang")
    if html_lang != lang:
        problems.append(f'<html lang="{html_lang}"> on a page in {lang}')
    problems += checks.axe_violations(page)
    problems += checks.form_structure_problems(page)
    problems += checks.error_link_problems(page)
    problems += checks.inline_code_problems(page)
    has_summary = page.query_selector("#error-summary") is not None
    if state.error and not has_summary:
        problems.append("no error summary on an error page")
    if state.error and checks.focused_element_id(page) != "error-summary":
        problems.append(f"the error summary does not have focus (focus is on #{checks.focused_element_id(page)})")
    if not state.error and has_summary:
        problems.append("an error summary on a page that should have no error: " + page.text_content("#error-summary"))
    for viewport, what in ((SMALL_PHONE, "at 320 px wide"), (ZOOM_200, "at 200% zoom")):
        page.set_viewport_size(viewport)
        overflow = checks.horizontal_overflow(page)
        if overflow:
            problems.append(f"{what}: {overflow}")
        if viewport is SMALL_PHONE:
            problems += [f"{what}: {problem}" for problem in checks.target_size_problems(page)]
    assert not problems, f"{state.name} ({lang}):\n" + "\n".join(problems)
