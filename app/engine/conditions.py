"""Structured conditions: parse them from data and evaluate them.

A condition is data (all / any / not over comparisons), never a string to
eval. Evaluating one also says which answers made it hold, so every
suggestion can name the answers behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .model import FITS, SCALES, SEVERITY_LEVELS

ITEM_TESTS = ("equals", "one_of", "includes", "includes_any", "at_least", "at_most", "answered")


class ConditionError(ValueError):
    """A condition in a file is malformed; the message says how."""


@dataclass(frozen=True)
class All:
    terms: tuple[Any, ...]


@dataclass(frozen=True)
class AnyOf:
    terms: tuple[Any, ...]


@dataclass(frozen=True)
class Not:
    term: Any


@dataclass(frozen=True)
class ItemTest:
    item: str
    test: str
    value: Any


@dataclass(frozen=True)
class SeverityAtLeast:
    level: str


@dataclass(frozen=True)
class DimensionAtLeast:
    number: int
    rating: int


@dataclass(frozen=True)
class FlagRaised:
    kind: str


@dataclass(frozen=True)
class PathwayAtLeast:
    code: str
    fit: str


@dataclass(frozen=True)
class ScaleAtLeast:
    """The plan's level or withdrawal setting is at least `value` (next steps and notes only)."""

    scale: str
    value: str


@dataclass(frozen=True)
class Facts:
    """What a condition can look at: answers, and in rules what was derived so far."""

    answers: Mapping[str, Any]
    severity: str = "none"
    dimensions: Mapping[int, int] | None = None
    flags: frozenset[str] = frozenset()
    pathways: Mapping[str, str] | None = None
    plan: Mapping[str, str] | None = None  # scale -> value, once the plan is decided
    # The answers behind each derived fact ("severity", "dimension:1",
    # "flag:medical", "pathway:detox"), so a rule built on a derived fact
    # still names the answers that led to it.
    because: Mapping[str, tuple[str, ...]] | None = None

    def answers_behind(self, fact: str) -> tuple[str, ...]:
        return tuple((self.because or {}).get(fact, ()))


def parse(data: Any) -> Any:  # noqa: C901 (one branch per kind of condition in the data grammar)
    """Turn a condition as written in YAML into condition objects."""
    if not isinstance(data, dict) or not data:
        raise ConditionError(f"a condition must be a mapping, not {data!r}")
    if "all" in data or "any" in data:
        key = "all" if "all" in data else "any"
        _only(data, {key})
        terms = data[key]
        if not isinstance(terms, list) or not terms:
            raise ConditionError(f"'{key}' needs a non-empty list of conditions")
        parsed = tuple(parse(term) for term in terms)
        return All(parsed) if key == "all" else AnyOf(parsed)
    if "not" in data:
        _only(data, {"not"})
        return Not(parse(data["not"]))
    if "item" in data:
        tests = [key for key in data if key != "item"]
        if len(tests) != 1 or tests[0] not in ITEM_TESTS:
            raise ConditionError(f"an item condition needs exactly one of {', '.join(ITEM_TESTS)}; got {sorted(data)}")
        test = tests[0]
        value = data[test]
        if test in ("one_of", "includes_any"):
            if not isinstance(value, list) or not value:
                raise ConditionError(f"'{test}' needs a non-empty list")
            value = tuple(value)
        if test in ("at_least", "at_most") and (isinstance(value, bool) or not isinstance(value, int)):
            raise ConditionError(f"'{test}' needs a whole number")
        if test == "answered" and not isinstance(value, bool):
            raise ConditionError("'answered' needs true or false")
        return ItemTest(str(data["item"]), test, value)
    if "severity" in data:
        _only(data, {"severity"})
        level = (data["severity"] or {}).get("at_least") if isinstance(data["severity"], dict) else None
        if level not in SEVERITY_LEVELS:
            raise ConditionError(f"severity needs 'at_least' among {', '.join(SEVERITY_LEVELS)}")
        return SeverityAtLeast(level)
    if "dimension" in data:
        _only(data, {"dimension", "at_least"})
        number, rating = data["dimension"], data.get("at_least")
        if number not in range(1, 7) or rating not in range(0, 5):
            raise ConditionError("a dimension condition needs a dimension 1-6 and 'at_least' 0-4")
        return DimensionAtLeast(int(number), int(rating or 0))
    if "flag" in data:
        _only(data, {"flag"})
        return FlagRaised(str(data["flag"]))
    if "pathway" in data:
        _only(data, {"pathway", "at_least"})
        if data.get("at_least") not in FITS:
            raise ConditionError(f"a pathway condition needs 'at_least' among {', '.join(FITS)}")
        return PathwayAtLeast(str(data["pathway"]), data["at_least"])
    for scale, values in SCALES.items():
        if scale in data:
            _only(data, {scale})
            value = data[scale].get("at_least") if isinstance(data[scale], dict) else None
            if value not in values:
                raise ConditionError(f"{scale} needs 'at_least' among {', '.join(values)}")
            return ScaleAtLeast(scale, value)
    raise ConditionError(f"unknown condition {sorted(data)}")


def _only(data: dict[str, Any], allowed: set[str]) -> None:
    extra = set(data) - allowed
    if extra:
        raise ConditionError(f"unexpected key(s) {sorted(extra)} beside {sorted(allowed)}")


def evaluate(condition: Any, facts: Facts) -> tuple[bool, tuple[str, ...]]:  # noqa: C901 (one branch per kind of condition in the data grammar)
    """Whether the condition holds, and the item ids whose answers made it hold."""
    if isinstance(condition, All):
        used: list[str] = []
        for term in condition.terms:
            holds, items = evaluate(term, facts)
            if not holds:
                return False, ()
            used.extend(items)
        return True, tuple(dict.fromkeys(used))
    if isinstance(condition, AnyOf):
        used = []
        found = False
        for term in condition.terms:
            holds, items = evaluate(term, facts)
            if holds:
                found = True
                used.extend(items)
        return found, tuple(dict.fromkeys(used))
    if isinstance(condition, Not):
        holds, _ = evaluate(condition.term, facts)
        return (not holds), ()
    if isinstance(condition, ItemTest):
        holds = _item_test(condition, facts.answers.get(condition.item))
        return holds, ((condition.item,) if holds and condition.test != "answered" else ())
    if isinstance(condition, SeverityAtLeast):
        holds = SEVERITY_LEVELS.index(facts.severity) >= SEVERITY_LEVELS.index(condition.level)
        return holds, (facts.answers_behind("severity") if holds and condition.level != "none" else ())
    if isinstance(condition, DimensionAtLeast):
        holds = (facts.dimensions or {}).get(condition.number, 0) >= condition.rating
        return holds, (facts.answers_behind(f"dimension:{condition.number}") if holds else ())
    if isinstance(condition, FlagRaised):
        holds = condition.kind in facts.flags
        return holds, (facts.answers_behind(f"flag:{condition.kind}") if holds else ())
    if isinstance(condition, PathwayAtLeast):
        fit = (facts.pathways or {}).get(condition.code, "not_indicated")
        holds = FITS.index(fit) >= FITS.index(condition.fit)
        return holds, (facts.answers_behind(f"pathway:{condition.code}") if holds and condition.fit != "not_indicated" else ())
    if isinstance(condition, ScaleAtLeast):
        values = SCALES[condition.scale]
        current = (facts.plan or {}).get(condition.scale, values[0])
        holds = values.index(current) >= values.index(condition.value)
        return holds, (facts.answers_behind(f"plan:{condition.scale}") if holds else ())
    raise TypeError(f"not a condition: {condition!r}")


def _item_test(test: ItemTest, answer: Any) -> bool:
    if test.test == "answered":
        return bool((answer is not None and answer != []) == test.value)
    if answer is None:
        return False
    if test.test == "equals":
        return bool(answer == test.value)
    if test.test == "one_of":
        return answer in test.value
    if test.test == "includes":
        return isinstance(answer, (list, tuple)) and test.value in answer
    if test.test == "includes_any":
        return isinstance(answer, (list, tuple)) and any(value in answer for value in test.value)
    if not isinstance(answer, int) or isinstance(answer, bool):
        return False
    if test.test == "at_least":
        return bool(answer >= test.value)
    return bool(answer <= test.value)


def references(condition: Any) -> list[Any]:
    """Every leaf test inside a condition, for validation."""
    if isinstance(condition, (All, AnyOf)):
        return [leaf for term in condition.terms for leaf in references(term)]
    if isinstance(condition, Not):
        return references(condition.term)
    return [condition]
