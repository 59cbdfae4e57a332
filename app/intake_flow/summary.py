"""The answers as check-answers, the results and the PDF list them."""

from __future__ import annotations

from ..engine import FlowState


def answer_rows(flow: FlowState) -> list[dict]:
    """Each answered question with its page and answer, in questionnaire order."""
    questionnaire = flow.questionnaire
    return [
        {"item": questionnaire.item(item_id), "page": questionnaire.page_of(item_id), "value": flow.answers[item_id]}
        for item_id in flow.answered_ids()
    ]
