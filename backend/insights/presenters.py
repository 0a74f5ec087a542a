"""What a feed row or an observation page shows, built from a loaded observation.

Analysts never see the raw note: the text shown is ``ObservationTagging.redacted_text`` and,
while redaction is pending, nothing at all.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString

from backend.catalog.models import AssetStatus, Company
from backend.core.labels import label_title
from backend.insights.highlight import highlight_html
from backend.observations.models import Observation
from backend.observations.selectors import observation_data_at
from backend.tagging.models import ObservationTagging
from nlp.content_version import same_version


@dataclass(frozen=True)
class LabelView:
    label: str
    confidence: float
    source: str

    @property
    def corrected(self) -> bool:
        return self.source == "analyst"

    @property
    def title(self) -> str:
        return label_title(self.label)


@dataclass(frozen=True)
class ContentView:
    code: str
    version: str
    current_version: str
    status: str
    valid_until: dt.date | None
    visited_on: dt.date

    @property
    def stale(self) -> bool:
        expired = self.valid_until is not None and self.valid_until < self.visited_on
        current = same_version(self.version, self.current_version)
        return self.status != AssetStatus.CURRENT or not current or expired


@dataclass
class FeedRow:
    id: str
    created_at: dt.datetime
    visited_at: dt.datetime
    channel: str
    rep: str
    territory: str
    hcp: str
    text_html: SafeString | None
    labels: list[LabelView]
    products: list[str]
    competitors: list[str]
    content: list[ContentView]
    retag_pending: bool
    model_version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def redaction_pending(self) -> bool:
        return self.text_html is None

    @property
    def synced_late(self) -> bool:
        """Logged offline and synced more than a day after the visit: say when it arrived."""
        return self.created_at - self.visited_at > dt.timedelta(days=1)


def _tagging(obs: Observation) -> ObservationTagging | None:
    try:
        return obs.tagging
    except ObservationTagging.DoesNotExist:
        return None


def _note_of_tagged_rev(obs: Observation, tagging: ObservationTagging) -> str | None:
    """The original note the tagger read: evidence offsets index this text."""
    if tagging.observation_rev == obs.rev:
        return obs.note
    data = observation_data_at(observation_id=obs.pk, rev=tagging.observation_rev)
    return data.get("note") if data is not None else None


def text_html(
    obs: Observation, tagging: ObservationTagging | None, labels: set[str]
) -> SafeString | None:
    if tagging is None:
        return None
    return highlight_html(
        original=_note_of_tagged_rev(obs, tagging),
        redacted=tagging.redacted_text,
        pii=tagging.pii,
        evidence=tagging.evidence,
        labels=labels,
    )


def display_name(user: Any) -> str:
    full = f"{user.first_name} {user.last_name}".strip()
    return f"{full} ({user.username})" if full else str(user.username)


def feed_row(obs: Observation) -> FeedRow:
    """The row for ``obs``; it must come from ``selectors.with_row_data`` (no extra queries)."""
    tagging = _tagging(obs)
    labels = [LabelView(lab.label, lab.confidence, lab.source) for lab in obs.labels.all()]
    products = list(obs.products.all())
    visited_on = obs.visited_at.date()
    return FeedRow(
        id=str(obs.pk),
        created_at=obs.created_at,
        visited_at=obs.visited_at,
        channel=obs.get_channel_display(),
        rep=display_name(obs.rep),
        territory=obs.territory.code,
        hcp=obs.hcp.name,
        text_html=text_html(obs, tagging, {lab.label for lab in labels}),
        labels=sorted(labels, key=lambda lab: lab.label),
        products=[p.name for p in products if p.company == Company.OWN],
        competitors=[p.name for p in products if p.company == Company.COMPETITOR],
        content=[
            ContentView(
                code=c.asset.code,
                version=c.version,
                current_version=c.asset.version,
                status=c.asset.status,
                valid_until=c.asset.valid_until,
                visited_on=visited_on,
            )
            for c in obs.content.all()
        ],
        retag_pending=tagging is not None and tagging.observation_rev != obs.rev,
        model_version=tagging.model_version if tagging else "",
    )


@dataclass(frozen=True)
class EntityView:
    kind: str
    ref: str
    text: str


# Catalog entities name products and assets, never patients: their surface text is safe to show.
_SAFE_TEXT_KINDS = {"own_product", "competitor", "content_asset", "product", "asset"}


def _entity_view(item: Any) -> EntityView | None:
    if isinstance(item, dict):
        kind = str(item.get("label") or item.get("kind") or item.get("type") or "entity")
        ref = str(item.get("kb_id") or item.get("ref") or item.get("id") or item.get("name") or "")
        text = str(item.get("text") or "")
    elif isinstance(item, list | tuple) and len(item) >= 3:
        kind = str(item[2])
        ref = str(item[3]) if len(item) > 3 else ""
        text = ""
    else:
        return None
    safe_text = text if kind.lower() in _SAFE_TEXT_KINDS or kind.lower().startswith("asset") else ""
    return EntityView(kind=kind, ref=ref, text=safe_text)


def entity_views(tagging: ObservationTagging | None) -> list[EntityView]:
    """The entities the tagger found, in a shape the page can show whatever the tagger's format."""
    if tagging is None:
        return []
    views = [_entity_view(item) for item in tagging.entities or []]
    return [v for v in views if v is not None]
