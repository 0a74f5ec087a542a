"""Create the default rule set (adverse events, stale content, objections, competitor shifts)
where no rule of a kind exists yet. Safe to run on every deploy."""

from typing import Any

from django.core.management.base import BaseCommand

from backend.alerts.rule_services import rules_ensure_defaults


class Command(BaseCommand):
    help = "Create the default alert rules that are missing."

    def handle(self, *args: Any, **options: Any) -> None:
        created = rules_ensure_defaults()
        for rule in created:
            self.stdout.write(f"created rule {rule.pk}: {rule.name} ({rule.kind})")
        self.stdout.write(f"{len(created)} rule(s) created")
