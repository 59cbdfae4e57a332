"""Load questionnaire, rule and source files, and refuse any that are wrong.

Two layers of checks: the JSON Schema in questionnaires/schema/ (shape), then
the meaning (ids unique, conditions only look back at items that exist and at
values those items can take, every rule cites a known source).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from . import conditions as cond
from .model import (
    FLAG_KINDS,
    PATHWAYS,
    SCALES,
    UNKNOWN,
    CheckRule,
    Constraint,
    Dimension,
    DimensionRule,
    Floor,
    Item,
    NextStepRule,
    NotCounted,
    OpenChange,
    Option,
    Page,
    PathwayRule,
    PathwayRules,
    PlanNote,
    PlanRules,
    Questionnaire,
    RedFlagRule,
    RuleSet,
    SeverityRule,
    SupportRule,
    Text,
    UnknownRule,
)
from .regions import check_region

# libyaml's parser when PyYAML has it: the same safe loading, about 5 times faster at start-up.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Cards whose fit follows the plan (plan.yaml), not pathway rules.
PLANNED_CARDS = ("detox", "inpatient", "residential", "outpatient")


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
    sources: dict[str, dict[str, Any]]
    helplines: dict[str, dict[str, Any]]
    # France's words swapped for a country's, by locale (fr_CA…): built into catalogs at install.
    regional_french: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


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
    return Library(questionnaires, rules, sources, helplines, load_regional_french(folder / REGIONAL_FRENCH, sources))


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=SafeLoader)
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


def _describe_path(data: Any, path: list[Any]) -> str:
    """Name a place in a file by the ids a reader sees ("page 'x', item 'y'"), not by indexes."""
    parts: list[str] = []
    node, holder = data, ""
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "id" in node and isinstance(step, int):
            # Named by the list holding it: a red flag has a `kind` too, so keys alone mislead.
            kind = {
                "pages": "page",
                "items": "item",
                "red_flags": "red flag",
                "floors": "floor",
                "constraints": "constraint",
                "notes": "note",
                "next_steps": "next step",
            }.get(holder, "rule")
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
        if page_data["id"] in page_ids:
            raise QuestionnaireError(file, f"page '{page_data['id']}'", "page id is used twice")
        page_ids.add(page_data["id"])
        pages.append(_page(file, page_data, data["perspectives"], items_by_id))
    return Questionnaire(
        id=data["id"],
        version=data["version"],
        title=_text(data["title"]),
        perspectives=tuple(data["perspectives"]),
        pages=tuple(pages),
        source_file=file,
        items_by_id=items_by_id,
        clinical_summary=_clinical_summary(file, data, items_by_id),
    )


def _clinical_summary(file: str, data: dict[str, Any], items_by_id: dict[str, Item]) -> tuple[tuple[str, str], ...]:
    """(item id, label) of each answer a professional's summary shows, every item one of the questionnaire's."""
    shown = tuple((entry["item"], entry["label"]) for entry in data.get("clinical_summary", ()))
    for item_id, _label in shown:
        if item_id not in items_by_id:
            raise QuestionnaireError(file, "clinical_summary", f"'{item_id}' is not an item")
    return shown


def _page(file: str, page_data: dict[str, Any], perspectives: list[str], items_by_id: dict[str, Item]) -> Page:
    """One page, its items added to `items_by_id` (ids are unique across the questionnaire)."""
    page_where = f"page '{page_data['id']}'"
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
        item = _item(file, where, item_data, perspectives, earlier_pages)
        items_by_id[item.id] = item
        items.append(item)
    return Page(
        id=page_data["id"],
        title=_text(page_data["title"]),
        intro=_optional_text(page_data.get("intro")),
        items=tuple(items),
        when=page_when,
        stop=page_data.get("stop"),
        pause=page_data.get("pause"),
    )


def _item(file: str, where: str, data: dict[str, Any], perspectives: list[str], earlier: dict[str, Item]) -> Item:
    kind = data["kind"]
    options = tuple(
        Option(o["value"], _text(o["label"]), bool(o.get("exclusive", False)), o.get("short")) for o in data.get("options", [])
    )
    _check_options(file, where, kind, options, data)
    minimum, maximum = data.get("min"), data.get("max")
    _check_range(file, where, kind, data)
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
        medicine=data.get("medicine"),
        short=data.get("short"),
    )


def _check_options(file: str, where: str, kind: str, options: tuple[Option, ...], data: dict[str, Any]) -> None:
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


def _check_range(file: str, where: str, kind: str, data: dict[str, Any]) -> None:
    minimum, maximum = data.get("min"), data.get("max")
    if kind == "number":
        if minimum is None or maximum is None:
            raise QuestionnaireError(file, where, "a number item needs both min and max")
        if minimum > maximum:
            raise QuestionnaireError(file, where, "min is greater than max")
    elif minimum is not None or maximum is not None or "unit" in data:
        raise QuestionnaireError(file, where, "only a number item takes min, max and unit")


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


class RulesFile:
    """One rules file being loaded: where it is, what it may refer to, the ids seen so far."""

    def __init__(self, path: Path, questionnaire: Questionnaire, sources: dict[str, dict[str, Any]]):
        self.file = str(path)
        self.items = dict(questionnaire.items_by_id)
        self.sources = sources
        self.seen_ids: set[str] = set()
        self.flag_names: set[str] = set(FLAG_KINDS)

    def beside(self, path: Path) -> RulesFile:
        """The same items, flags, sources and ids, for a file loaded beside this one."""
        other = copy.copy(self)  # shares seen_ids: ids are unique across both files
        other.file = str(path)
        return other

    def error(self, where: str, problem: str) -> QuestionnaireError:
        return QuestionnaireError(self.file, where, problem)

    def condition(self, where: str, when: Any, earlier_pathways: tuple[str, ...] = (), plan: bool = False) -> Any:
        """Parse a rule's condition and check every name it uses exists."""
        condition = _parse(self.file, f"{where}, when", when)
        for leaf in cond.references(condition):
            self._check_leaf(f"{where}, when", leaf, earlier_pathways, plan)
        return condition

    def _check_leaf(self, where: str, leaf: Any, earlier_pathways: tuple[str, ...], plan: bool) -> None:
        if isinstance(leaf, cond.ItemTest):
            _check_item_test(self.file, where, leaf, self.items, "an item of the questionnaire")
        elif isinstance(leaf, cond.FlagRaised) and leaf.kind not in self.flag_names:
            raise self.error(where, f"unknown flag kind or red flag id '{leaf.kind}'")
        elif isinstance(leaf, cond.PathwayAtLeast) and leaf.code not in earlier_pathways:
            raise self.error(where, f"'{leaf.code}' is not a pathway listed earlier")
        elif isinstance(leaf, cond.ScaleAtLeast) and not plan:
            raise self.error(where, f"'{leaf.scale}' is only known once the plan is decided (next steps, notes)")

    def checked(self, where: str, rule: dict[str, Any]) -> str:
        """A rule's id, once it is known to be unique and to cite a known source."""
        if rule["id"] in self.seen_ids:
            raise self.error(where, "rule id is used twice")
        self.seen_ids.add(rule["id"])
        self.check_source(where, rule["source"])
        return str(rule["id"])

    def check_source(self, where: str, source: str) -> None:
        if source not in self.sources:
            raise self.error(where, f"source '{source}' is not in sources.yaml")


def load_rules(path: str | Path, questionnaire: Questionnaire, sources: dict[str, dict[str, Any]]) -> RuleSet:
    path = Path(path)
    data = _read_yaml(path)
    _check_schema(path, data, "rules.schema.json")
    rules_file = RulesFile(path, questionnaire, sources)
    if data["questionnaire"] != questionnaire.id:
        raise rules_file.error("questionnaire", f"names '{data['questionnaire']}', not '{questionnaire.id}'")
    severity = _severity_rule(rules_file, data["severity"])
    red_flags = _red_flag_rules(rules_file, data["red_flags"])
    return RuleSet(
        id=data["id"],
        version=data["version"],
        questionnaire=data["questionnaire"],
        severity=severity,
        red_flags=red_flags,
        dimensions=_dimensions(rules_file, data["dimensions"]),
        pathways=_pathway_rules(rules_file, data["pathways"]),
        plan=load_plan_rules(path.with_name("plan.yaml"), rules_file),
        source_file=rules_file.file,
    )


def _severity_rule(rules_file: RulesFile, data: dict[str, Any]) -> SeverityRule:
    for criterion in data["criteria"]:
        item = rules_file.items.get(criterion)
        if item is None or item.kind != "yes_no":
            raise rules_file.error("severity, criteria", f"'{criterion}' is not a yes/no item")
    rules_file.check_source("severity", data["source"])
    levels = data["levels"]
    if not levels["mild"] < levels["moderate"] < levels["severe"]:
        raise rules_file.error("severity, levels", "mild < moderate < severe is required")
    not_counted = []
    for index, entry in enumerate(data.get("not_counted", [])):
        stray = [i for i in entry["items"] if i not in data["criteria"]]
        if stray:
            raise rules_file.error(f"severity, not_counted {index + 1}", f"not criteria: {stray}")
        when = rules_file.condition("severity, not_counted", entry["when"])
        not_counted.append(NotCounted(tuple(entry["items"]), when, entry["reason"]))
    return SeverityRule(tuple(data["criteria"]), dict(levels), tuple(not_counted), data["source"], _short_names(rules_file, data))


def _short_names(rules_file: RulesFile, data: dict[str, Any]) -> dict[str, str]:
    """Each criterion's short name: none given, or one for every criterion and nothing else."""
    names = {entry["item"]: entry["name"] for entry in data.get("short_names", ())}
    if (names and set(names) != set(data["criteria"])) or len(names) != len(data.get("short_names", ())):
        raise rules_file.error("severity, short_names", "one name for each criterion, and only for criteria")
    return names


def _red_flag_rules(rules_file: RulesFile, data: list[dict[str, Any]]) -> tuple[RedFlagRule, ...]:
    red_flags = []
    for rule in data:
        where = f"red flag '{rule['id']}'"
        rules_file.checked(where, rule)
        when = rules_file.condition(where, rule["when"])
        red_flags.append(
            RedFlagRule(
                rule["id"],
                rule["kind"],
                when,
                rule["text"],
                rule["source"],
                rule.get("short", ""),
                rule.get("emergency", ""),
                rule.get("for_family", ""),
            )
        )
        rules_file.flag_names.add(rule["id"])  # later rules (and the plan) may read it
    return tuple(red_flags)


def _dimensions(rules_file: RulesFile, data: list[dict[str, Any]]) -> tuple[Dimension, ...]:
    dimensions = []
    for dimension_data in sorted(data, key=lambda d: d["number"]):
        rules = []
        for rule in dimension_data["rules"]:
            where = f"dimension {dimension_data['number']}, rule '{rule['id']}'"
            rules_file.checked(where, rule)
            when = rules_file.condition(where, rule["when"])
            rules.append(DimensionRule(rule["id"], rule["rating"], when, rule["reason"], rule["source"]))
        dimensions.append(
            Dimension(dimension_data["number"], dimension_data["name"], dimension_data["description"], tuple(rules))
        )
    if [d.number for d in dimensions] != [1, 2, 3, 4, 5, 6]:
        raise rules_file.error("dimensions", "each of the six dimensions must appear once")
    return tuple(dimensions)


def _pathway_rules(rules_file: RulesFile, data: list[dict[str, Any]]) -> tuple[PathwayRules, ...]:
    pathways = []
    earlier: tuple[str, ...] = ()
    for pathway_data in data:
        rules = []
        for rule in pathway_data["rules"]:
            where = f"pathway '{pathway_data['code']}', rule '{rule['id']}'"
            rules_file.checked(where, rule)
            when = rules_file.condition(where, rule["when"], earlier)
            rules.append(PathwayRule(rule["id"], rule["fit"], when, rule["reason"], rule["changes"], rule["source"]))
        open_changes = tuple(
            OpenChange(
                change["text"], rules_file.condition(f"pathway '{pathway_data['code']}', change", change["unless"], earlier)
            )
            for change in pathway_data.get("open_changes", ())
        )
        pathways.append(
            PathwayRules(
                pathway_data["code"],
                pathway_data["default_reason"],
                pathway_data["default_changes"],
                tuple(rules),
                open_changes,
                pathway_data.get("changes_met", ""),
                pathway_data.get("description", ""),
            )
        )
        earlier += (pathway_data["code"],)
    if sorted(earlier) != sorted(PATHWAYS):
        raise rules_file.error("pathways", f"each of {', '.join(PATHWAYS)} must appear once")
    planned = [p.code for p in pathways if p.code in PLANNED_CARDS and p.rules]
    if planned:
        raise rules_file.error(f"pathway '{planned[0]}'", "this card follows the plan (plan.yaml): it takes no rules")
    return tuple(pathways)


def load_plan_rules(path: Path, rules_file: RulesFile) -> PlanRules:
    """The floors table beside rules.yaml, read with the rules' items, flags and sources."""
    data = _read_yaml(path)
    _check_schema(path, data, "plan.schema.json")
    plan_file = rules_file.beside(path)
    return PlanRules(
        floors=_floors(plan_file, data["floors"]),
        constraints=_constraints(plan_file, data["constraints"]),
        notes=_notes(plan_file, data.get("notes", [])),
        to_check=_checks(plan_file, data["to_check"]),
        next_steps=_next_steps(plan_file, data["next_steps"]),
        source_file=str(path),
        unknowns=_unknowns(plan_file, data.get("unknowns", [])),
        supports=_supports(plan_file, data.get("supports", [])),
    )


def _floors(plan_file: RulesFile, data: list[dict[str, Any]]) -> tuple[Floor, ...]:
    floors = []
    for rule in data:
        where = f"floor '{rule['id']}'"
        plan_file.checked(where, rule)
        if rule["at_least"] not in SCALES[rule["scale"]]:
            raise plan_file.error(
                where, f"'{rule['at_least']}' is not on the {rule['scale']} scale ({', '.join(SCALES[rule['scale']])})"
            )
        when = plan_file.condition(where, rule["when"])
        floors.append(
            Floor(
                rule["id"], rule["scale"], rule["at_least"], when, rule["reason"], rule["source"], bool(rule.get("safety", False))
            )
        )
    return tuple(floors)


def _constraints(plan_file: RulesFile, data: list[dict[str, Any]]) -> tuple[Constraint, ...]:
    constraints = []
    for rule in data:
        where = f"constraint '{rule['id']}'"
        plan_file.checked(where, rule)
        when = plan_file.condition(where, rule["when"])
        constraints.append(Constraint(rule["id"], when, rule["at_most"], rule["reason"], rule["source"]))
    return tuple(constraints)


def _notes(plan_file: RulesFile, data: list[dict[str, Any]]) -> tuple[PlanNote, ...]:
    notes = []
    for rule in data:
        where = f"note '{rule['id']}'"
        plan_file.checked(where, rule)
        when = plan_file.condition(where, rule["when"], plan=True)
        notes.append(PlanNote(rule["id"], when, tuple(rule["levels"]), rule["text"], rule["source"]))
    return tuple(notes)


def _supports(plan_file: RulesFile, data: list[dict[str, Any]]) -> tuple[SupportRule, ...]:
    supports = []
    for rule in data:
        where = f"support '{rule['code']}'"
        plan_file.check_source(where, rule["source"])
        supports.append(SupportRule(rule["code"], plan_file.condition(where, rule["when"]), rule["source"]))
    return tuple(supports)


def _checks(plan_file: RulesFile, data: list[dict[str, Any]]) -> tuple[CheckRule, ...]:
    checks = []
    for entry in data:
        item = plan_file.items.get(entry["item"])
        if item is None or not item.unknown_for:
            raise plan_file.error(f"to_check '{entry['item']}'", 'not an item that offers "I don\'t know"')
        checks.append(CheckRule(entry["item"], entry["text"]))
    return tuple(checks)


def _unknowns(plan_file: RulesFile, data: list[dict[str, Any]]) -> tuple[UnknownRule, ...]:
    unknowns = []
    for entry in data:
        where = f"unknown '{entry['item']}'"
        item = plan_file.items.get(entry["item"])
        if item is None or not item.unknown_for:
            raise plan_file.error(where, 'not an item that offers "I don\'t know"')
        plan_file.check_source(where, entry["source"])
        unknowns.append(UnknownRule(entry["item"], _text(entry["text"]), entry["source"]))
    return tuple(unknowns)


def _next_steps(plan_file: RulesFile, data: list[dict[str, Any]]) -> tuple[NextStepRule, ...]:
    steps = []
    for index, rule in enumerate(data):
        where = f"next step '{rule['id']}'"
        if rule["id"] in plan_file.seen_ids:
            raise plan_file.error(where, "rule id is used twice")
        plan_file.seen_ids.add(rule["id"])
        last = index == len(data) - 1
        if last == ("when" in rule):
            raise plan_file.error(where, "only the last next step, and it always, has no 'when' (the fallback)")
        when = plan_file.condition(where, rule["when"], plan=True) if "when" in rule else None
        steps.append(NextStepRule(rule["id"], when, rule["action"], _text(rule["text"]), rule["service"], rule.get("due", "")))
    return tuple(steps)


def load_sources(path: str | Path) -> dict[str, dict[str, Any]]:
    path = Path(path)
    data = _read_yaml(path)
    if not isinstance(data, dict) or not data:
        raise QuestionnaireError(str(path), "", "must map source keys to their description")
    for key, entry in data.items():
        if not isinstance(entry, dict) or not entry.get("title") or not entry.get("url"):
            raise QuestionnaireError(str(path), f"source '{key}'", "needs a title and a url")
    return data


def load_helplines(path: str | Path, sources: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Regions, each with its emergency number and services, every one sourced and dated."""
    path = Path(path)
    data = _read_yaml(path)
    _check_schema(path, data, "helplines.schema.json")
    for code, region in data["regions"].items():
        problems = check_region(code, region, sources)
        if problems:
            raise QuestionnaireError(str(path), f"region '{code}'", "; ".join(problems))
    regions: dict[str, dict[str, Any]] = data["regions"]
    return regions


REGIONAL_FRENCH = "regional_french.yaml"


def load_regional_french(path: Path, sources: dict[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Each regional French locale's words (none when the folder has no such file), every one sourced."""
    if not path.exists():
        return {}
    data = _read_yaml(path)
    _check_schema(path, data, "regional_french.schema.json")
    for locale, swaps in data.items():
        for word in swaps:
            if word["source"] not in sources:
                raise QuestionnaireError(
                    str(path), f"{locale}, word '{word['france']}'", f"source '{word['source']}' is not in sources.yaml"
                )
    regional: dict[str, list[dict[str, Any]]] = data
    return regional
