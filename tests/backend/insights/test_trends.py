"""Trends: label counts and shares per period, product and territory."""

import datetime as dt
import re
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
    # the daily view's share is the rolling 7-day share: (1 + 2) of (1 + 3) notes
    assert price.rates[-1] == pytest.approx(3 / 4)
    assert price.rates[-2] == pytest.approx(1.0)
    assert data.first == 5  # the data begin yesterday
    assert data.partial
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


def test_weeks_before_the_data_begin_hold_no_bar_and_no_share(client: Any, world: Any) -> None:
    now = timezone.now()
    tagged(world.alice, "a", labels={"objection_price": 0.9}, visited_at=now)
    tagged(world.alice, "b", labels={"objection_price": 0.9}, visited_at=now - dt.timedelta(days=8))
    data = label_trends(world.carol, product_id=None, territory_id=None, days=60, bucket="week")
    assert data.buckets[0].weekday() == 0 and data.since == data.buckets[0]
    began = (now - dt.timedelta(days=8)).date()
    assert data.data_start == began
    assert data.buckets[data.first] == began - dt.timedelta(days=began.weekday())
    client.force_login(world.carol)
    html = client.get("/trends/?days=60&bucket=week").content.decode()
    svg = html[html.index('<svg class="chart"') : html.index("</svg>")]
    bars = svg.count('<rect class="bar')
    assert bars == len(data.buckets) - data.first
    assert 'class="nodata"' in svg and "no data yet" in svg
    assert 'class="bar partial"' in svg and ">partial</text>" in svg
    assert "rolling 7-day share" not in html


def test_a_scope_with_no_notes_draws_no_chart(client: Any, world: Any) -> None:
    data = label_trends(world.carol, product_id=None, territory_id=None, days=30, bucket="week")
    assert data.first == len(data.buckets) and data.data_start is None
    client.force_login(world.carol)
    html = client.get("/trends/?days=30&bucket=day").content.decode()
    assert "No labeled notes" in html
    assert "rolling 7-day share" in html


def test_the_daily_share_is_a_rolling_seven_days(world: Any) -> None:
    now = timezone.now().replace(hour=10)
    for back in range(10):
        labels = {"objection_price": 0.9} if back % 2 == 0 else {}
        tagged(world.alice, f"n{back}", labels=labels, visited_at=now - dt.timedelta(days=back))
    data = label_trends(world.carol, product_id=None, territory_id=None, days=3, bucket="day")
    price = next(s for s in data.series if s.label == "objection_price")
    assert price.counts == [1, 0, 1]
    # each day's share covers it and the six before (fetched before the window too)
    assert price.rates == [pytest.approx(4 / 7), pytest.approx(3 / 7), pytest.approx(4 / 7)]


def test_a_period_without_notes_has_no_share(world: Any) -> None:
    now = timezone.now().replace(hour=10)
    tagged(
        world.alice, "a", labels={"objection_price": 0.9}, visited_at=now - dt.timedelta(days=20)
    )
    data = label_trends(world.carol, product_id=None, territory_id=None, days=21, bucket="week")
    price = next(s for s in data.series if s.label == "objection_price")
    assert price.rates[-1] is None  # nothing this week: no 0% share
    assert 1.0 in price.rates


def test_the_partial_mark_steps_below_a_spike_marker_on_the_last_periods() -> None:
    from backend.insights.alerts_bridge import SpikeMarker
    from backend.insights.charts import label_chart

    # Given a daily chart whose rule-flagged spike sits on the day before today (partial)
    days = [dt.date(2026, 11, 1) + dt.timedelta(days=i) for i in range(30)]
    spike = SpikeMarker(at=timezone.now(), label="objection_price", summary="spike", alert_id="a1")
    svg = str(
        label_chart(
            title="Price objection",
            buckets=days,
            counts=[2] * 30,
            rates=[0.2] * 30,
            markers=[(28, spike)],
            partial=True,
        )
    )
    # Then the "partial" text (9 px high, above its baseline) starts below the marker's tip
    text_y = float(re.search(r'class="tick partial-text" x="[\d.]+" y="([\d.]+)"', svg).group(1))
    tip_y = max(float(y) for y in re.findall(r",([\d.]+)", re.search(r'd="([^"]+)"', svg).group(1)))
    assert text_y - 9 >= tip_y


def _shown(trends: Any) -> Any:
    return (
        trends.totals,
        [(s.label, s.counts, s.rates, s.total) for s in trends.series],
        [(r.name, r.notes, r.counts) for r in trends.by_territory],
        [(r.name, r.notes, r.counts) for r in trends.by_product],
        trends.first,
    )


def test_the_roll_up_gives_the_trends_the_notes_would(world: Any, monkeypatch: Any) -> None:
    from backend.accounts.models import Role
    from tests.factories import UserFactory

    # Given notes over five weeks, several labels and products, in both territories
    now = timezone.now()
    for days, rep, labels, products in [
        (1, world.alice, {"objection_price": 0.9}, [world.own]),
        (3, world.alice, {"objection_price": 0.9, "competitor_preference": 0.8}, [world.own, world.rival]),
        (9, world.bob, {"content_request": 0.9}, [world.own]),
        (16, world.alice, {}, []),
        (30, world.bob, {"objection_price": 0.9}, [world.rival]),
    ]:  # fmt: skip
        tagged(
            rep, "note", labels=labels, products=products, visited_at=now - dt.timedelta(days=days)
        )
    brand = UserFactory(username="brandonly", role=Role.ANALYST)
    brand.brands.set([world.own])
    from backend.insights.trend_rollup import trend_counts

    since = (now - dt.timedelta(days=60)).date()
    for user in (world.carol, world.admin, brand):  # the roll-up answers these scopes
        read = trend_counts(
            user, product_id=None, territory_id=None, since=since, window_from=since
        )
        assert read is not None and read.daily and read.by_product
    cases = [(u, p, t) for u in (world.carol, world.admin, brand) for p in (None, world.own.pk, world.rival.pk) for t in (None, world.north.pk)]  # fmt: skip
    for user, product, territory in cases:
        for bucket, days in (("week", 60), ("day", 30)):
            args = {
                "product_id": product,
                "territory_id": territory,
                "days": days,
                "bucket": bucket,
            }
            # When the trends are read from the roll-up, and counted over the notes
            rolled = label_trends(user, **args)
            with monkeypatch.context() as m:
                m.setattr("backend.insights.trends.trend_counts", lambda *a, **k: None)
                counted = label_trends(user, **args)
            # Then they are the same
            assert _shown(rolled) == _shown(counted), (user.username, args)
