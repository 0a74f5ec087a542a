"""Text search on the feed: a trigram index on the redacted text (PostgreSQL only).

The feed's search is ``redacted_text icontains q``, which Django writes as
``UPPER(redacted_text::text) LIKE UPPER('%q%')``; a GIN trigram index on that expression lets
PostgreSQL answer it without reading every row. SQLite (the embedded mode) scans instead.
"""

from django.db import migrations

INDEX = "insights_tagging_text_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON tagging_observationtagging "
        "USING gin ((UPPER(redacted_text::text)) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("tagging", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
