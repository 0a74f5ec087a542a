"""Evidence highlighting on the redacted text an analyst is allowed to read.

The tagger stores evidence and PII spans as offsets into the ORIGINAL note, but analysts only
ever see ``redacted_text``, where each PII span was replaced by a token of another length. We
rebuild the alignment between the two texts from the PII spans and map evidence onto the redacted
text. When the alignment cannot be proved (the texts disagree outside the PII spans), nothing is
highlighted: a wrong mapping could put a highlight in the wrong place, and the original text is
never used as a fallback because it holds patient identifiers.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Segment:
    """A stretch of the original note and where it sits in the redacted text."""

    orig_start: int
    orig_end: int
    red_start: int
    red_end: int
    replaced: bool


def _merged_pii(pii: list[Any], length: int) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for item in sorted(pii or [], key=lambda s: (int(s[0]), int(s[1]))):
        start, end = max(0, int(item[0])), min(length, int(item[1]))
        kind = str(item[2]) if len(item) > 2 else "PII"
        if end <= start:
            continue
        if spans and start < spans[-1][1]:
            prev = spans[-1]
            spans[-1] = (prev[0], max(prev[1], end), prev[2])
        else:
            spans.append((start, end, kind))
    return spans


def _replacement_end(redacted: str, at: int, kind: str, following: str, is_last: bool) -> int:
    """Where the replacement token that starts at ``at`` ends, or -1 when it cannot be found."""
    for token in (f"[{kind}]", f"<{kind}>", f"[{kind.upper()}]", "[REDACTED]"):
        end = at + len(token)
        if redacted.startswith(token, at) and redacted.startswith(following, end):
            return end
    if is_last:
        end = len(redacted) - len(following)
        return end if end >= at and redacted.endswith(following) else -1
    if not following:
        return -1
    found = redacted.find(following, at)
    return found


def align(original: str, redacted: str, pii: list[Any]) -> list[Segment] | None:
    """Segments covering both texts in order, or None when they do not line up."""
    spans = _merged_pii(pii, len(original))
    segments: list[Segment] = []
    pos_o = pos_r = 0
    for i, (start, end, kind) in enumerate(spans):
        kept = original[pos_o:start]
        if redacted[pos_r : pos_r + len(kept)] != kept:
            return None
        if kept:
            segments.append(Segment(pos_o, start, pos_r, pos_r + len(kept), False))
        pos_r += len(kept)
        is_last = i == len(spans) - 1
        following = original[end : (len(original) if is_last else spans[i + 1][0])]
        rep_end = _replacement_end(redacted, pos_r, kind, following, is_last)
        if rep_end < pos_r:
            return None
        segments.append(Segment(start, end, pos_r, rep_end, True))
        pos_o, pos_r = end, rep_end
    if original[pos_o:] != redacted[pos_r:]:
        return None
    if pos_o < len(original):
        segments.append(Segment(pos_o, len(original), pos_r, len(redacted), False))
    return segments


def _to_redacted(segments: list[Segment], offset: int, *, is_end: bool) -> int:
    for seg in segments:
        inside = seg.orig_start <= offset < seg.orig_end or (is_end and offset == seg.orig_end)
        if not inside:
            continue
        if seg.replaced:
            # A span touching a redaction token covers the whole token, never part of it.
            return seg.red_end if is_end else seg.red_start
        return seg.red_start + (offset - seg.orig_start)
    return segments[-1].red_end if segments else 0


def evidence_on_redacted(
    original: str, redacted: str, pii: list[Any], evidence: list[Any]
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]] | None:
    """Evidence spans and redaction tokens in redacted-text offsets (None: not alignable)."""
    segments = align(original, redacted, pii)
    if segments is None:
        return None
    mapped: list[tuple[int, int, str]] = []
    for item in evidence or []:
        try:
            start, end, label = int(item[0]), int(item[1]), str(item[2])
        except (TypeError, ValueError, IndexError):
            continue
        if not 0 <= start < end <= len(original):
            continue
        r_start = _to_redacted(segments, start, is_end=False)
        r_end = _to_redacted(segments, end, is_end=True)
        if r_start < r_end:
            mapped.append((r_start, r_end, label))
    tokens = [(s.red_start, s.red_end) for s in segments if s.replaced]
    return mapped, tokens


def highlight_html(
    *,
    original: str | None,
    redacted: str,
    pii: list[Any],
    evidence: list[Any],
    labels: set[str] | None = None,
) -> SafeString:
    """The redacted text as HTML: evidence in ``<mark>`` (per label), redaction tokens marked.

    ``labels``: only evidence for these (the effective labels) is highlighted."""
    mapped = (
        evidence_on_redacted(original, redacted, pii, evidence) if original is not None else None
    )
    if mapped is None:
        return mark_safe(escape(redacted))  # noqa: S308 - escaped just above
    spans, tokens = mapped
    spans = [s for s in spans if labels is None or s[2] in labels]
    cuts = sorted(
        {0, len(redacted), *[p for s in spans for p in s[:2]], *[p for t in tokens for p in t]}
    )
    out: list[str] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = str(escape(redacted[start:end]))
        covering = sorted({lab for s, e, lab in spans if s <= start and end <= e})
        if any(s <= start and end <= e for s, e in tokens):
            piece = f'<span class="redacted" title="redacted">{piece}</span>'
        if covering:
            names = " ".join(covering)
            piece = (
                f'<mark class="evidence" data-labels="{escape(names)}" '
                f'title="evidence: {escape(", ".join(covering))}">{piece}</mark>'
            )
        out.append(piece)
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above
