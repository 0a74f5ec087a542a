"""python manage.py import_catalog FILE.json — all or nothing."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.audit.context import acting_as
from backend.catalog.selectors import label_constraints
from backend.catalog.services import CatalogInvalid, catalog_import


class Command(BaseCommand):
    help = "Import a catalog file (DESIGN.md format). Imports nothing if any entry is bad."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"{path}: cannot read: {exc.strerror}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}"
            ) from exc
        try:
            with acting_as(None, via="command"):
                summary = catalog_import(raw=raw)
        except CatalogInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(f"{len(exc.problems)} problem(s); nothing was imported") from exc
        self.stdout.write(
            f"imported {path}: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged, {summary.new_versions} new asset version(s)"
        )
        self._show_labels(raw)

    def _show_labels(self, raw: dict[str, Any]) -> None:
        """Print what the tagger understands of each indication; warn when it is nothing."""
        for product in raw.get("products") or []:
            name = product.get("name", "?")
            lines = label_constraints(indication=str(product.get("indication") or ""))
            if not lines:
                self.stderr.write(
                    f"warning: {name}: no constraint read from its indication; "
                    "off-label use of it is left to the classifier"
                )
                continue
            self.stdout.write(f"{name} ({product.get('company', 'own')}):")
            for line in lines:
                self.stdout.write(f"  {line}")
