"""A signal's title, made from what the signal is now: its subject, its window and its count.

Rules describe what they found (stats); the title is computed again each time evidence rolls
up into the signal, so it always agrees with the signal's count and window.
"""

import datetime as dt
from typing import Any

from backend.alerts.models import Signal, SignalType
from backend.core.labels import label_phrase

_EPSILON = dt.timedelta(microseconds=1)


def window_text(start: dt.datetime | None, end: dt.datetime | None) -> str:
    """``23–29 Nov 2026``, ``28 Nov–4 Dec 2026`` or ``7 Dec 2026`` (end exclusive if later)."""
    if start is None and end is None:
        return ""
    first = (start or end).astimezone(dt.UTC).date()  # type: ignore[union-attr]
    last_moment = end or start
    assert last_moment is not None
    if end is not None and start is not None and end > start:
        last_moment = end - _EPSILON
    last = last_moment.astimezone(dt.UTC).date()
    if first == last:
        return f"{first.day} {first:%b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b}–{last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y}–{last.day} {last:%b %Y}"


def _notes(n: int) -> str:
    return f"{n} note{'s' if n != 1 else ''}"


def _where(signal: Signal) -> str:
    parts = []
    if signal.product_id and signal.product:
        parts.append(signal.product.name)
    if signal.territory_id and signal.territory:
        parts.append(signal.territory.code)
    return " in ".join(parts) if len(parts) == 2 else "".join(parts)


def _label(stats: dict[str, Any]) -> str:
    return label_phrase(str(stats.get("label", "")))


def _stale(signal: Signal, stats: dict[str, Any], window: str) -> str:
    asset = signal.content_asset
    code = asset.code if asset else "content (asset not named)"
    reasons = stats.get("reasons") or []
    if not reasons:  # only HCP reports so far
        return f"HCPs report stale content: {code} · {_notes(signal.count)}, {window}"
    shown = stats.get("version_shown")
    what = f"{code} v{shown}" if shown is not None else code
    why = "withdrawn" if "withdrawn" in reasons else ", ".join(r.replace("_", " ") for r in reasons)
    return f"Stale content in use: {what} ({why}) · {_notes(signal.count)}, {window}"


def signal_title(signal: Signal) -> str:
    """The title for the signal as it stands (relations are read, so load them first)."""
    stats = signal.stats or {}
    window = window_text(signal.window_start, signal.window_end)
    where = _where(signal)
    if signal.type == SignalType.STALE_CONTENT:
        return _stale(signal, stats, window)
    if signal.type == SignalType.OBJECTION:
        return f"{_label(stats).capitalize()} · {where}: {_notes(signal.count)}, {window}"
    if signal.type == SignalType.OBJECTION_SPIKE:
        return (
            f"Spike in {_label(stats)} · {where}: {stats.get('recent_hits', signal.count)} notes "
            f"vs {float(stats.get('expected', 0)):.1f} expected, {window}"
        )
    if signal.type == SignalType.COMPETITOR_SHIFT:
        territory = signal.territory.code if signal.territory else ""
        return (
            f"Shift towards {stats.get('competitor', 'a competitor')} · {territory}: "
            f"{stats.get('recent', signal.count)} notes vs "
            f"{float(stats.get('expected', 0)):.1f} expected, {window}"
        )
    if signal.type == SignalType.ADVERSE_EVENT:
        what = str(stats.get("category") or "adverse event").replace("_", " ")
        serious = [str(s).replace("_", " ") for s in stats.get("seriousness") or []]
        if serious:  # the tagger's seriousness hints, for triage at a glance
            what += f" ({', '.join(serious)})"
        heard = stats.get("heard_at")
        when = ""
        if heard:
            moment = dt.datetime.fromisoformat(heard).astimezone(dt.UTC)
            when = f", captured {moment.day} {moment:%b %H:%M} UTC"
        hcp = f" · {signal.hcp.name}" if signal.hcp_id and signal.hcp else ""
        return f"Possible {what} · {where or 'product not named'}{hcp}{when}"
    return signal.title
