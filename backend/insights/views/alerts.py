"""Alerts inbox: signals in the analyst's scope; acknowledge, assign, resolve."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from backend.insights import alerts_bridge
from backend.insights.access import analyst_required


@analyst_required
def inbox(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "insights/alerts.html",
        {"available": alerts_bridge.alerts_available(), "alerts": []},
    )


@analyst_required
def alert_detail(request: HttpRequest, pk: str) -> HttpResponse:
    raise Http404("No such alert in your scope.")


@analyst_required
@require_POST
def alert_act(request: HttpRequest, pk: str) -> HttpResponse:
    raise Http404("No such alert in your scope.")
