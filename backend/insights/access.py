"""Who may open the analyst pages: HQ analysts (within their scope) and admins."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from backend.accounts.models import Role


def can_use_insights(user: Any) -> bool:
    """Analysts and admins. Reps read their own notes on the device; machines use the API."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or user.role in (Role.ANALYST, Role.ADMIN))


def analyst_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Log in first; a signed-in user of another role gets a 403 page that says where to go
    instead (the rep app at /app/ for reps) and lets them log out, never the page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_use_insights(request.user):
            return render(
                request,
                "insights/not_for_role.html",
                {"is_rep": request.user.role == Role.REP},  # type: ignore[union-attr]
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapper
