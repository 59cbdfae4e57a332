"""A reason: the rule, its words, the answers behind it and its public source."""

from __future__ import annotations

from .values import value_class


@value_class
class Reason:
    rule: str
    text: str  # English source text; translated by the caller
    answers: tuple[str, ...]  # ids of the items whose answers led here
    source: str
