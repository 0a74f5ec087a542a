"""Admin for home office: rules (versioned on save), signals, webhooks and dead letters."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from backend.alerts.dryrun import rule_dry_run
from backend.alerts.models import (
    DeliveryStatus,
    Rule,
    RuleVersion,
    Signal,
    SignalObservation,
    WebhookDelivery,
    WebhookSubscription,
)
from backend.alerts.rule_services import rule_update, rule_version_sync
from backend.alerts.rules import kind_get
from backend.alerts.signal_services import deliveries_redeliver, signal_acknowledge
from backend.audit.context import acting_as
from backend.core.errors import DomainError


class RuleForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Rule
        fields = ["name", "kind", "params", "products", "territories", "enabled"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if self.instance.pk and kind and kind != self.instance.kind:
            self.add_error("kind", "A rule's kind cannot change; create a new rule.")
        elif kind:
            try:
                data["params"] = kind_get(kind).clean_params(data.get("params") or {})
            except DomainError as exc:
                self.add_error("params", exc.message)
        return data


class RuleVersionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RuleVersion
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "version",
        "name",
        "params",
        "product_ids",
        "territory_ids",
        "created_by",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin[Rule]):
    form = RuleForm
    list_display = ["name", "kind", "enabled", "version", "updated_at"]
    list_filter = ["kind", "enabled"]
    filter_horizontal = ["products", "territories"]
    readonly_fields = ["version", "created_by", "created_at", "updated_at"]
    inlines = [RuleVersionInline]
    actions = ["enable", "disable", "dry_run_last_30_days"]

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # Audit rows of the rule and its scope changes name the admin who saved them.
        with acting_as(request.user, via="admin"):
            return super().changeform_view(request, *args, **kwargs)

    def save_model(self, request: HttpRequest, obj: Rule, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Products and territories are saved here, after the rule: only now is the whole
        # definition known, so only now can a new version be recorded.
        super().save_related(request, form, formsets, change)
        rule_version_sync(rule=form.instance, user=request.user)  # type: ignore[arg-type]

    @admin.action(description="Enable selected rules")
    def enable(self, request: HttpRequest, queryset: QuerySet[Rule]) -> None:
        for rule in queryset:
            rule_update(rule_id=rule.pk, user=request.user, enabled=True, via="admin")  # type: ignore[arg-type]

    @admin.action(description="Disable selected rules")
    def disable(self, request: HttpRequest, queryset: QuerySet[Rule]) -> None:
        for rule in queryset:
            rule_update(rule_id=rule.pk, user=request.user, enabled=False, via="admin")  # type: ignore[arg-type]

    @admin.action(description="Dry run over the last 30 days (raises nothing)")
    def dry_run_last_30_days(self, request: HttpRequest, queryset: QuerySet[Rule]) -> None:
        until = timezone.now()
        for rule in queryset:
            result = rule_dry_run(
                kind=rule.kind,
                params=rule.params,
                product_ids=list(rule.products.values_list("pk", flat=True)),
                territory_ids=list(rule.territories.values_list("pk", flat=True)),
                since=until - dt.timedelta(days=30),
                until=until,
                rule_id=rule.pk,
                name=rule.name,
                version=rule.version,
            )
            titles = "; ".join(d["title"] for d in result["would_raise"][:5])
            self.message_user(
                request,
                f"{rule.name}: {len(result['would_raise'])} signal(s) from "
                f"{result['evaluated']} observations. {titles}",
                messages.INFO,
            )


class EvidenceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = SignalObservation
    extra = 0
    can_delete = False
    fields = readonly_fields = ("observation", "labels", "spans", "quotes", "added_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Signal)
class SignalAdmin(admin.ModelAdmin[Signal]):
    """Read-only, and never deleted: signals are a safety record (the database refuses too)."""

    list_display = [
        "title",
        "type",
        "severity",
        "state",
        "count",
        "revision",
        "last_seen",
        "due_at",
        "escalated_at",
    ]
    list_filter = ["type", "severity", "state"]
    search_fields = ["title", "dedupe_key"]
    inlines = [EvidenceInline]
    actions = ["acknowledge"]
    exclude = ["observations"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Signal._meta.concrete_fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Acknowledge selected signals")
    def acknowledge(self, request: HttpRequest, queryset: QuerySet[Signal]) -> None:
        for signal in queryset:
            signal_acknowledge(user=request.user, signal_id=signal.pk, via="admin")  # type: ignore[arg-type]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin[WebhookSubscription]):
    list_display = ["url", "owner", "types", "active", "created_at"]
    list_filter = ["active"]
    readonly_fields = ["secret", "created_at"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin[WebhookDelivery]):
    list_display = [
        "id",
        "event",
        "signal",
        "subscription",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
    ]
    list_filter = ["status", "event"]
    actions = ["redeliver"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in WebhookDelivery._meta.concrete_fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Redeliver selected (dead or delivered) deliveries")
    def redeliver(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        ids = deliveries_redeliver(
            user=request.user,  # type: ignore[arg-type]
            via="admin",
            delivery_ids=list(
                queryset.filter(
                    status__in=[DeliveryStatus.DEAD, DeliveryStatus.DELIVERED]
                ).values_list("id", flat=True)
            ),
        )
        self.message_user(request, f"{len(ids)} delivery(ies) queued again.", messages.INFO)
