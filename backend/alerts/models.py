"""Rules home office writes, the signals they raise, and the webhooks that carry signals out."""

import uuid

from django.conf import settings
from django.db import models


class RuleKind(models.TextChoices):
    STALE_CONTENT_CATALOG = "stale_content_catalog", "Stale content (catalog)"
    STALE_CONTENT_REPORTED = "stale_content_reported", "Stale content (reported)"
    OBJECTION_THRESHOLD = "objection_threshold", "Objection threshold"
    OBJECTION_SPIKE = "objection_spike", "Objection spike"
    COMPETITOR_SHIFT = "competitor_shift", "Competitor shift"
    ADVERSE_EVENT = "adverse_event", "Adverse event"


class Rule(models.Model):
    """A rule as it is now. Every change of its definition makes a new ``RuleVersion``."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=RuleKind.choices)
    params = models.JSONField(default=dict, blank=True)
    products = models.ManyToManyField(
        "catalog.Product",
        blank=True,
        related_name="alert_rules",
        help_text="Only these products (empty: all).",
    )
    territories = models.ManyToManyField(
        "catalog.Territory",
        blank=True,
        related_name="alert_rules",
        help_text="Only these territories (empty: all).",
    )
    enabled = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class RuleVersion(models.Model):
    """An immutable snapshot of a rule's definition; signals name the version that raised them."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=RuleKind.choices)
    params = models.JSONField(default=dict)
    product_ids = models.JSONField(default=list)
    territory_ids = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rule", "version"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "version"], name="rule_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class SignalType(models.TextChoices):
    STALE_CONTENT = "stale_content", "Stale content"
    OBJECTION = "objection", "Objection"
    OBJECTION_SPIKE = "objection_spike", "Objection spike"
    COMPETITOR_SHIFT = "competitor_shift", "Competitor shift"
    ADVERSE_EVENT = "adverse_event", "Adverse event"


class Severity(models.TextChoices):
    INFO = "info", "Info"
    WARNING = "warning", "Warning"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class SignalState(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVED = "resolved", "Resolved"


SignalStatus = SignalState  # the name before signals could be resolved
UNRESOLVED = (SignalState.OPEN, SignalState.ACKNOWLEDGED)


class Signal(models.Model):
    """What the orchestration engine consumes: one signal per rule and subject while it is not
    resolved (``group_key``); new evidence updates it and raises its ``revision``.

    Signals are a safety record: the database refuses to delete them (migration 0003)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=32, choices=SignalType.choices)
    severity = models.CharField(max_length=16, choices=Severity.choices)
    title = models.CharField(max_length=300)
    message = models.TextField(blank=True)
    rule_version = models.ForeignKey(RuleVersion, on_delete=models.PROTECT, related_name="signals")
    dedupe_key = models.CharField(max_length=255, unique=True)
    # The dedupe key without its period: cooldowns look for recent signals of the same group.
    group_key = models.CharField(max_length=255, db_index=True)
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    territory = models.ForeignKey(
        "catalog.Territory", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hcp = models.ForeignKey(
        "catalog.HCP", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    content_asset = models.ForeignKey(
        "catalog.ContentAsset", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    stats = models.JSONField(default=dict, blank=True)
    window_start = models.DateTimeField(null=True, blank=True)
    window_end = models.DateTimeField(null=True, blank=True)
    addressed_to = models.JSONField(default=list, blank=True)
    observations = models.ManyToManyField(
        "observations.Observation", through="SignalObservation", related_name="signals"
    )
    state = models.CharField(max_length=16, choices=SignalState.choices, default=SignalState.OPEN)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ack_note = models.TextField(blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_signals",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution_note = models.TextField(blank=True)
    count = models.PositiveIntegerField(default=0)  # evidence notes
    first_seen = models.DateTimeField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    # What put the signal at its place in the feed: signal.raised, signal.updated, ...
    last_event = models.CharField(max_length=32, default="signal.raised")
    due_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)  # grows on every change; devices see it too
    # Position in the feed; see backend.alerts.feed for why a sequence alone is not enough.
    txid = models.BigIntegerField(default=0)
    seq = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["txid", "seq"]
        indexes = [
            models.Index(fields=["txid", "seq"], name="signal_feed_position"),
            models.Index(fields=["type", "state", "due_at"], name="signal_due"),
            models.Index(fields=["group_key", "state"], name="signal_open_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.type}: {self.title}"


class SignalObservation(models.Model):
    """An observation that is evidence for a signal, with the tag spans that made it so."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="evidence")
    observation = models.ForeignKey(
        "observations.Observation", on_delete=models.CASCADE, related_name="signal_evidence"
    )
    labels = models.JSONField(default=list)
    spans = models.JSONField(default=list)  # [[start, end, label]] offsets into the rep's note
    quotes = models.JSONField(default=list)  # [{"label", "text"}] span text, never over PII
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["signal", "observation"], name="signal_obs_unique")
        ]

    def __str__(self) -> str:
        return f"{self.observation_id} for {self.signal_id}"


class EvaluatedTagging(models.Model):
    """The tagging of an observation the rules last looked at: what the sweep compares against."""

    observation = models.OneToOneField(
        "observations.Observation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="alert_evaluation",
    )
    rev = models.PositiveIntegerField()
    model_version = models.CharField(max_length=64)
    evaluated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.observation_id} rev {self.rev} ({self.model_version})"


class WebhookSubscription(models.Model):
    """An HTTPS endpoint of the orchestration engine (or a content/safety team) that gets signals."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_subscriptions"
    )
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=128)  # needed in clear to sign; shown once on create
    types = models.JSONField(default=list, blank=True)  # signal types; empty: all
    description = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERING = "delivering", "Delivering"
    DELIVERED = "delivered", "Delivered"
    DEAD = "dead", "Dead letter"


class WebhookDelivery(models.Model):
    """One event for one subscription; claimed by a conditional UPDATE, retried with backoff."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="deliveries")
    # signal.raised | signal.updated | signal.acknowledged | signal.assigned | signal.resolved |
    # signal.reopened | signal.escalated
    event = models.CharField(max_length=32)
    revision = models.PositiveIntegerField(default=1)  # the signal's revision this event is about
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    dead_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "signal", "event", "revision"],
                name="delivery_once_per_revision",
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.event} {self.signal_id} -> {self.subscription_id} ({self.status})"
