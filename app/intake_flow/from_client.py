"""An intake that began from the client's own answers (issue 29), in the counselor's session.

A counselor enters a client's share code; the client's answers (self or family perspective)
become the counselor's answers in progress, each checked again for the counselor perspective
with the engine's clean_item_answer. The session then keeps, beside those answers, only what
the pages need to tell the two apart:
- pending: answers still as the client gave them (marked "from the client" on check answers)
  until the counselor confirms or changes them;
- changed: the client's answer to each question the counselor then answered otherwise;
- to_ask: questions whose answer could not be carried over (a value the counselor perspective
  does not allow): dropped, so the flow asks them again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import session

from ..engine import FlowState, clean_item_answer, flow_state
from ..engine.model import Questionnaire, RuleSet
from ..i18n.wording import current_wording

PERSPECTIVE = "counselor"


@dataclass
class FromClient:
    perspective: str  # whose answers they were: self (the client) or family (someone close to them)
    pending: list[str] = field(default_factory=list)
    changed: dict[str, Any] = field(default_factory=dict)
    to_ask: list[str] = field(default_factory=list)

    @property
    def by_family(self) -> bool:
        """Someone close to the client answered about them (the pages word what they gave that way)."""
        return self.perspective == "family"


def _key(questionnaire_id: str) -> str:
    return f"from_client:{questionnaire_id}"


def carried_over(
    questionnaire: Questionnaire, rules: RuleSet, answers: dict[str, Any], perspective: str
) -> tuple[FlowState, FromClient]:
    """The client's answers as the counselor's: each cleaned for the counselor perspective; one
    the counselor may not give is left to ask, never an error."""
    kept: dict[str, Any] = {}
    to_ask: list[str] = []
    for item_id, raw in answers.items():
        item = questionnaire.items_by_id.get(item_id)
        if item is None:
            continue
        value, problem = clean_item_answer(item, raw, PERSPECTIVE)
        if problem is not None or value is None:
            to_ask.append(item_id)
        else:
            kept[item_id] = value
    flow = flow_state(questionnaire, rules, kept, PERSPECTIVE)
    return flow, FromClient(perspective, pending=list(flow.answers), to_ask=to_ask)


def save_from_client(questionnaire_id: str, state: FromClient) -> None:
    session[_key(questionnaire_id)] = {
        "perspective": state.perspective,
        "pending": state.pending,
        "changed": state.changed,
        "to_ask": state.to_ask,
    }


def from_client(questionnaire_id: str) -> FromClient | None:
    data = session.get(_key(questionnaire_id))
    if not isinstance(data, dict) or data.get("perspective") not in ("self", "family"):
        return None
    return FromClient(
        data["perspective"],
        [str(i) for i in data.get("pending") or []],
        dict(data.get("changed") or {}),
        [str(i) for i in data.get("to_ask") or []],
    )


def clear_from_client(questionnaire_id: str) -> None:
    session.pop(_key(questionnaire_id), None)


def note_answers_saved(questionnaire_id: str, item_ids: list[str], before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
    """The counselor saved a page: its answers are theirs now, and any that differ from the client's are noted."""
    state = from_client(questionnaire_id)
    if state is None:
        return
    for item_id in item_ids:
        if item_id in state.pending:
            state.pending.remove(item_id)
            if before.get(item_id) != after.get(item_id):
                state.changed[item_id] = before.get(item_id)
    save_from_client(questionnaire_id, state)


def confirm_answer(questionnaire_id: str, item_id: str) -> bool:
    """The counselor confirmed the client's answer as it is; False if it was not pending."""
    state = from_client(questionnaire_id)
    if state is None or item_id not in state.pending:
        return False
    state.pending.remove(item_id)
    save_from_client(questionnaire_id, state)
    return True


def client_differences(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict | None:
    """For the counselor's results (counsel/_from_client_results.html): where their answers differ
    from the client's, what could not be carried over, and what is still unconfirmed."""
    state = from_client(questionnaire.id)
    if state is None:
        return None
    said = current_wording()

    def question(item_id: str) -> str:
        return said.text(questionnaire.item(item_id).text, PERSPECTIVE)

    def answer(item_id: str, value) -> str | None:
        return said.answer(questionnaire.item(item_id), value, PERSPECTIVE) if value is not None else None

    known = [item_id for item_id in questionnaire.items_by_id]  # questionnaire order
    return {
        "by_family": state.by_family,
        "changed": [
            {"question": question(i), "client": answer(i, state.changed[i]), "yours": answer(i, answers.get(i))}
            for i in known
            if i in state.changed
        ],
        "asked": [{"question": question(i), "yours": answer(i, answers.get(i))} for i in known if i in state.to_ask],
        "pending": [question(i) for i in known if i in state.pending and i in answers],
    }
