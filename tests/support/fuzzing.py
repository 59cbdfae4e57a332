"""What the fuzz tests (web/test_fuzz_forms.py, counsel/test_fuzz_counsel.py) share: hypothesis
settings and value strategies, and the answers a session holds before and after a request."""

from __future__ import annotations

from flask import session
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from app.engine import visible_items

# Per route; with ten routes, about 3,000 inputs in a minute or so on one core.
EXAMPLES = 300
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
COOKIE = "passage_session"

printable = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
awkward = st.sampled_from(["", " ", "0", "-1", "1e9", "99999999999999999999", "none", "unknown", "\x00", "<script>", "%0d%0a"])
# Hypothesis leans to small and boundary draws; a uniform pick keeps "usually" at four in five.
usually = st.sampled_from([True, True, True, True, False])
any_value = st.one_of(printable, awkward, st.integers(-(10**12), 10**12).map(str))
lang = st.sampled_from(["en", "fr"] * 4 + ["de", "xx"])


def answers_in(cookie: str | None, app) -> dict:
    """The answers a session cookie holds, read by `app`."""
    if cookie is None:
        return {}
    with app.test_request_context("/", headers={"Cookie": f"{COOKIE}={cookie}"}):
        return dict(session.get("progress:intake", {}).get("answers", {}))


def lost_answers(before: dict, after: dict, page_items: set[str], app) -> list[str]:
    """Answers gone that should not be: not on the page sent, and their question still shown."""
    shown_now = set(visible_items(app.extensions["passage_library"].questionnaires["intake"], after))
    return [item for item in before if item not in after and item not in page_items and item in shown_now]
