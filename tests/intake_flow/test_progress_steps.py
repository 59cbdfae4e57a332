"""The step counter never jumps (issue 26: "Step 1 of 12" then "Step 5 of 13").

Going forward the step goes up by one a page and ends at "N of N"; the total never grows, it only
shrinks when an answer rules a topic out, and the page says so once. Only changing an earlier answer
can make it grow, and then the page says so too.
"""

from __future__ import annotations

import pytest

from tests.support.html_page import parse, words
from tests.support.visitor import Visitor

FEWER = "Fewer steps: given your answers, some questions do not apply."
MORE = "More steps: a changed answer means more questions apply."

# Answer paths that add or remove topics: withdrawal history (daily or weekly use), the safety page
# (thoughts of suicide, no plan), the household (no home).
PATHS = {
    "calm": {},
    "weekly": {"use_frequency": "weekly", "other_substances": ["alcohol"]},
    "daily_baclofen": {"baclofen_use": "not_prescribed", "use_frequency": "daily", "other_substances": ["alcohol"]},
    "no_home": {"use_frequency": "less_often", "housing": "none"},
    "thoughts_of_suicide": {"suicidal_thoughts": "yes", "suicidal_plan": "no"},
}


def progress_of(visitor: Visitor) -> str:
    return words(parse(visitor.html()).select_one("p.progress"))


def counters(visitor: Visitor, plan: dict) -> list[tuple[int, int, str]]:
    """(step, total, what the counter says) on each question page until the questions end."""
    seen = []
    for _ in range(40):
        path = visitor.page.request.path
        if "/questions/" not in path:
            return seen
        text = progress_of(visitor)
        _, step, _, total, *_ = text.split()
        seen.append((int(step), int(total), text))
        visitor.answer_page(plan)
    raise AssertionError("the questionnaire did not end")


@pytest.mark.parametrize("perspective", ["self", "family", "counselor"])
@pytest.mark.parametrize("path", list(PATHS))
def test_the_step_goes_up_by_one_and_the_total_never_grows(app, perspective, path):
    visitor = Visitor(app.test_client())
    visitor.get("/en/intake/start")
    visitor.submit("/en/intake/start", {"perspective": perspective})
    seen = counters(visitor, PATHS[path])
    steps = [step for step, _, _ in seen]
    totals = [total for _, total, _ in seen]
    assert steps == list(range(1, len(seen) + 1)), seen
    assert all(later <= earlier for earlier, later in zip(totals, totals[1:], strict=False)), seen
    assert totals[-1] == steps[-1], seen  # the last question page is "N of N": no surprise at the end
    for (_, before, _), (_, after, text) in zip(seen, seen[1:], strict=False):
        assert (FEWER in text) == (after < before), text  # a smaller total is said on the page where it happens
        assert MORE not in text


def test_a_changed_earlier_answer_that_adds_a_topic_says_so_once(app):
    visitor = Visitor(app.test_client())
    visitor.get("/en/intake/start")
    visitor.submit("/en/intake/start", {"perspective": "self"})
    weekly = PATHS["weekly"]
    for _ in range(3):  # right now, substances, pattern (weekly use: no withdrawal history)
        visitor.answer_page(weekly)
    first = progress_of(visitor)
    assert first.startswith("Step 4 of ") and FEWER in first
    total = int(first.split()[3])
    # Back on the pattern page, daily use brings the withdrawal history back: the next page says why.
    visitor.get("/en/intake/questions/pattern")
    assert progress_of(visitor) == f"Step 3 of {total}"
    visitor.answer_page({"use_frequency": "daily", "other_substances": ["alcohol"]})
    assert progress_of(visitor) == f"Step 4 of {total + 1} {MORE}"
    visitor.get(visitor.page.request.path)  # the same page again: said once, not every time
    assert progress_of(visitor) == f"Step 4 of {total + 1}"
