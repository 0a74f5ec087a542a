"""python manage.py export_corrections [--output FILE] — analysts' tag corrections for training."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from backend.insights.corrections import corrections_export


class Command(BaseCommand):
    help = "Write corrected notes as labeled JSONL (redacted text) for python -m nlp.train."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.DATA_DIR) / "corrections.jsonl",
            help="JSONL file to write (a .catalog.json is written beside it)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        count = corrections_export(output=output)
        self.stdout.write(
            f"wrote {count} corrected notes to {output}\n"
            f"train with: python -m nlp.train --corrections {output}"
        )
