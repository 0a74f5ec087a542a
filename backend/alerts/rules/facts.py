"""Loading observations as ``ObservationFacts``: what was recorded plus what the tagger found.

Tagger entities name catalog records the note mentions: ``nlp.api.EntityDict``, a dict
``{"start", "end", "text", "kind", "ref"}`` with ``kind`` one of own_product / competitor /
content_asset and ``ref`` the product name or asset code. A list ``[start, end, kind, ref]`` and
the keys ``label``/``kb_id`` are read too, so an older or renamed shape does not blind the rules.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from backend.alerts.rules.base import ObservationFacts
from backend.catalog.models import ContentAsset, Product
from backend.observations.models import Observation, ObservationContent
from backend.tagging.models import ObservationLabel

_KIND_KEYS = ("kind", "label", "type")
_REF_KEYS = ("ref", "kb_id", "code", "name")


def entity_refs(entities: Iterable[Any], kind: str) -> list[str]:
    """The refs of the tagger entities of one kind, in order, without repeats."""
    refs: list[str] = []
    for entity in entities or ():
        ent_kind: Any = None
        ref: Any = None
        if isinstance(entity, dict):
            ent_kind = next((entity[k] for k in _KIND_KEYS if k in entity), None)
            ref = next((entity[k] for k in _REF_KEYS if entity.get(k)), None)
        elif isinstance(entity, list | tuple) and len(entity) >= 4:
            ent_kind, ref = entity[2], entity[3]
        if ent_kind == kind and isinstance(ref, str) and ref and ref not in refs:
            refs.append(ref)
    return refs


def facts_queryset() -> QuerySet[Observation]:
    return (
        Observation.objects.filter(deleted=False, tagging__isnull=False)
        .select_related("tagging")
        .prefetch_related(
            Prefetch("products", queryset=Product.objects.only("id", "company", "name")),
            Prefetch(
                "content",
                queryset=ObservationContent.objects.only("observation_id", "asset_id", "version"),
            ),
            Prefetch("labels", queryset=ObservationLabel.objects.only("observation_id", "label")),
        )
    )


def competitor_names() -> dict[str, int]:
    return {
        name.lower(): pk
        for pk, name in Product.objects.filter(company="competitor").values_list("id", "name")
    }


def facts_from(obs: Observation, competitors: dict[str, int]) -> ObservationFacts:
    """Facts of an observation loaded through ``facts_queryset``."""
    tagging = obs.tagging
    products = list(obs.products.all())
    named = [competitors.get(ref.lower()) for ref in entity_refs(tagging.entities, "competitor")]
    competitor_ids = [p.pk for p in products if p.company == "competitor"]
    competitor_ids += [pk for pk in named if pk is not None and pk not in competitor_ids]
    return ObservationFacts(
        id=str(obs.pk),
        rep_id=obs.rep_id,
        territory_id=obs.territory_id,
        hcp_id=obs.hcp_id,
        visited_at=obs.visited_at,
        captured_at=obs.captured_at,
        created_at=obs.created_at,
        own_product_ids=tuple(sorted(p.pk for p in products if p.company == "own")),
        competitor_product_ids=tuple(competitor_ids),
        content=tuple(sorted((c.asset_id, c.version) for c in obs.content.all())),
        labels=frozenset(lab.label for lab in obs.labels.all()),
        evidence=tuple(_triples(tagging.evidence)),
        entities=tuple(tagging.entities or ()),
        pii=tuple(_triples(tagging.pii)),
        model_version=tagging.model_version,
        note=obs.note,
        safety=tagging.safety if isinstance(tagging.safety, dict) else {},
    )


def _triples(raw: Any) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for item in raw or ():
        try:
            out.append((int(item[0]), int(item[1]), str(item[2])))
        except (TypeError, ValueError, IndexError):
            continue
    return out


def facts_load(observation_id: str) -> ObservationFacts | None:
    """The facts of one live, tagged observation (None when deleted or not tagged yet)."""
    obs = facts_queryset().filter(pk=observation_id).first()
    return None if obs is None else facts_from(obs, competitor_names())


def asset_codes() -> dict[str, int]:
    return {code.lower(): pk for pk, code in ContentAsset.objects.values_list("id", "code")}
