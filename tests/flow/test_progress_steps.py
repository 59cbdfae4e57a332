"""The step counter never changes its total silently: when answers add or remove a topic, the page says so."""

from __future__ import annotations

from tests.support.html_page import parse, words
from tests.support.visitor import Visitor

CHANGED = "The number of steps changed: your answers added or removed questions that apply."


def progress_of(visitor: Visitor) -> str:
    return words(parse(visitor.html()).select_one("p.progress"))


def test_the_total_changes_only_with_a_reason_and_the_step_goes_on(app):
    visitor = Visitor(app.test_client())
    visitor.get("/en/intake/start")
    visitor.submit("/en/intake/start", {"perspective": "self"})
    steps = []
    for _ in range(3):  # right now, substances, pattern: weekly use (no withdrawal questions)
        steps.append(progress_of(visitor))
        visitor.answer_page({"use_frequency": "weekly", "other_substances": ["alcohol"]})
    weekly_total = steps[0].split()[-1]
    assert all(step.endswith(f"of {weekly_total}") and CHANGED not in step for step in steps)
    assert [int(step.split()[1]) for step in steps] == [1, 2, 3]
    # Back on the pattern page, daily use adds the withdrawal history: the next page says why the total grew.
    visitor.get("/en/intake/questions/pattern")
    visitor.answer_page({"use_frequency": "daily", "other_substances": ["alcohol"]})
    after = progress_of(visitor)
    assert after == f"Step 4 of {int(weekly_total) + 1} {CHANGED}"
    visitor.get(visitor.page.request.path)  # the same page again: said once, not every time
    assert CHANGED not in progress_of(visitor)
