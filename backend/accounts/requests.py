"""``request.user`` typed once: behind authentication it is our ``User``.

Django and DRF type ``request.user`` as ``AbstractBaseUser | AnonymousUser``. Views that only
run for authenticated users (DRF's default permission, ``analyst_required`` pages) annotate
their request with these instead of casting at every call.
"""

from django.http import HttpRequest
from rest_framework.request import Request

from backend.accounts.models import User


class ApiRequest(Request):
    """A DRF request past ``IsAuthenticated``."""

    user: User  # type: ignore[assignment]  # narrowed here, once, for every API view


class PageRequest(HttpRequest):
    """A Django request past a login check (the analyst pages)."""

    user: User  # type: ignore[assignment]  # narrowed here, once, for every page view
