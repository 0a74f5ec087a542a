"""Keeping the feed's daily roll-up (``FeedDayCount``) exact as notes are written.

Every write that can change what a note counts as (a sync create, edit or delete, a tagging,
an analyst's label correction) calls ``feed_rollup_refresh`` with the notes it touched, inside
its own transaction. The refresh does not need to know what changed: each note's counted state
is stored beside it (``FeedCountedNote``), so the refresh subtracts the old state, adds the new
one and stores it. Calling it twice, or for a note that did not change, changes nothing.

Concurrency: the refresh locks the notes' rows (in id order) before reading them, so two
transactions refreshing one note run one after the other and the second sees the first's stored
state. Counters change by ``n = n + delta`` in one upsert whose rows are sorted, so concurrent
refreshes of different notes never lose an increment and always take the counter rows' locks in
the same order (no deadlock). A busy territory's "today" rows are shared by every write there:
the refresh runs last in its transaction so those locks are held only until the commit.
"""

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from backend.core.bulk import bulk_insert
from backend.insights.models import ANY_OBJECTION, FeedCountedNote, FeedDayCount
from backend.observations.models import Observation, ObservationProduct
from backend.tagging.models import ObservationLabel
from nlp.labels import OBJECTION_LABELS

ANY_LABEL, ANY_PRODUCT = "", 0  # the cells that do not split by label / by product

Cell = tuple[dt.date, int, str, int, int]  # day, territory, label key, product, with_product


@dataclass(frozen=True)
class CountedState:
    """What one live note contributes to the roll-up."""

    day: dt.date
    territory_id: int
    labels: tuple[str, ...]
    products: tuple[int, ...]

    def cells(self) -> list[Cell]:
        labels = [ANY_LABEL, *self.labels]
        if set(self.labels) & set(OBJECTION_LABELS):
            labels.append(ANY_OBJECTION)
        # (0, 0): any products; (p, 0): notes with p; (p, q): notes with both (both orders).
        pairs = [(ANY_PRODUCT, ANY_PRODUCT)]
        pairs += [(p, q) for p in self.products for q in (ANY_PRODUCT, *self.products) if q != p]
        return [(self.day, self.territory_id, lab, p, q) for lab in labels for p, q in pairs]


def visit_day(visited_at: dt.datetime) -> dt.date:
    """The UTC day a visit counts on: the feed's date filters are UTC days too."""
    return visited_at.astimezone(dt.UTC).date()


def feed_rollup_refresh(*, observation_ids: Iterable[uuid.UUID | str]) -> int:
    """Bring the roll-up in step with these notes' current state; returns the cells changed.

    Call it inside the transaction that changed them, after the change."""
    ids = sorted({uuid.UUID(str(pk)) for pk in observation_ids})
    if not ids:
        return 0
    with transaction.atomic():
        new = _current_states(ids)
        old = _counted_states(ids)
        deltas: Counter[Cell] = Counter()
        for pk in ids:
            if old.get(pk) == new.get(pk):
                continue
            if pk in old:
                deltas.subtract(old[pk].cells())
            if pk in new:
                deltas.update(new[pk].cells())
        _apply(deltas)
        _store_counted(
            {pk: s for pk, s in new.items() if old.get(pk) != s},
            gone=[pk for pk in old if pk not in new],
        )
    return sum(1 for n in deltas.values() if n)


def _current_states(ids: list[uuid.UUID]) -> dict[uuid.UUID, CountedState]:
    """The live (not deleted) notes among ``ids``, their rows locked in id order."""
    rows = (
        Observation.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("id", "deleted", "visited_at", "territory_id")
    )
    live = [(pk, visited, territory) for pk, deleted, visited, territory in rows if not deleted]
    ids_live = [pk for pk, _, _ in live]
    return _states(
        live,
        ObservationLabel.objects.filter(observation_id__in=ids_live),
        ObservationProduct.objects.filter(observation_id__in=ids_live),
    )


def _states(
    notes: list[tuple[uuid.UUID, dt.datetime, int]], labels: QuerySet[Any], products: QuerySet[Any]
) -> dict[uuid.UUID, CountedState]:
    """Each note's state from its (id, visited_at, territory) and its label and product rows
    (rows of other notes are ignored)."""
    if not notes:
        return {}
    note_labels: dict[uuid.UUID, set[str]] = {pk: set() for pk, _, _ in notes}
    for pk, label in labels.values_list("observation_id", "label"):
        if pk in note_labels:
            note_labels[pk].add(label)
    note_products: dict[uuid.UUID, set[int]] = {pk: set() for pk, _, _ in notes}
    for pk, product in products.values_list("observation_id", "product_id"):
        if pk in note_products:
            note_products[pk].add(product)
    return {
        pk: CountedState(
            day=visit_day(visited_at),
            territory_id=territory,
            labels=tuple(sorted(note_labels[pk])),
            products=tuple(sorted(note_products[pk])),
        )
        for pk, visited_at, territory in notes
    }


def counted_states(ids: list[uuid.UUID]) -> list[CountedState]:
    """What these notes count as in the roll-up (live notes only; in step with every write)."""
    return list(_counted_states(ids).values())


def _counted_states(ids: list[uuid.UUID]) -> dict[uuid.UUID, CountedState]:
    return {
        pk: CountedState(
            day=day,
            territory_id=territory,
            labels=tuple(labels.split(",")) if labels else (),
            products=tuple(int(p) for p in products.split(",")) if products else (),
        )
        for pk, day, territory, labels, products in FeedCountedNote.objects.filter(
            observation_id__in=ids
        ).values_list("observation_id", "day", "territory_id", "labels", "products")
    }


def _apply(deltas: Counter[Cell]) -> None:
    """Add each non-zero delta to its counter in one upsert, rows sorted (see the docstring)."""
    table = connection.ops.quote_name(FeedDayCount._meta.db_table)
    rows = [
        {
            "day": day.isoformat(),
            "territory_id": territory,
            "label": label,
            "product_id": product,
            "with_product": with_product,
            "n": n,
        }
        for (day, territory, label, product, with_product), n in sorted(deltas.items())
        if n
    ]
    bulk_insert(
        FeedDayCount,
        rows,
        suffix=(
            "ON CONFLICT (label, product_id, with_product, territory_id, day) "
            f"DO UPDATE SET n = {table}.n + EXCLUDED.n"
        ),
    )


def _store_counted(states: dict[uuid.UUID, CountedState], *, gone: list[uuid.UUID]) -> None:
    if gone:
        FeedCountedNote.objects.filter(observation_id__in=gone).delete()
    bulk_insert(
        FeedCountedNote,
        [
            {
                "observation_id": pk,
                "day": s.day.isoformat(),
                "territory_id": s.territory_id,
                "labels": ",".join(s.labels),
                "products": ",".join(str(p) for p in s.products),
            }
            for pk, s in sorted(states.items())
        ],
        suffix=(
            "ON CONFLICT (observation_id) DO UPDATE SET day = EXCLUDED.day, "
            "territory_id = EXCLUDED.territory_id, labels = EXCLUDED.labels, "
            "products = EXCLUDED.products"
        ),
    )


def feed_rollup_rebuild(*, chunk: int = 5000) -> int:
    """Recount the roll-up from scratch (an existing database, or after a hard delete);
    returns the notes counted.

    One transaction: readers keep the old counts until it commits. On PostgreSQL it first
    takes an EXCLUSIVE lock on the notes table, which lets reads through but makes every write
    that could change a count (sync writes and every refresh's row locks) wait for the rebuild,
    so none is counted twice or missed."""
    counted = 0
    totals: Counter[Cell] = Counter()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            table = connection.ops.quote_name(Observation._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        FeedDayCount.objects.all().delete()
        FeedCountedNote.objects.all().delete()
        live = Observation.objects.filter(deleted=False).order_by("pk")
        after: uuid.UUID | None = None
        while True:
            page = live.filter(pk__gt=after) if after is not None else live
            notes = list(page.values_list("id", "visited_at", "territory_id")[:chunk])
            if not notes:
                break
            # The chunk's label and product rows by id range: one index range scan each.
            span: dict[str, Any] = {"observation_id__lte": notes[-1][0]}
            if after is not None:
                span["observation_id__gt"] = after
            states = _states(
                notes,
                ObservationLabel.objects.filter(**span),
                ObservationProduct.objects.filter(**span),
            )
            for state in states.values():
                totals.update(state.cells())
            _store_counted(states, gone=[])
            counted += len(states)
            after = notes[-1][0]
        _apply(totals)
    return counted
