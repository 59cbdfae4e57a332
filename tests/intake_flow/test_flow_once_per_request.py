"""Each request works the flow out once: one FlowState per set of answers, at most one assessment.

The engine's own steps are counted while one request is served: deciding
which items apply (visible_items), raising red flags (raise_red_flags, the
first step of an assessment, all the flow needs to know where it stops) and
rating dimensions (rate_dimensions, which every full assessment runs once).
A view that recomputed the flow in each helper, or assessed again for the
PDF, would make these counts grow.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from unittest import mock

import pytest

from app.engine import assessment as engine_assessment
from tests.support.visitor import Visitor
from tests.support.walk import answer_everything, form_value, library_of, safe_answers, start

COUNTED = ("visible_items", "raise_red_flags", "rate_dimensions")


@contextmanager
def counting_engine_steps():
    counts: Counter[str] = Counter()
    patches = []
    for name in COUNTED:
        original = getattr(engine_assessment, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            counts[_name] += 1
            return _original(*args, **kwargs)

        patches.append(mock.patch.object(engine_assessment, name, counted))
    for patch in patches:
        patch.start()
    try:
        yield counts
    finally:
        for patch in patches:
            patch.stop()


def served(visitor: Visitor, method: str, url: str, data: dict | None = None) -> tuple[int, Counter[str]]:
    """One request (redirects not followed) and the engine steps it ran."""
    with counting_engine_steps() as counts:
        response = visitor.get(url) if method == "GET" else visitor.submit(url, data or {}, follow_redirects=False)
    return response.status_code, counts


@pytest.fixture
def halfway(app):
    """A visitor on the second page of the real questionnaire, the first page answered calmly."""
    visitor = Visitor(app.test_client())
    start(visitor)
    questionnaire = library_of(app).questionnaires["intake"]
    first = questionnaire.pages[0]
    answers = safe_answers(app)
    visitor.get(f"/en/intake/questions/{first.id}")
    data = {item.id: form_value(answers[item.id]) for item in first.items if item.id in answers}
    visitor.submit(f"/en/intake/questions/{first.id}", data)
    return visitor, questionnaire, answers


def test_a_question_page_shown_works_the_flow_out_once_and_assesses_nothing(halfway):
    visitor, questionnaire, _answers = halfway
    status, counts = served(visitor, "GET", f"/en/intake/questions/{questionnaire.pages[1].id}")
    assert status == 200
    assert counts["visible_items"] == 1
    assert counts["raise_red_flags"] == 1
    assert counts["rate_dimensions"] == 0


def test_an_answer_posted_works_the_flow_out_before_and_after_the_change_only(halfway):
    visitor, questionnaire, answers = halfway
    page = questionnaire.pages[1]
    visitor.get(f"/en/intake/questions/{page.id}")
    data = {item.id: form_value(answers[item.id]) for item in page.items if item.id in answers}
    status, counts = served(visitor, "POST", f"/en/intake/questions/{page.id}", data)
    assert status == 302
    # One pass for the answers as they were; for the new answers, one pass per
    # answer a change can hide (at most twice on a first answer to a page).
    assert counts["visible_items"] <= 3
    assert counts["raise_red_flags"] == 2
    assert counts["rate_dimensions"] == 0


def test_an_emergency_answer_reaches_the_emergency_page_without_a_full_assessment(app):
    visitor = Visitor(app.test_client())
    start(visitor)
    first = library_of(app).questionnaires["intake"].pages[0]
    visitor.get(f"/en/intake/questions/{first.id}")
    fields = visitor.fields()
    name, field = next(iter(fields.items()))
    danger = next(value for value in field["values"] if value not in ("none", "no", "unknown"))
    status, counts = served(visitor, "POST", f"/en/intake/questions/{first.id}", {name: danger})
    assert status == 302
    assert "/emergency" in visitor.page.headers["Location"]
    assert counts["raise_red_flags"] == 2
    assert counts["rate_dimensions"] == 0


@pytest.fixture
def finished(app):
    visitor = Visitor(app.test_client())
    answer_everything(visitor, app)
    return visitor


def test_check_answers_works_the_flow_out_once(finished):
    status, counts = served(finished, "GET", "/en/intake/check")
    assert status == 200
    assert counts == Counter({"visible_items": 1, "raise_red_flags": 1})


def test_the_results_page_assesses_once(finished):
    status, counts = served(finished, "GET", "/en/intake/results")
    assert status == 200
    assert counts == Counter({"visible_items": 1, "raise_red_flags": 1, "rate_dimensions": 1})


def test_the_pdf_assesses_once(finished):
    finished.get("/en/intake/results")
    status, counts = served(finished, "POST", "/en/intake/results/pdf")
    assert status == 200
    assert finished.page.mimetype == "application/pdf"
    assert counts == Counter({"visible_items": 1, "raise_red_flags": 1, "rate_dimensions": 1})
