"""Answers kept on the server behind a resume code (app/keep), as keep/ and privacy/ tests read them."""

from __future__ import annotations

from sqlalchemy import select

from app.answer_store.models import SavedAnswers
from app.extensions import db
from tests.support import html_page


def save_with_code(visitor, lang="en") -> str:
    """Keep the answers with a resume code, as the person asks on the keep page: the code shown."""
    visitor.get(f"/{lang}/intake/keep")
    page = visitor.submit(f"/{lang}/intake/keep/code", {})
    assert page.status_code == 200
    code = html_page.text_of(page.get_data(as_text=True), "#resume-code")
    assert code, "no resume code on the page"
    return code


def saved_rows(app) -> list[SavedAnswers]:
    """The saved answer sets in the app's database."""
    with app.app_context():
        return list(db.session.scalars(select(SavedAnswers)))
