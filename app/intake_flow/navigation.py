"""Where the questionnaire flow goes next, shared by the blueprints that lead back into it.

Everything is read from a FlowState passed in: nothing is recomputed here, and
the pages and keep blueprints can use it without the assess views.
"""

from __future__ import annotations

from typing import Any

from flask import flash, session, url_for

from ..engine import FlowState
from ..engine.model import Page, Questionnaire
from ..i18n.wording import gettext as _
from .progress import Progress


def flash_if_expired() -> bool:
    """Tell the person their answers were cleared for privacy, if that is why they are gone."""
    if getattr(session, "expired", False):
        flash(_("For your privacy, answers are cleared after a while without activity. Please start again."))
        return True
    return False


def question_url(questionnaire: Questionnaire, page_id: str, **extra: Any) -> str:
    return url_for("assess.question_page", questionnaire_id=questionnaire.id, page_id=page_id, **extra)


def next_url(flow: FlowState, after: Page | None = None, returning: bool = False) -> str:
    """The next page: the one after `after` if given, else the first still to answer, else check answers.

    Someone changing an answer from the check page goes back there as soon as
    nothing is missing, and is kept on that round trip meanwhile.
    """
    following = flow.page_after(after) if after is not None else None
    if following is not None:
        return question_url(flow.questionnaire, following.id)
    if flow.next_open is not None:
        return question_url(flow.questionnaire, flow.next_open.id, **({"return": "check"} if returning else {}))
    return url_for("assess.check", questionnaire_id=flow.questionnaire.id)


def stopped_by_emergency(flow: FlowState | None) -> bool:
    """True when this person's own answers (None: no questions started) stopped the questions for an emergency."""
    return flow is not None and flow.stop == "emergency"


def crisis_continue_url(progress: Progress, flow: FlowState | None) -> str | None:
    """After crisis help raised by this person's answers, where the questions go on (else None)."""
    if flow is None:
        return None
    pause_pages = [page for page in flow.pages if flow.pause_raised_on(page) == "crisis"]
    if not pause_pages:
        return None
    if progress.returning_to_check:
        return next_url(flow, returning=True)
    return next_url(flow, after=pause_pages[-1])
