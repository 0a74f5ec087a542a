"""Trends: each label's count and share of notes over time, with rule-flagged spikes."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from backend.accounts.requests import PageRequest
from backend.insights.access import analyst_required
from backend.insights.charts import label_chart
from backend.insights.forms import TrendsForm
from backend.insights.selectors import filter_choices
from backend.insights.trends import label_trends

DEFAULT_DAYS = 60


@analyst_required
def trends(request: PageRequest) -> HttpResponse:
    form = TrendsForm(request.GET)
    form.is_valid()
    params: dict[str, Any] = {
        "product": form.cleaned_data.get("product"),
        "territory": form.cleaned_data.get("territory"),
        "days": form.cleaned_data.get("days") or DEFAULT_DAYS,
        "bucket": form.cleaned_data.get("bucket") or "week",
    }
    data = label_trends(
        request.user,
        product_id=params["product"],
        territory_id=params["territory"],
        days=params["days"],
        bucket=params["bucket"],
    )
    active = [s for s in data.series if s.total or s.markers]
    charts = [
        (
            s,
            label_chart(
                title=s.title,
                buckets=data.buckets,
                counts=s.counts,
                rates=s.rates,
                markers=s.markers,
                first=data.first,
                partial=data.partial,
                rate_name=data.rate_name,
            ),
        )
        for s in sorted(active, key=lambda s: -s.total)
    ]
    context = {
        "form": form,
        "params": params,
        "choices": filter_choices(request.user),
        "trends": data,
        "charts": charts,
        "labels": [s.label for s in sorted(active, key=lambda s: -s.total)],
        "notes_total": sum(data.totals),
    }
    return render(request, "insights/trends.html", context)
