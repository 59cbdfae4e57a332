"""The answers file: what a person downloads, uploads, or saves with a code.

A small JSON document naming the questionnaire and its version, the
perspective, and the answers. Reading one trusts nothing in it: each answer
goes through the engine (clean_item_answer, relevant_answers) exactly as if
it had been typed in the form.
"""

from __future__ import annotations

import json
from typing import Any

from ..engine import clean_item_answer, relevant_answers
from ..engine.model import Questionnaire
from ..intake_flow.progress import Progress

FORMAT = "passage-answers"
FORMAT_VERSION = 1
# A real file is a few kilobytes; anything much larger is not one.
MAX_BYTES = 32 * 1024


class DocumentProblem(Exception):
    """Why a document cannot be used, as a code: not_json | not_passage |
    other_questionnaire | other_version | tampered | too_large | empty."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def answers_document(questionnaire: Questionnaire, progress: Progress) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "questionnaire": questionnaire.id,
        "questionnaire_version": questionnaire.version,
        "perspective": progress.perspective,
        "answers": progress.answers,
    }


def document_bytes(questionnaire: Questionnaire, progress: Progress) -> bytes:
    return json.dumps(answers_document(questionnaire, progress), ensure_ascii=False, indent=2).encode("utf-8")


def read_document_bytes(questionnaire: Questionnaire, raw: bytes) -> Progress:
    if not raw:
        raise DocumentProblem("empty")
    if len(raw) > MAX_BYTES:
        raise DocumentProblem("too_large")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise DocumentProblem("not_json") from None
    return read_document(questionnaire, data)


def read_document(questionnaire: Questionnaire, data: Any) -> Progress:
    _check_header(questionnaire, data)
    perspective = data.get("perspective")
    answers = data.get("answers")
    if not isinstance(perspective, str) or perspective not in questionnaire.perspectives:
        raise DocumentProblem("tampered")
    if not isinstance(answers, dict):
        raise DocumentProblem("tampered")
    cleaned = _cleaned_answers(questionnaire, answers, perspective)
    if relevant_answers(questionnaire, cleaned) != cleaned:
        # Answers to questions that the other answers do not lead to: not written by Passage.
        raise DocumentProblem("tampered")
    return Progress(perspective=perspective, answers=cleaned, version=questionnaire.version, started=True)


def _check_header(questionnaire: Questionnaire, data: Any) -> None:
    """A Passage file of this format, for this questionnaire and version, else the reason it is not."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DocumentProblem("not_passage")
    if type(data.get("format_version")) is not int or data["format_version"] != FORMAT_VERSION:
        raise DocumentProblem("not_passage")
    if data.get("questionnaire") != questionnaire.id:
        raise DocumentProblem("other_questionnaire")
    version = data.get("questionnaire_version")
    if type(version) is not int or version != questionnaire.version:
        raise DocumentProblem("other_version")


def _cleaned_answers(questionnaire: Questionnaire, answers: dict[Any, Any], perspective: str) -> dict[str, Any]:
    """Each answer checked as the questions would check it; anything Passage would not write is tampering."""
    cleaned: dict[str, Any] = {}
    for item_id, raw in answers.items():
        item = questionnaire.items_by_id.get(item_id)
        if item is None:
            raise DocumentProblem("tampered")
        if not _plain_answer(raw, item.kind):
            raise DocumentProblem("tampered")
        value, problem = clean_item_answer(item, raw, perspective)
        if problem is not None:
            raise DocumentProblem("tampered")
        if value is not None:
            cleaned[item_id] = value
    return cleaned


def _plain_answer(raw: Any, kind: str) -> bool:
    """The JSON shapes a Passage file uses: a list of strings, a string, or a whole number."""
    if kind == "multiple":
        return isinstance(raw, list) and all(isinstance(value, str) for value in raw)
    if kind == "number":
        return type(raw) is int or isinstance(raw, str)
    return isinstance(raw, str)
