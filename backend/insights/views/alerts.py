"""Alerts inbox: signals in the analyst's scope; acknowledge, assign, resolve."""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from backend.accounts.models import User
from backend.accounts.requests import PageRequest
from backend.alerts.models import Severity, SignalType
from backend.catalog.models import Product, Territory
from backend.core.errors import DomainError
from backend.insights import alerts_bridge
from backend.insights.access import analyst_required
from backend.insights.presenters import feed_row
from backend.insights.selectors import observation_for
from backend.insights.services import (
    alert_acknowledge,
    alert_assign,
    alert_reopen,
    alert_resolve,
)

STATUSES = ["open", "acknowledged", "unresolved", "resolved", "all"]


def _int(raw: str | None) -> int | None:
    """An id filter; anything but plain digits within a database bigint is no filter."""
    if not raw or not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return None
    return int(raw)


def _filters(request: PageRequest) -> alerts_bridge.InboxFilters:
    status = request.GET.get("status", "unresolved")
    kind = request.GET.get("type", "")
    severity = request.GET.get("severity", "")
    return alerts_bridge.InboxFilters(
        status=status if status in STATUSES else "unresolved",
        type=kind if kind in SignalType.values else "",
        severity=severity if severity in Severity.values else "",
        product=_int(request.GET.get("product")),
        territory=_int(request.GET.get("territory")),
        mine=request.GET.get("mine") == "1",
    )


@analyst_required
def inbox(request: PageRequest) -> HttpResponse:
    """Safety items apart with their clocks; the rest by severity, then most recently seen."""
    user: User = request.user
    filters = _filters(request)
    alerts = alerts_bridge.inbox(user, filters)
    context = {
        "safety": [a for a in alerts if a.is_safety],
        "alerts": [a for a in alerts if not a.is_safety],
        "counts": alerts_bridge.inbox_counts(user),
        "type_counts": alerts_bridge.inbox_type_counts(user, filters),
        "filters": filters,
        "status": filters.status,
        "statuses": STATUSES,
        "severities": Severity.choices,
        "products": Product.objects.order_by("name"),
        "territories": Territory.objects.order_by("code"),
    }
    template = (
        "insights/_inbox.html" if request.GET.get("part") == "inbox" else "insights/alerts.html"
    )
    return render(request, template, context)


@analyst_required
def alert_detail(request: PageRequest, pk: uuid.UUID) -> HttpResponse:
    user: User = request.user
    alert_id = str(pk)
    alert = alerts_bridge.alert_detail(user, alert_id)
    if alert is None:
        raise Http404("No such alert in your scope.")
    notes = [observation_for(user, oid) for oid in alert.observation_ids[:50]]
    context = {
        "alert": alert,
        "rows": [feed_row(obs) for obs in notes if obs is not None],
        "assignable": alerts_bridge.assignable_users(user, alert_id),
        "history": alerts_bridge.alert_history(user, alert_id),
    }
    return render(request, "insights/alert.html", context)


def _assignee(request: PageRequest) -> User | None:
    raw = request.POST.get("assignee", "")
    if raw == "me":
        return request.user
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return None
    return User.objects.filter(pk=int(raw)).first()


@analyst_required
@require_POST
def alert_act(request: PageRequest, pk: uuid.UUID) -> HttpResponse:
    user: User = request.user
    signal_id = str(pk)
    action = request.POST.get("action", "")
    note = request.POST.get("note", "")[:2000]
    try:
        if action == "ack":
            alert_acknowledge(user=user, signal_id=signal_id, note=note)
            done = "acknowledged"
        elif action == "assign":
            assignee = _assignee(request)
            alert_assign(user=user, signal_id=signal_id, assignee=assignee)
            done = f"assigned to {assignee.username}" if assignee else "unassigned"
        elif action == "resolve":
            alert_resolve(user=user, signal_id=signal_id, note=note)
            done = "resolved"
        elif action == "reopen":
            alert_reopen(user=user, signal_id=signal_id)
            done = "reopened"
        else:
            messages.error(request, "Unknown action.")
            return redirect("insights:alert", pk=pk)
    except DomainError as exc:
        if exc.code == "not_found":
            raise Http404(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Alert {done}.")
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("insights:alert", pk=pk)
