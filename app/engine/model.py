"""Immutable objects a questionnaire and its rules are loaded into.

Texts are kept as English source strings (gettext msgids): the engine never
translates, the web layer does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

PERSPECTIVES = ("self", "family", "counselor")
ITEM_KINDS = ("single", "multiple", "yes_no", "number")
SEVERITY_LEVELS = ("none", "mild", "moderate", "severe")
FLAG_KINDS = ("emergency", "crisis", "medical", "safety")
PATHWAYS = ("detox", "inpatient", "residential", "outpatient", "support_groups", "aftercare")
FITS = ("not_indicated", "consider", "recommended")
UNKNOWN = "unknown"
# The plan's two ordered scales, lowest first. "emergency" is not on the
# level scale: it stops everything and only emergency guidance is shown.
LEVELS = ("self_help", "outpatient", "intensive_outpatient", "day_program", "residential", "hospital")
WITHDRAWAL = ("none", "ambulatory", "monitored", "hospital")
URGENCY = ("this_week", "today")  # when the next step should happen
SCALES = {"level": LEVELS, "withdrawal": WITHDRAWAL, "urgency": URGENCY}
YES_NO_VALUES = ("yes", "no")


@dataclass(frozen=True)
class Text:
    """One text, worded for each perspective; `self` is the fallback."""

    variants: Mapping[str, str]

    def for_perspective(self, perspective: str) -> str:
        return self.variants.get(perspective) or self.variants["self"]

    def all_variants(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.variants.values()))


@dataclass(frozen=True)
class Option:
    value: str
    label: Text
    exclusive: bool = False
    short: str | None = None  # the choice without its examples, for lists of answers; else the whole label


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    text: Text
    help: Text | None = None
    options: tuple[Option, ...] = ()
    when: Any = None  # a condition (see conditions.py) or None
    required: bool = True
    unknown_for: tuple[str, ...] = ()  # perspectives offered "I don't know"
    minimum: int | None = None
    maximum: int | None = None
    unit: Text | None = None
    # A risk option ticked together with an exclusive "None of these" counts as
    # the risk, never as a form error: on a danger screen, safety comes first.
    risk_over_none: bool = False
    medicine: str | None = None  # the medicine asked about: pages add its brand names in the region
    short: str | None = None  # the question in a few words, for lists of answers; else the whole text

    def offers_unknown(self, perspective: str) -> bool:
        return perspective in self.unknown_for

    def values_for(self, perspective: str) -> tuple[str, ...]:
        """The answer values a person in this perspective may give."""
        values: tuple[str, ...] = YES_NO_VALUES if self.kind == "yes_no" else tuple(option.value for option in self.options)
        if self.offers_unknown(perspective):
            values += (UNKNOWN,)
        return values


@dataclass(frozen=True)
class Page:
    id: str
    title: Text
    items: tuple[Item, ...]
    intro: Text | None = None
    when: Any = None
    stop: str | None = None  # a red-flag kind that ends the questionnaire here
    pause: str | None = None  # a red-flag kind that shows its help page here, then lets the person go on


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    title: Text
    perspectives: tuple[str, ...]
    pages: tuple[Page, ...]
    source_file: str = ""
    items_by_id: Mapping[str, Item] = field(default_factory=dict, compare=False, repr=False)
    clinical_summary: tuple[tuple[str, str], ...] = ()  # (item id, label) a professional's summary shows
    # Looked up for every answer on the summary and results pages: indexed once.
    pages_by_id: Mapping[str, Page] = field(init=False, compare=False, repr=False)
    page_of_item: Mapping[str, Page] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pages_by_id", {page.id: page for page in self.pages})
        object.__setattr__(self, "page_of_item", {item.id: page for page in self.pages for item in page.items})

    def item(self, item_id: str) -> Item:
        return self.items_by_id[item_id]

    def page(self, page_id: str) -> Page | None:
        return self.pages_by_id.get(page_id)

    def page_of(self, item_id: str) -> Page:
        return self.page_of_item[item_id]


@dataclass(frozen=True)
class NotCounted:
    items: tuple[str, ...]
    when: Any
    reason: str


@dataclass(frozen=True)
class SeverityRule:
    criteria: tuple[str, ...]
    levels: Mapping[str, int]  # lowest criteria count for mild, moderate, severe
    not_counted: tuple[NotCounted, ...]
    source: str
    short_names: Mapping[str, str] = field(default_factory=dict)  # criterion -> its name for a professional


@dataclass(frozen=True)
class RedFlagRule:
    id: str
    kind: str
    when: Any
    text: str
    source: str
    short: str = ""  # one short sentence for the top of the results page; `text` when empty
    emergency_kind: str = ""  # which emergency (overdose, seizure, withdrawal, pump_withdrawal); emergency flags only
    for_family: str = ""  # plain words for a family member: what it means, what to watch for, what to do


@dataclass(frozen=True)
class DimensionRule:
    id: str
    rating: int
    when: Any
    reason: str
    source: str


@dataclass(frozen=True)
class Dimension:
    number: int
    name: str
    description: str
    rules: tuple[DimensionRule, ...]


@dataclass(frozen=True)
class PathwayRule:
    id: str
    fit: str
    when: Any
    reason: str
    changes: str
    source: str


@dataclass(frozen=True)
class OpenChange:
    """One thing that would change a card, listed only while `unless` (it is already so) does not hold."""

    text: str
    unless: Any


@dataclass(frozen=True)
class PathwayRules:
    code: str
    default_reason: str
    default_changes: str
    rules: tuple[PathwayRule, ...]
    open_changes: tuple[OpenChange, ...] = ()  # when given, "what would change this" lists these instead
    changes_met: str = ""  # said when every open change is already so
    description: str = ""  # what this pathway is, in plain words (the "Types of treatment" page)


@dataclass(frozen=True)
class Floor:
    """One decision rule of the plan: when `when` holds, `scale` is at least `at_least`."""

    id: str
    scale: str  # "level" or "withdrawal"
    at_least: str
    when: Any
    reason: str
    source: str
    safety: bool = False  # a person's constraint never brings the plan below it


@dataclass(frozen=True)
class Constraint:
    """Something a person cannot accept, and the most intensive level they can."""

    id: str
    when: Any
    at_most: str
    reason: str  # the trade-off, said plainly
    source: str


@dataclass(frozen=True)
class CheckRule:
    """An item whose "I don't know" a professional should look at."""

    item: str
    text: str


@dataclass(frozen=True)
class UnknownRule:
    """The sentence a plan says when an unknown answer to `item` was read as the riskier one."""

    item: str
    text: Text
    source: str


@dataclass(frozen=True)
class NextStepRule:
    id: str
    when: Any  # None: the fallback, always last
    action: str
    text: Text
    service: str
    due: str = ""  # "now" or "today": the step cannot wait, whatever the plan's urgency (its text says same-day or now)


@dataclass(frozen=True)
class PlanNote:
    """Words the plan must say when it keeps the person at one of `levels`."""

    id: str
    when: Any
    levels: tuple[str, ...]
    text: str
    source: str


@dataclass(frozen=True)
class SupportRule:
    """A support the plan adds alongside the groups when `when` holds (naloxone when opioids may be involved)."""

    code: str
    when: Any
    source: str


@dataclass(frozen=True)
class PlanRules:
    floors: tuple[Floor, ...]
    constraints: tuple[Constraint, ...]
    notes: tuple[PlanNote, ...]
    to_check: tuple[CheckRule, ...]
    next_steps: tuple[NextStepRule, ...]
    source_file: str = ""
    unknowns: tuple[UnknownRule, ...] = ()
    supports: tuple[SupportRule, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    id: str
    version: int
    questionnaire: str
    severity: SeverityRule
    red_flags: tuple[RedFlagRule, ...]
    dimensions: tuple[Dimension, ...]
    pathways: tuple[PathwayRules, ...]
    plan: PlanRules
    source_file: str = ""

    @cached_property
    def flags_by_id(self) -> dict[str, RedFlagRule]:
        """Each red flag rule by its id (a page looks several up: not a scan of all of them each time)."""
        return {rule.id: rule for rule in self.red_flags}

    def flag_short(self, rule_id: str) -> str:
        """A red flag in one short sentence (English msgid): its `short`, else its full text."""
        rule = self.flags_by_id[rule_id]
        return rule.short or rule.text

    def flag_for_family(self, rule_id: str) -> str:
        """A red flag in plain words for a family member (English msgid)."""
        return self.flags_by_id[rule_id].for_family

    def all_rule_ids(self) -> tuple[str, ...]:
        ids = [rule.id for rule in self.red_flags]
        ids += [rule.id for dimension in self.dimensions for rule in dimension.rules]
        ids += [rule.id for pathway in self.pathways for rule in pathway.rules]
        ids += [floor.id for floor in self.plan.floors]
        ids += [constraint.id for constraint in self.plan.constraints]
        return tuple(ids)
