"""Rule kinds, by name. A rule's ``kind`` picks one; its ``params`` are checked by it."""

from backend.alerts.rules import adverse_event, competitor, objections, stale_content
from backend.alerts.rules.base import Kind
from backend.core.errors import DomainError

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        stale_content.KIND_CATALOG,
        stale_content.KIND_REPORTED,
        objections.KIND_THRESHOLD,
        objections.KIND_SPIKE,
        competitor.KIND,
        adverse_event.KIND,
    )
}


def kind_get(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise DomainError(
            "unknown_rule_kind",
            f"Unknown rule kind {name!r}.",
            details={"kinds": sorted(KINDS)},
        ) from None
