"""In-progress answers, held in the (encrypted, short-lived) session only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import g, session

from ..engine import PERSPECTIVES, FlowState, flow_state


@dataclass
class Progress:
    perspective: str = "self"
    answers: dict[str, Any] = field(default_factory=dict)
    version: int = 0  # the questionnaire version the answers were given to
    started: bool = False
    returning_to_check: bool = False  # changing an answer from check answers (kept off the URL of crisis help)
    shown_total: int = 0  # the number of steps last shown, so a change in it is said, never silent


def _key(questionnaire_id: str) -> str:
    return f"progress:{questionnaire_id}"


def load_progress(questionnaire_id: str, version: int) -> Progress:
    data = session.get(_key(questionnaire_id))
    if not isinstance(data, dict) or data.get("version") != version:
        # Answers given to another version of the questionnaire are not reused.
        return Progress(version=version)
    perspective = data["perspective"] if data.get("perspective") in PERSPECTIVES else "self"
    answers = data["answers"] if isinstance(data.get("answers"), dict) else {}
    shown = data.get("shown_total")
    shown_total = shown if isinstance(shown, int) else 0
    return Progress(perspective, dict(answers), version, True, data.get("returning_to_check") is True, shown_total)


def save_progress(questionnaire_id: str, progress: Progress) -> None:
    session[_key(questionnaire_id)] = {
        "perspective": progress.perspective,
        "answers": progress.answers,
        "version": progress.version,
        "returning_to_check": progress.returning_to_check,
        "shown_total": progress.shown_total,
    }


def clear_progress(questionnaire_id: str) -> None:
    session.pop(_key(questionnaire_id), None)
    # What a counselor's intake began from (from_client.py) goes with the answers it describes.
    session.pop(f"from_client:{questionnaire_id}", None)


# What the session holds about the person answering: the answers (progress:<id>), their share code
# (share:<id>, app/answer_store/sharing.py), answers carried over from a client's code (from_client:<id>,
# app/intake_flow/from_client.py) and which emergency stopped the questions.
PERSON_KEY_PREFIXES = ("progress:", "share:", "from_client:", "emergency_kind")


def forget_the_person() -> None:
    """Drop every questionnaire's answers and what points at them from this session, keeping the
    rest (language, region, a counselor's sign-in): the next person at the device starts fresh."""
    for key in [key for key in session if key.startswith(PERSON_KEY_PREFIXES)]:
        session.pop(key, None)


def current_progress() -> Progress:
    """The progress on the questionnaire of this request (g.questionnaire, from the URL)."""
    return load_progress(g.questionnaire.id, g.questionnaire.version)


def flow_of(progress: Progress) -> FlowState:
    """The flow for these answers to this request's questionnaire: built once by a view, then passed along."""
    return flow_state(g.questionnaire, g.rules, progress.answers, progress.perspective)
