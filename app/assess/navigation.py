"""Where the questionnaire flow goes next, shared by the blueprints that lead back into it.

Everything is passed in (questionnaire, rules, answers): nothing is read from
`g`, so the pages and keep blueprints can use it without the assess views.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import flash, session, url_for
from flask_babel import gettext as _

from ..engine import first_unanswered_page, pages_until_stop, visible_pages
from ..engine.flow import raised_pause
from ..engine.model import Page, Questionnaire, RuleSet
from .progress import Progress


def flash_if_expired() -> bool:
    """Tell the person their answers were cleared for privacy, if that is why they are gone."""
    if getattr(session, "expired", False):
        flash(_("For your privacy, answers are cleared after a while without activity. Please start again."))
        return True
    return False


def question_url(questionnaire: Questionnaire, page_id: str, **extra: Any) -> str:
    return url_for("assess.question_page", questionnaire_id=questionnaire.id, page_id=page_id, **extra)


def next_url(
    questionnaire: Questionnaire,
    rules: RuleSet,
    answers: Mapping[str, Any],
    after: Page | None = None,
    returning: bool = False,
) -> str:
    """The next page: the one after `after` if given, else the first still to answer, else check answers.

    Someone changing an answer from the check page goes back there as soon as
    nothing is missing, and is kept on that round trip meanwhile.
    """
    if after is not None:
        ids = [p.id for p in visible_pages(questionnaire, answers)]
        if after.id in ids and ids.index(after.id) + 1 < len(ids):
            return question_url(questionnaire, ids[ids.index(after.id) + 1])
    first_open = first_unanswered_page(questionnaire, rules, answers)
    if first_open is not None:
        return question_url(questionnaire, first_open.id, **({"return": "check"} if returning else {}))
    return url_for("assess.check", questionnaire_id=questionnaire.id)


def stopped_by_emergency(questionnaire: Questionnaire, rules: RuleSet, progress: Progress) -> bool:
    """True when this person's own answers stopped the questions for an emergency."""
    return progress.started and pages_until_stop(questionnaire, rules, progress.answers)[1] == "emergency"


def crisis_continue_url(questionnaire: Questionnaire, rules: RuleSet, progress: Progress) -> str | None:
    """After crisis help raised by this person's answers, where the questions go on (else None)."""
    if not progress.started:
        return None
    pause_pages = [
        page
        for page in visible_pages(questionnaire, progress.answers)
        if raised_pause(questionnaire, rules, progress.answers, page) == "crisis"
    ]
    if not pause_pages:
        return None
    if progress.returning_to_check:
        return next_url(questionnaire, rules, progress.answers, returning=True)
    return next_url(questionnaire, rules, progress.answers, after=pause_pages[-1])
