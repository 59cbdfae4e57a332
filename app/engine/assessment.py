"""Turn answers into an assessment: red flags, severity, dimensions, pathways.

Pure: same questionnaire, rules and answers give the same assessment, with no
I/O. Every rating and suggestion carries the rules and answers behind it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict
from operator import itemgetter
from typing import Any

from .conditions import Facts
from .model import FITS, SEVERITY_LEVELS, Dimension, PathwayRules, Questionnaire, RuleSet
from .plan import Plan, decide_plan
from .reasons import Reason
from .values import value_class

# The pathway card that holds each plan level (none for self_help).
CARD_OF_LEVEL = {
    "hospital": "inpatient",
    "residential": "residential",
    "day_program": "outpatient",
    "intensive_outpatient": "outpatient",
    "outpatient": "outpatient",
}
CARE_CARDS = ("inpatient", "residential", "outpatient")


@value_class
class RedFlag:
    kind: str
    reason: Reason
    emergency_kind: str = ""  # which emergency, for emergency flags (rules.yaml `emergency`)


@value_class
class Severity:
    level: str
    criteria_met: tuple[str, ...]
    criteria_not_counted: tuple[str, ...]
    not_counted_reasons: tuple[str, ...]
    source: str

    @property
    def count(self) -> int:
        return len(self.criteria_met)


@value_class
class DimensionRating:
    number: int
    name: str
    rating: int
    reasons: tuple[Reason, ...]


@value_class
class PathwayFit:
    code: str
    fit: str
    reasons: tuple[Reason, ...]
    changes: tuple[str, ...]


@value_class
class Assessment:
    questionnaire: str
    questionnaire_version: int
    rules: str
    rules_version: int
    red_flags: tuple[RedFlag, ...]
    severity: Severity
    dimensions: tuple[DimensionRating, ...]
    pathways: tuple[PathwayFit, ...]
    plan: Plan | None = None

    @property
    def emergency(self) -> bool:
        return any(flag.kind == "emergency" for flag in self.red_flags)

    @property
    def crisis(self) -> bool:
        return any(flag.kind == "crisis" for flag in self.red_flags)

    def flags_of(self, kind: str) -> tuple[RedFlag, ...]:
        return tuple(flag for flag in self.red_flags if flag.kind == kind)

    @property
    def emergency_kinds(self) -> frozenset[str]:
        return emergency_kinds(self.red_flags)

    def pathway(self, code: str) -> PathwayFit:
        return next(p for p in self.pathways if p.code == code)

    def dimension(self, number: int) -> DimensionRating:
        return next(d for d in self.dimensions if d.number == number)

    @property
    def level_of_care(self) -> str:
        """The care-level card that holds the plan (support groups for self-help; "emergency" for an emergency)."""
        if self.plan is None:
            return "emergency"
        return CARD_OF_LEVEL.get(self.plan.level, "support_groups")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["emergency"] = self.emergency
        data["crisis"] = self.crisis
        data["level_of_care"] = self.level_of_care
        data["severity"]["count"] = self.severity.count
        return data


def visible_items(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[str]:
    """Ids of the items that apply given these answers (page and item conditions)."""
    facts = Facts(answers)
    shown = []
    for page in questionnaire.pages:
        if page.when is not None and not page.when.holds(facts):
            continue
        for item in page.items:
            if item.when is None or item.when.holds(facts):
                shown.append(item.id)
    return shown


def relevant_answers(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Drop answers to questions that no longer apply (after a change upstream)."""
    return applying_answers(questionnaire, answers)[0]


def applying_answers(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The answers that apply, and the ids of the items shown given them.

    Repeated until stable because hiding one answer can hide another that
    depended on it; answers that already apply take one pass.
    """
    current = {key: value for key, value in answers.items() if key in questionnaire.items_by_id}
    while True:
        shown = visible_items(questionnaire, current)
        shown_ids = set(shown)
        kept = {key: value for key, value in current.items() if key in shown_ids}
        if kept == current:
            return kept, shown
        current = kept


@value_class
class Flagged:
    """The first step of an assessment: severity and red flags, all the flow needs to know where it stops."""

    answers: Mapping[str, Any]  # only the answers that apply
    severity: Severity
    red_flags: tuple[RedFlag, ...]
    because: Mapping[str, tuple[str, ...]]  # which answers led to each named fact

    def flags_of(self, kind: str) -> tuple[RedFlag, ...]:
        return tuple(flag for flag in self.red_flags if flag.kind == kind)

    @property
    def emergency_kinds(self) -> frozenset[str]:
        return emergency_kinds(self.red_flags)


def flag_answers(rules: RuleSet, relevant: Mapping[str, Any]) -> Flagged:
    """Severity and red flags for answers that already apply (see relevant_answers)."""
    severity = rate_severity(rules, relevant)
    because: dict[str, tuple[str, ...]] = {"severity": severity.criteria_met}
    red_flags = raise_red_flags(rules, relevant, severity.level, because)
    return Flagged(relevant, severity, red_flags, because)


def assess(questionnaire: Questionnaire, rules: RuleSet, answers: Mapping[str, Any], perspective: str = "self") -> Assessment:
    """The whole assessment for one set of answers (already validated)."""
    return complete_assessment(questionnaire, rules, flag_answers(rules, relevant_answers(questionnaire, answers)), perspective)


def complete_assessment(questionnaire: Questionnaire, rules: RuleSet, flagged: Flagged, perspective: str) -> Assessment:
    """The rest of the assessment from its first step: dimensions, then the plan and the pathways."""
    because = dict(flagged.because)
    answers, severity, red_flags = flagged.answers, flagged.severity, flagged.red_flags
    flags = flag_names(red_flags, because)
    dimensions = rate_dimensions(rules, Facts(answers, severity.level, flags=flags, because=because), because)
    ratings = {d.number: d.rating for d in dimensions}
    facts = Facts(answers, severity.level, dimensions=ratings, flags=flags, because=because)
    if any(flag.kind == "emergency" for flag in red_flags):
        # An emergency stops everything: no pathways, no plan beyond the emergency.
        plan: Plan | None = None
        pathways: tuple[PathwayFit, ...] = ()
    else:
        plan = decide_plan(rules.plan, facts, perspective)
        pathways = fit_pathways(rules, facts, plan, because)
    return Assessment(
        questionnaire=questionnaire.id,
        questionnaire_version=questionnaire.version,
        rules=rules.id,
        rules_version=rules.version,
        red_flags=red_flags,
        severity=severity,
        dimensions=dimensions,
        pathways=pathways,
        plan=plan,
    )


def raise_red_flags(
    rules: RuleSet, answers: Mapping[str, Any], severity: str, because: dict[str, tuple[str, ...]]
) -> tuple[RedFlag, ...]:
    """Red flags in file order; a flag may read the flags raised before it."""
    red_flags: list[RedFlag] = []
    facts = Facts(answers, severity, because=because)
    for rule in rules.red_flags:
        if rule.when.holds(facts):
            reason = Reason(rule.id, rule.text, rule.when.answers_used(facts), rule.source)
            red_flags.append(RedFlag(rule.kind, reason, rule.emergency_kind))
            # The facts change only when a flag is raised.
            facts = Facts(answers, severity, flags=flag_names(tuple(red_flags), because), because=because)
    return tuple(red_flags)


def emergency_kinds(red_flags: Iterable[RedFlag]) -> frozenset[str]:
    """Which emergencies the raised flags name (overdose, seizure, withdrawal, pump_withdrawal)."""
    return frozenset(flag.emergency_kind for flag in red_flags if flag.kind == "emergency" and flag.emergency_kind)


def flag_names(red_flags: tuple[RedFlag, ...], because: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """Kinds and rule ids of the raised flags: a rule may read either ("medical", "medical-x")."""
    names: dict[str, list[tuple[str, ...]]] = {}
    for flag in red_flags:
        for name in (flag.kind, flag.reason.rule):
            names.setdefault(name, []).append(flag.reason.answers)
    for name, groups in names.items():
        because[f"flag:{name}"] = _union(groups)
    return frozenset(names)


def rate_dimensions(rules: RuleSet, facts: Facts, because: dict[str, tuple[str, ...]]) -> tuple[DimensionRating, ...]:
    dimensions = []
    for dimension in rules.dimensions:
        rating, behind = rate_dimension(dimension, facts)
        dimensions.append(rating)
        because[f"dimension:{dimension.number}"] = behind
    return tuple(dimensions)


def rate_dimension(dimension: Dimension, facts: Facts) -> tuple[DimensionRating, tuple[str, ...]]:
    """A dimension's rating with the reasons that raised it, and the answers behind the rating itself."""
    raised = [
        (rule.rating, Reason(rule.id, rule.reason, rule.when.answers_used(facts), rule.source))
        for rule in dimension.rules
        if rule.rating > 0 and rule.when.holds(facts)
    ]
    if not raised:
        return DimensionRating(dimension.number, dimension.name, 0, ()), ()
    raised.sort(key=itemgetter(0), reverse=True)  # the strongest first; stable, so file order among equals
    rating = raised[0][0]
    behind = _union(reason.answers for r, reason in raised if r == rating)
    return DimensionRating(dimension.number, dimension.name, rating, tuple(reason for _, reason in raised)), behind


def fit_pathways(rules: RuleSet, facts: Facts, plan: Plan, because: dict[str, tuple[str, ...]]) -> tuple[PathwayFit, ...]:
    """The six cards. Detox and the care-level cards follow the plan; the others their rules."""
    planned = planned_fits(plan)
    pathways = []
    fits: dict[str, str] = {}
    for pathway in rules.pathways:
        if pathway.code in planned:
            fit = card_fit(pathway, *planned[pathway.code], open_changes(pathway, facts))
        else:
            fit = rule_fit(pathway, Facts(facts.answers, facts.severity, facts.dimensions, facts.flags, fits, because=because))
        fits[fit.code] = fit.fit
        because[f"pathway:{fit.code}"] = _union(reason.answers for reason in fit.reasons)
        pathways.append(fit)
    return tuple(pathways)


def planned_fits(plan: Plan) -> dict[str, tuple[str, tuple[Reason, ...]]]:
    """Fit and reasons of detox and the three care-level cards, exactly as the plan decided.

    At most one care card is recommended (the one holding the plan's level);
    detox is recommended exactly when the withdrawal setting is not "none".
    A card a floor asked for but the plan did not choose is worth
    considering, with that floor (or the trade-off) as its reason.
    """
    chosen = CARD_OF_LEVEL.get(plan.level)
    fits = {}
    for card in CARE_CARDS:
        if card == chosen:
            fits[card] = ("recommended", plan.level_reasons + ((plan.trade_off,) if plan.trade_off else ()))
        else:
            reasons = considered_reasons(plan, card)
            fits[card] = ("consider" if reasons else "not_indicated", reasons)
    fits["detox"] = ("recommended", plan.withdrawal_reasons) if plan.withdrawal != "none" else ("not_indicated", ())
    return fits


def considered_reasons(plan: Plan, card: str) -> tuple[Reason, ...]:
    """Why a card the plan did not choose is still worth considering, if at all."""
    below = tuple(f.reason for f in plan.not_counted if f.scale == "level" and CARD_OF_LEVEL.get(f.at_least) == card)
    if plan.trade_off and CARD_OF_LEVEL.get(plan.level_asked) == card:
        return plan.level_reasons + (plan.trade_off,) + below
    return below


def rule_fit(pathway: PathwayRules, facts: Facts) -> PathwayFit:
    matched = []
    for rule in pathway.rules:
        if rule.when.holds(facts):
            matched.append((rule, Reason(rule.id, rule.reason, rule.when.answers_used(facts), rule.source)))
    if not matched:
        return default_fit(pathway)
    ordered = sorted(matched, key=lambda pair: -FITS.index(pair[0].fit))
    return PathwayFit(
        pathway.code,
        ordered[0][0].fit,
        tuple(reason for _, reason in ordered),
        tuple(dict.fromkeys(rule.changes for rule, _ in ordered)),
    )


def card_fit(pathway: PathwayRules, fit: str, reasons: tuple[Reason, ...], changes: tuple[str, ...]) -> PathwayFit:
    if not reasons:
        return default_fit(pathway, changes)
    return PathwayFit(pathway.code, fit, reasons, changes)


def default_fit(pathway: PathwayRules, changes: tuple[str, ...] = ()) -> PathwayFit:
    reason = Reason(f"{pathway.code}-default", pathway.default_reason, (), "")
    return PathwayFit(pathway.code, "not_indicated", (reason,), changes or (pathway.default_changes,))


def open_changes(pathway: PathwayRules, facts: Facts) -> tuple[str, ...]:
    """What would change a card: only what is not already so (every change when the card lists none)."""
    if not pathway.open_changes:
        return (pathway.default_changes,)
    still_open = tuple(change.text for change in pathway.open_changes if not change.unless.holds(facts))
    return still_open or (pathway.changes_met,)


def _union(groups: Iterable[Iterable[str]]) -> tuple[str, ...]:
    """The items of every group in first-seen order, each once."""
    merged: list[str] = []
    for group in groups:
        merged += group
    return tuple(merged) if len(merged) < 2 else tuple(dict.fromkeys(merged))


def rate_severity(rules: RuleSet, answers: Mapping[str, Any]) -> Severity:
    """DSM-5 style count of criteria answered yes, minus those that do not count."""
    rule = rules.severity
    excluded: list[str] = []
    excluded_reasons: list[str] = []
    facts = Facts(answers)
    for entry in rule.not_counted:
        if entry.when.holds(facts):
            excluded.extend(entry.items)
            excluded_reasons.append(entry.reason)
    met = tuple(c for c in rule.criteria if answers.get(c) == "yes" and c not in excluded)
    not_counted = tuple(c for c in rule.criteria if answers.get(c) == "yes" and c in excluded)
    level = "none"
    for candidate in SEVERITY_LEVELS[1:]:
        if len(met) >= rule.levels[candidate]:
            level = candidate
    return Severity(level, met, not_counted, tuple(dict.fromkeys(excluded_reasons)), rule.source)
