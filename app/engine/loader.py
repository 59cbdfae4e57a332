"""Load questionnaire, rule and source files, and refuse any that are wrong.

Two layers of checks: the JSON Schema in questionnaires/schema/ (shape), then
the meaning (ids unique, conditions only look back at items that exist and at
values those items can take, every rule cites a known source).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from . import conditions as cond
from .model import (
    PATHWAYS,
    UNKNOWN,
    Dimension,
    DimensionRule,
    Item,
    NotCounted,
    Option,
    Page,
    PathwayRule,
    PathwayRules,
    Questionnaire,
    RedFlagRule,
    RuleSet,
    SeverityRule,
    Text,
)
from .regions import check_region


class QuestionnaireError(ValueError):
    """A data file is invalid. The message names the file, the place and the problem."""

    def __init__(self, file: str, where: str, problem: str):
        self.file, self.where, self.problem = file, where, problem
        super().__init__(f"{file}: {where}: {problem}" if where else f"{file}: {problem}")


@dataclass(frozen=True)
class Library:
    """Everything loaded from a questionnaires/ folder."""

    questionnaires: dict[str, Questionnaire]
    rules: dict[str, RuleSet]  # by questionnaire id
    sources: dict[str, dict]
    helplines: dict[str, dict]


def load_library(folder: str | Path) -> Library:
    folder = Path(folder)
    sources = load_sources(folder / "sources.yaml")
    questionnaires: dict[str, Questionnaire] = {}
    rules: dict[str, RuleSet] = {}
    for qfile in sorted(folder.glob("*/questionnaire.yaml")):
        questionnaire = load_questionnaire(qfile)
        if questionnaire.id in questionnaires:
            raise QuestionnaireError(str(qfile), "", f"questionnaire id '{questionnaire.id}' is used twice")
        questionnaires[questionnaire.id] = questionnaire
        rfile = qfile.with_name("rules.yaml")
        if not rfile.exists():
            raise QuestionnaireError(str(rfile), "", "every questionnaire needs a rules.yaml beside it")
        rules[questionnaire.id] = load_rules(rfile, questionnaire, sources)
    if not questionnaires:
        raise QuestionnaireError(str(folder), "", "no */questionnaire.yaml found")
    helplines = load_helplines(folder / "helplines.yaml", sources)
    return Library(questionnaires, rules, sources, helplines)


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise QuestionnaireError(str(path), "", "file not found") from None
    except yaml.YAMLError as error:
        raise QuestionnaireError(str(path), "", f"not valid YAML: {error}") from None


def _check_schema(path: Path, data: Any, schema_name: str) -> None:
    schema_file = Path(__file__).resolve().parents[2] / "questionnaires" / "schema" / schema_name
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        error = errors[0]
        raise QuestionnaireError(str(path), _describe_path(data, list(error.absolute_path)), error.message)


def _describe_path(data: Any, path: list) -> str:
    """Name a place in a file by the ids a reader sees ("page 'x', item 'y'"), not by indexes."""
    parts, node, holder = [], data, None
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "id" in node and isinstance(step, int):
            # Named by the list holding it: a red flag has a `kind` too, so keys alone mislead.
            kind = {"pages": "page", "items": "item", "red_flags": "red flag"}.get(holder, "rule")
            parts.append(f"{kind} '{node['id']}'")
        elif isinstance(node, dict) and "code" in node:
            parts.append(f"pathway '{node['code']}'")
        elif isinstance(node, dict) and "value" in node and isinstance(step, int):
            parts.append(f"option '{node['value']}'")
        elif not isinstance(step, int):
            parts.append(str(step))
        if not isinstance(step, int):
            holder = step
    return ", ".join(parts) or "top level"


def _text(data: Any) -> Text:
    return Text({"self": data} if isinstance(data, str) else dict(data))


def _optional_text(data: Any) -> Text | None:
    return None if data is None else _text(data)


def load_questionnaire(path: str | Path) -> Questionnaire:
    path = Path(path)
    data = _read_yaml(path)
    _check_schema(path, data, "questionnaire.schema.json")
    file = str(path)
    items_by_id: dict[str, Item] = {}
    page_ids: set[str] = set()
    pages = []
    for page_data in data["pages"]:
        page_where = f"page '{page_data['id']}'"
        if page_data["id"] in page_ids:
            raise QuestionnaireError(file, page_where, "page id is used twice")
        page_ids.add(page_data["id"])
        # Conditions may only look at items of earlier pages: a page is shown
        # whole (it must work without JavaScript), so nothing on it can appear
        # or vanish as the person answers it.
        earlier_pages = dict(items_by_id)
        page_when = _questionnaire_condition(file, page_where, page_data.get("when"), earlier_pages)
        items = []
        for item_data in page_data["items"]:
            where = f"{page_where}, item '{item_data['id']}'"
            if item_data["id"] in items_by_id:
                raise QuestionnaireError(file, where, "item id is used twice")
            item = _item(file, where, item_data, data["perspectives"], earlier_pages)
            items_by_id[item.id] = item
            items.append(item)
        pages.append(
            Page(
                id=page_data["id"],
                title=_text(page_data["title"]),
                intro=_optional_text(page_data.get("intro")),
                items=tuple(items),
                when=page_when,
                stop=page_data.get("stop"),
                pause=page_data.get("pause"),
            )
        )
    return Questionnaire(
        id=data["id"],
        version=data["version"],
        title=_text(data["title"]),
        perspectives=tuple(data["perspectives"]),
        pages=tuple(pages),
        source_file=file,
        items_by_id=items_by_id,
    )


def _item(file: str, where: str, data: dict, perspectives: list, earlier: dict[str, Item]) -> Item:
    kind = data["kind"]
    options = tuple(
        Option(o["value"], _text(o["label"]), bool(o.get("exclusive", False))) for o in data.get("options", [])
    )
    if kind in ("single", "multiple") and not options:
        raise QuestionnaireError(file, where, f"a '{kind}' item needs options")
    if kind in ("yes_no", "number") and options:
        raise QuestionnaireError(file, where, f"a '{kind}' item takes no options")
    values = [o.value for o in options]
    if len(set(values)) != len(values):
        raise QuestionnaireError(file, where, "option values must be unique")
    if UNKNOWN in values:
        raise QuestionnaireError(file, where, f"'{UNKNOWN}' is reserved for the \"I don't know\" answer")
    if data.get("risk_over_none") and not any(o.exclusive for o in options):
        raise QuestionnaireError(file, where, "'risk_over_none' needs an exclusive option")
    if kind != "multiple" and any(o.exclusive for o in options):
        raise QuestionnaireError(file, where, "only a 'multiple' item can have an exclusive option")
    minimum, maximum = data.get("min"), data.get("max")
    if kind == "number":
        if minimum is None or maximum is None:
            raise QuestionnaireError(file, where, "a number item needs both min and max")
        if minimum > maximum:
            raise QuestionnaireError(file, where, "min is greater than max")
    elif minimum is not None or maximum is not None or "unit" in data:
        raise QuestionnaireError(file, where, "only a number item takes min, max and unit")
    unknown_for = tuple(data.get("unknown", ()))
    stray = set(unknown_for) - set(perspectives)
    if stray:
        raise QuestionnaireError(file, where, f"'unknown' names perspectives the questionnaire lacks: {sorted(stray)}")
    return Item(
        id=data["id"],
        kind=kind,
        text=_text(data["text"]),
        help=_optional_text(data.get("help")),
        options=options,
        when=_questionnaire_condition(file, where, data.get("when"), dict(earlier)),
        required=bool(data.get("required", True)),
        unknown_for=unknown_for,
        minimum=minimum,
        maximum=maximum,
        unit=_optional_text(data.get("unit")),
        risk_over_none=bool(data.get("risk_over_none", False)),
    )


def _questionnaire_condition(file: str, where: str, data: Any, earlier: dict[str, Item]) -> Any:
    if data is None:
        return None
    condition = _parse(file, f"{where}, when", data)
    for leaf in cond.references(condition):
        if not isinstance(leaf, cond.ItemTest):
            raise QuestionnaireError(file, f"{where}, when", "questions may only depend on earlier answers")
        _check_item_test(file, f"{where}, when", leaf, earlier, "an item on an earlier page")
    return condition


def _parse(file: str, where: str, data: Any) -> Any:
    try:
        return cond.parse(data)
    except cond.ConditionError as error:
        raise QuestionnaireError(file, where, str(error)) from None


def _check_item_test(file: str, where: str, test: cond.ItemTest, items: dict[str, Item], what: str) -> None:
    item = items.get(test.item)
    if item is None:
        raise QuestionnaireError(file, where, f"'{test.item}' is not {what}")
    if test.test in ("at_least", "at_most") and item.kind != "number":
        raise QuestionnaireError(file, where, f"'{test.test}' needs a number item, '{item.id}' is {item.kind}")
    if test.test in ("includes", "includes_any") and item.kind != "multiple":
        raise QuestionnaireError(file, where, f"'{test.test}' needs a multiple item, '{item.id}' is {item.kind}")
    if test.test in ("equals", "one_of") and item.kind in ("multiple", "number"):
        raise QuestionnaireError(file, where, f"'{test.test}' does not suit the {item.kind} item '{item.id}'")
    if test.test in ("equals", "one_of", "includes", "includes_any"):
        allowed = set(item.values_for("self"))
        for perspective in item.unknown_for:
            allowed |= set(item.values_for(perspective))
        wanted = test.value if isinstance(test.value, tuple) else (test.value,)
        for value in wanted:
            if value not in allowed:
                raise QuestionnaireError(
                    file, where, f"'{value}' is not an answer '{item.id}' can take ({', '.join(sorted(allowed))})"
                )


def load_rules(path: str | Path, questionnaire: Questionnaire, sources: dict[str, dict]) -> RuleSet:
    path = Path(path)
    data = _read_yaml(path)
    _check_schema(path, data, "rules.schema.json")
    file = str(path)
    items = dict(questionnaire.items_by_id)
    if data["questionnaire"] != questionnaire.id:
        raise QuestionnaireError(file, "questionnaire", f"names '{data['questionnaire']}', not '{questionnaire.id}'")
    seen_ids: set[str] = set()

    def rule_condition(where: str, when: Any, earlier_pathways: tuple[str, ...] = ()) -> Any:
        condition = _parse(file, f"{where}, when", when)
        for leaf in cond.references(condition):
            if isinstance(leaf, cond.ItemTest):
                _check_item_test(file, f"{where}, when", leaf, items, "an item of the questionnaire")
            elif isinstance(leaf, cond.FlagRaised) and leaf.kind not in ("emergency", "crisis", "medical"):
                raise QuestionnaireError(file, f"{where}, when", f"unknown flag kind '{leaf.kind}'")
            elif isinstance(leaf, cond.PathwayAtLeast) and leaf.code not in earlier_pathways:
                raise QuestionnaireError(file, f"{where}, when", f"'{leaf.code}' is not a pathway listed earlier")
        return condition

    def checked(where: str, rule: dict) -> str:
        if rule["id"] in seen_ids:
            raise QuestionnaireError(file, where, "rule id is used twice")
        seen_ids.add(rule["id"])
        if rule["source"] not in sources:
            raise QuestionnaireError(file, where, f"source '{rule['source']}' is not in sources.yaml")
        return rule["id"]

    severity_data = data["severity"]
    for criterion in severity_data["criteria"]:
        if criterion not in items or items[criterion].kind != "yes_no":
            raise QuestionnaireError(file, "severity, criteria", f"'{criterion}' is not a yes/no item")
    if severity_data["source"] not in sources:
        raise QuestionnaireError(file, "severity", f"source '{severity_data['source']}' is not in sources.yaml")
    levels = severity_data["levels"]
    if not levels["mild"] < levels["moderate"] < levels["severe"]:
        raise QuestionnaireError(file, "severity, levels", "mild < moderate < severe is required")
    not_counted = []
    for index, entry in enumerate(severity_data.get("not_counted", [])):
        stray = [i for i in entry["items"] if i not in severity_data["criteria"]]
        if stray:
            raise QuestionnaireError(file, f"severity, not_counted {index + 1}", f"not criteria: {stray}")
        not_counted.append(
            NotCounted(tuple(entry["items"]), rule_condition("severity, not_counted", entry["when"]), entry["reason"])
        )
    severity = SeverityRule(
        tuple(severity_data["criteria"]), dict(levels), tuple(not_counted), severity_data["source"]
    )

    red_flags = []
    for rule in data["red_flags"]:
        where = f"red flag '{rule['id']}'"
        checked(where, rule)
        red_flags.append(
            RedFlagRule(rule["id"], rule["kind"], rule_condition(where, rule["when"]), rule["text"], rule["source"])
        )

    dimensions = []
    for dimension_data in sorted(data["dimensions"], key=lambda d: d["number"]):
        rules = []
        for rule in dimension_data["rules"]:
            where = f"dimension {dimension_data['number']}, rule '{rule['id']}'"
            checked(where, rule)
            rules.append(
                DimensionRule(
                    rule["id"], rule["rating"], rule_condition(where, rule["when"]), rule["reason"], rule["source"]
                )
            )
        dimensions.append(
            Dimension(dimension_data["number"], dimension_data["name"], dimension_data["description"], tuple(rules))
        )
    if [d.number for d in dimensions] != [1, 2, 3, 4, 5, 6]:
        raise QuestionnaireError(file, "dimensions", "each of the six dimensions must appear once")

    pathways = []
    earlier: tuple[str, ...] = ()
    for pathway_data in data["pathways"]:
        rules = []
        for rule in pathway_data["rules"]:
            where = f"pathway '{pathway_data['code']}', rule '{rule['id']}'"
            checked(where, rule)
            rules.append(
                PathwayRule(
                    rule["id"],
                    rule["fit"],
                    rule_condition(where, rule["when"], earlier),
                    rule["reason"],
                    rule["changes"],
                    rule["source"],
                )
            )
        pathways.append(
            PathwayRules(pathway_data["code"], pathway_data["default_reason"], pathway_data["default_changes"], tuple(rules))
        )
        earlier += (pathway_data["code"],)
    if sorted(earlier) != sorted(PATHWAYS):
        raise QuestionnaireError(file, "pathways", f"each of {', '.join(PATHWAYS)} must appear once")

    return RuleSet(
        id=data["id"],
        version=data["version"],
        questionnaire=data["questionnaire"],
        severity=severity,
        red_flags=tuple(red_flags),
        dimensions=tuple(dimensions),
        pathways=tuple(pathways),
        source_file=file,
    )


def load_sources(path: str | Path) -> dict[str, dict]:
    path = Path(path)
    data = _read_yaml(path)
    if not isinstance(data, dict) or not data:
        raise QuestionnaireError(str(path), "", "must map source keys to their description")
    for key, entry in data.items():
        if not isinstance(entry, dict) or not entry.get("title") or not entry.get("url"):
            raise QuestionnaireError(str(path), f"source '{key}'", "needs a title and a url")
    return data


def load_helplines(path: str | Path, sources: dict[str, dict]) -> dict[str, dict]:
    """Regions, each with its emergency number and services, every one sourced and dated."""
    path = Path(path)
    data = _read_yaml(path)
    _check_schema(path, data, "helplines.schema.json")
    for code, region in data["regions"].items():
        problems = check_region(code, region, sources)
        if problems:
            raise QuestionnaireError(str(path), f"region '{code}'", "; ".join(problems))
    return data["regions"]
