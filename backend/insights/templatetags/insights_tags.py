"""Small display helpers for the analyst templates."""

from typing import Any

from django import template

from backend.core import labels as titles

register = template.Library()


@register.filter
def label_title(label: str) -> str:
    """A label's name as the rep app shows it too: ``Price objection``."""
    return titles.label_title(str(label))


@register.filter
def label_phrase(label: str) -> str:
    """The same name inside a sentence: ``price objection``."""
    return titles.label_phrase(str(label))


@register.filter
def pct(value: float) -> str:
    return f"{float(value):.0%}"


@register.filter
def rate_of(row: Any, label: str) -> float:
    return float(row.rate(label))


@register.filter
def count_of(row: Any, label: str) -> int:
    return int(row.counts.get(label, 0))


@register.filter
def heat(rate: float) -> str:
    """A CSS class for a rate cell: darker is a larger share of notes."""
    steps = (0.02, 0.05, 0.1, 0.2, 0.35)
    level = sum(1 for s in steps if rate >= s)
    return f"heat{level}"


@register.simple_tag(takes_context=True)
def query_with(context: Any, **changes: Any) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
