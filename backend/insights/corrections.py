"""Analysts' corrections as labeled notes for the next training run (DESIGN.md JSONL).

Each corrected note is exported with its redacted text (patient identifiers never leave for
training) and its effective labels after every correction; ``python -m nlp.train
--corrections FILE`` reads it. Each line names the catalog file written beside it.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from backend.catalog.models import Company
from backend.observations.models import Observation
from backend.tagging.models import LabelCorrection
from backend.tagging.tagger import catalog_as_dict


def corrected_notes(*, catalog_ref: str | None = None) -> Iterator[dict[str, Any]]:
    """One labeled note per observation an analyst corrected (tagged, not deleted)."""
    ids = LabelCorrection.objects.values("observation_id")
    qs = (
        Observation.objects.filter(pk__in=ids, deleted=False, tagging__isnull=False)
        .select_related("tagging")
        .prefetch_related("labels", "products", "content__asset")
        .order_by("created_at", "id")
    )
    for obs in qs.iterator(chunk_size=500):
        note: dict[str, Any] = {
            "id": f"correction-{obs.pk}",
            "text": obs.tagging.redacted_text,
            "labels": sorted(lab.label for lab in obs.labels.all()),
            "products": sorted(p.name for p in obs.products.all() if p.company == Company.OWN)
            + sorted(p.name for p in obs.products.all() if p.company == Company.COMPETITOR),
            "content_codes": sorted(c.asset.code for c in obs.content.all()),
            "pii": [],
        }
        if catalog_ref:
            note["catalog"] = catalog_ref
        yield note


def corrections_export(*, output: Path) -> int:
    """Write the corrected notes to ``output`` and the catalog beside it; returns the count."""
    output.parent.mkdir(parents=True, exist_ok=True)
    catalog_path = output.with_name(output.stem + ".catalog.json")
    catalog_path.write_text(json.dumps(catalog_as_dict(), indent=1), encoding="utf-8")
    count = 0
    with output.open("w", encoding="utf-8") as fh:
        for note in corrected_notes(catalog_ref=str(catalog_path.resolve())):
            fh.write(json.dumps(note, ensure_ascii=False) + "\n")
            count += 1
    return count
