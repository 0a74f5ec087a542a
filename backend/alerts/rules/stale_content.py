"""Stale content: shown from an outdated catalog entry, or reported stale by the HCP.

Both kinds share one open signal per asset (``subject_group``): later notes, in this period or
the next, roll up into it as evidence, so the signal counts the reps and HCPs involved rather
than repeating itself. Its window grows by whole periods (``period_days``, counted from 1970 so
every evaluation agrees on them); after it is resolved, new notes open a new one.
"""

import datetime as dt
import re

from backend.alerts.rules.base import (
    Kind,
    ObservationFacts,
    RuleContext,
    RuleSpec,
    SignalDraft,
    day_of,
    period_start,
    require_positive,
)
from backend.alerts.rules.facts import competitor_names, entity_refs, facts_from, facts_queryset
from backend.catalog.models import AssetStatus, ContentAsset, ContentAssetVersion
from nlp.content_version import same_version, version_sort

ADDRESSED = ["content_owner", "orchestration"]
_CODE_LIKE = re.compile(r"\b[A-Za-z]{2,}[A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)+\b")


def stale_reasons(
    asset: ContentAsset, history_rows: dict[str, ContentAssetVersion], shown: str, day: dt.date
) -> list[str]:
    """Why showing version ``shown`` of ``asset`` on ``day`` was showing stale content.

    ``history_rows`` is keyed by ``version_sort``, so "v4" shown finds the row of "4"."""
    row = history_rows.get(version_sort(shown))
    is_current = same_version(shown, asset.version)
    status = row.status if row else (asset.status if is_current else None)
    valid_until = row.valid_until if row else (asset.valid_until if is_current else None)
    reasons = []
    if asset.status == AssetStatus.WITHDRAWN or status == AssetStatus.WITHDRAWN:
        reasons.append("withdrawn")
    if status == AssetStatus.SUPERSEDED:
        reasons.append("superseded")
    if valid_until is not None and valid_until < day:
        reasons.append("expired")
    if not is_current:
        reasons.append("not_current_version")
    return reasons


def subject_group(asset_key: str) -> str:
    """One open stale-content signal per asset, whichever rule found it: shown from an outdated
    catalog entry and reported stale by HCPs are the same problem for the content owner."""
    return f"stale_content:{asset_key}"


def successor_of(asset: ContentAsset) -> ContentAsset | None:
    """The current asset that replaces this one: same product, same code stem (CDV-EFF-02 is
    followed by CDV-EFF-03)."""
    stem = re.sub(r"-\d+$", "", asset.code)
    return (
        ContentAsset.objects.filter(
            product_id=asset.product_id, status=AssetStatus.CURRENT, code__startswith=f"{stem}-"
        )
        .exclude(pk=asset.pk)
        .order_by("-code")
        .first()
    )


def stale_message(
    asset: ContentAsset, rows: dict[str, ContentAssetVersion], shown: str, reasons: list[str]
) -> str:
    """What was wrong with what the reps showed, in words that cannot contradict each other."""
    what = f"Reps showed {asset.code} {_edition(shown)} ({asset.title})"
    if "withdrawn" in reasons:
        successor = successor_of(asset)
        then = f" Use {successor.code} ({successor.title}) instead." if successor else ""
        return f"{what}; it is withdrawn and must not be shown.{then}"
    row = rows.get(version_sort(shown))
    valid_until = row.valid_until if row else asset.valid_until
    problems = []
    if "superseded" in reasons:
        problems.append("is marked superseded")
    if "expired" in reasons and valid_until is not None:
        problems.append(f"expired on {valid_until:%d %b %Y}")
    successor = successor_of(asset) if "superseded" in reasons or "withdrawn" in reasons else None
    then = f" Use {successor.code} ({successor.title}) instead." if successor else ""
    if same_version(shown, asset.version):
        return f"{what}, the newest edition of {asset.code}, which {' and '.join(problems)}.{then}"
    why = f", which {' and '.join(problems)}" if problems else ""
    return f"{what}{why}; the catalog's current edition is {_edition(asset.version)}.{then}"


def _edition(version: str) -> str:
    """ "v4" stays "v4"; "2.1" reads "v2.1"."""
    return version if version[:1].isalpha() else f"v{version}"


def _window(facts: ObservationFacts, days: int) -> tuple[dt.datetime, dt.datetime]:
    start = period_start(facts.visited_at, days)
    return start, start + dt.timedelta(days=days)


def evaluate_catalog(
    rule: RuleSpec, facts: ObservationFacts, ctx: RuleContext
) -> list[SignalDraft]:
    if not facts.content or not rule.covers_territory(facts.territory_id):
        return []
    days = rule.params["period_days"]
    start, end = _window(facts, days)
    assets = ContentAsset.objects.in_bulk([asset_id for asset_id, _ in facts.content])
    drafts = []
    for asset_id, shown in facts.content:
        asset = assets.get(asset_id)
        if asset is None or not rule.covers_product(asset.product_id):
            continue
        rows = {r.version_sort: r for r in ContentAssetVersion.objects.filter(asset=asset)}
        reasons = stale_reasons(asset, rows, shown, day_of(facts.visited_at))
        if not reasons:
            continue
        drafts.append(
            SignalDraft(
                dedupe_key=f"stale_content:{asset.code}:{start.date()}",
                group_key=subject_group(asset.code),
                type="stale_content",
                severity="high" if "withdrawn" in reasons else "warning",
                title=f"Stale content in use: {asset.code} v{shown}",
                message=stale_message(asset, rows, shown, reasons),
                observation_ids=[facts.id],
                evidence_labels=("stale_content",),
                addressed_to=ADDRESSED,
                product_id=asset.product_id,
                content_asset_id=asset.pk,
                window_start=start,
                window_end=min(end, facts.visited_at),  # never a day that has not happened
                stats={
                    "source": "catalog",
                    "reasons": reasons,
                    "version_shown": shown,
                    "current_version": asset.version,
                },
                aggregate=True,
            )
        )
    return drafts


def linked_asset(facts: ObservationFacts) -> ContentAsset | None:
    """The asset a stale-content report is about: named by the tagger, or by code in the note,
    or the only asset shown during the visit."""
    codes = entity_refs(facts.entities, "content_asset") or _CODE_LIKE.findall(facts.note)
    for code in codes:
        asset = ContentAsset.objects.filter(code__iexact=code).first()
        if asset is not None:
            return asset
    shown = {asset_id for asset_id, _ in facts.content}
    if len(shown) == 1:
        return ContentAsset.objects.filter(pk=shown.pop()).first()
    return None


def _subject_key(facts: ObservationFacts) -> tuple[str, ContentAsset | None, int | None]:
    asset = linked_asset(facts)
    if asset is not None:
        return asset.code, asset, asset.product_id
    product = facts.own_product_ids[0] if facts.own_product_ids else None
    return f"product-{product}" if product else "unlinked", None, product


def evaluate_reported(
    rule: RuleSpec, facts: ObservationFacts, ctx: RuleContext
) -> list[SignalDraft]:
    if "stale_content" not in facts.labels or not rule.covers_territory(facts.territory_id):
        return []
    key, asset, product_id = _subject_key(facts)
    if rule.product_ids and (product_id is None or not rule.covers_product(product_id)):
        return []
    start, end = _window(facts, rule.params["period_days"])
    reports = _reports_in_period(rule, key, start, facts)
    if len(reports) < rule.params["min_reports"]:
        return []
    what = f"{asset.code} ({asset.title})" if asset else "content (asset not named)"
    return [
        SignalDraft(
            dedupe_key=f"stale_content:{key}:{start.date()}",
            group_key=subject_group(key),
            type="stale_content",
            severity="warning",
            title=f"HCPs report stale content: {what}",
            message=f"{len(reports)} note(s) this period say {what} is outdated.",
            observation_ids=reports,
            evidence_labels=("stale_content",),
            addressed_to=ADDRESSED,
            product_id=product_id,
            content_asset_id=asset.pk if asset else None,
            window_start=start,
            window_end=min(end, facts.visited_at),
            stats={"source": "reported", "reports": len(reports)},
            aggregate=True,
        )
    ]


def _reports_in_period(
    rule: RuleSpec, key: str, start: dt.datetime, facts: ObservationFacts
) -> list[str]:
    """Stale-content notes of the period, up to this one's visit, about the same asset."""
    if rule.params["min_reports"] <= 1:
        return [facts.id]  # the evaluated note alone is enough; skip the scan
    names = competitor_names()
    qs = facts_queryset().filter(
        visited_at__gte=start, visited_at__lte=facts.visited_at, labels__label="stale_content"
    )
    if rule.territory_ids:
        qs = qs.filter(territory_id__in=rule.territory_ids)
    found = []
    for obs in qs.order_by("visited_at", "id").distinct()[:500]:
        if _subject_key(facts_from(obs, names))[0] == key:
            found.append(str(obs.pk))
    return found


KIND_CATALOG = Kind(
    name="stale_content_catalog",
    defaults={"period_days": 7},
    evaluate=evaluate_catalog,
    check=require_positive("period_days"),
)
KIND_REPORTED = Kind(
    name="stale_content_reported",
    defaults={"period_days": 7, "min_reports": 1},
    evaluate=evaluate_reported,
    check=require_positive("period_days", "min_reports"),
)
