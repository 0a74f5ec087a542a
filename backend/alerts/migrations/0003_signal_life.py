"""Signals carry their own life (state, assignee, resolution, count, first/last seen, revision),
moved in from the analysts' triage record, and become a record the database will not delete.

The DELETE triggers follow the audit log's (audit 0002): PostgreSQL and SQLite both refuse."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, Max, Min

PROTECTED = ("alerts_signal", "alerts_signalobservation")


def _pg_create(table: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {table}_keep() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{table} rows are a safety record and cannot be deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_keep();
"""


def _pg_drop(table: str) -> str:
    return f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table}; DROP FUNCTION IF EXISTS {table}_keep();"


SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
    f"BEGIN SELECT RAISE(ABORT, '{table} rows are a safety record and cannot be deleted'); END"
    for table in PROTECTED
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {table}_no_delete" for table in PROTECTED]


def triggers_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in PROTECTED:
            schema_editor.execute(_pg_create(table))
    else:
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)


def triggers_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in PROTECTED:
            schema_editor.execute(_pg_drop(table))
    else:
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


def life_fill(apps, schema_editor):
    """Copy each triage record onto its signal; derive count and first/last seen."""
    Signal = apps.get_model("alerts", "Signal")
    AlertTriage = apps.get_model("insights", "AlertTriage")
    for triage in AlertTriage.objects.all():
        fields = {"assignee_id": triage.assignee_id}
        if triage.resolved_at is not None:
            fields.update(
                state="resolved",
                resolved_at=triage.resolved_at,
                resolved_by_id=triage.resolved_by_id,
                resolution_note=triage.resolution_note,
            )
        Signal.objects.filter(pk=triage.signal_id).update(**fields)
    rows = Signal.objects.annotate(
        n=Count("evidence"), first=Min("evidence__added_at"), last=Max("evidence__added_at")
    ).values_list("pk", "n", "first", "last", "created_at")
    for pk, n, first, last, created in rows:
        Signal.objects.filter(pk=pk).update(
            count=n, first_seen=first or created, last_seen=last or created
        )


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0002_signal_sequence"),
        ("insights", "0002_alert_triage"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="signal", name="signal_due"),
        migrations.RenameField(model_name="signal", old_name="status", new_name="state"),
        migrations.RenameField(model_name="signal", old_name="rev", new_name="revision"),
        migrations.AlterField(
            model_name="signal",
            name="state",
            field=models.CharField(
                choices=[
                    ("open", "Open"),
                    ("acknowledged", "Acknowledged"),
                    ("resolved", "Resolved"),
                ],
                default="open",
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="signal",
            name="revision",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="signal",
            name="assignee",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="assigned_signals",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="signal",
            name="resolved_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="signal",
            name="resolved_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="signal", name="resolution_note", field=models.TextField(blank=True)
        ),
        migrations.AddField(
            model_name="signal", name="count", field=models.PositiveIntegerField(default=0)
        ),
        migrations.AddField(
            model_name="signal",
            name="first_seen",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="signal",
            name="last_seen",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="signal",
            name="last_event",
            field=models.CharField(default="signal.raised", max_length=32),
        ),
        migrations.AddIndex(
            model_name="signal",
            index=models.Index(fields=["type", "state", "due_at"], name="signal_due"),
        ),
        migrations.AddIndex(
            model_name="signal",
            index=models.Index(fields=["group_key", "state"], name="signal_open_subject"),
        ),
        migrations.RemoveConstraint(model_name="webhookdelivery", name="delivery_once_per_event"),
        migrations.AddField(
            model_name="webhookdelivery",
            name="revision",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="webhookdelivery",
            name="event",
            field=models.CharField(max_length=32),
        ),
        migrations.AddConstraint(
            model_name="webhookdelivery",
            constraint=models.UniqueConstraint(
                fields=("subscription", "signal", "event", "revision"),
                name="delivery_once_per_revision",
            ),
        ),
        migrations.RunPython(life_fill, migrations.RunPython.noop),
        migrations.RunPython(triggers_create, triggers_drop),
    ]
