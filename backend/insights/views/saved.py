"""Saved views: the list, and saving, sharing, subscribing and deleting from it or the feed."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from backend.core.errors import DomainError
from backend.insights import saved_views
from backend.insights.access import analyst_required
from backend.insights.filter_text import query_described


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


@analyst_required
def view_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    views = saved_views.views_for(user)  # type: ignore[arg-type]
    context = {
        # Each view with its filters in words: names, never the ids its query string holds.
        "views": [(view, query_described(view.query)) for view in views],
        "subscribed": saved_views.subscribed_ids(user),  # type: ignore[arg-type]
        "confirm_delete": _int_or_none(request.GET.get("confirm_delete")),
    }
    return render(request, "insights/views.html", context)


@require_POST
@analyst_required
def view_save(request: HttpRequest) -> HttpResponse:
    try:
        view = saved_views.view_save(
            request.user,  # type: ignore[arg-type]
            name=request.POST.get("name", ""),
            query=request.POST.get("query", ""),
        )
    except DomainError as exc:
        messages.error(request, f"Not saved: {exc.message}.")
        return redirect("/?" + request.POST.get("query", ""))
    messages.success(request, f'Saved the view "{view.name}".')
    return redirect("/?" + view.query if view.query else "/")


@require_POST
@analyst_required
def view_act(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    action = request.POST.get("action", "")
    try:
        if action in ("share", "unshare"):
            view = saved_views.view_share(user, pk, shared=action == "share")  # type: ignore[arg-type]
            messages.success(
                request,
                f'"{view.name}" is {"shared with other analysts" if view.shared else "private"}.',
            )
        elif action in ("subscribe", "unsubscribe"):
            on = saved_views.view_subscribe(user, pk, on=action == "subscribe")  # type: ignore[arg-type]
            messages.success(request, "Subscribed to the daily digest." if on else "Unsubscribed.")
        elif action == "delete" and request.POST.get("confirm") == "yes":
            saved_views.view_delete(user, pk)  # type: ignore[arg-type]
            messages.success(request, "Deleted the view.")
        elif action == "delete":
            # Two steps, like the rep app's delete: the first POST only asks, without JavaScript.
            saved_views.view_owned(user, pk)  # type: ignore[arg-type]
            return redirect(f"{reverse('insights:views')}?confirm_delete={pk}#view-{pk}")
        else:
            raise DomainError("invalid_action", "unknown action")
    except DomainError as exc:
        messages.error(request, f"{exc.message}.")
    return redirect("insights:views")
