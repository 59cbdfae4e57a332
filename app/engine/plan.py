"""Decide the one plan: a level of care, a withdrawal setting and an urgency, from floors.

Each floor (data, with its source) says "at least X on scale Y when ...".
The plan is the highest floor held on each scale: the least intensive care
that is safe for the riskiest dimension (ASAM Criteria). A person's
constraint may bring the level down to the most intensive level they
accept, never below a safety floor, and the plan then says what was traded.
An unknown answer behind a floor that set the plan is said in one sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .conditions import Facts, evaluate
from .model import LEVELS, SCALES, UNKNOWN, URGENCY, WITHDRAWAL, Constraint, Floor, PlanRules
from .reasons import Reason
from .values import value_class


@value_class
class HeldFloor:
    """A floor whose condition held for these answers."""

    id: str
    scale: str
    at_least: str
    safety: bool
    reason: Reason


@value_class
class NextStep:
    action: str
    text: str  # English msgid, already worded for the perspective
    service: str  # a service kind the web layer resolves for the region
    due: str = ""  # "now" or "today" when the step itself cannot wait (plan.yaml `due`)


@value_class
class ToCheck:
    item: str
    text: str  # English msgid


@value_class
class Plan:
    level: str
    withdrawal: str
    level_reasons: tuple[Reason, ...]
    withdrawal_reasons: tuple[Reason, ...]
    trade_off: Reason | None
    not_counted: tuple[HeldFloor, ...]
    supports: tuple[str, ...]
    aftercare: bool
    next_step: NextStep
    to_check: tuple[ToCheck, ...]
    notes: tuple[Reason, ...] = ()  # what the plan must say (e.g. safety at home)
    level_asked: str = ""  # what the floors asked for, when a constraint brought the level down
    safety_level: str = "self_help"  # the level the safety floors require: never traded away
    urgency: str = "this_week"  # "today": the next step within 24 hours
    urgency_reasons: tuple[Reason, ...] = ()

    @property
    def next_step_due(self) -> str:
        """When the next step should happen: the plan's urgency, or today when the step itself says so."""
        if self.next_step.due == "now":
            return "now"
        return "today" if "today" in (self.urgency, self.next_step.due) else self.urgency


def held_floors(floors: tuple[Floor, ...], facts: Facts) -> tuple[HeldFloor, ...]:
    held = []
    for floor in floors:
        if floor.when.holds(facts):
            reason = Reason(floor.id, floor.reason, floor.when.answers_used(facts), floor.source)
            held.append(HeldFloor(floor.id, floor.scale, floor.at_least, floor.safety, reason))
    return tuple(held)


def highest(held: tuple[HeldFloor, ...], scale: str) -> str:
    """The highest floor held on a scale; the bottom of the scale when none held."""
    values = SCALES[scale]
    return max((f.at_least for f in held if f.scale == scale), key=values.index, default=values[0])


def apply_constraints(
    wanted: str, safety_floor: str, constraints: tuple[Constraint, ...], facts: Facts
) -> tuple[str, Reason | None]:
    """Lower the level to what the person accepts, never below the safety floor."""
    level, trade_off = wanted, None
    for constraint in constraints:
        holds, used = evaluate(constraint.when, facts)
        if not holds:
            continue
        accepted = max(constraint.at_most, safety_floor, key=LEVELS.index)
        if LEVELS.index(accepted) < LEVELS.index(level):
            level = accepted
            trade_off = Reason(constraint.id, constraint.reason, used, constraint.source)
    return level, trade_off


def decide_scales(rules: PlanRules, facts: Facts) -> tuple[dict[str, str], Reason | None, tuple[HeldFloor, ...]]:
    """Each scale's value (the level after constraints), the trade-off if any, and every floor held."""
    held = held_floors(rules.floors, facts)
    safety = tuple(f for f in held if f.safety)
    wanted = highest(held, "level")
    level, trade_off = apply_constraints(wanted, highest(safety, "level"), rules.constraints, facts)
    return {"level": level, "withdrawal": highest(held, "withdrawal"), "urgency": highest(held, "urgency")}, trade_off, held


def reasons_for(held: tuple[HeldFloor, ...], scale: str, value: str) -> tuple[Reason, ...]:
    return tuple(f.reason for f in held if f.scale == scale and f.at_least == value)


def level_reasons(held: tuple[HeldFloor, ...], level: str, traded: bool) -> tuple[Reason, ...]:
    """Floors that set the level; after a trade-off, the floors that asked for more."""
    exact = reasons_for(held, "level", level)
    if exact or not traded:
        return exact
    return reasons_for(held, "level", highest(held, "level"))


def not_counted(held: tuple[HeldFloor, ...], chosen: dict[str, str]) -> tuple[HeldFloor, ...]:
    return tuple(f for f in held if SCALES[f.scale].index(f.at_least) < SCALES[f.scale].index(chosen[f.scale]))


def is_unknown(answer: Any) -> bool:
    return answer == UNKNOWN or (isinstance(answer, (list, tuple)) and UNKNOWN in answer)


def decide_plan(rules: PlanRules, facts: Facts, perspective: str = "self") -> Plan:
    """The one plan for these facts (answers, severity, dimensions, flags)."""
    chosen, trade_off, held = decide_scales(rules, facts)
    level, withdrawal = chosen["level"], chosen["withdrawal"]
    decided = Facts(
        facts.answers,
        facts.severity,
        facts.dimensions,
        facts.flags,
        facts.pathways,
        plan=chosen,
        because=_plan_because(facts, held, chosen),
    )
    return Plan(
        level=level,
        withdrawal=withdrawal,
        level_reasons=level_reasons(held, level, trade_off is not None),
        withdrawal_reasons=reasons_for(held, "withdrawal", withdrawal),
        trade_off=trade_off,
        not_counted=not_counted(held, chosen),
        supports=supports(rules, facts, perspective),
        aftercare=True,
        next_step=next_step(rules, decided, perspective),
        to_check=to_check(rules, facts.answers),
        notes=assumed_unknowns(rules, held, chosen, facts.answers, perspective) + plan_notes(rules, decided, level),
        level_asked=highest(held, "level") if trade_off else "",
        safety_level=highest(tuple(f for f in held if f.safety), "level"),
        urgency=chosen["urgency"],
        urgency_reasons=reasons_for(held, "urgency", chosen["urgency"]) if chosen["urgency"] != URGENCY[0] else (),
    )


def _plan_because(facts: Facts, held: tuple[HeldFloor, ...], chosen: dict[str, str]) -> dict[str, tuple[str, ...]]:
    because = dict(facts.because or {})
    for scale, value in chosen.items():
        answers = (a for r in reasons_for(held, scale, value) for a in r.answers)
        because[f"plan:{scale}"] = tuple(dict.fromkeys(answers))
    return because


# The rule id of a plan note saying an unknown answer was read as the riskier one: this prefix, then the item.
ASSUMED_UNKNOWN = "unknown-"


def assumed_unknowns(
    rules: PlanRules, held: tuple[HeldFloor, ...], chosen: dict[str, str], answers: Mapping[str, Any], perspective: str
) -> tuple[Reason, ...]:
    """One sentence per unknown answer behind a floor that set the plan: it was read as the riskier answer."""
    counted = {a for f in held if f.at_least == chosen[f.scale] and f.at_least != SCALES[f.scale][0] for a in f.reason.answers}
    said: dict[str, Reason] = {}
    for rule in rules.unknowns:
        if rule.item in counted and is_unknown(answers.get(rule.item)):
            text = rule.text.for_perspective(perspective)
            said.setdefault(text, Reason(f"{ASSUMED_UNKNOWN}{rule.item}", text, (rule.item,), rule.source))
    return tuple(said.values())


def supports(rules: PlanRules, facts: Facts, perspective: str) -> tuple[str, ...]:
    """Support groups for everyone, support for a family member themself, and what the answers add (plan.yaml)."""
    base = ("support_groups", "family_support") if perspective == "family" else ("support_groups",)
    return base + tuple(rule.code for rule in rules.supports if rule.when.holds(facts))


def next_step(rules: PlanRules, facts: Facts, perspective: str) -> NextStep:
    """The first next step whose condition holds; the last one has none and always fits."""
    for step in rules.next_steps:
        if step.when is None or step.when.holds(facts):
            return NextStep(step.action, step.text.for_perspective(perspective), step.service, step.due)
    raise ValueError("the plan rules need a last next step without a condition")


def to_check(rules: PlanRules, answers: Mapping[str, Any]) -> tuple[ToCheck, ...]:
    """What "I don't know" left open, for a professional to check (the plan read it as the riskier answer)."""
    return tuple(ToCheck(rule.item, rule.text) for rule in rules.to_check if is_unknown(answers.get(rule.item)))


def plan_notes(rules: PlanRules, facts: Facts, level: str) -> tuple[Reason, ...]:
    notes = []
    for note in rules.notes:
        if level in note.levels and note.when.holds(facts):
            notes.append(Reason(note.id, note.text, note.when.answers_used(facts), note.source))
    return tuple(notes)


__all__ = ["ASSUMED_UNKNOWN", "LEVELS", "URGENCY", "WITHDRAWAL", "HeldFloor", "NextStep", "Plan", "ToCheck", "decide_plan"]
