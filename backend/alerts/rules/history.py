"""Counts over past observations that the aggregate rules compare against.

Every window is on ``visited_at`` (when the visit happened, not when the device synced), and
ends at the evaluated observation's visit: a late sync or a dry run sees the same history a
timely evaluation would have seen, so replays agree with what went live.
"""

import datetime as dt

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate

from backend.alerts.rules.facts import competitor_names, facts_from, facts_queryset
from backend.observations.models import Observation


def tagged(
    *, territory_id: int, start: dt.datetime, end: dt.datetime, model_version: str | None = None
) -> QuerySet[Observation]:
    """Live, tagged observations of a territory visited in ``(start, end]``."""
    qs = Observation.objects.filter(
        deleted=False,
        tagging__isnull=False,
        territory_id=territory_id,
        visited_at__gt=start,
        visited_at__lte=end,
    )
    if model_version is not None:
        qs = qs.filter(tagging__model_version=model_version)
    return qs


def labelled_ids(
    *,
    label: str,
    territory_id: int,
    product_id: int,
    start: dt.datetime,
    end: dt.datetime,
    limit: int = 200,
) -> list[str]:
    """Ids of observations about the product carrying the label, oldest visit first."""
    qs = (
        tagged(territory_id=territory_id, start=start, end=end)
        .filter(labels__label=label, products__id=product_id)
        .order_by("visited_at", "id")
        .values_list("id", flat=True)
        .distinct()
    )
    return [str(pk) for pk in qs[:limit]]


def labelled_count(
    *, label: str, territory_id: int, product_id: int, start: dt.datetime, end: dt.datetime
) -> int:
    return (
        tagged(territory_id=territory_id, start=start, end=end)
        .filter(labels__label=label, products__id=product_id)
        .values("id")
        .distinct()
        .count()
    )


def volume(
    *,
    territory_id: int,
    start: dt.datetime,
    end: dt.datetime,
    product_id: int | None = None,
    model_version: str | None = None,
) -> int:
    """How many notes there were: the denominator that turns counts into rates."""
    qs = tagged(territory_id=territory_id, start=start, end=end, model_version=model_version)
    if product_id is not None:
        qs = qs.filter(products__id=product_id)
    return qs.values("id").distinct().count()


def daily(
    *,
    label: str,
    territory_id: int,
    product_id: int,
    start: dt.datetime,
    end: dt.datetime,
    model_version: str,
) -> dict[dt.date, tuple[int, int]]:
    """Per visit day: (notes with the label, all notes) about the product, tagged by this model."""
    base = tagged(
        territory_id=territory_id, start=start, end=end, model_version=model_version
    ).filter(products__id=product_id)
    totals = _per_day(base)
    hits = _per_day(base.filter(labels__label=label))
    return {day: (hits.get(day, 0), n) for day, n in totals.items()}


def _per_day(qs: QuerySet[Observation]) -> dict[dt.date, int]:
    rows = (
        qs.annotate(day=TruncDate("visited_at"))
        .values("day")
        .annotate(n=Count("id", distinct=True))
        .values_list("day", "n")
    )
    return {day: n for day, n in rows}


def competitor_mentions(
    *, competitor_id: int, territory_id: int, start: dt.datetime, end: dt.datetime
) -> list[str]:
    """Ids of notes preferring this competitor, oldest visit first.

    The competitor may be recorded on the visit or only named in the note (a tagger entity),
    so the check runs in Python over the few notes that carry the label."""
    names = competitor_names()
    qs = (
        facts_queryset()
        .filter(
            territory_id=territory_id,
            visited_at__gt=start,
            visited_at__lte=end,
            labels__label="competitor_preference",
        )
        .order_by("visited_at", "id")
    )
    return [
        str(obs.pk)
        for obs in qs.distinct()
        if competitor_id in facts_from(obs, names).competitor_product_ids
    ]
