"""The daily e-mail digest of a saved view: the notes it matched that day, redacted.

Sent once per view, subscriber and day: a ``DigestSent`` row is claimed before the e-mail
goes (unique on view, user, day) and released if sending fails, so the job can run any number
of times. The digest is computed in the subscriber's own scope, and it only ever quotes the
tagger's redacted text: a note still awaiting redaction is counted but not quoted.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from backend.accounts.models import User
from backend.core.labels import label_phrase
from backend.insights.access import can_use_insights
from backend.insights.forms import feed_filters_from
from backend.insights.models import DigestSent, SavedView, ViewSubscription
from backend.insights.saved_views import _params
from backend.insights.selectors import feed_queryset, with_row_data

logger = logging.getLogger(__name__)
QUOTED = 10
QUOTE_CHARS = 280


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
    return start, start + dt.timedelta(days=1)


def digest_text(user: User, view: SavedView, day: dt.date) -> tuple[int, str]:
    """(how many notes, the e-mail body) for the notes ``view`` matched that arrived on ``day``."""
    filters, _ = feed_filters_from(_params(view.query))
    start, end = _day_bounds(day)
    notes = feed_queryset(user, filters).filter(created_at__gte=start, created_at__lt=end)
    total = notes.order_by().count()
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    lines = [
        f'Saved view "{view.name}": {total} new note{"s" if total != 1 else ""} on {day:%d %b %Y}.',
        f"Open it: {site}/?{view.query}" if view.query else f"Open it: {site}/",
        "",
    ]
    for obs in with_row_data(notes)[:QUOTED]:
        tagging = getattr(obs, "tagging", None)
        labels = ", ".join(label_phrase(lab.label) for lab in obs.labels.all())
        head = f"- {obs.visited_at:%d %b %H:%M} · {obs.territory.code if obs.territory else ''}"
        if tagging is None:
            lines.append(f"{head} · (awaiting redaction; open the feed to read it later)")
            continue
        text = " ".join(tagging.redacted_text.split())
        if len(text) > QUOTE_CHARS:
            text = text[: QUOTE_CHARS - 1] + "…"
        lines.append(f"{head} · {labels or 'no label'}\n  {text}")
    if total > QUOTED:
        lines.append(f"… and {total - QUOTED} more in the feed.")
    lines += ["", "You get this because you subscribed to the view in FieldSignal."]
    return total, "\n".join(lines)


def send_digests(day: dt.date) -> int:
    """Send every subscription's digest for ``day`` not yet sent; returns how many went."""
    sent = 0
    subs = ViewSubscription.objects.select_related("view", "user", "view__owner")
    for sub in subs:
        user, view = sub.user, sub.view
        if not can_use_insights(user) or not user.email:
            continue
        if view.owner_id != user.pk and not view.shared:
            continue
        try:
            with transaction.atomic():
                claim = DigestSent.objects.create(view=view, user=user, day=day)
        except IntegrityError:
            continue  # already sent (or being sent) for this view, user and day
        total, body = digest_text(user, view, day)
        try:
            send_mail(
                subject=f"FieldSignal · {view.name} · {total} new on {day:%d %b}",
                message=body,
                from_email=None,
                recipient_list=[user.email],
            )
        except Exception:
            claim.delete()  # let the next run try again
            logger.exception("digest not sent", extra={"view": view.pk, "user": user.pk})
            continue
        DigestSent.objects.filter(pk=claim.pk).update(notes=total)
        sent += 1
    return sent
