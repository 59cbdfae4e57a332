"""Held-out validation vignettes (../shared/validation) scored against the engine.

The vignettes, their answer files and `expectations.json` were written from
guidelines by someone who had not seen the rules; they live beside the
repository, never inside it. Where a question changed since the answer files
were written, `tests/validation/remap.yaml` re-maps answers, each change with
its reason taken from the vignette's facts. Scoring follows the `_about` of
expectations.json:

- plan: the engine's (level, withdrawal) is one of the `expected_plan` pairs
  (an emergency stop is the level "emergency", with no withdrawal setting);
- pathways: every group of `must_recommend` has one member recommended, and
  nothing in `must_not_recommend` is (`sole_plan`: outpatient recommended
  with no other care or detox recommended); `@emergency`, `@family_support`
  and `@home_cold_turkey` are read from the assessment, qualifiers from the
  recommended outpatient card;
- red flags: each `required` concept is matched by a raised flag, and every
  raised flag matches a required or `allowed_extra` concept. A flag matches a
  concept when its kind is among the concept's kinds and its rule id is named
  there, or (when the concept names texts) every `text_all` pattern is found
  in its English text.
Used by `flask --app app validation` and tests/engine/test_validation.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import Questionnaire, RuleSet, assess
from .assessment import Assessment
from .published_cases import cleaned_answers, hidden_answers

ROOT = Path(__file__).resolve().parents[2]
VALIDATION_DIR = ROOT.parent / "shared" / "validation"
REMAP_FILE = ROOT / "tests" / "validation" / "remap.yaml"
CARE_AND_DETOX = ("detox", "inpatient", "residential")
INTENSIVE_LEVELS = ("intensive_outpatient", "day_program")
MENTAL_HEALTH_ITEMS = ("mental_conditions", "suicidal_thoughts", "suicidal_plan")


@dataclass(frozen=True)
class VignetteResult:
    vignette: str
    expected_plans: tuple[str, ...]
    engine_plan: str
    plan_agrees: bool
    pathway_problems: tuple[str, ...]
    flag_problems: tuple[str, ...]
    answer_problems: tuple[str, ...]

    @property
    def pathways_agree(self) -> bool:
        return not self.pathway_problems

    @property
    def flags_agree(self) -> bool:
        return not self.flag_problems


def load_vignettes(folder: Path, remap_file: Path = REMAP_FILE) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """expectations.json, and each vignette's answer file with the re-mapping applied."""
    expectations = json.loads((folder / "expectations.json").read_text(encoding="utf-8"))
    remap = yaml.safe_load(remap_file.read_text(encoding="utf-8")) if remap_file.exists() else {}
    files = {}
    for vignette in expectations["vignettes"]:
        data = json.loads((folder / "answers" / f"{vignette}.json").read_text(encoding="utf-8"))
        data["answers"] = remapped(data["answers"], (remap or {}).get(vignette) or ())
        files[vignette] = data
    return expectations, files


def remapped(answers: Mapping[str, Any], changes: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The answers after the re-mapping: each change sets an item's value, or drops a question no longer asked."""
    result = dict(answers)
    for change in changes:
        if change.get("drop"):
            result.pop(change["item"], None)
        else:
            result[change["item"]] = change["value"]
    return result


def vignette_answers(data: Mapping[str, Any], questionnaire: Questionnaire) -> tuple[dict[str, Any], list[str]]:
    """The answers cleaned as the web form would, and what is wrong with them for today's questionnaire."""
    answers, problems = cleaned_answers(data["answers"], data["perspective"], questionnaire)
    return answers, problems + hidden_answers(answers, questionnaire)


def plan_pair(assessment: Assessment) -> tuple[str, str]:
    if assessment.emergency or assessment.plan is None:
        return "emergency", ""
    return assessment.plan.level, assessment.plan.withdrawal


def plan_agrees(pair: tuple[str, str], expected: Iterable[Mapping[str, Any]]) -> bool:
    level, withdrawal = pair
    for option in expected:
        if level in option["level"] and (
            ("withdrawal" not in option and not withdrawal) or withdrawal in option.get("withdrawal", ())
        ):
            return True
    return False


def recommended(assessment: Assessment) -> set[str]:
    return {p.code for p in assessment.pathways if p.fit == "recommended"}


def says_do_not_stop_suddenly(assessment: Assessment, concepts: Mapping[str, Any]) -> bool:
    return any(flag_matches(flag, concepts["never_stop_abruptly"]) for flag in assessment.red_flags)


def pathway_recommended(want: Any, assessment: Assessment, perspective: str, concepts: Mapping[str, Any]) -> bool:
    """Whether one `must_recommend` member (a code, a marker or a code with qualifiers) is recommended."""
    if want == "@emergency":
        return assessment.emergency
    if want == "@family_support":
        plan = assessment.plan
        return (
            perspective == "family"
            and plan is not None
            and "family_support" in plan.supports
            and "support_groups" in recommended(assessment)
        )
    if want == "@home_cold_turkey":
        return (
            not assessment.emergency
            and "detox" not in recommended(assessment)
            and not says_do_not_stop_suddenly(assessment, concepts)
        )
    code = want if isinstance(want, str) else want["pathway"]
    if assessment.emergency or code not in recommended(assessment):
        return False
    qualifiers = () if isinstance(want, str) else want.get("qualifiers", ())
    return all(has_qualifier(assessment, code, q) for q in qualifiers)


def has_qualifier(assessment: Assessment, code: str, qualifier: str) -> bool:
    """Qualifiers are read from the recommended card itself: its level, and the answers its reasons name."""
    card = assessment.pathway(code)
    if qualifier == "intensive":
        return assessment.plan is not None and assessment.plan.level in INTENSIVE_LEVELS
    if qualifier == "mental_health":
        return any(item in reason.answers for reason in card.reasons for item in MENTAL_HEALTH_ITEMS)
    raise ValueError(f"unknown qualifier {qualifier!r}")


def pathway_problems(
    expectation: Mapping[str, Any], assessment: Assessment, perspective: str, concepts: Mapping[str, Any]
) -> list[str]:
    problems = []
    for group in expectation.get("must_recommend", ()):
        if not any(pathway_recommended(want, assessment, perspective, concepts) for want in group):
            problems.append(f"not recommended: {' or '.join(map(_name, group))}")
    for forbidden in expectation.get("must_not_recommend", ()):
        if forbidden_recommended(forbidden, assessment, perspective, concepts):
            problems.append(f"recommended but must not be: {_name(forbidden)}")
    return problems


def forbidden_recommended(forbidden: Any, assessment: Assessment, perspective: str, concepts: Mapping[str, Any]) -> bool:
    if isinstance(forbidden, str):
        return pathway_recommended(forbidden, assessment, perspective, concepts)
    code = forbidden["pathway"]
    chosen = recommended(assessment)
    if code not in chosen or assessment.emergency:
        return False
    if forbidden.get("sole_plan"):
        return not (chosen & (set(CARE_AND_DETOX) - {code}))
    return True


def flag_matches(flag: Any, concept: Mapping[str, Any]) -> bool:
    if flag.kind not in concept["kinds"]:
        return False
    rules, texts = concept.get("rules") or (), concept.get("text_all") or ()
    if not rules and not texts:
        return True
    if flag.reason.rule in rules:
        return True
    return bool(texts) and all(re.search(pattern, flag.reason.text) for pattern in texts)


def flag_problems(expectation: Mapping[str, Any], assessment: Assessment, concepts: Mapping[str, Any]) -> list[str]:
    wanted = expectation["red_flags"]
    problems = [
        f"missing: {name}"
        for name in wanted["required"]
        if not any(flag_matches(flag, concepts[name]) for flag in assessment.red_flags)
    ]
    allowed = [concepts[name] for name in (*wanted["required"], *wanted.get("allowed_extra", ()))]
    problems += [
        f"not expected: {flag.reason.rule}"
        for flag in assessment.red_flags
        if not any(flag_matches(flag, concept) for concept in allowed)
    ]
    return problems


def score_vignette(
    vignette: str,
    data: Mapping[str, Any],
    expectation: Mapping[str, Any],
    concepts: Mapping[str, Any],
    questionnaire: Questionnaire,
    rules: RuleSet,
) -> VignetteResult:
    answers, problems = vignette_answers(data, questionnaire)
    perspective = data["perspective"]
    assessment = assess(questionnaire, rules, answers, perspective)
    pair = plan_pair(assessment)
    return VignetteResult(
        vignette=vignette,
        expected_plans=tuple(_pairs(expectation["expected_plan"])),
        engine_plan=_pair_text(pair),
        plan_agrees=plan_agrees(pair, expectation["expected_plan"]),
        pathway_problems=tuple(pathway_problems(expectation, assessment, perspective, concepts)),
        flag_problems=tuple(flag_problems(expectation, assessment, concepts)),
        answer_problems=tuple(problems),
    )


def score_all(folder: Path, questionnaire: Questionnaire, rules: RuleSet, remap_file: Path = REMAP_FILE) -> list[VignetteResult]:
    expectations, files = load_vignettes(folder, remap_file)
    concepts = expectations["concepts"]
    return [
        score_vignette(name, files[name], expectation, concepts, questionnaire, rules)
        for name, expectation in expectations["vignettes"].items()
    ]


def agreement_table(results: list[VignetteResult]) -> list[str]:
    """Plain-text rows, one per vignette with its problems beneath, then the totals."""
    rows = [f"{'vignette':<8} {'engine plan':<34} {'plan':<5} {'paths':<6} flags"]
    for r in results:
        rows.append(
            f"{r.vignette:<8} {r.engine_plan:<34} {_yes(r.plan_agrees):<5} {_yes(r.pathways_agree):<6} {_yes(r.flags_agree)}"
        )
        if not r.plan_agrees:
            rows.append(f"    expected plan: {' | '.join(r.expected_plans)}")
        rows.extend(f"    {label}: {problem}" for label, items in _details(r) for problem in items)
    rows.append(totals(results))
    return rows


def totals(results: list[VignetteResult]) -> str:
    n = len(results)
    return (
        f"plan {sum(r.plan_agrees for r in results)}/{n} ({percent(results, 'plan_agrees'):.0f}%); "
        f"pathways {sum(r.pathways_agree for r in results)}/{n}; "
        f"red flags {sum(r.flags_agree for r in results)}/{n} ({percent(results, 'flags_agree'):.0f}%)"
    )


def percent(results: list[VignetteResult], attribute: str) -> float:
    return 100.0 * sum(bool(getattr(r, attribute)) for r in results) / len(results) if results else 0.0


def _details(result: VignetteResult) -> list[tuple[str, tuple[str, ...]]]:
    return [("answers", result.answer_problems), ("pathways", result.pathway_problems), ("flags", result.flag_problems)]


def _pairs(expected: Iterable[Mapping[str, Any]]) -> Iterable[str]:
    for option in expected:
        withdrawal = option.get("withdrawal")
        yield "/".join(option["level"]) + (" + " + "/".join(withdrawal) if withdrawal else "")


def _pair_text(pair: tuple[str, str]) -> str:
    return pair[0] + (f" + {pair[1]}" if pair[1] else "")


def _name(want: Any) -> str:
    if isinstance(want, str):
        return want
    return (
        str(want["pathway"])
        + (f" ({', '.join(want['qualifiers'])})" if want.get("qualifiers") else "")
        + (" as sole plan" if want.get("sole_plan") else "")
    )


def _yes(value: bool) -> str:
    return "yes" if value else "NO"
