"""Saved views: save, share, subscribe, delete, and which views an analyst may open.

A view stores the feed's query string, normalised through the feed's own form, so it holds
exactly the filters the feed understands and nothing else (no cursor, no stray parameters).
"""

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from backend.accounts.models import User
from backend.core.errors import DomainError
from backend.insights.access import can_use_insights
from backend.insights.forms import feed_filters_from, filters_query
from backend.insights.models import SavedView, ViewSubscription

NAME_MAX = 120


def views_for(user: User) -> QuerySet[SavedView]:
    """The user's own views and those other analysts shared."""
    return (
        SavedView.objects.filter(Q(owner=user) | Q(shared=True))
        .select_related("owner")
        .order_by("name", "id")
    )


def view_get(user: User, view_id: int) -> SavedView:
    view = views_for(user).filter(pk=view_id).first()
    if view is None:
        raise DomainError("view_not_found", "there is no such saved view you can open")
    return view


def _own(user: User, view_id: int) -> SavedView:
    view = view_get(user, view_id)
    if view.owner_id != user.pk:
        raise DomainError("view_not_owner", "only the analyst who saved this view can change it")
    return view


def view_save(user: User, *, name: str, query: str) -> SavedView:
    """Save (or, under the same name, overwrite) the user's view of these filters."""
    if not can_use_insights(user):
        raise DomainError("forbidden", "saved views are for HQ analysts")
    name = " ".join((name or "").split())
    if not name or len(name) > NAME_MAX:
        raise DomainError(
            "view_name_invalid", f"give the view a name of 1 to {NAME_MAX} characters"
        )
    filters, _ = feed_filters_from(_params(query))
    view, _ = SavedView.objects.update_or_create(
        owner=user, name=name, defaults={"query": filters_query(filters)}
    )
    return view


def _params(query: str) -> dict[str, str]:
    from django.http import QueryDict

    return QueryDict(query or "").dict()


def view_share(user: User, view_id: int, *, shared: bool) -> SavedView:
    view = _own(user, view_id)
    view.shared = shared
    view.save(update_fields=["shared"])
    if not shared:  # others may no longer open it, so they no longer get its digest
        ViewSubscription.objects.filter(view=view).exclude(user=user).delete()
    return view


def view_subscribe(user: User, view_id: int, *, on: bool) -> bool:
    view = view_get(user, view_id)
    if not on:
        ViewSubscription.objects.filter(view=view, user=user).delete()
        return False
    try:
        with transaction.atomic():
            ViewSubscription.objects.get_or_create(view=view, user=user)
    except IntegrityError:
        pass  # subscribed twice at once: one row is what we wanted
    return True


def view_owned(user: User, view_id: int) -> SavedView:
    """The user's own view (``view_not_owner`` for another analyst's, ``not_found`` if gone)."""
    return _own(user, view_id)


def view_delete(user: User, view_id: int) -> None:
    _own(user, view_id).delete()


def subscribed_ids(user: User) -> set[int]:
    return set(ViewSubscription.objects.filter(user=user).values_list("view_id", flat=True))
