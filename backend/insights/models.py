"""Saved views of the feed, shared between analysts, and their daily e-mail digests.

An alert's assignment, acknowledgement and resolution live on ``backend.alerts.models.Signal``,
where the orchestration engine sees them; the analyst pages keep only these.
"""

from django.conf import settings
from django.db import models


class SavedView(models.Model):
    """A named set of feed filters (their query string). Opening a shared view runs the
    filters within the opener's own scope: the view holds filters, never notes."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(max_length=120)
    query = models.CharField(max_length=1000, blank=True)
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_view_owner_name")
        ]

    def __str__(self) -> str:
        return self.name


class ViewSubscription(models.Model):
    """An analyst who wants the daily digest of a view."""

    view = models.ForeignKey(SavedView, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="view_subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["view", "user"], name="view_subscription_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} -> {self.view_id}"


class DigestSent(models.Model):
    """One row per view, subscriber and day: the job claims it before sending, so a rerun (or
    a second worker) sends nothing twice."""

    view = models.ForeignKey(SavedView, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    notes = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["view", "user", "day"], name="digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.view_id} to {self.user_id} on {self.day}"
