"""The synced shape of an observation: validating what a device sends, rendering what it pulls."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from backend.catalog.models import HCP, ContentAsset, Product
from backend.observations.models import Channel, Observation
from nlp.content_version import (
    InvalidVersion,
    same_version,
    version_key,
    version_sort,
    version_text,
)

FIELDS = ("hcp", "visited_at", "channel", "products", "content_shown", "note", "captured_at")
REQUIRED_ON_CREATE = ("hcp", "visited_at", "channel")
_CHANNELS = frozenset(Channel.values)
# Largest id a database integer column holds: a bigger one must be "unknown", not an overflow.
MAX_ID = 2**63 - 1
# Visits and captures outside these years are typos or device clocks gone wrong; far outside,
# converting them to UTC overflows Python's datetime (year 1 at +01:00 is year 0 in UTC).
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)


@dataclass
class FieldError:
    field: str
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}


@dataclass
class Reference:
    """Catalog rows a batch refers to, loaded once per batch rather than once per mutation."""

    hcps: dict[str, HCP] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    assets: dict[str, ContentAsset] = field(default_factory=dict)
    # Visits later than this are implausible; one clock reading serves the whole batch.
    future_limit: dt.datetime = field(
        default_factory=lambda: (
            timezone.now() + dt.timedelta(seconds=settings.SYNC_FUTURE_TOLERANCE_SECONDS)
        )
    )

    @classmethod
    def for_batch(cls, datas: list[dict[str, Any]]) -> "Reference":
        hcp_ids, product_ids, codes = set(), set(), set()
        for data in datas:
            if _is_id(data.get("hcp")):
                hcp_ids.add(int(data["hcp"]))
            products = data.get("products")
            for pid in products if isinstance(products, list) else []:
                if _is_id(pid):
                    product_ids.add(int(pid))
            shown = data.get("content_shown")
            for item in shown if isinstance(shown, list) else []:
                if isinstance(item, dict) and isinstance(item.get("asset"), str):
                    codes.add(item["asset"])
        # Most notes name no product or asset: skip the queries a batch does not need.
        return cls(
            hcps={str(h.pk): h for h in HCP.objects.filter(pk__in=hcp_ids)} if hcp_ids else {},
            products={str(p.pk): p for p in Product.objects.filter(pk__in=product_ids)}
            if product_ids
            else {},
            assets={a.code: a for a in ContentAsset.objects.filter(code__in=codes)}
            if codes
            else {},
        )


def _is_id(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 0 < value <= MAX_ID
    return isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19


class OutOfRange(ValueError):
    """A well-formed date-time before EARLIEST, or one that overflows when moved to UTC."""


def _datetime(value: Any) -> dt.datetime | None:
    """The aware date-time ``value`` names, None if it names none; ``OutOfRange`` if implausible."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    parsed: dt.datetime | None
    try:
        # fromisoformat (3.11 reads "Z" and offsets) is C code; parse_datetime is the slow,
        # lenient fallback for the odd forms devices send.
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = parse_datetime(value)
        except ValueError:
            return None
    if parsed is None:
        return None
    aware = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)
    try:
        in_utc = aware.astimezone(dt.UTC)
    except OverflowError as exc:
        raise OutOfRange(value) from exc
    if in_utc < EARLIEST:
        raise OutOfRange(value)
    return in_utc


def _out_of_range(name: str) -> FieldError:
    return FieldError(
        name,
        "out_of_range",
        f"{name} must be between {EARLIEST.year} and {LATEST.year - 1}",
    )


def iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else None


def normalize(
    data: dict[str, Any], *, creating: bool, territory_id: int | None, ref: Reference
) -> tuple[dict[str, Any], list[FieldError]]:
    """Validate the known fields a device sent; return them in canonical form, or the errors.

    Unknown fields are ignored (readers ignore fields they do not know)."""
    errors: list[FieldError] = []
    out: dict[str, Any] = {}
    if creating:
        errors += [
            FieldError(name, "required", f"{name} is required for a new observation")
            for name in REQUIRED_ON_CREATE
            if data.get(name) in (None, "")
        ]
    for name in FIELDS:
        if name not in data or (name in REQUIRED_ON_CREATE and data[name] in (None, "")):
            continue
        value, error = _CHECKS[name](data[name], territory_id, ref)
        if error:
            errors.append(error)
        else:
            out[name] = value
    return out, errors


def _check_hcp(
    value: Any, territory_id: int | None, ref: Reference
) -> tuple[Any, FieldError | None]:
    hcp = ref.hcps.get(str(value)) if _is_id(value) else None
    if hcp is None:
        return None, FieldError("hcp", "unknown_hcp", f"HCP {value!r} does not exist")
    if hcp.territory_id != territory_id:
        return None, FieldError("hcp", "hcp_out_of_territory", "This HCP is not in your territory")
    return str(hcp.pk), None


def _check_visited_at(
    value: Any, territory_id: int | None, ref: Reference
) -> tuple[Any, FieldError | None]:
    try:
        parsed = _datetime(value)
    except OutOfRange:
        return None, _out_of_range("visited_at")
    if parsed is None:
        return None, FieldError("visited_at", "invalid", "visited_at must be an ISO 8601 date-time")
    if parsed > ref.future_limit:
        return None, FieldError("visited_at", "visited_at_in_future", "visited_at is in the future")
    return iso(parsed), None


def _check_captured_at(
    value: Any, territory_id: int | None, ref: Reference
) -> tuple[Any, FieldError | None]:
    if value is None:
        return None, None
    try:
        parsed = _datetime(value)
    except OutOfRange:
        return None, _out_of_range("captured_at")
    if parsed is None:
        return None, FieldError(
            "captured_at", "invalid", "captured_at must be an ISO 8601 date-time"
        )
    if parsed >= LATEST:
        return None, _out_of_range("captured_at")
    return iso(parsed), None


def _check_channel(
    value: Any, territory_id: int | None, ref: Reference
) -> tuple[Any, FieldError | None]:
    if not isinstance(value, str) or value not in _CHANNELS:
        return None, FieldError(
            "channel", "invalid_channel", f"channel must be one of {Channel.values}"
        )
    return value, None


def _check_products(
    value: Any, territory_id: int | None, ref: Reference
) -> tuple[Any, FieldError | None]:
    if value is None:
        return [], None
    if not isinstance(value, list):
        return None, FieldError("products", "invalid", "products must be a list of product ids")
    unknown = [v for v in value if not _is_id(v) or str(v) not in ref.products]
    if unknown:
        return None, FieldError("products", "unknown_product", f"unknown product(s): {unknown}")
    return sorted({str(v) for v in value}, key=int), None


def _check_content(
    value: Any, territory_id: int | None, ref: Reference
) -> tuple[Any, FieldError | None]:
    if value is None:
        return [], None
    if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
        return None, FieldError(
            "content_shown", "invalid", "content_shown must be a list of {asset, version}"
        )
    shown: list[dict[str, Any]] = []
    for item in value:
        asset = ref.assets.get(item.get("asset")) if isinstance(item.get("asset"), str) else None
        if asset is None:
            return None, FieldError(
                "content_shown",
                "unknown_content_asset",
                f"unknown content asset {item.get('asset')!r}",
            )
        version = _shown_version(item.get("version", asset.version), asset)
        if version is None:
            return None, FieldError(
                "content_shown",
                "unknown_content_version",
                f"{asset.code} has no version {item.get('version')!r} "
                f"(current is {asset.version!r})",
            )
        entry = {"asset": asset.code, "version": version}
        if not any(e["asset"] == asset.code and same_version(e["version"], version) for e in shown):
            shown.append(entry)
    return sorted(shown, key=_content_order), None


def _shown_version(raw: Any, asset: ContentAsset) -> str | None:
    """The version text to store, or None when ``raw`` is no version up to the current one.

    Devices send text or (older clients) integers; the current version is stored as the catalog
    writes it, so "4" shown of a "v4" asset reads back as "v4"."""
    try:
        key = version_key(raw)
    except InvalidVersion:
        return None
    current = version_key(asset.version)
    if key > current:
        return None
    return asset.version if key == current else version_text(raw)


def _content_order(entry: dict[str, Any]) -> tuple[str, str]:
    return entry["asset"], version_sort(entry["version"])


def _check_note(
    value: Any, territory_id: int | None, ref: Reference
) -> tuple[Any, FieldError | None]:
    if value is None:
        return "", None
    if not isinstance(value, str):
        return None, FieldError("note", "invalid", "note must be text")
    # PostgreSQL cannot store NUL in text or JSON; it carries nothing a reader could see.
    value = value.replace("\x00", "")
    if len(value) > settings.SYNC_NOTE_MAX_CHARS:
        return None, FieldError(
            "note",
            "note_too_long",
            f"note is longer than {settings.SYNC_NOTE_MAX_CHARS} characters",
        )
    return value, None


_CHECKS = {
    "hcp": _check_hcp,
    "visited_at": _check_visited_at,
    "channel": _check_channel,
    "products": _check_products,
    "content_shown": _check_content,
    "note": _check_note,
    "captured_at": _check_captured_at,
}


def observation_data(observation: Observation) -> dict[str, Any]:
    """The synced fields of a stored observation (the same canonical form ``normalize`` returns)."""
    return {
        "hcp": str(observation.hcp_id),
        "visited_at": iso(observation.visited_at),
        "channel": observation.channel,
        "products": sorted((str(p.pk) for p in observation.products.all()), key=int),
        "content_shown": sorted(
            ({"asset": c.asset.code, "version": c.version} for c in observation.content.all()),
            key=_content_order,
        ),
        "note": observation.note,
        "captured_at": iso(observation.captured_at),
    }
