"""The insight feed page and its CSV export."""

from django.contrib import messages
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from backend.accounts.requests import PageRequest
from backend.core.errors import DomainError
from backend.insights.access import analyst_required
from backend.insights.export import csv_lines, csv_stream
from backend.insights.facets import FEED_COUNT_CAP, feed_counts
from backend.insights.filter_text import asset_name, filters_inside, filters_outside
from backend.insights.forms import FeedFilterForm, feed_filters_from, filters_query
from backend.insights.presenters import feed_row
from backend.insights.selectors import feed_page, filter_choices


@analyst_required
def feed(request: PageRequest) -> HttpResponse:
    filters, errors = feed_filters_from(request.GET)
    for name, error in errors.items():
        messages.warning(request, f"Ignored the {name.replace('_', ' ')} filter: {error}")
    cursor = request.GET.get("cursor") or None
    # Counts first: a live count walks the newest notes, which the first page then reuses.
    counts = feed_counts(request.user, filters)  # type: ignore[arg-type]
    try:
        page = feed_page(request.user, filters, cursor=cursor, newest=counts.newest)
    except DomainError as exc:
        messages.warning(request, f"{exc}; showing the newest notes.")
        cursor = None
        page = feed_page(request.user, filters, newest=counts.newest)
    query = filters_query(filters)
    choices = filter_choices(request.user)
    outside = filters_outside(filters, choices)
    context = {
        "counts": counts,
        "count_cap": f"{FEED_COUNT_CAP:,}",
        "form": FeedFilterForm(initial=request.GET.dict()),
        "filters": filters,
        "choices": choices,
        "outside": outside,
        "outside_cleared": filters_query(filters_inside(filters, outside)),
        "rows": [feed_row(obs) for obs in page.observations],
        "next_cursor": page.next_cursor,
        "first_page": cursor is None,
        "query": query,
        "filtered": bool(query),
        "stale_asset_name": asset_name(filters.stale_asset) if filters.stale_asset else "",
    }
    return render(request, "insights/feed.html", context)


@analyst_required
def feed_csv(request: PageRequest) -> HttpResponseBase:
    filters, _ = feed_filters_from(request.GET)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    user = request.user
    # Under ASGI an async iterator streams without tying up a worker thread between chunks;
    # under WSGI (and the test client) Django wants a plain iterator.
    content = (
        csv_stream(user, filters) if isinstance(request, ASGIRequest) else csv_lines(user, filters)
    )
    response = StreamingHttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fieldsignal-feed-{stamp}.csv"'
    return response
