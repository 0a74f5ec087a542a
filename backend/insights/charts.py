"""A small server-side SVG chart: counts as bars, rate as a line, rule-flagged spikes marked.

Drawn by the app itself so nothing is fetched at run time and the chart prints and screenshots
exactly as the page shows it.
"""

import datetime as dt

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from backend.insights.alerts_bridge import SpikeMarker

WIDTH, HEIGHT = 360, 150
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 30, 40, 14, 22
PARTIAL_HALF_WIDTH = 22  # half the word "partial" at 9 px, plus half a spike marker


def _share(rate: float | None) -> str:
    return "no notes, no share" if rate is None else f"{rate:.0%}"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return float(step)
    return float(value)


def label_chart(
    *,
    title: str,
    buckets: list[dt.date],
    counts: list[int],
    rates: list[float | None],
    markers: list[tuple[int, SpikeMarker]],
    first: int = 0,
    partial: bool = False,
    rate_name: str = "share of notes",
) -> SafeString:
    """One label's chart; every text node is escaped.

    Periods before ``first`` (no data yet in this scope) are shaded and hold no bar or share;
    with ``partial`` the last period, still under way, is drawn hatched with a dashed share.
    """
    n = max(len(buckets), 1)
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    slot = plot_w / n
    count_max = _nice_max(max(counts, default=0))
    known = [r for r in rates if r is not None]
    rate_max = max(0.05, min(1.0, max(known, default=0) * 1.15))
    base_y = PAD_TOP + plot_h
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}: notes per period and share of all notes">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{PAD_LEFT}" y1="{base_y}" x2="{WIDTH - PAD_RIGHT}" y2="{base_y}"/>',
        f'<text class="tick" x="{PAD_LEFT - 4}" y="{PAD_TOP + 4}" text-anchor="end">{int(count_max)}</text>',
        f'<text class="tick" x="{PAD_LEFT - 4}" y="{base_y}" text-anchor="end">0</text>',
        f'<text class="tick rate-tick" x="{WIDTH - 4}" y="{PAD_TOP + 4}" text-anchor="end">{rate_max:.0%}</text>',
        f'<text class="tick rate-tick" x="{WIDTH - 4}" y="{base_y}" text-anchor="end">0%</text>',
    ]
    first = min(max(first, 0), len(counts))
    if first:
        parts.append(
            f'<rect class="nodata" x="{PAD_LEFT}" y="{PAD_TOP}" width="{first * slot:.1f}" '
            f'height="{plot_h}"><title>no notes in this scope before '
            f"{buckets[first] if first < len(buckets) else buckets[-1]:%d %b %Y}</title></rect>"
            f'<text class="tick nodata-text" x="{PAD_LEFT + first * slot / 2:.1f}" '
            f'y="{PAD_TOP + plot_h / 2:.1f}" text-anchor="middle">no data yet</text>'
        )
    last = len(counts) - 1
    for i in range(first, len(counts)):
        count = counts[i]
        h = plot_h * count / count_max
        x = PAD_LEFT + i * slot + slot * 0.15
        is_partial = partial and i == last
        note = " (period under way)" if is_partial else ""
        parts.append(
            f'<rect class="bar{" partial" if is_partial else ""}" x="{x:.1f}" '
            f'y="{base_y - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}">'
            f"<title>{buckets[i]:%d %b}{note}: {count} notes, {_share(rates[i])} "
            f"{escape(rate_name)}</title></rect>"
        )
    points = {
        i: f"{PAD_LEFT + (i + 0.5) * slot:.1f},{base_y - plot_h * min(r, rate_max) / rate_max:.1f}"
        for i in range(first, len(rates))
        if (r := rates[i]) is not None
    }
    done = [p for i, p in points.items() if not (partial and i == last)]
    coords = list(points.values()) if partial and last in points else []
    if len(done) > 1:
        parts.append(f'<polyline class="rate" points="{" ".join(done)}"/>')
    elif len(done) == 1:
        dot_x, dot_y = done[0].split(",")
        parts.append(f'<circle class="rate-dot" cx="{dot_x}" cy="{dot_y}" r="2"/>')
    if len(coords) > 1:
        parts.append(f'<polyline class="rate partial" points="{" ".join(coords[-2:])}"/>')
    if partial and counts:
        text_x = PAD_LEFT + (last + 0.5) * slot
        # A spike marker near the end sits where the word would: step the word below its tip.
        near = any(
            abs(PAD_LEFT + (i + 0.5) * slot - text_x) < PARTIAL_HALF_WIDTH for i, _ in markers
        )
        parts.append(
            f'<text class="tick partial-text" x="{text_x:.1f}" '
            f'y="{PAD_TOP + (18 if near else 4)}" text-anchor="middle">partial</text>'
        )
    for i, marker in markers:
        x = PAD_LEFT + (i + 0.5) * slot
        parts.append(
            f'<a href="/alerts/{escape(marker.alert_id)}/"><path class="spike" '
            f'd="M{x - 5:.1f},{PAD_TOP - 2} L{x + 5:.1f},{PAD_TOP - 2} L{x:.1f},{PAD_TOP + 7} Z">'
            f"<title>{escape(marker.summary)}</title></path></a>"
        )
    if buckets:
        for i in sorted({0, len(buckets) // 2, len(buckets) - 1}):
            x = PAD_LEFT + (i + 0.5) * slot
            parts.append(
                f'<text class="tick" x="{x:.1f}" y="{HEIGHT - 6}" text-anchor="middle">'
                f"{buckets[i]:%d %b}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - all interpolated text escaped or numeric


def theme_chart(rows: list[tuple[str, int, int, str]]) -> SafeString:
    """Top themes, this period against the previous one: (name, now, before, href) per row.

    Each row links to the feed filtered to the period's notes carrying the theme.
    """
    row_h, label_w, width = 30, 170, 450
    height = row_h * len(rows) + 24
    top = max([max(now, before) for _, now, before, _ in rows] + [1])
    bar_w = width - label_w - 60
    parts = [
        f'<svg class="chart themes" viewBox="0 0 {width} {height}" role="img" '
        'aria-label="Top themes: this period (dark) against the previous period (light)">',
        # The key's squares take the bars' own classes, so they are the bars' colours.
        '<text class="tick" x="0" y="12"><tspan class="bar key">■</tspan> this period</text>'
        '<text class="tick prev-key" x="100" y="12"><tspan class="bar prev key">■</tspan> '
        "previous period</text>",
    ]
    for i, (name, now, before, href) in enumerate(rows):
        y = 22 + i * row_h
        w_now = bar_w * now / top
        w_before = bar_w * before / top
        notes = "note" if now == 1 else "notes"
        parts.append(
            f'<a href="{escape(href)}"><text class="tick theme-name" x="{label_w - 6}" '
            f'y="{y + 13}" text-anchor="end">{escape(name)}</text>'
            f'<rect class="bar" x="{label_w}" y="{y + 2}" width="{w_now:.1f}" height="13">'
            f"<title>{escape(name)}: {now} {notes} (previous period {before})</title></rect>"
            f'<rect class="bar prev" x="{label_w}" y="{y + 16}" width="{w_before:.1f}" '
            f'height="7"/><text class="tick" x="{label_w + w_now + 4:.1f}" y="{y + 13}">'
            f"{now}</text></a>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - all interpolated text escaped or numeric
