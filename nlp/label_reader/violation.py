"""A broken constraint: which product, which kind of constraint, and why."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nlp.label_reader.constraints import LabelConstraints

POPULATION = "population"
CONDITION_KIND = "condition"
DOSE = "dose"
INTERVAL = "interval"
ROUTE_KIND = "route"
EXCLUSION = "exclusion"
LINE = "line"
COMBINATION = "combination"
REQUEST = "request"  # the rep declined: which constraint is not stated


@dataclass(frozen=True)
class Violation:
    start: int
    end: int
    product: str
    kind: str  # population | condition | dose | interval | route | exclusion | line | combination
    detail: str

    @property
    def reason(self) -> str:
        return f"{self.kind}: {self.detail}"


Problem = tuple[str, str]  # (kind, detail)
Check = Callable[[Any, LabelConstraints], Problem | None]
