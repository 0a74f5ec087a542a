"""The brand overview: one period's figures for the analyst's scope, each linked to the feed."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from backend.insights.access import analyst_required
from backend.insights.charts import theme_chart
from backend.insights.overview import brand_overview
from backend.insights.selectors import filter_choices

PERIODS = [(7, "7 days"), (30, "30 days"), (90, "90 days")]


class OverviewForm(forms.Form):
    product = forms.IntegerField(required=False, min_value=1)
    days = forms.TypedChoiceField(choices=PERIODS, coerce=int, required=False, empty_value=None)


@analyst_required
def overview(request: HttpRequest) -> HttpResponse:
    form = OverviewForm(request.GET)
    form.is_valid()
    choices = filter_choices(request.user)  # type: ignore[arg-type]
    product = form.cleaned_data.get("product")
    if product not in {p.pk for p in choices.products}:
        product = None  # only the analyst's own brands; anything else means all of them
    days = form.cleaned_data.get("days") or 30
    data = brand_overview(request.user, product=product, days=days)  # type: ignore[arg-type]
    chart = theme_chart([(f.name, f.count, f.previous or 0, f.href) for f in data.themes])
    context = {
        "data": data,
        "chart": chart if data.themes else "",
        "choices": choices,
        "product": product,
        "days": days,
        "periods": PERIODS,
    }
    return render(request, "insights/overview.html", context)
