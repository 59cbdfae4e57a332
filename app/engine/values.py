"""How the engine declares what it builds for every assessment (reasons, flags, facts, the plan)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True)
def value_class(cls: type[T]) -> type[T]:
    """A dataclass read-only to the type checker (`frozen_default`: code that assigns to a field does not
    pass `make check`), equal and hashed by its fields like a frozen one, but built as a plain slots
    dataclass. An assessment makes about sixty of these; a frozen dataclass sets each field through
    object.__setattr__, and that was a sixth of the instructions of an assessment."""
    return dataclass(slots=True, unsafe_hash=True)(cls)
