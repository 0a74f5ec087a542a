"""What a product's label allows, as plain data a human can read (``describe()``).

Every field is optional: a constraint the indication does not state is left empty, and
nothing is judged against it. Intervals are in days (0.5 = twice daily, 30 = monthly).
"""

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Condition:
    """An approved (or excluded) disease: canonical name, subtype qualifiers, severity grades."""

    name: str
    qualifiers: list[str] = field(default_factory=list)
    severity: list[str] = field(default_factory=list)

    def label(self) -> str:
        grades = "-to-".join(self.severity) if len(self.severity) > 1 else "".join(self.severity)
        return " ".join(part for part in (grades, " or ".join(self.qualifiers), self.name) if part)


@dataclass
class Dose:
    amount: float
    unit: str  # mg, mcg, g, ml, units, %
    per_kg: bool = False
    per: str = "dose"  # dose | day | week

    def label(self) -> str:
        amount = f"{self.amount:g}"
        unit = self.unit + ("/kg" if self.per_kg else "")
        return f"{amount} {unit}" + ("" if self.per == "dose" else f"/{self.per}")


@dataclass
class Exclusion:
    """One "not indicated for ..." item: its words (5-letter stems) and any diseases named."""

    text: str
    keys: list[str] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    combination: bool = False  # "not in combination with biologic DMARDs"


@dataclass
class LabelConstraints:
    min_age: float | None = None  # years; 0.5 = six months
    max_age: float | None = None
    min_weight_kg: float | None = None
    sex: str | None = None  # "female" | "male"
    pregnancy: str | None = None  # "excluded" | "required"
    gestation_weeks: list[float] | None = None  # [from, to] when pregnancy is required
    lactation: str | None = None  # "excluded": "not recommended in breastfeeding women"
    conditions: list[Condition] = field(default_factory=list)
    later_line: bool = False  # only after a prior therapy failed or fell short
    prevention_only: bool = False  # a vaccine or prophylaxis: not to treat the disease
    monotherapy_only: bool = False
    adjunct_only: bool = False
    doses: list[Dose] = field(default_factory=list)
    max_doses: list[Dose] = field(default_factory=list)
    intervals: list[float] = field(default_factory=list)
    interval_ranges: list[list[float]] = field(default_factory=list)  # [[60, 180]]: 2-6 months
    series_doses: int | None = None  # 1 = a single dose; 2 = a two-dose series
    max_duration_days: float | None = None  # "for 14 days", "for up to 24 months"
    routes: list[str] = field(default_factory=list)
    excluded_routes: list[str] = field(default_factory=list)  # "not for intravenous use"
    max_bsa_percent: float | None = None
    exclusions: list[Exclusion] = field(default_factory=list)
    # numbered categories: {"genotype": ["1", "4"]} approved, {"group": ["2", "3"]} excluded
    grades: dict[str, list[str]] = field(default_factory=dict)
    excluded_grades: dict[str, list[str]] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not self.describe()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "LabelConstraints":
        values = dict(data)
        values["conditions"] = [Condition(**c) for c in data.get("conditions", [])]
        values["doses"] = [Dose(**d) for d in data.get("doses", [])]
        values["max_doses"] = [Dose(**d) for d in data.get("max_doses", [])]
        values["exclusions"] = [
            Exclusion(
                text=e["text"],
                keys=list(e.get("keys", [])),
                conditions=[Condition(**c) for c in e.get("conditions", [])],
                combination=bool(e.get("combination", False)),
            )
            for e in data.get("exclusions", [])
        ]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})

    def describe(self) -> list[str]:
        """One line per constraint understood, e.g. ``population: age >= 12``."""
        lines: list[str] = []
        if self.min_age is not None or self.max_age is not None:
            lines.append(f"population: age {age_range(self.min_age, self.max_age)}")
        if self.min_weight_kg is not None:
            lines.append(f"population: weight >= {self.min_weight_kg:g} kg")
        if self.sex:
            lines.append(f"population: {self.sex} only")
        if self.pregnancy == "excluded":
            lines.append("population: not in pregnancy")
        if self.lactation == "excluded":
            lines.append("population: not while breastfeeding")
        elif self.pregnancy == "required":
            window = ""
            if self.gestation_weeks:
                window = f" at {self.gestation_weeks[0]:g}-{self.gestation_weeks[1]:g} weeks"
            lines.append(f"population: pregnant{window}")
        for condition in self.conditions:
            lines.append(f"condition: {condition.label()}")
        for kind, values in self.grades.items():
            lines.append(f"condition: {kind} {' or '.join(values)}")
        for kind, values in self.excluded_grades.items():
            lines.append(f"exclusion: not for {kind} {' or '.join(values)}")
        if self.prevention_only:
            lines.append("condition: prevention only, not treatment")
        if self.later_line:
            lines.append("line: after a prior therapy")
        if self.monotherapy_only:
            lines.append("combination: monotherapy only")
        if self.adjunct_only:
            lines.append("combination: add-on only, not alone")
        if self.doses:
            lines.append("dose: " + ", ".join(d.label() for d in self.doses))
        if self.max_doses:
            lines.append("dose: maximum " + ", ".join(d.label() for d in self.max_doses))
        if self.max_bsa_percent is not None:
            lines.append(f"dose: up to {self.max_bsa_percent:g}% body surface area")
        if self.intervals:
            lines.append("interval: " + ", ".join(interval_name(d) for d in self.intervals))
        for low, high in self.interval_ranges:
            lines.append(f"interval: {interval_name(low)} to {interval_name(high)} between doses")
        if self.series_doses is not None:
            noun = "a single dose" if self.series_doses == 1 else f"{self.series_doses} doses"
            lines.append(f"doses: {noun}")
        if self.max_duration_days is not None:
            lines.append(f"dose: course of at most {_days(self.max_duration_days)}")
        if self.routes:
            lines.append("route: " + ", ".join(self.routes))
        if self.excluded_routes:
            lines.append("route: not " + ", not ".join(self.excluded_routes))
        for exclusion in self.exclusions:
            lines.append(
                f"exclusion: not {'in' if exclusion.combination else 'for'} {exclusion.text}"
            )
        return lines

    def __str__(self) -> str:
        return "\n".join(self.describe()) or "(nothing understood)"


def age_range(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{_years(low)}-{_years(high)}"
    if low is not None:
        return f">= {_years(low)}"
    return f"<= {_years(high or 0)}"


def _years(value: float) -> str:
    if value < 2 and value != int(value):
        return f"{round(value * 12):g} months"
    return f"{value:g}"


def _days(days: float) -> str:
    for unit, size in (("years", 365), ("months", 30), ("weeks", 7)):
        if days >= size and days % size == 0:
            return f"{days / size:g} {unit}"
    return f"{days:g} days"


_NAMED = {0.25: "4 times daily", 0.5: "twice daily", 1: "daily", 2: "every other day", 7: "weekly",
          14: "every 2 weeks", 30: "monthly", 365: "yearly"}  # fmt: skip


def interval_name(days: float) -> str:
    """A readable name for an interval in days: 0.5 -> "twice daily", 84 -> "every 12 weeks"."""
    for value, name in _NAMED.items():
        if abs(days - value) < 0.01:
            return name
    if abs(days - 1 / 3) < 0.01:
        return "3 times daily"
    if abs(days - 7 / 3) < 0.01:
        return "3 times weekly"
    if days < 1:
        return f"every {days * 24:g} hours"
    if days % 30 == 0 or days in (91, 182):
        return f"every {round(days / 30.4):g} months"
    if days % 7 == 0:
        return f"every {days / 7:g} weeks"
    return f"every {days:g} days"
