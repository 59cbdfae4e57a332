"""The presenter's inputs gathered for a request: the answers in the reader's words with their
change links, the region, whether a result may be shown at all."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import redirect, request, session, url_for

from ..engine import FlowState
from ..engine.assessment import Assessment, Flagged
from ..engine.model import Questionnaire, RuleSet
from ..engine.regions import Region
from ..i18n import words
from ..i18n.languages import select_language
from ..i18n.wording import Wording, current_wording
from .presenter import AnswerLine, AnswerTopic, ResultView, present


def not_ready(started: bool, flow: FlowState) -> str | None:
    """Why no result can be shown yet, or None: "start" (nothing begun), "unanswered" (a page is
    still open), "emergency" (emergency guidance comes first, whatever page raised it). The one
    check the results page, the PDF and the check page share."""
    if not started:
        return "start"
    if flow.next_open is not None:
        return "unanswered"
    if flow.stop == "emergency" or flow.flagged.flags_of("emergency"):
        return "emergency"
    return None


def emergency_url(flagged: Flagged | Assessment) -> str:
    """The emergency page, titled for this kind of emergency; the kind stays in the session, never in the URL."""
    session["emergency_kind"] = words.emergency_page(flagged.emergency_kinds)
    return url_for("pages.emergency")


def to_emergency(flagged: Flagged | Assessment):
    return redirect(emergency_url(flagged))


def answer_lines(
    questionnaire: Questionnaire, answers: Mapping[str, Any], perspective: str, said: Wording, change_links: bool = True
) -> dict[str, AnswerLine]:
    """Each answer the questionnaire knows, in the reader's words, with where to change it."""
    lines = {}
    for item_id, value in answers.items():
        item = questionnaire.items_by_id.get(item_id)
        if item is None:
            continue
        question = said.text(item.text, perspective)
        page_id = questionnaire.page_of(item_id).id
        change_url = f"{_change_url(said, questionnaire.id, page_id)}#{item_id}-0" if change_links else ""
        label = said(item.short) if item.short else question
        lines[item_id] = AnswerLine(item_id, question, said.answer(item, value, perspective), change_url, label)
    return lines


def answer_topics(flow: FlowState, lines: Mapping[str, AnswerLine]) -> tuple[AnswerTopic, ...]:
    """The answers given, under their topic in questionnaire order, each topic with its change link. Grouped
    here, not in the template: with loop.changed and each row read as attributes of a dict, the list was a
    fifth of the results page's instructions; grouped here, 40% less."""
    questionnaire, said = flow.questionnaire, current_wording()
    topics: list[AnswerTopic] = []
    for item_id in flow.answered_ids():
        if item_id not in lines:
            continue
        page, line = questionnaire.page_of(item_id), lines[item_id]
        if topics and topics[-1].page is page:
            topics[-1] = AnswerTopic(page, topics[-1].change_url, (*topics[-1].lines, line))
        else:
            topics.append(AnswerTopic(page, _change_url(said, questionnaire.id, page.id), (line,)))
    return tuple(topics)


def _change_url(said: Wording, questionnaire_id: str, page_id: str) -> str:
    """Where an answer on `page_id` is changed, back to the check page; the same for everyone in one
    language, so built once per process (and prefix), not at every view (about 30 µs each)."""
    back_to_check = {"return": "check"}  # `return` is a keyword: passed by name through a dict

    def build() -> str:
        return url_for("assess.question_page", questionnaire_id=questionnaire_id, page_id=page_id, **back_to_check)  # type: ignore[arg-type]

    return said.kept(("change-url", questionnaire_id, page_id, select_language(), request.script_root), build)


def view_of_flow(flow: FlowState, region: Region, perspective: str | None = None) -> ResultView:
    """The result of the answers in progress (`perspective`: another reader's words, e.g. the client's PDF)."""
    perspective = perspective or flow.perspective
    lines = answer_lines(flow.questionnaire, flow.answers, perspective, current_wording())
    rows = flow.questionnaire.clinical_summary
    return present(flow.assessment, flow.answers, flow.rules, region, perspective, lines, summary_rows=rows)


def view_of_record(
    assessment: Assessment,
    answers: Mapping[str, Any],
    questionnaire: Questionnaire | None,
    rules: RuleSet | None,
    region: Region,
    perspective: str,
) -> ResultView:
    """A stored result as it was decided. Its answers are named only when the questionnaire it was made
    with is at hand (`questionnaire`), and never with change links: a record is not changed from its page."""
    said = current_wording()
    lines = answer_lines(questionnaire, answers, perspective, said, change_links=False) if questionnaire is not None else {}
    rows = questionnaire.clinical_summary if questionnaire is not None else ()
    return present(assessment, answers, rules, region, perspective, lines, with_change_links=False, summary_rows=rows)
