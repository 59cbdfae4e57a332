"""The counselor's session end, said before it happens: in words on every workspace page (works
without JavaScript), and with JavaScript as a live warning two minutes before the idle limit."""

from __future__ import annotations

import pytest

from .counsel_states import _sign_in


@pytest.mark.parametrize(
    "lang, words", [("en", "Without activity, this session ends at"), ("fr", "Sans activité, cette session prend fin à")]
)
def test_without_javascript_the_page_says_when_the_session_ends(new_page, site, lang, words):
    page = new_page(java_script_enabled=False)
    _sign_in(page, site, lang)
    assert page.text_content("#session-ends").strip().startswith(words)
    assert page.is_hidden("#idle-warning-now")


def test_with_javascript_a_warning_shows_two_minutes_before_the_idle_limit(new_page, site):
    page = new_page()
    page.clock.install()
    _sign_in(page, site, "en")
    page.wait_for_load_state("load")
    idle_seconds = site.app.config["COUNSEL_IDLE_MINUTES"] * 60
    # Counted from the sign-in a moment ago, the activity last written.
    warn_after = int(page.get_attribute("#idle-warning", "data-warn-after"))
    assert idle_seconds - 125 <= warn_after <= idle_seconds - 120
    page.clock.fast_forward((warn_after - 1) * 1000)
    assert page.is_hidden("#idle-warning-now"), "warned too early"
    page.clock.fast_forward(2 * 1000)
    assert page.is_visible("#idle-warning-now")
    assert "two minutes" in page.text_content("#idle-warning-now")
