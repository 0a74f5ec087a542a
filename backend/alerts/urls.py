"""Alerts API routes, mounted under /api/v1/."""

from django.urls import path

from backend.alerts.apis import (
    RuleDetailApi,
    RuleDraftDryRunApi,
    RuleDryRunApi,
    RuleListApi,
    RuleVersionListApi,
    SignalAckApi,
    SignalAssignApi,
    SignalDetailApi,
    SignalFeedApi,
    SignalResolveApi,
)
from backend.alerts.webhook_apis import (
    DeliveryRedeliverApi,
    WebhookDeliveryListApi,
    WebhookDetailApi,
    WebhookListApi,
)

urlpatterns = [
    path("signals", SignalFeedApi.as_view(), name="signal-feed"),
    path("signals/<uuid:pk>", SignalDetailApi.as_view(), name="signal-detail"),
    path("signals/<uuid:pk>/ack", SignalAckApi.as_view(), name="signal-ack"),
    path("signals/<uuid:pk>/assign", SignalAssignApi.as_view(), name="signal-assign"),
    path("signals/<uuid:pk>/resolve", SignalResolveApi.as_view(), name="signal-resolve"),
    path("rules", RuleListApi.as_view(), name="rule-list"),
    path("rules/dry-run", RuleDraftDryRunApi.as_view(), name="rule-draft-dry-run"),
    path("rules/<int:pk>", RuleDetailApi.as_view(), name="rule-detail"),
    path("rules/<int:pk>/versions", RuleVersionListApi.as_view(), name="rule-versions"),
    path("rules/<int:pk>/dry-run", RuleDryRunApi.as_view(), name="rule-dry-run"),
    path("webhooks", WebhookListApi.as_view(), name="webhook-list"),
    path("webhooks/<uuid:pk>", WebhookDetailApi.as_view(), name="webhook-detail"),
    path(
        "webhooks/<uuid:pk>/deliveries", WebhookDeliveryListApi.as_view(), name="webhook-deliveries"
    ),
    path(
        "webhook-deliveries/<int:pk>/redeliver",
        DeliveryRedeliverApi.as_view(),
        name="webhook-delivery-redeliver",
    ),
]
