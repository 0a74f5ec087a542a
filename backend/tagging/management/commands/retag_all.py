"""python manage.py retag_all [--inline] — re-tag every observation with the current model."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from backend.tagging.services import observations_tag, untagged_revisions
from backend.tagging.tagger import get_tagger, reset_tagger
from backend.tagging.tasks import tag_observations


class Command(BaseCommand):
    help = "Enqueue (or, with --inline, run) tagging of every observation the current model has not tagged."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--inline", action="store_true", help="tag in this process")
        parser.add_argument("--chunk", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        reset_tagger()
        tagger = get_tagger()
        total, after = 0, None
        while pending := untagged_revisions(
            model_version=tagger.model_version, limit=options["chunk"], after=after
        ):
            if options["inline"]:
                observations_tag(revisions=pending, tagger=tagger)
            else:
                tag_observations.delay([list(p) for p in pending])
            total += len(pending)
            after = pending[-1][0]
        verb = "tagged" if options["inline"] else "enqueued"
        self.stdout.write(f"{total} observation(s) {verb} for model {tagger.model_version}")
