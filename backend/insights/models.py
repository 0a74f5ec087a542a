"""Analysts' handling of an alert beyond acknowledging it: who owns it, and when it was resolved.

Acknowledgement belongs to the signal itself (the orchestration engine acknowledges too); the
assignment and resolution are the analyst team's workflow, so they live here.
"""

from django.conf import settings
from django.db import models


class AlertTriage(models.Model):
    signal = models.OneToOneField(
        "alerts.Signal", on_delete=models.CASCADE, primary_key=True, related_name="triage"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_alerts",
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
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["assignee", "resolved_at"], name="triage_assignee")]

    def __str__(self) -> str:
        return f"triage of {self.signal_id}"
