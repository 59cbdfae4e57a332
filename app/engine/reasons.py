"""A reason: the rule, its words, the answers behind it and its public source."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reason:
    rule: str
    text: str  # English source text; translated by the caller
    answers: tuple[str, ...]  # ids of the items whose answers led here
    source: str
