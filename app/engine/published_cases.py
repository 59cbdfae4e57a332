"""Published validation cases (tests/cases/*.yaml) compared with the engine's plan.

Each case is a published report or guideline scenario turned into answers,
with the plan level, withdrawal setting and red flags its source supports.
A field marked `undecided` is not compared: the source could not decide it.
A case whose disagreement with the engine is understood carries
`known_disagreement: "<clinical reason>"` and is listed in
tests/cases/DISAGREEMENTS.md: it is counted and shown, never hidden.
Used by `flask --app app cases` and by tests/engine/test_published_cases.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import Questionnaire, RuleSet, assess, clean_item_answer, relevant_answers

CASES_DIR = Path(__file__).resolve().parents[2] / "tests" / "cases"
DISAGREEMENTS_FILE = "DISAGREEMENTS.md"
UNDECIDED = "undecided"
LEVELS = ("emergency", "hospital", "residential", "day_program", "intensive_outpatient", "outpatient", "self_help")
WITHDRAWAL = ("none", "ambulatory", "monitored", "hospital")
FLAG_KINDS = frozenset({"emergency", "crisis", "medical", "safety"})
NO_PLAN = "-"


@dataclass(frozen=True)
class CaseResult:
    case_id: str
    perspective: str
    expected_level: str
    engine_level: str
    expected_withdrawal: str
    engine_withdrawal: str
    missing_flags: tuple[str, ...]
    extra_flags: tuple[str, ...]
    problems: tuple[str, ...]  # the case's answers are not valid for the questionnaire
    known_disagreement: str = ""  # the clinical reason, when the disagreement is documented

    @property
    def level_agrees(self) -> bool:
        return self.expected_level == UNDECIDED or self.expected_level == self.engine_level

    @property
    def withdrawal_agrees(self) -> bool:
        return self.expected_withdrawal == UNDECIDED or self.expected_withdrawal == self.engine_withdrawal

    @property
    def agrees(self) -> bool:
        """Extra flags are shown but do not count: a case lists only what its source supports."""
        return not self.problems and self.level_agrees and self.withdrawal_agrees and not self.missing_flags

    @property
    def verdict(self) -> str:
        """yes; NO (known) when documented; NO; or a stale mark that no longer disagrees."""
        if self.agrees:
            return "yes (marked known: remove the mark)" if self.known_disagreement else "yes"
        return "NO (known)" if self.known_disagreement else "NO"


def load_cases(folder: Path = CASES_DIR) -> list[dict[str, Any]]:
    """Every case file, sorted by name, with its file name under `_file`."""
    return [yaml.safe_load(path.read_text(encoding="utf-8")) | {"_file": path.name} for path in sorted(folder.glob("*.yaml"))]


def cleaned_answers(
    raw_answers: Mapping[str, Any], perspective: str, questionnaire: Questionnaire
) -> tuple[dict[str, Any], list[str]]:
    """Answers from a file cleaned as the web form would, and what is wrong with each (cases and vignettes alike)."""
    answers: dict[str, Any] = {}
    problems: list[str] = []
    for item_id, raw in raw_answers.items():
        if item_id not in questionnaire.items_by_id:
            problems.append(f"{item_id}: not a question")
            continue
        value, problem = clean_item_answer(questionnaire.item(item_id), raw, perspective)
        if problem is not None:
            problems.append(f"{item_id}: {problem.code}")
        elif value is not None:
            answers[item_id] = value
    return answers, problems


def hidden_answers(answers: Mapping[str, Any], questionnaire: Questionnaire) -> list[str]:
    """Answers to questions the other answers do not show."""
    hidden = sorted(set(answers) - set(relevant_answers(questionnaire, answers)))
    return [f"{item_id}: not shown after the other answers" for item_id in hidden]


def case_answers(case: Mapping[str, Any], questionnaire: Questionnaire) -> tuple[dict[str, Any], list[str]]:
    """The case's answers cleaned as the web form would, and what is wrong with them."""
    answers, problems = cleaned_answers(case.get("answers") or {}, case["perspective"], questionnaire)
    if not problems:
        problems.extend(hidden_answers(answers, questionnaire))
    return answers, problems


def _plan_values(assessment: Any) -> tuple[str, str]:
    """(level, withdrawal) from the engine; an emergency stops before any plan."""
    plan = getattr(assessment, "plan", None)
    if assessment.emergency:
        return "emergency", getattr(plan, "withdrawal", NO_PLAN) if plan else NO_PLAN
    if plan is None:
        return NO_PLAN, NO_PLAN
    return str(plan.level), str(plan.withdrawal)


def raised_flags(assessment: Any) -> set[str]:
    """Rule ids of the red flags raised, plus their kinds (a case may expect just 'emergency')."""
    return {flag.reason.rule for flag in assessment.red_flags} | {flag.kind for flag in assessment.red_flags}


def check_case(case: Mapping[str, Any], questionnaire: Questionnaire, rules: RuleSet) -> CaseResult:
    expected = case["expected"]
    answers, problems = case_answers(case, questionnaire)
    assessment = assess(questionnaire, rules, answers)
    level, withdrawal = _plan_values(assessment)
    raised = raised_flags(assessment)
    wanted = list(expected.get("red_flags") or ())
    rule_ids = {flag.reason.rule for flag in assessment.red_flags}
    return CaseResult(
        case_id=str(case["id"]),
        perspective=str(case["perspective"]),
        expected_level=str(expected["level"]),
        engine_level=level,
        expected_withdrawal=str(expected["withdrawal"]),
        engine_withdrawal=withdrawal,
        missing_flags=tuple(flag for flag in wanted if flag not in raised),
        extra_flags=tuple(sorted(rule_ids - set(wanted))),
        problems=tuple(problems),
        known_disagreement=str(case.get("known_disagreement") or "").strip(),
    )


def documented_disagreements(folder: Path = CASES_DIR) -> set[str]:
    """Case ids with a `### `id`` heading in DISAGREEMENTS.md (other sections may hold other ids)."""
    path = folder / DISAGREEMENTS_FILE
    if not path.exists():
        return set()
    return set(re.findall(r"^###\s+`([^`]+)`", path.read_text(encoding="utf-8"), flags=re.MULTILINE))


def agreement_table(results: Iterable[CaseResult]) -> list[str]:
    """Plain-text rows: one per case, then the totals."""
    results = list(results)
    width = max([len("case"), *(len(r.case_id) for r in results)])
    rows = [f"{'case':<{width}} {'level (expected / engine)':<36} {'withdrawal (expected / engine)':<32} agree"]
    for r in results:
        rows.append(
            f"{r.case_id:<{width}} {r.expected_level + ' / ' + r.engine_level:<36} "
            f"{r.expected_withdrawal + ' / ' + r.engine_withdrawal:<32} {r.verdict}"
        )
        rows.extend(f"    {label}: {', '.join(items)}" for label, items in _details(r) if items)
    rows.append(_totals(results))
    return rows


def _details(result: CaseResult) -> list[tuple[str, tuple[str, ...]]]:
    return [
        ("invalid answers", result.problems),
        ("flags missing", result.missing_flags),
        ("flags extra", result.extra_flags),
        ("known disagreement", (result.known_disagreement,) if result.known_disagreement else ()),
    ]


def _totals(results: list[CaseResult]) -> str:
    decided_levels = [r for r in results if r.expected_level != UNDECIDED]
    decided_withdrawal = [r for r in results if r.expected_withdrawal != UNDECIDED]
    return (
        f"{sum(r.agrees for r in results)}/{len(results)} cases agree; "
        f"level {sum(r.level_agrees for r in decided_levels)}/{len(decided_levels)} decided; "
        f"withdrawal {sum(r.withdrawal_agrees for r in decided_withdrawal)}/{len(decided_withdrawal)} decided; "
        f"{sum(not r.missing_flags for r in results)}/{len(results)} with every expected flag; "
        f"{sum(bool(r.known_disagreement) and not r.agrees for r in results)} known disagreements "
        f"(tests/cases/{DISAGREEMENTS_FILE})"
    )
