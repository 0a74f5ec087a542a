"""A fact a note states, with its character span in the note."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    start: int
    end: int
    value: float
    text: str
