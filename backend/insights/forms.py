"""Turning query strings and posted forms into typed filters and commands."""

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import QueryDict

from backend.core.labels import label_title
from backend.insights.selectors import ANY_OBJECTION, FeedFilters
from nlp.labels import LABELS

# Ids beyond a database bigint and dates Python cannot step past (9999-12-31 + 1 day) are
# refused by the form, so the filter is dropped with a warning instead of failing the query.
MAX_ID = 2**63 - 1
EARLIEST_DAY = dt.date(1970, 1, 1)
LATEST_DAY = dt.date(2199, 12, 31)


def _id_field() -> forms.IntegerField:
    return forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)


def _day_field() -> forms.DateField:
    return forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[MinValueValidator(EARLIEST_DAY), MaxValueValidator(LATEST_DAY)],
    )


LABEL_CHOICES = [("", "any label")] + [(label, label_title(label)) for label in LABELS]
# The feed's label filter also offers "any objection" (not a label one can add to a note).
FEED_LABEL_CHOICES = [LABEL_CHOICES[0], (ANY_OBJECTION, "any objection"), *LABEL_CHOICES[1:]]


class FeedFilterForm(forms.Form):
    label = forms.ChoiceField(choices=FEED_LABEL_CHOICES, required=False)
    product = _id_field()
    competitor = _id_field()
    territory = _id_field()
    rep = _id_field()
    date_from = _day_field()
    date_to = _day_field()
    q = forms.CharField(required=False, max_length=200, strip=True)
    stale_asset = _id_field()


def feed_filters_from(params: QueryDict | dict[str, Any]) -> tuple[FeedFilters, dict[str, str]]:
    """Filters from a query string; a malformed field is dropped (and reported), never fatal."""
    form = FeedFilterForm(params)
    form.is_valid()
    errors = {name: "; ".join(str(m) for m in messages) for name, messages in form.errors.items()}
    clean = {name: value for name, value in form.cleaned_data.items() if name not in errors}
    return (
        FeedFilters(
            label=clean.get("label") or None,
            product=clean.get("product"),
            competitor=clean.get("competitor"),
            territory=clean.get("territory"),
            rep=clean.get("rep"),
            date_from=clean.get("date_from"),
            date_to=clean.get("date_to"),
            q=clean.get("q") or "",
            stale_asset=clean.get("stale_asset"),
        ),
        errors,
    )


def filters_query(filters: FeedFilters) -> str:
    """The query string that reproduces ``filters`` (for links, export and the live socket)."""
    params = QueryDict(mutable=True)
    for name in FeedFilterForm.base_fields:
        value = getattr(filters, name)
        if value not in (None, ""):
            params[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return params.urlencode()


class LabelCorrectionForm(forms.Form):
    label = forms.ChoiceField(choices=[(label, label) for label in LABELS])
    action = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")])


class TrendsForm(forms.Form):
    product = _id_field()
    territory = _id_field()
    days = forms.TypedChoiceField(
        choices=[
            (30, "30 days"),
            (60, "60 days"),
            (90, "90 days"),
            (180, "180 days"),
            (365, "1 year"),
        ],
        coerce=int,
        required=False,
        empty_value=None,
    )
    bucket = forms.ChoiceField(choices=[("week", "week"), ("day", "day")], required=False)
