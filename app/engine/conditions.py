"""Structured conditions: parse them from data and evaluate them.

A condition is data (all / any / not over comparisons), never a string to
eval. Evaluating one also says which answers made it hold, so every
suggestion can name the answers behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .model import FITS, SCALES, SEVERITY_LEVELS
from .values import value_class


class ConditionError(ValueError):
    """A condition in a file is malformed; the message says how."""


# Each kind of condition answers two questions: does it hold, and (once it
# holds) which answers made it hold. Asking the cheap one first spares building
# the answer lists for the many conditions that do not hold. The item tests and
# the all / any / not over them run hundreds of times per page, so their
# `holds` is a function put together once, when the condition is parsed, and
# where the answers behind a condition cannot depend on the facts (an item
# test, a not, an all over those) they are worked out then too, as `used`.

Test = Callable[["Facts"], bool]


@dataclass(frozen=True, slots=True)
class All:
    terms: tuple[Any, ...]
    holds: Test = field(init=False, repr=False, compare=False)
    used: tuple[str, ...] | None = field(init=False, repr=False, compare=False)  # None: some term's answers depend on the facts

    def __post_init__(self) -> None:
        object.__setattr__(self, "holds", _all_hold(tuple(term.holds for term in self.terms)))
        object.__setattr__(self, "used", _fixed_answers(self.terms))

    def answers_used(self, facts: Facts) -> tuple[str, ...]:
        if self.used is not None:
            return self.used
        used: list[str] = []
        for term in self.terms:
            used += term.answers_used(facts)
        return _distinct(used)


@dataclass(frozen=True, slots=True)
class AnyOf:
    terms: tuple[Any, ...]
    holds: Test = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "holds", _any_holds(tuple(term.holds for term in self.terms)))

    def answers_used(self, facts: Facts) -> tuple[str, ...]:
        used: list[str] = []
        for term in self.terms:  # every term that holds names its answers, not only the first
            if term.holds(facts):
                used += term.answers_used(facts)
        return _distinct(used)


@dataclass(frozen=True, slots=True)
class Not:
    term: Any
    holds: Test = field(init=False, repr=False, compare=False)
    used: tuple[str, ...] = field(default=(), init=False, repr=False, compare=False)  # nothing names why a thing is absent

    def __post_init__(self) -> None:
        term_holds = self.term.holds
        object.__setattr__(self, "holds", lambda facts: not term_holds(facts))

    def answers_used(self, facts: Facts) -> tuple[str, ...]:
        return self.used


@dataclass(frozen=True, slots=True)
class ItemTest:
    item: str
    test: str
    value: Any
    holds: Test = field(init=False, repr=False, compare=False)
    used: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "holds", _ITEM_TESTS[self.test](self.item, self.value))
        # "Answered or not" is about the flow, not a reason in itself.
        object.__setattr__(self, "used", () if self.test == "answered" else (self.item,))

    def answers_used(self, facts: Facts) -> tuple[str, ...]:
        return self.used


@dataclass(frozen=True, slots=True)
class SeverityAtLeast:
    level: str

    def holds(self, facts: Facts) -> bool:
        return _SEVERITY_RANK[facts.severity] >= _SEVERITY_RANK[self.level]

    def answers_used(self, facts: Facts) -> tuple[str, ...]:
        return facts.answers_behind("severity") if self.level != "none" else ()


@dataclass(frozen=True, slots=True)
class DimensionAtLeast:
    number: int
    rating: int

    def holds(self, facts: Facts) -> bool:
        return (facts.dimensions or {}).get(self.number, 0) >= self.rating

    def answers_used(self, facts: Facts) -> tuple[str, ...]:
        return facts.answers_behind(f"dimension:{self.number}")


@dataclass(frozen=True, slots=True)
class FlagRaised:
    kind: str

    def holds(self, facts: Facts) -> bool:
        return self.kind in facts.flags

    def answers_used(self, facts: Facts) -> tuple[str, ...]:
        return facts.answers_behind(f"flag:{self.kind}")


@dataclass(frozen=True, slots=True)
class PathwayAtLeast:
    code: str
    fit: str

    def holds(self, facts: Facts) -> bool:
        return _FIT_RANK[(facts.pathways or {}).get(self.code, "not_indicated")] >= _FIT_RANK[self.fit]

    def answers_used(self, facts: Facts) -> tuple[str, ...]:
        return facts.answers_behind(f"pathway:{self.code}") if self.fit != "not_indicated" else ()


@dataclass(frozen=True, slots=True)
class ScaleAtLeast:
    """The plan's level or withdrawal setting is at least `value` (next steps and notes only)."""

    scale: str
    value: str

    def holds(self, facts: Facts) -> bool:
        values = SCALES[self.scale]
        current = (facts.plan or {}).get(self.scale, values[0])
        return values.index(current) >= values.index(self.value)

    def answers_used(self, facts: Facts) -> tuple[str, ...]:
        return facts.answers_behind(f"plan:{self.scale}")


@value_class
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
        return _all_or_any(data, "all" if "all" in data else "any")
    if "not" in data:
        _only(data, {"not"})
        return Not(parse(data["not"]))
    if "item" in data:
        return _item_test(data)
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
    for scale in SCALES:
        if scale in data:
            return _scale_test(data, scale)
    raise ConditionError(f"unknown condition {sorted(data)}")


def _all_or_any(data: dict[str, Any], key: str) -> All | AnyOf:
    _only(data, {key})
    terms = data[key]
    if not isinstance(terms, list) or not terms:
        raise ConditionError(f"'{key}' needs a non-empty list of conditions")
    parsed = tuple(parse(term) for term in terms)
    return All(parsed) if key == "all" else AnyOf(parsed)


def _item_test(data: dict[str, Any]) -> ItemTest:
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


def _scale_test(data: dict[str, Any], scale: str) -> ScaleAtLeast:
    _only(data, {scale})
    value = data[scale].get("at_least") if isinstance(data[scale], dict) else None
    if value not in SCALES[scale]:
        raise ConditionError(f"{scale} needs 'at_least' among {', '.join(SCALES[scale])}")
    return ScaleAtLeast(scale, value)


def _only(data: dict[str, Any], allowed: set[str]) -> None:
    extra = set(data) - allowed
    if extra:
        raise ConditionError(f"unexpected key(s) {sorted(extra)} beside {sorted(allowed)}")


def items_read(condition: Any) -> frozenset[str]:
    """The items whose answers an all / any / not over item tests reads (a questionnaire's `when`)."""
    if isinstance(condition, All | AnyOf):
        return frozenset().union(*(items_read(term) for term in condition.terms))
    if isinstance(condition, Not):
        return items_read(condition.term)
    return frozenset((condition.item,)) if isinstance(condition, ItemTest) else frozenset()


def evaluate(condition: Any, facts: Facts) -> tuple[bool, tuple[str, ...]]:
    """Whether the condition holds, and the item ids whose answers made it hold."""
    if condition.holds(facts):
        return True, condition.answers_used(facts)
    return False, ()


def _distinct(items: list[str]) -> tuple[str, ...]:
    """The items in first-seen order, each once."""
    return tuple(items) if len(items) < 2 else tuple(dict.fromkeys(items))


def _fixed_answers(terms: tuple[Any, ...]) -> tuple[str, ...] | None:
    """The answers behind all of these terms together, or None when one term's depend on the facts."""
    used: list[str] = []
    for term in terms:
        fixed: tuple[str, ...] | None = getattr(term, "used", None)
        if fixed is None:
            return None
        used += fixed
    return _distinct(used)


def _all_hold(tests: tuple[Test, ...]) -> Test:
    def holds(facts: Facts) -> bool:
        for test in tests:  # noqa: SIM110 (a loop, not all(): no generator to build on each call)
            if not test(facts):
                return False
        return True

    return holds


def _any_holds(tests: tuple[Test, ...]) -> Test:
    def holds(facts: Facts) -> bool:
        for test in tests:  # noqa: SIM110 (as above)
            if test(facts):
                return True
        return False

    return holds


def _answered(item: str, wanted: bool) -> Test:
    return lambda facts: (facts.answers.get(item) not in (None, [])) == wanted


def _equals(item: str, value: Any) -> Test:
    return lambda facts: (answer := facts.answers.get(item)) is not None and bool(answer == value)


def _one_of(item: str, values: tuple[Any, ...]) -> Test:
    return lambda facts: (answer := facts.answers.get(item)) is not None and answer in values


def _includes(item: str, value: Any) -> Test:
    return lambda facts: isinstance(answer := facts.answers.get(item), (list, tuple)) and value in answer


def _includes_any(item: str, values: tuple[Any, ...]) -> Test:
    def holds(facts: Facts) -> bool:
        answer = facts.answers.get(item)
        if isinstance(answer, (list, tuple)):
            for value in values:  # noqa: SIM110 (a loop, not any(): no generator to build on each call)
                if value in answer:
                    return True
        return False

    return holds


def _at_least(item: str, value: int) -> Test:
    def holds(facts: Facts) -> bool:
        answer: Any = facts.answers.get(item)  # Any: a number, once _is_number says so
        return _is_number(answer) and bool(answer >= value)

    return holds


def _at_most(item: str, value: int) -> Test:
    def holds(facts: Facts) -> bool:
        answer: Any = facts.answers.get(item)  # Any: a number, once _is_number says so
        return _is_number(answer) and bool(answer <= value)

    return holds


def _is_number(answer: Any) -> bool:
    return isinstance(answer, int) and not isinstance(answer, bool)


# How each item test reads its item's answer (None when not answered).
_ITEM_TESTS: dict[str, Callable[[str, Any], Test]] = {
    "equals": _equals,
    "one_of": _one_of,
    "includes": _includes,
    "includes_any": _includes_any,
    "at_least": _at_least,
    "at_most": _at_most,
    "answered": _answered,
}
ITEM_TESTS = tuple(_ITEM_TESTS)  # the names a condition file may use, in the order messages list them
_SEVERITY_RANK = {level: rank for rank, level in enumerate(SEVERITY_LEVELS)}
_FIT_RANK = {fit: rank for rank, fit in enumerate(FITS)}


def references(condition: Any) -> list[Any]:
    """Every leaf test inside a condition, for validation."""
    if isinstance(condition, (All, AnyOf)):
        return [leaf for term in condition.terms for leaf in references(term)]
    if isinstance(condition, Not):
        return references(condition.term)
    return [condition]
