"""Named OpenAPI components for signals, rules and webhooks.

They describe what ``selectors.signal_payload``, ``selectors.rule_payload``, ``dryrun`` and
``webhook_apis`` build (the payload builders stay plain dicts on the hot paths); the schema
test and the generated-client test keep the two in step.
"""

from typing import Any

from rest_framework import serializers

from backend.alerts.models import DeliveryStatus, RuleKind, Severity, SignalState, SignalType
from backend.catalog.models import Company

S = serializers


class ProductRefSerializer(S.Serializer[Any]):
    id = S.CharField()
    name = S.CharField()
    company = S.ChoiceField(choices=Company.choices)


class TerritoryRefSerializer(S.Serializer[Any]):
    id = S.CharField()
    code = S.CharField()


class HCPRefSerializer(S.Serializer[Any]):
    id = S.CharField()
    external_id = S.CharField()
    name = S.CharField()


class ContentAssetRefSerializer(S.Serializer[Any]):
    id = S.CharField()
    code = S.CharField()
    version = S.CharField(help_text='As the catalog writes it: "2.1", "3.0", "v4".')


class SignalSubjectSerializer(S.Serializer[Any]):
    product = ProductRefSerializer(allow_null=True)
    territory = TerritoryRefSerializer(allow_null=True)
    hcp = HCPRefSerializer(allow_null=True)
    content_asset = ContentAssetRefSerializer(allow_null=True)


class QuoteSerializer(S.Serializer[Any]):
    label = S.CharField()  # type: ignore[assignment]
    text = S.CharField()


class EvidenceSerializer(S.Serializer[Any]):
    observation = S.UUIDField()
    labels = S.ListField(child=S.CharField())
    spans = S.ListField(
        child=S.ListField(child=S.JSONField()),
        help_text="[start, end, label] offsets into the rep's note.",
    )
    quotes = QuoteSerializer(many=True)


class WindowSerializer(S.Serializer[Any]):
    start = S.DateTimeField(allow_null=True)
    end = S.DateTimeField(allow_null=True)


class SignalRuleRefSerializer(S.Serializer[Any]):
    id = S.IntegerField()
    version = S.IntegerField()
    name = S.CharField()
    kind = S.ChoiceField(choices=RuleKind.choices)


class SignalSerializer(S.Serializer[Any]):
    id = S.UUIDField()
    type = S.ChoiceField(choices=SignalType.choices)
    severity = S.ChoiceField(choices=Severity.choices)
    title = S.CharField()
    message = S.CharField()
    created_at = S.DateTimeField()
    subject = SignalSubjectSerializer()
    evidence = EvidenceSerializer(many=True)
    stats = S.DictField(help_text="Counts and figures of the rule that raised it.")
    window = WindowSerializer()
    rule = SignalRuleRefSerializer()
    dedupe_key = S.CharField()
    addressed_to = S.ListField(child=S.CharField())
    event = S.CharField(help_text="What put this revision in the feed: signal.raised, ...")
    state = S.ChoiceField(choices=SignalState.choices)
    status = S.ChoiceField(choices=SignalState.choices, help_text="Earlier name of state.")
    revision = S.IntegerField()
    count = S.IntegerField()
    first_seen = S.DateTimeField(allow_null=True)
    last_seen = S.DateTimeField(allow_null=True)
    assignee = S.CharField(allow_null=True)
    acknowledged_at = S.DateTimeField(allow_null=True)
    acknowledged_by = S.CharField(allow_null=True)
    resolved_at = S.DateTimeField(allow_null=True)
    resolved_by = S.CharField(allow_null=True)
    due_at = S.DateTimeField(allow_null=True)
    escalated_at = S.DateTimeField(allow_null=True)


class SignalPageSerializer(S.Serializer[Any]):
    signals = SignalSerializer(many=True)
    cursor = S.CharField(help_text="Opaque; pass it back to get the next page.")
    has_more = S.BooleanField()


class RuleSerializer(S.Serializer[Any]):
    id = S.IntegerField()
    name = S.CharField()
    kind = S.ChoiceField(choices=RuleKind.choices)
    params = S.DictField()
    products = S.ListField(child=S.CharField())
    territories = S.ListField(child=S.CharField())
    enabled = S.BooleanField()
    version = S.IntegerField()
    updated_at = S.DateTimeField(allow_null=True)


class RuleListSerializer(S.Serializer[Any]):
    rules = RuleSerializer(many=True)


class RuleVersionSerializer(S.Serializer[Any]):
    version = S.IntegerField()
    name = S.CharField()
    kind = S.ChoiceField(choices=RuleKind.choices)
    params = S.DictField()
    products = S.ListField(child=S.CharField())
    territories = S.ListField(child=S.CharField())
    created_at = S.DateTimeField()
    created_by = S.CharField(allow_null=True)


class RuleVersionListSerializer(S.Serializer[Any]):
    versions = RuleVersionSerializer(many=True)


class DryRunRuleSerializer(S.Serializer[Any]):
    id = S.IntegerField(allow_null=True)
    version = S.IntegerField(allow_null=True)
    kind = S.ChoiceField(choices=RuleKind.choices)
    params = S.DictField()


class DraftSubjectSerializer(S.Serializer[Any]):
    product = S.IntegerField(allow_null=True)
    territory = S.IntegerField(allow_null=True)
    hcp = S.IntegerField(allow_null=True)
    content_asset = S.IntegerField(allow_null=True)


class WouldRaiseSerializer(S.Serializer[Any]):
    dedupe_key = S.CharField()
    type = S.ChoiceField(choices=SignalType.choices)
    severity = S.ChoiceField(choices=Severity.choices)
    title = S.CharField()
    message = S.CharField()
    subject = DraftSubjectSerializer()
    observations = S.ListField(child=S.CharField())
    stats = S.DictField()
    window = WindowSerializer()
    due_at = S.DateTimeField(allow_null=True)
    already_raised = S.BooleanField()


class DryRunSerializer(S.Serializer[Any]):
    rule = DryRunRuleSerializer()
    since = S.DateTimeField()
    until = S.DateTimeField()
    evaluated = S.IntegerField()
    would_raise = WouldRaiseSerializer(many=True)


class WebhookSubscriptionSerializer(S.Serializer[Any]):
    id = S.UUIDField()
    url = S.URLField()
    types = S.ListField(child=S.ChoiceField(choices=SignalType.choices))
    description = S.CharField(allow_blank=True)
    active = S.BooleanField()
    created_at = S.DateTimeField()


class WebhookSubscriptionCreatedSerializer(WebhookSubscriptionSerializer):
    secret = S.CharField(help_text="whsec_<base64>: shown once, keep it to verify deliveries.")


class WebhookSubscriptionListSerializer(S.Serializer[Any]):
    webhooks = WebhookSubscriptionSerializer(many=True)


class DeliverySerializer(S.Serializer[Any]):
    id = S.IntegerField()
    signal = S.UUIDField()
    event = S.CharField()
    status = S.ChoiceField(choices=DeliveryStatus.choices)
    attempts = S.IntegerField()
    next_attempt_at = S.DateTimeField(allow_null=True)
    last_status_code = S.IntegerField(allow_null=True)
    last_error = S.CharField(allow_blank=True)
    delivered_at = S.DateTimeField(allow_null=True)
    dead_at = S.DateTimeField(allow_null=True)


class DeliveryListSerializer(S.Serializer[Any]):
    deliveries = DeliverySerializer(many=True)
