"""Background work of the analyst pages: the daily digests of saved views."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from backend.insights.digest import send_digests


@shared_task(name="insights.send_view_digests", acks_late=True)
def send_view_digests(day: str | None = None) -> int:
    """Digests for ``day`` (ISO date; default yesterday, the last whole day). Idempotent: run
    it hourly or twice, each view's subscriber gets one e-mail per day."""
    when = dt.date.fromisoformat(day) if day else timezone.now().date() - dt.timedelta(days=1)
    return send_digests(when)
