"""python manage.py rebuild_feed_counts — recount the feed's daily roll-up from the notes."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from backend.insights.models import FeedDayCount
from backend.insights.rollups import feed_rollup_rebuild


class Command(BaseCommand):
    help = (
        "Recount the feed's daily roll-up (FeedDayCount) from every live note. Writes to notes "
        "wait until it finishes (about a minute per million notes); reads go on."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        notes = feed_rollup_rebuild()
        self.stdout.write(
            f"counted {notes} notes into {FeedDayCount.objects.count()} roll-up rows "
            f"in {time.perf_counter() - started:.1f} s"
        )
