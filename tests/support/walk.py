"""Walk a whole questionnaire as a person would, whatever questionnaire is loaded.

Answers are chosen from the questionnaire itself: for each question the
first answer that raises no emergency or crisis stop, so the walk reaches
the results on any content.
"""

from __future__ import annotations

from typing import Any

from app.engine import visible_pages
from tests.support.people import complete_answers


def library_of(app):
    return app.extensions["passage_library"]


def safe_answers(app, perspective: str = "self", questionnaire_id: str = "intake") -> dict[str, Any]:
    """Every question the flow shows answered calmly, without a stop (tests/support/people.py)."""
    library = library_of(app)
    return complete_answers(library.questionnaires[questionnaire_id], library.rules[questionnaire_id])


def form_value(value: Any) -> Any:
    return [str(v) for v in value] if isinstance(value, list) else str(value)


def start(visitor, perspective: str = "self", lang: str = "en"):
    return visitor.start(lang, perspective)


def answer_everything(visitor, app, perspective: str = "self", lang: str = "en") -> dict[str, Any]:
    """Start and answer every page; returns the answers given. The visitor ends on the check page."""
    library = library_of(app)
    questionnaire = library.questionnaires["intake"]
    answers = safe_answers(app, perspective)
    start(visitor, perspective, lang)
    for page in visible_pages(questionnaire, answers):
        data = {item.id: form_value(answers[item.id]) for item in page.items if item.id in answers}
        visitor.get(f"/{lang}/intake/questions/{page.id}")
        response = visitor.submit(f"/{lang}/intake/questions/{page.id}", data)
        assert response.status_code == 200, (page.id, response.status_code)
    return answers


def see_results(visitor, app, perspective: str = "self", lang: str = "en") -> dict[str, Any]:
    answers = answer_everything(visitor, app, perspective, lang)
    page = visitor.get(f"/{lang}/intake/results")
    assert page.status_code == 200
    return answers
