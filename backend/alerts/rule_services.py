"""Writing rules. A rule's definition (name, kind, params, product and territory scope) is
versioned: every change makes a new ``RuleVersion``, and signals name the version that raised
them. Switching a rule on or off is not a new definition, so it keeps its version (the audit log
records it, like every save of ``alerts.Rule``)."""

from typing import Any

from django.db import transaction

from backend.accounts.models import User
from backend.alerts.models import Rule, RuleKind, RuleVersion
from backend.alerts.rules import kind_get
from backend.alerts.rules.base import RuleSpec
from backend.audit.context import acting_as
from backend.catalog.models import Product, Territory
from backend.core.errors import DomainError

UNSET: Any = object()

DEFAULT_RULES: list[dict[str, Any]] = [
    {"name": "Adverse events to drug safety", "kind": RuleKind.ADVERSE_EVENT},
    {"name": "Stale content shown (catalog)", "kind": RuleKind.STALE_CONTENT_CATALOG},
    {"name": "Stale content reported by HCPs", "kind": RuleKind.STALE_CONTENT_REPORTED},
    {"name": "Objections: 5 in 7 days", "kind": RuleKind.OBJECTION_THRESHOLD},
    {"name": "Objection spikes", "kind": RuleKind.OBJECTION_SPIKE},
    {"name": "Competitor shifts", "kind": RuleKind.COMPETITOR_SHIFT},
]


def _check_ids(model: Any, ids: list[Any], code: str) -> list[int]:
    try:
        wanted = sorted({int(i) for i in ids})
    except (TypeError, ValueError):
        raise DomainError(code, f"{model.__name__} ids must be integers.") from None
    found = set(model.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    missing = [i for i in wanted if i not in found]
    if missing:
        raise DomainError(code, f"Unknown {model.__name__} id(s).", details={"ids": missing})
    return wanted


def _definition(rule: Rule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "kind": rule.kind,
        "params": rule.params,
        "product_ids": sorted(rule.products.values_list("pk", flat=True)),
        "territory_ids": sorted(rule.territories.values_list("pk", flat=True)),
    }


def rule_version_sync(*, rule: Rule, user: User | None) -> RuleVersion:
    """Make the rule's current definition its latest version (a new one only if it changed)."""
    with transaction.atomic():
        Rule.objects.select_for_update().filter(pk=rule.pk).first()
        latest = rule.versions.order_by("-version").first()
        definition = _definition(rule)
        if latest is not None and all(
            getattr(latest, key) == value for key, value in definition.items()
        ):
            return latest
        number = latest.version + 1 if latest else 1
        if rule.version != number:
            rule.version = number
            rule.save(update_fields=["version", "updated_at"])
        return RuleVersion.objects.create(rule=rule, version=number, created_by=user, **definition)


def rule_create(
    *,
    name: str,
    kind: str,
    params: dict[str, Any] | None = None,
    product_ids: list[Any] | None = None,
    territory_ids: list[Any] | None = None,
    enabled: bool = True,
    user: User | None = None,
    via: str = "api",
) -> Rule:
    """A new rule at version 1."""
    cleaned = kind_get(kind).clean_params(params or {})
    products = _check_ids(Product, product_ids or [], "unknown_product")
    territories = _check_ids(Territory, territory_ids or [], "unknown_territory")
    with acting_as(user, via=via), transaction.atomic():
        rule = Rule.objects.create(
            name=name, kind=kind, params=cleaned, enabled=enabled, created_by=user
        )
        rule.products.set(products)
        rule.territories.set(territories)
        rule_version_sync(rule=rule, user=user)
    return rule


def rule_update(
    *,
    rule_id: int,
    user: User | None,
    name: str = UNSET,
    params: dict[str, Any] = UNSET,
    product_ids: list[Any] = UNSET,
    territory_ids: list[Any] = UNSET,
    enabled: bool = UNSET,
    via: str = "api",
) -> Rule:
    """Change a rule; a changed definition becomes a new version. The kind never changes."""
    with acting_as(user, via=via), transaction.atomic():
        rule = Rule.objects.select_for_update().filter(pk=rule_id).first()
        if rule is None:
            raise DomainError("not_found", "No such rule.")
        if name is not UNSET:
            rule.name = name
        if params is not UNSET:
            rule.params = kind_get(rule.kind).clean_params(params)
        if enabled is not UNSET:
            rule.enabled = enabled
        rule.save()
        if product_ids is not UNSET:
            rule.products.set(_check_ids(Product, product_ids, "unknown_product"))
        if territory_ids is not UNSET:
            rule.territories.set(_check_ids(Territory, territory_ids, "unknown_territory"))
        rule_version_sync(rule=rule, user=user)
    rule.refresh_from_db()
    return rule


def rules_ensure_defaults(
    *, user: User | None = None, tuning: dict[str, dict[str, Any]] | None = None
) -> list[Rule]:
    """Create the default rule set where no rule of that kind exists yet (idempotent).
    ``tuning`` gives a kind its own name and params (the demo's world is small)."""
    created = []
    for spec in DEFAULT_RULES:
        if not Rule.objects.filter(kind=spec["kind"]).exists():
            tuned = (tuning or {}).get(spec["kind"], {})
            created.append(
                rule_create(
                    name=tuned.get("name", spec["name"]),
                    kind=spec["kind"],
                    params=tuned.get("params", {}),
                    user=user,
                    via="command",
                )
            )
    return created


def spec_of(version: RuleVersion) -> RuleSpec:
    return RuleSpec(
        rule_id=version.rule_id,
        version_id=version.pk,
        version=version.version,
        name=version.name,
        kind=version.kind,
        params=kind_get(version.kind).clean_params(version.params),
        product_ids=frozenset(version.product_ids),
        territory_ids=frozenset(version.territory_ids),
    )
