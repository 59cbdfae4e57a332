"""Rules in readable form: conditions back as data, and in plain words.

Shared by the JSON API (GET …/rules) and the "How Passage makes its
suggestions" page, so both describe the rules the engine really applies.
The engine's condition objects are read here, never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..engine import conditions as cond
from ..engine.model import Questionnaire
from . import words
from .wording import current_wording
from .wording import gettext as _
from .words import FLAG_CONDITIONS, SCALE_CONDITIONS, SEVERITY_LEVEL_NAMES, scale_value_name
from .words import Message as _l

# Shown on the rules page and in the API's rules document (CLINICAL.md, content licensing).
LICENSING_NOTE = _l(
    "Passage is a guide inspired by public descriptions of these frameworks (the six dimensions of the ASAM "
    "Criteria and the DSM-5 criteria for a substance use disorder), not a validated instrument or an ASAM "
    "placement. Every question, answer and rule is written in Passage's own words."
)


def condition_data(condition: Any) -> Any:  # noqa: C901 (one branch per kind of condition in the data grammar)
    """A parsed condition written back as the data of questionnaires/README.md."""
    if condition is None:
        return None
    if isinstance(condition, cond.All):
        return {"all": [condition_data(term) for term in condition.terms]}
    if isinstance(condition, cond.AnyOf):
        return {"any": [condition_data(term) for term in condition.terms]}
    if isinstance(condition, cond.Not):
        return {"not": condition_data(condition.term)}
    if isinstance(condition, cond.ItemTest):
        value = list(condition.value) if isinstance(condition.value, tuple) else condition.value
        return {"item": condition.item, condition.test: value}
    if isinstance(condition, cond.SeverityAtLeast):
        return {"severity": {"at_least": condition.level}}
    if isinstance(condition, cond.DimensionAtLeast):
        return {"dimension": condition.number, "at_least": condition.rating}
    if isinstance(condition, cond.FlagRaised):
        return {"flag": condition.kind}
    if isinstance(condition, cond.PathwayAtLeast):
        return {"pathway": condition.code, "at_least": condition.fit}
    if isinstance(condition, cond.ScaleAtLeast):
        return {condition.scale: {"at_least": condition.value}}
    raise TypeError(f"not a condition: {condition!r}")


@dataclass(frozen=True)
class Words:
    """A condition in plain words: a sentence, and for all/any/not the parts under it."""

    text: str
    parts: tuple[Words, ...] = field(default=())

    def to_dict(self) -> dict:
        data: dict[str, Any] = {"text": self.text}
        if self.parts:
            data["parts"] = [part.to_dict() for part in self.parts]
        return data

    def flat(self) -> str:
        """One line, for places that cannot show a list."""
        if not self.parts:
            return self.text
        return f"{self.text} " + "; ".join(part.flat() for part in self.parts)


def _quoted_list(labels: list[str]) -> str:
    return ", ".join(_("“%(answer)s”", answer=label) for label in labels)


def describe(
    condition: Any,
    questionnaire: Questionnaire,
    dimension_names: dict[int, str] | None = None,
    perspective: str = "self",
    flag_texts: dict[str, str] | None = None,
) -> Words:
    """The condition in the current language, naming questions and answers as a person reads them.

    `flag_texts` names each red flag by id (its text, translated), for rules that read one.
    """

    def inner(term: Any) -> Words:
        return describe(term, questionnaire, dimension_names, perspective, flag_texts)

    if isinstance(condition, cond.All):
        return Words(_("All of these:"), tuple(inner(t) for t in condition.terms))
    if isinstance(condition, cond.AnyOf):
        return Words(_("At least one of these:"), tuple(inner(t) for t in condition.terms))
    if isinstance(condition, cond.Not):
        return Words(_("This is not the case:"), (inner(condition.term),))
    if isinstance(condition, cond.ScaleAtLeast):
        return Words(str(SCALE_CONDITIONS[condition.scale]) % {"value": scale_value_name(condition.scale, condition.value)})
    if isinstance(condition, cond.ItemTest):
        return Words(_describe_item_test(condition, questionnaire, perspective))
    return Words(_describe_finding(condition, dimension_names or {}, flag_texts or {}))


def _describe_finding(condition: Any, dimension_names: dict[int, str], flag_texts: dict[str, str]) -> str:
    """A condition on what the assessment found: severity, an area's rating, a flag, a pathway's fit."""
    if isinstance(condition, cond.SeverityAtLeast):
        if condition.level == "none":
            return _("Always, whatever the answers")
        return _("The signs of a substance use problem are %(level)s or more", level=SEVERITY_LEVEL_NAMES[condition.level])
    if isinstance(condition, cond.DimensionAtLeast):
        name = dimension_names.get(condition.number, str(condition.number))
        return _("The area “%(area)s” is rated %(rating)s out of 4 or more", area=name, rating=condition.rating)
    if isinstance(condition, cond.FlagRaised):
        if condition.kind in FLAG_CONDITIONS:
            return str(FLAG_CONDITIONS[condition.kind])
        text = flag_texts.get(condition.kind, condition.kind)
        return _("This warning came up: “%(warning)s”", warning=text)
    if isinstance(condition, cond.PathwayAtLeast):
        name = words.PATHWAY_NAMES[condition.code]
        if condition.fit == "recommended":
            return _("“%(pathway)s” is suggested", pathway=name)
        if condition.fit == "consider":
            return _("“%(pathway)s” is suggested or worth considering", pathway=name)
        return _("Always, whatever the answers")
    raise TypeError(f"not a condition: {condition!r}")


def _describe_item_test(test: cond.ItemTest, questionnaire: Questionnaire, perspective: str) -> str:
    item, said = questionnaire.item(test.item), current_wording()
    question = said.text(item.text, perspective)
    if test.test == "answered":
        if test.value:
            return _("The question “%(question)s” was answered", question=question)
        return _("The question “%(question)s” was not answered", question=question)
    if test.test == "at_least":
        return _("The answer to “%(question)s” is %(number)s or more", question=question, number=test.value)
    if test.test == "at_most":
        return _("The answer to “%(question)s” is %(number)s or less", question=question, number=test.value)
    values = list(test.value) if isinstance(test.value, tuple) else [test.value]
    labels = [said.label(item, value, perspective) for value in values]
    if test.test == "equals" or (test.test == "one_of" and len(labels) == 1):
        return _("The answer to “%(question)s” is “%(answer)s”", question=question, answer=labels[0])
    if test.test == "one_of":
        return _("The answer to “%(question)s” is one of %(answers)s", question=question, answers=_quoted_list(labels))
    if test.test == "includes" or len(labels) == 1:
        return _("The answers to “%(question)s” include “%(answer)s”", question=question, answer=labels[0])
    return _("The answers to “%(question)s” include at least one of %(answers)s", question=question, answers=_quoted_list(labels))
