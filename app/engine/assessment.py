"""Turn answers into an assessment: red flags, severity, dimensions, pathways.

Pure: same questionnaire, rules and answers give the same assessment, with no
I/O. Every rating and suggestion carries the rules and answers behind it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Mapping

from .conditions import Facts, evaluate
from .model import FITS, SEVERITY_LEVELS, Questionnaire, RuleSet

# Intensity of the care settings, lowest first; detox is withdrawal
# management and sits beside them, so it is not on this scale.
CARE_LEVELS = ("support_groups", "outpatient", "residential", "inpatient")


@dataclass(frozen=True)
class Reason:
    rule: str
    text: str  # English source text; translated by the caller
    answers: tuple[str, ...]  # ids of the items whose answers led here
    source: str


@dataclass(frozen=True)
class RedFlag:
    kind: str
    reason: Reason


@dataclass(frozen=True)
class Severity:
    level: str
    criteria_met: tuple[str, ...]
    criteria_not_counted: tuple[str, ...]
    not_counted_reasons: tuple[str, ...]
    source: str

    @property
    def count(self) -> int:
        return len(self.criteria_met)


@dataclass(frozen=True)
class DimensionRating:
    number: int
    name: str
    rating: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class PathwayFit:
    code: str
    fit: str
    reasons: tuple[Reason, ...]
    changes: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    questionnaire: str
    questionnaire_version: int
    rules: str
    rules_version: int
    red_flags: tuple[RedFlag, ...]
    severity: Severity
    dimensions: tuple[DimensionRating, ...]
    pathways: tuple[PathwayFit, ...]

    @property
    def emergency(self) -> bool:
        return any(flag.kind == "emergency" for flag in self.red_flags)

    @property
    def crisis(self) -> bool:
        return any(flag.kind == "crisis" for flag in self.red_flags)

    def flags_of(self, kind: str) -> tuple[RedFlag, ...]:
        return tuple(flag for flag in self.red_flags if flag.kind == kind)

    def pathway(self, code: str) -> PathwayFit:
        return next(p for p in self.pathways if p.code == code)

    def dimension(self, number: int) -> DimensionRating:
        return next(d for d in self.dimensions if d.number == number)

    @property
    def level_of_care(self) -> str:
        """The most intensive care setting suggested (recommended, else worth considering)."""
        for wanted in ("recommended", "consider"):
            chosen = [p.code for p in self.pathways if p.code in CARE_LEVELS and p.fit == wanted]
            if chosen:
                return max(chosen, key=CARE_LEVELS.index)
        return "support_groups"

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
        if page.when is not None and not evaluate(page.when, facts)[0]:
            continue
        for item in page.items:
            if item.when is None or evaluate(item.when, facts)[0]:
                shown.append(item.id)
    return shown


def relevant_answers(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Drop answers to questions that no longer apply (after a change upstream).

    Repeated until stable because hiding one answer can hide another that
    depended on it.
    """
    current = {key: value for key, value in answers.items() if key in questionnaire.items_by_id}
    while True:
        shown = set(visible_items(questionnaire, current))
        kept = {key: value for key, value in current.items() if key in shown}
        if kept == current:
            return kept
        current = kept


def assess(questionnaire: Questionnaire, rules: RuleSet, answers: Mapping[str, Any]) -> Assessment:
    """The whole assessment for one set of answers (already validated)."""
    answers = relevant_answers(questionnaire, answers)
    severity = rate_severity(rules, answers)
    because: dict[str, tuple[str, ...]] = {"severity": severity.criteria_met}

    def facts(**derived) -> Facts:
        return Facts(answers, severity.level, because=because, **derived)

    red_flags = []
    for rule in rules.red_flags:
        holds, used = evaluate(rule.when, facts())
        if holds:
            red_flags.append(RedFlag(rule.kind, Reason(rule.id, rule.text, used, rule.source)))
    flags = frozenset(flag.kind for flag in red_flags)
    for kind in flags:
        because[f"flag:{kind}"] = _union(flag.reason.answers for flag in red_flags if flag.kind == kind)

    dimensions = []
    for dimension in rules.dimensions:
        matched = []
        for rule in dimension.rules:
            holds, used = evaluate(rule.when, facts(flags=flags))
            if holds:
                matched.append((rule.rating, Reason(rule.id, rule.reason, used, rule.source)))
        rating = max((r for r, _ in matched), default=0)
        # Keep every reason that raised the rating, the strongest first.
        reasons = tuple(reason for r, reason in sorted(matched, key=lambda pair: -pair[0]) if r > 0)
        dimensions.append(DimensionRating(dimension.number, dimension.name, rating, reasons))
        because[f"dimension:{dimension.number}"] = _union(
            reason.answers for r, reason in matched if r == rating and r > 0
        )
    ratings = {d.number: d.rating for d in dimensions}

    pathways = []
    fits: dict[str, str] = {}
    for pathway in rules.pathways:
        matched = []
        for rule in pathway.rules:
            holds, used = evaluate(rule.when, facts(flags=flags, dimensions=ratings, pathways=fits))
            if holds:
                matched.append((rule, Reason(rule.id, rule.reason, used, rule.source)))
        if matched:
            fit = max((rule.fit for rule, _ in matched), key=FITS.index)
            ordered = sorted(matched, key=lambda pair: -FITS.index(pair[0].fit))
            reasons = tuple(reason for _, reason in ordered)
            changes = tuple(dict.fromkeys(rule.changes for rule, _ in ordered))
        else:
            fit = "not_indicated"
            reasons = (Reason(f"{pathway.code}-default", pathway.default_reason, (), ""),)
            changes = (pathway.default_changes,)
        fits[pathway.code] = fit
        because[f"pathway:{pathway.code}"] = _union(reason.answers for reason in reasons)
        pathways.append(PathwayFit(pathway.code, fit, reasons, changes))

    return Assessment(
        questionnaire=questionnaire.id,
        questionnaire_version=questionnaire.version,
        rules=rules.id,
        rules_version=rules.version,
        red_flags=tuple(red_flags),
        severity=severity,
        dimensions=tuple(dimensions),
        pathways=tuple(pathways),
    )


def _union(groups) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for group in groups for item in group))


def rate_severity(rules: RuleSet, answers: Mapping[str, Any]) -> Severity:
    """DSM-5 style count of criteria answered yes, minus those that do not count."""
    rule = rules.severity
    excluded: list[str] = []
    excluded_reasons: list[str] = []
    facts = Facts(answers)
    for entry in rule.not_counted:
        if evaluate(entry.when, facts)[0]:
            excluded.extend(entry.items)
            excluded_reasons.append(entry.reason)
    met = tuple(c for c in rule.criteria if answers.get(c) == "yes" and c not in excluded)
    not_counted = tuple(c for c in rule.criteria if answers.get(c) == "yes" and c in excluded)
    level = "none"
    for candidate in SEVERITY_LEVELS[1:]:
        if len(met) >= rule.levels[candidate]:
            level = candidate
    return Severity(level, met, not_counted, tuple(dict.fromkeys(excluded_reasons)), rule.source)
