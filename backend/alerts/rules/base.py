"""What every rule kind sees (an observation's facts) and returns (signal drafts)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from backend.core.errors import DomainError
from nlp.labels import OBJECTION_LABELS as OBJECTION_LABELS  # re-exported for the rule kinds


@dataclass(frozen=True)
class ObservationFacts:
    """One tagged observation, as the rules read it."""

    id: str
    rep_id: int
    territory_id: int
    hcp_id: int
    visited_at: dt.datetime
    captured_at: dt.datetime | None
    created_at: dt.datetime
    own_product_ids: tuple[int, ...]
    competitor_product_ids: tuple[int, ...]
    content: tuple[tuple[int, str], ...]  # (asset id, version shown)
    labels: frozenset[str]
    evidence: tuple[tuple[int, int, str], ...]
    entities: tuple[Any, ...]
    pii: tuple[tuple[int, int, str], ...]
    model_version: str
    note: str
    # The tagger's safety triage (category, seriousness...); {} when the model gave none.
    safety: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def product_ids(self) -> tuple[int, ...]:
        return self.own_product_ids + self.competitor_product_ids


@dataclass(frozen=True)
class RuleSpec:
    """A rule version as the engine runs it."""

    rule_id: int
    version_id: int
    version: int
    name: str
    kind: str
    params: dict[str, Any]
    product_ids: frozenset[int]
    territory_ids: frozenset[int]

    def covers_territory(self, territory_id: int) -> bool:
        return not self.territory_ids or territory_id in self.territory_ids

    def covers_product(self, product_id: int) -> bool:
        return not self.product_ids or product_id in self.product_ids


@dataclass
class SignalDraft:
    """A signal a rule would raise. ``aggregate`` drafts attach to an existing signal of the key."""

    dedupe_key: str
    group_key: str
    type: str
    severity: str
    title: str
    message: str
    observation_ids: list[str]
    evidence_labels: tuple[str, ...]
    addressed_to: list[str]
    product_id: int | None = None
    territory_id: int | None = None
    hcp_id: int | None = None
    content_asset_id: int | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    window_start: dt.datetime | None = None
    window_end: dt.datetime | None = None
    due_at: dt.datetime | None = None
    aggregate: bool = False


class RuleContext(Protocol):
    """What a rule may ask about signals already raised (live: the database; dry run: memory)."""

    def has_recent(self, group_key: str, since: dt.datetime) -> bool: ...


@dataclass(frozen=True)
class Kind:
    """A rule kind: how its params are checked, and what it raises for one observation."""

    name: str
    defaults: dict[str, Any]
    evaluate: Callable[[RuleSpec, ObservationFacts, RuleContext], list[SignalDraft]]
    check: Callable[[dict[str, Any]], None] | None = None

    def clean_params(self, params: Any) -> dict[str, Any]:
        """Defaults filled in; unknown names or wrong types answer ``invalid_rule_params``."""
        if not isinstance(params, dict):
            raise DomainError("invalid_rule_params", "params must be a JSON object.")
        unknown = sorted(set(params) - set(self.defaults))
        if unknown:
            raise DomainError(
                "invalid_rule_params",
                f"Unknown params for {self.name}: {', '.join(unknown)}.",
                details={"unknown": unknown, "allowed": sorted(self.defaults)},
            )
        cleaned = dict(self.defaults)
        for name, value in params.items():
            cleaned[name] = _coerce(name, value, self.defaults[name])
        if self.check is not None:
            self.check(cleaned)
        return cleaned


def _coerce(name: str, value: Any, default: Any) -> Any:
    bad = DomainError(
        "invalid_rule_params",
        f"params.{name} must be like {default!r}.",
        details={"param": name},
    )
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise bad
        return value
    if isinstance(default, int | float) and not isinstance(value, bool):
        if not isinstance(value, int | float) or value < 0:
            raise bad
        return type(default)(value) if isinstance(default, float) else _int(value, bad)
    if isinstance(default, list | tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad
        return list(value)
    raise bad


def _int(value: Any, bad: DomainError) -> int:
    if isinstance(value, float) and not value.is_integer():
        raise bad
    return int(value)


def require_positive(*names: str) -> Callable[[dict[str, Any]], None]:
    """A ``check`` that refuses zero for these params (window lengths, counts)."""

    def check(params: dict[str, Any]) -> None:
        for name in names:
            if params[name] <= 0:
                raise DomainError(
                    "invalid_rule_params",
                    f"params.{name} must be above 0.",
                    details={"param": name},
                )

    return check


def day_of(moment: dt.datetime) -> dt.date:
    return moment.astimezone(dt.UTC).date()


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def period_start(moment: dt.datetime, days: int) -> dt.datetime:
    """Start of the fixed ``days``-long period holding ``moment`` (periods are counted from 1970)."""
    index = (day_of(moment) - dt.date(1970, 1, 1)).days // days
    return day_start(dt.date(1970, 1, 1) + dt.timedelta(days=index * days))


def evidence_for(facts: ObservationFacts, labels: tuple[str, ...]) -> list[list[Any]]:
    return [[s, e, lab] for s, e, lab in facts.evidence if lab in labels]
