"""FHIR R4: a questionnaire as a `Questionnaire`, a `QuestionnaireResponse` back into answers.

Pure functions over the engine's objects: texts are translated through the
functions passed in (one per language, the first being the resource's
language), so nothing here touches Flask.

Mapping (https://hl7.org/fhir/R4/questionnaire.html):
- each page is a `group` item (linkId = page id); its intro is a `display` item;
- single -> `choice`; multiple -> `choice` with `repeats`; number -> `integer`
  with the minValue / maxValue extensions; yes_no -> `boolean`, or `choice`
  (yes / no / unknown) for a perspective offered "I don't know";
- options are `answerOption.valueCoding` in the code system
  urn:passage:<questionnaire>:<item>; an exclusive option carries the
  questionnaire-optionExclusive extension;
- a page's or item's `when` becomes `enableWhen` + `enableBehavior` when FHIR
  can say it exactly (one test, or all/any of single tests); otherwise the SDC
  `enableWhenExpression` extension with the same condition in FHIRPath.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..engine import conditions as cond
from ..engine.assessment import Assessment
from ..engine.model import UNKNOWN, Item, Questionnaire, Text

Translate = Callable[[str], str]

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
OPTION_EXCLUSIVE = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
ENABLE_WHEN_EXPRESSION = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
PAGE_STOP = "urn:passage:fhir:page-stop"


def canonical_url(questionnaire: Questionnaire) -> str:
    return f"urn:passage:questionnaire:{questionnaire.id}"


def answer_system(questionnaire: Questionnaire, item: Item) -> str:
    return f"urn:passage:{questionnaire.id}:{item.id}"


def is_boolean(item: Item, perspective: str) -> bool:
    """A yes/no question is a FHIR boolean unless "I don't know" is offered."""
    return item.kind == "yes_no" and not item.offers_unknown(perspective)


class _Writer:
    def __init__(
        self,
        questionnaire: Questionnaire,
        perspective: str,
        translations: Mapping[str, Translate],
        yes_no_labels: Mapping[str, Mapping[str, str]],
    ):
        self.questionnaire = questionnaire
        self.perspective = perspective
        self.translations = translations
        self.lang = next(iter(translations))
        self.yes_no_labels = yes_no_labels  # lang -> {"yes": ..., "no": ..., "unknown": ...}

    def text(self, target: dict, key: str, source) -> None:
        """Set target[key] in the resource's language and `_key` with the other languages."""
        if source is None:
            return
        english = source.for_perspective(self.perspective) if hasattr(source, "for_perspective") else source
        self._set(target, key, {lang: translate(english) for lang, translate in self.translations.items()})

    def _set(self, target: dict, key: str, by_lang: Mapping[str, str]) -> None:
        target[key] = by_lang[self.lang]
        others = [
            {"url": TRANSLATION, "extension": [{"url": "lang", "valueCode": lang}, {"url": "content", "valueString": value}]}
            for lang, value in by_lang.items()
            if lang != self.lang
        ]
        if others:
            target["_" + key] = {"extension": others}

    def coding(self, item: Item, value: str) -> dict:
        return {"system": answer_system(self.questionnaire, item), "code": value}

    def answer_options(self, item: Item) -> list[dict]:
        options = []
        values: list[tuple[str, Text | None, bool]]
        if item.kind == "yes_no":
            values = [(value, None, False) for value in ("yes", "no")]
        else:
            values = [(option.value, option.label, option.exclusive) for option in item.options]
        if item.offers_unknown(self.perspective):
            values.append((UNKNOWN, None, item.kind == "multiple"))
        for value, label, exclusive in values:
            coding = self.coding(item, value)
            if label is not None:
                self.text(coding, "display", label)
            else:
                self._set(coding, "display", {lang: self.yes_no_labels[lang][value] for lang in self.translations})
            option: dict[str, Any] = {"valueCoding": coding}
            if exclusive:
                option["extension"] = [{"url": OPTION_EXCLUSIVE, "valueBoolean": True}]
            options.append(option)
        return options

    def item(self, item: Item) -> dict:
        entry: dict[str, Any] = {"linkId": item.id}
        self.text(entry, "text", item.text)
        extensions: list[dict[str, Any]] = []
        if item.kind == "number":
            entry["type"] = "integer"
            extensions += [{"url": MIN_VALUE, "valueInteger": item.minimum}, {"url": MAX_VALUE, "valueInteger": item.maximum}]
            if item.unit is not None:
                unit: dict[str, Any] = {}
                self.text(unit, "display", item.unit)
                extensions.append({"url": UNIT, "valueCoding": unit})
        elif is_boolean(item, self.perspective):
            entry["type"] = "boolean"
        else:
            entry["type"] = "choice"
        self.enable(entry, item.when)
        entry["required"] = item.required
        if item.kind == "multiple":
            entry["repeats"] = True
        if entry["type"] == "choice":
            entry["answerOption"] = self.answer_options(item)
        if extensions:
            entry["extension"] = extensions
        if item.help is not None:
            help_item: dict[str, Any] = {"linkId": f"{item.id}.help", "type": "display"}
            self.text(help_item, "text", item.help)
            help_item["extension"] = [
                {
                    "url": ITEM_CONTROL,
                    "valueCodeableConcept": {
                        "coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help", "display": "Help-Button"}]
                    },
                }
            ]
            entry["item"] = [help_item]
        return entry

    def enable(self, entry: dict, condition: Any) -> None:
        if condition is None:
            return
        flat = self.enable_when(condition)
        if flat is not None:
            entry["enableWhen"], behavior = flat
            if len(entry["enableWhen"]) > 1:
                entry["enableBehavior"] = behavior
            return
        extension = {
            "url": ENABLE_WHEN_EXPRESSION,
            "valueExpression": {"language": "text/fhirpath", "expression": self.fhirpath(condition)},
        }
        entry.setdefault("extension", []).append(extension)

    # --- enableWhen: only when FHIR's flat list says exactly the same thing ---

    def enable_when(self, condition: Any) -> tuple[list[dict], str] | None:
        if isinstance(condition, cond.ItemTest):
            entries = self.leaf(condition)
            return (entries, "any") if entries else None
        if isinstance(condition, (cond.All, cond.AnyOf)) and all(isinstance(t, cond.ItemTest) for t in condition.terms):
            behavior = "all" if isinstance(condition, cond.All) else "any"
            entries = []
            for term in condition.terms:
                leaf = self.leaf(term)
                if not leaf or (behavior == "all" and len(leaf) > 1):
                    return None
                entries += leaf
            return entries, behavior
        return None

    def leaf(self, test: cond.ItemTest) -> list[dict] | None:
        """FHIR enableWhen entries (any of them holding) for one test, or None when FHIR cannot say it."""
        item = self.questionnaire.item(test.item)
        if test.test == "answered":
            return [{"question": item.id, "operator": "exists", "answerBoolean": test.value}]
        if test.test in ("at_least", "at_most"):
            operator = ">=" if test.test == "at_least" else "<="
            return [{"question": item.id, "operator": operator, "answerInteger": test.value}]
        values = test.value if isinstance(test.value, tuple) else (test.value,)
        entries = []
        for value in values:
            if is_boolean(item, self.perspective):
                if value == UNKNOWN:
                    continue  # cannot be answered in this perspective
                entries.append({"question": item.id, "operator": "=", "answerBoolean": value == "yes"})
            elif value == UNKNOWN and not item.offers_unknown(self.perspective):
                continue
            else:
                entries.append({"question": item.id, "operator": "=", "answerCoding": self.coding(item, value)})
        return entries or None

    # --- FHIRPath, for conditions FHIR's enableWhen cannot express ---

    def fhirpath(self, condition: Any) -> str:
        if isinstance(condition, (cond.All, cond.AnyOf)):
            joiner = " and " if isinstance(condition, cond.All) else " or "
            return "(" + joiner.join(self.fhirpath(term) for term in condition.terms) + ")"
        if isinstance(condition, cond.Not):
            return f"({self.fhirpath(condition.term)}).not()"
        if not isinstance(condition, cond.ItemTest):
            return "false"  # derived facts never appear in a questionnaire's conditions (the loader refuses them)
        item = self.questionnaire.item(condition.item)
        answers = f"%resource.repeat(item).where(linkId = '{item.id}').answer"
        if condition.test == "answered":
            return f"{answers}.exists()" if condition.value else f"{answers}.empty()"
        if condition.test in ("at_least", "at_most"):
            operator = ">=" if condition.test == "at_least" else "<="
            return f"{answers}.value.where($this {operator} {int(condition.value)}).exists()"
        values = condition.value if isinstance(condition.value, tuple) else (condition.value,)
        if is_boolean(item, self.perspective):
            booleans = sorted({"true" if v == "yes" else "false" for v in values if v != UNKNOWN})
            if not booleans:
                return "false"
            return f"{answers}.value.where(" + " or ".join(f"$this = {b}" for b in booleans) + ").exists()"
        codes = " | ".join(f"'{value}'" for value in values)
        return f"{answers}.value.where(code in ({codes})).exists()"


def questionnaire_resource(
    questionnaire: Questionnaire,
    perspective: str,
    translations: Mapping[str, Translate],
    yes_no_labels: Mapping[str, Mapping[str, str]],
) -> dict:
    """The questionnaire as a FHIR R4 Questionnaire, worded for the perspective.

    `translations` maps each language to a translate function, the
    resource's own language first; `yes_no_labels` gives, per language, the
    words for "yes", "no" and "unknown".
    """
    writer = _Writer(questionnaire, perspective, translations, yes_no_labels)
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": questionnaire.id.replace("_", "-"),
        "language": writer.lang,
        "url": canonical_url(questionnaire),
        "version": str(questionnaire.version),
        "name": "".join(part.capitalize() for part in questionnaire.id.split("_")) or "Questionnaire",
    }
    writer.text(resource, "title", questionnaire.title)
    resource["status"] = "active"
    resource["subjectType"] = ["Patient"]
    resource["item"] = [_page_group(writer, page) for page in questionnaire.pages]
    return resource


def _page_group(writer: _Writer, page: Any) -> dict[str, Any]:
    """One page as a group item: its title, its condition, its intro as a display item, its questions."""
    group: dict[str, Any] = {"linkId": page.id}
    writer.text(group, "text", page.title)
    group["type"] = "group"
    writer.enable(group, page.when)
    children = []
    if page.intro is not None:
        intro: dict[str, Any] = {"linkId": f"{page.id}.intro", "type": "display"}
        writer.text(intro, "text", page.intro)
        children.append(intro)
    children += [writer.item(item) for item in page.items]
    group["item"] = children
    if page.stop:
        group.setdefault("extension", []).append({"url": PAGE_STOP, "valueCode": page.stop})
    return group


class ResponseProblem(ValueError):
    """A QuestionnaireResponse that cannot be read; `pointer` says where (JSON Pointer)."""

    def __init__(self, pointer: str, code: str, link_id: str | None = None):
        super().__init__(code)
        self.pointer, self.code, self.link_id = pointer, code, link_id


def answers_from_response(
    questionnaire: Questionnaire, resource: Any
) -> tuple[dict[str, Any], dict[str, str], list[ResponseProblem]]:
    """Raw answers (item id -> value, as the native API takes them) from a QuestionnaireResponse.

    Returns the answers, the JSON Pointer of each answered item in the
    resource, and the problems found. Values are then checked by the
    engine's clean_answers like any other answers.
    """
    problems: list[ResponseProblem] = []
    answers: dict[str, Any] = {}
    pointers: dict[str, str] = {}
    if not isinstance(resource, dict) or resource.get("resourceType") != "QuestionnaireResponse":
        return answers, pointers, [ResponseProblem("/resourceType", "not_a_questionnaire_response")]
    reference = resource.get("questionnaire")
    if reference is not None:
        url, _, version = str(reference).partition("|")
        if url != canonical_url(questionnaire) or (version and version != str(questionnaire.version)):
            problems.append(ResponseProblem("/questionnaire", "other_questionnaire"))
    _ResponseReader(questionnaire, answers, pointers, problems).walk(resource.get("item", []), "/item")
    return answers, pointers, problems


class _ResponseReader:
    """Walks the (nested) items of a QuestionnaireResponse, collecting answers, pointers and problems."""

    def __init__(
        self, questionnaire: Questionnaire, answers: dict[str, Any], pointers: dict[str, str], problems: list[ResponseProblem]
    ) -> None:
        self.questionnaire, self.answers, self.pointers, self.problems = questionnaire, answers, pointers, problems

    def walk(self, entries: Any, pointer: str) -> None:
        if not isinstance(entries, list):
            self.problems.append(ResponseProblem(pointer, "not_a_list"))
            return
        for index, entry in enumerate(entries):
            here = f"{pointer}/{index}"
            if not isinstance(entry, dict) or not isinstance(entry.get("linkId"), str):
                self.problems.append(ResponseProblem(here, "no_link_id"))
                continue
            if "item" in entry:
                self.walk(entry["item"], f"{here}/item")
            if "answer" in entry:
                self.read_answer(entry, here)

    def read_answer(self, entry: dict[str, Any], here: str) -> None:
        link_id = entry["linkId"]
        item = self.questionnaire.items_by_id.get(link_id)
        if item is None:
            self.problems.append(ResponseProblem(here, "not_asked", link_id))
            return
        if link_id in self.answers:
            self.problems.append(ResponseProblem(here, "answered_twice", link_id))
            return
        self.pointers[link_id] = f"{here}/answer"
        value = _answer_value(self.questionnaire, item, entry["answer"], f"{here}/answer", self.problems)
        if value is not None:
            self.answers[link_id] = value


def _coding_code(
    questionnaire: Questionnaire, item: Item, coding: Any, pointer: str, problems: list[ResponseProblem]
) -> str | None:
    """The code of a valueCoding of this item's answer system, else None with the problem noted."""
    if not isinstance(coding, dict) or not isinstance(coding.get("code"), str):
        problems.append(ResponseProblem(pointer, "wrong_type", item.id))
        return None
    if "system" in coding and coding["system"] != answer_system(questionnaire, item):
        problems.append(ResponseProblem(f"{pointer}/system", "unknown_system", item.id))
        return None
    return str(coding["code"])


def _answer_value(questionnaire: Questionnaire, item: Item, answers: Any, pointer: str, problems: list) -> Any:
    if not isinstance(answers, list):
        problems.append(ResponseProblem(pointer, "not_a_list", item.id))
        return None
    values: list[Any] = []
    for index, answer in enumerate(answers):
        here = f"{pointer}/{index}"
        if not isinstance(answer, dict):
            problems.append(ResponseProblem(here, "wrong_type", item.id))
            return None
        if "valueCoding" in answer and item.kind in ("single", "multiple", "yes_no"):
            code = _coding_code(questionnaire, item, answer["valueCoding"], f"{here}/valueCoding", problems)
            if code is None:
                return None
            values.append(code)
        elif "valueBoolean" in answer and item.kind == "yes_no" and isinstance(answer["valueBoolean"], bool):
            values.append("yes" if answer["valueBoolean"] else "no")
        elif "valueInteger" in answer and item.kind == "number" and type(answer["valueInteger"]) is int:
            values.append(answer["valueInteger"])
        else:
            problems.append(ResponseProblem(here, "wrong_type", item.id))
            return None
    if item.kind == "multiple":
        return values
    if len(values) > 1:
        problems.append(ResponseProblem(pointer, "one_answer_only", item.id))
        return None
    return values[0] if values else None


PLAN_SYSTEM = "urn:passage:plan"


def care_plan_resource(assessment: Assessment, lang: str, words: Mapping[str, str]) -> dict | None:
    """The plan as a FHIR R4 `CarePlan` proposal (None for an emergency: no plan beyond it).

    One activity per decision: the withdrawal setting (when one is needed),
    the level of care, and the next step; codes in urn:passage:plan:<scale>,
    reasons as the activity's description, to-check items as notes.
    """
    plan = assessment.plan
    if plan is None:
        return None

    def activity(scale: str, code: str, text: str, reasons: tuple) -> dict:
        detail: dict[str, Any] = {
            "kind": "ServiceRequest",
            "code": {"coding": [{"system": f"{PLAN_SYSTEM}:{scale}", "code": code}], "text": text},
            "status": "not-started",
        }
        described = " ".join(words[f"reason:{reason.rule}"] for reason in reasons)
        if described:
            detail["description"] = described
        return {"detail": detail}

    activities = []
    if plan.withdrawal != "none":
        activities.append(activity("withdrawal", plan.withdrawal, words["withdrawal"], plan.withdrawal_reasons))
    activities.append(activity("level", plan.level, words["level"], plan.level_reasons))
    activities.append(activity("next-step", plan.next_step.action, words["next_step"], ()))
    resource: dict[str, Any] = {
        "resourceType": "CarePlan",
        "language": lang,
        "status": "draft",
        "intent": "proposal",
        "title": words["title"],
        "description": words["guide"],
        "subject": {"display": words["subject"]},
        "activity": activities,
    }
    if plan.to_check:  # FHIR forbids empty lists
        resource["note"] = [{"text": words[f"check:{check.item}"]} for check in plan.to_check]
    return resource
