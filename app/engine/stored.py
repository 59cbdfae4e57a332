"""An assessment read back from the dict it was stored as (Assessment.to_dict, e.g. in a JSON column).

A stored record must show again exactly what was decided then, not what today's
rules would decide: so the stored dict is turned back into the same objects,
and every page, PDF or export made from a record reads the same shape as a live
assessment. Keys added to the engine later are optional here, so older records
still read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from .assessment import Assessment, DimensionRating, PathwayFit, RedFlag, Severity
from .model import RuleSet
from .plan import HeldFloor, NextStep, Plan, ToCheck
from .reasons import Reason


def _reason(data: Mapping[str, Any]) -> Reason:
    return Reason(str(data["rule"]), str(data["text"]), tuple(data.get("answers") or ()), str(data.get("source") or ""))


def _reasons(items: Iterable[Mapping[str, Any]] | None) -> tuple[Reason, ...]:
    return tuple(_reason(item) for item in items or ())


def _plan(data: Mapping[str, Any]) -> Plan:
    step = data["next_step"]
    trade_off = data.get("trade_off")
    return Plan(
        level=str(data["level"]),
        withdrawal=str(data["withdrawal"]),
        level_reasons=_reasons(data.get("level_reasons")),
        withdrawal_reasons=_reasons(data.get("withdrawal_reasons")),
        trade_off=_reason(trade_off) if trade_off else None,
        not_counted=tuple(
            HeldFloor(str(f["id"]), str(f["scale"]), str(f["at_least"]), bool(f["safety"]), _reason(f["reason"]))
            for f in data.get("not_counted") or ()
        ),
        supports=tuple(data.get("supports") or ()),
        aftercare=bool(data.get("aftercare", True)),
        next_step=NextStep(str(step["action"]), str(step["text"]), str(step.get("service") or ""), str(step.get("due") or "")),
        to_check=tuple(ToCheck(str(c["item"]), str(c["text"])) for c in data.get("to_check") or ()),
        notes=_reasons(data.get("notes")),
        level_asked=str(data.get("level_asked") or ""),
        safety_level=str(data.get("safety_level") or "self_help"),
        urgency=str(data.get("urgency") or "this_week"),
        urgency_reasons=_reasons(data.get("urgency_reasons")),
    )


def assessment_from_dict(data: Mapping[str, Any]) -> Assessment:
    """The Assessment that `to_dict()` gave this dict (lists back to tuples, nested objects rebuilt)."""
    severity = data["severity"]
    return Assessment(
        questionnaire=str(data["questionnaire"]),
        questionnaire_version=int(data["questionnaire_version"]),
        rules=str(data["rules"]),
        rules_version=int(data["rules_version"]),
        red_flags=tuple(
            RedFlag(str(f["kind"]), _reason(f["reason"]), str(f.get("emergency_kind") or "")) for f in data.get("red_flags") or ()
        ),
        severity=Severity(
            str(severity["level"]),
            tuple(severity.get("criteria_met") or ()),
            tuple(severity.get("criteria_not_counted") or ()),
            tuple(severity.get("not_counted_reasons") or ()),
            str(severity.get("source") or ""),
        ),
        dimensions=tuple(
            DimensionRating(int(d["number"]), str(d["name"]), int(d["rating"]), _reasons(d.get("reasons")))
            for d in data.get("dimensions") or ()
        ),
        pathways=tuple(
            PathwayFit(str(p["code"]), str(p["fit"]), _reasons(p.get("reasons")), tuple(p.get("changes") or ()))
            for p in data.get("pathways") or ()
        ),
        plan=_plan(data["plan"]) if data.get("plan") else None,
    )


def worded_for(assessment: Assessment, rules: RuleSet, perspective: str) -> Assessment:
    """The same assessment with its next step worded for another reader (the only perspective-worded text).

    A counselor's record given to the client reads "Make an appointment…", not
    "Refer for…". The step is found by its action in these rules; a step that
    no longer exists keeps its stored words.
    """
    plan = assessment.plan
    if plan is None:
        return assessment
    step = next((s for s in rules.plan.next_steps if s.action == plan.next_step.action), None)
    if step is None:
        return assessment
    next_step = replace(plan.next_step, text=step.text.for_perspective(perspective))
    return replace(assessment, plan=replace(plan, next_step=next_step))
