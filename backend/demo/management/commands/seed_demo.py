"""python manage.py seed_demo [--if-empty] — the fictional demo world (demo users only)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from backend.accounts.models import User
from backend.demo.world import DEMO_PASSWORD, seed_demo_world


class Command(BaseCommand):
    help = "Create the demo world: catalog, 3 territories, 6 reps, 210 HCPs and demo users."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing if any user exists")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and User.objects.exists():
            self.stdout.write("database already has users; demo seed skipped")
            return
        world = seed_demo_world()
        self.stdout.write(
            f"demo world ready: {len(world.territories)} territories, {len(world.reps)} reps; "
            f"users rep1 rep2 analyst1 analyst2 orchestrator1 admin, password {DEMO_PASSWORD!r} (demo only)"
        )
