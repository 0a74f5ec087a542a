"""Trends: label counts and shares per period, product and territory."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from backend.insights.trends import label_trends
from tests.backend.insights.helpers import tagged

pytestmark = pytest.mark.django_db


def test_counts_and_rates_per_day_in_scope(world: Any) -> None:
    today = timezone.now().replace(hour=10, minute=0)
    yesterday = today - dt.timedelta(days=1)
    tagged(
        world.alice, "a", labels={"objection_price": 0.9}, visited_at=today, products=[world.own]
    )
    tagged(
        world.alice, "b", labels={"objection_price": 0.9, "content_request": 0.7}, visited_at=today
    )
    tagged(world.alice, "c", visited_at=today)
    tagged(world.alice, "d", labels={"objection_price": 0.9}, visited_at=yesterday)
    tagged(world.bob, "south", labels={"objection_price": 0.9}, visited_at=today)  # out of scope

    data = label_trends(world.carol, product_id=None, territory_id=None, days=7, bucket="day")

    assert data.buckets[-1] == today.date() and len(data.buckets) == 7
    assert data.totals[-1] == 3 and data.totals[-2] == 1
    price = next(s for s in data.series if s.label == "objection_price")
    assert price.counts[-2:] == [1, 2]
    assert price.rates[-1] == pytest.approx(2 / 3)
    assert price.rates[-2] == pytest.approx(1.0)
    assert [(r.name, r.notes, r.counts) for r in data.by_territory] == [
        ("N", 4, {"objection_price": 3, "content_request": 1})
    ]
    by_product = {r.name: r.counts for r in data.by_product}
    assert by_product == {"Ownbrand": {"objection_price": 1}}

    only_own = label_trends(
        world.carol, product_id=world.own.pk, territory_id=None, days=7, bucket="day"
    )
    assert sum(only_own.totals) == 1


def test_trends_page_draws_a_chart_per_label_present(client: Any, world: Any) -> None:
    tagged(world.alice, "a", labels={"objection_price": 0.9}, visited_at=timezone.now())
    client.force_login(world.carol)
    html = client.get("/trends/?days=30&bucket=day").content.decode()
    assert html.count('<svg class="chart"') == 1
    assert 'data-label="objection_price"' in html
    assert "1 note<" in html
