"""The analyst's desk in headless Chromium: counts that agree with the CSV export, the brand
overview, honest trends, saved and shared views, and the page a rep gets on the web.

Runs on the demo seed plus six weeks of simulated history (``demo_history``).
"""

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import Live, login, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def analyst1(browser: Any, live: Live, demo_history: None) -> Iterator[Any]:
    page = login(browser, live, "analyst1")
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def analyst2(browser: Any, live: Live, demo_history: None) -> Iterator[Any]:
    page = login(browser, live, "analyst2")
    yield page
    page.context.close()


# The header cells whose text takes more lines than it has words: a word was split.
WORDS_BROKEN_IN_HEADERS = """t => [...t.querySelectorAll('thead th')].filter((th) => {
  const range = document.createRange();
  range.selectNodeContents(th);
  const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  return lines > th.textContent.trim().split(/\\s+/).filter(Boolean).length;
}).map((th) => th.textContent.trim())"""


def _shown_count(page: Any) -> int:
    return int(page.locator("[data-result-count]").inner_text().strip())


def _csv_rows(page: Any, query: str) -> list[dict[str, str]]:
    response = page.context.request.get(f"/feed.csv?{query}")
    assert response.ok
    return list(csv.DictReader(io.StringIO(response.text())))


def _option_value(page: Any, select: str, text: str) -> str:
    option = page.locator(f"select[name={select}] option", has_text=text).first
    return str(option.get_attribute("value"))


def test_the_count_equals_the_csv_rows_for_several_filters(analyst1: Any) -> None:
    page = analyst1
    page.goto("/")
    cardivra = _option_value(page, "product", "Cardivra")
    queries = [
        "",
        "label=objection_price",
        f"product={cardivra}",
        f"label=objection_access&product={cardivra}",
        "q=copay",
        "label=any_objection",
    ]
    for query in queries:
        page.goto(f"/?{query}")
        shown = _shown_count(page)
        assert shown == len(_csv_rows(page, query)), query
    page.goto("/?label=objection_price")
    # each label option carries its count under the other filters (none here)
    price = page.locator("select[name=label] option[value=objection_price]")
    assert int(str(price.get_attribute("data-count"))) == _shown_count(page)
    # "any objection" counts too, and opens exactly that many notes
    page.goto("/?product=" + cardivra)
    anything = page.locator("select[name=label] option[value=any_objection]")
    expected = int(str(anything.get_attribute("data-count")))
    page.goto(f"/?product={cardivra}&label=any_objection")
    assert _shown_count(page) == expected
    screenshot(page, "feed-counts")


def test_a_rep_on_the_web_is_sent_to_the_rep_app(browser: Any, live: Live) -> None:
    page = login(browser, live, "rep1")
    assert page.locator("#role-landing").is_visible()
    assert page.locator("#open-rep-app").get_attribute("href") == "/app/"
    screenshot(page, "rep-landing")
    page.click("#role-logout")
    page.goto("/")
    assert "/login/" in page.url
    page.context.close()


def test_the_overview_figures_match_the_feed(analyst1: Any) -> None:
    page = analyst1
    page.goto("/overview/?days=30")
    assert page.locator("#ov-themes svg.chart").is_visible()
    screenshot(page, "overview")
    figures = page.locator("a[data-figure]")
    checked = 0
    for i in range(min(figures.count(), 8)):
        link = figures.nth(i)
        expected = int(str(link.get_attribute("data-count")))
        href = str(link.get_attribute("href"))
        feed = page.context.new_page()
        feed.goto(href)
        assert _shown_count(feed) == expected, href
        feed.close()
        checked += 1
    assert checked >= 4
    # Each open-signals figure opens the inbox listing that many alerts
    for link in page.locator("#ov-signals a[data-signals]").all():
        inbox = page.context.new_page()
        inbox.goto(str(link.get_attribute("href")))
        assert inbox.locator(".alert-row").count() == int(str(link.get_attribute("data-count")))
        inbox.close()
    # Six weeks of history: the previous 30 days began before the data did, and the page says so
    coverage = page.locator("#previous-coverage")
    assert coverage.is_visible()
    assert 0 < int(str(coverage.get_attribute("data-previous-covered"))) < 30
    assert page.locator("#ov-themes th", has_text="previous*").is_visible()


def test_trends_mark_the_data_start_and_the_partial_period(analyst1: Any) -> None:
    page = analyst1
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/trends/?days=90&bucket=week")
    chart = page.locator("figure[data-label=objection_price] svg.chart")
    assert chart.locator("rect.nodata").count() == 1  # 90 days, six weeks of history
    assert chart.locator("rect.bar.partial").count() == 1
    assert chart.locator("text.partial-text").text_content() == "partial"
    for table in page.locator("section.breakdown table.heat").all():
        box = table.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280
        # nothing clipped inside its scroll box either
        fits = table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
        assert fits
        # a header wraps between its words, never inside one ("preferenc" / "e")
        assert table.evaluate(WORDS_BROKEN_IN_HEADERS) == []
    screenshot(page, "trends")
    page.goto("/trends/?days=30&bucket=day")
    assert "rolling 7-day share" in page.locator("#trends-key").inner_text()
    screenshot(page, "trends-daily")
    page.set_viewport_size({"width": 1360, "height": 900})


def test_a_shared_view_opens_in_each_analysts_scope(analyst1: Any, analyst2: Any) -> None:
    page = analyst1
    page.goto("/?q=copay")
    page.fill("#save-view input[name=name]", "Copay talk")
    page.click("#save-view button[type=submit]")
    page.goto("/views/")
    row = page.locator("tr[data-view='Copay talk']")
    row.locator("button[value=share]").click()
    assert page.locator("tr[data-view='Copay talk'] .chip", has_text="shared").is_visible()
    page.locator("tr[data-view='Copay talk'] button[value=subscribe]").click()
    # the demo accounts have no e-mail address: the page says no digest can reach analyst1
    assert page.locator("#no-email").is_visible()
    screenshot(page, "saved-views")
    mine = _csv_rows(page, "q=copay")

    other = analyst2
    other.goto("/views/")
    other.locator("tr[data-view='Copay talk'] a.open-view").click()
    other.wait_for_url("**/?q=copay")
    theirs = _csv_rows(other, "q=copay")
    assert _shown_count(other) == len(theirs)
    assert {r["territory"] for r in theirs} <= {"WC"}
    assert {r["territory"] for r in mine} <= {"NE", "MW"}
    assert {r["id"] for r in mine}.isdisjoint({r["id"] for r in theirs})
    # analyst2 may not change analyst1's view
    assert other.locator("tr[data-view='Copay talk'] button[value=delete]").count() == 0

    # A view on a brand outside analyst2's scope is named above the feed, not an unexplained 0
    page.goto("/")
    cardivra = _option_value(page, "product", "Cardivra")
    page.goto(f"/?product={cardivra}")
    page.fill("#save-view input[name=name]", "Cardivra talk")
    page.click("#save-view button[type=submit]")
    page.goto("/views/")
    page.locator("tr[data-view='Cardivra talk'] button[value=share]").click()
    other.goto("/views/")
    other.locator("tr[data-view='Cardivra talk'] a.open-view").click()
    assert _shown_count(other) == 0
    assert "Cardivra" in other.locator("#outside-scope").inner_text()
    screenshot(other, "saved-view-outside-scope")
    other.click("#outside-scope-clear")
    assert _shown_count(other) == len(_csv_rows(other, "")) > 0


# For each alert row: how far below the severity badge its time sits (0: same line), and
# whether the time stays inside the row.
ALERT_ROW_LINES = """() => [...document.querySelectorAll('.alert-row')].map((row) => {
  const badge = row.querySelector('.sev').getBoundingClientRect();
  const time = row.querySelector('.row-head time').getBoundingClientRect();
  const box = row.getBoundingClientRect();
  return { drop: Math.abs(time.top - badge.top), inside: time.right <= box.right + 1 };
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_a_long_alert_title_keeps_badge_title_and_time_on_one_row(
    analyst1: Any, width: int
) -> None:
    page = analyst1
    page.set_viewport_size({"width": width, "height": 900})
    try:
        page.goto("/alerts/?status=all")
        assert page.locator(".alert-row").count() > 0
        # Given an alert whose title is far longer than the row is wide
        page.locator(".alert-row .row-head a.open").first.evaluate(
            "a => { a.textContent = 'Spike in price objection · Lipozent in MW: ' + "
            "'7 notes vs 2.1 expected, 23–29 Nov 2026 and then some more words '.repeat(3); }"
        )
        screenshot(page, f"alerts-{width}")
        # Then every row keeps its badge and time on the title's first line, inside the row
        rows = page.evaluate(ALERT_ROW_LINES)
        assert all(r["drop"] < 6 and r["inside"] for r in rows), rows
    finally:
        page.set_viewport_size({"width": 1360, "height": 900})


TOPBAR_OVERFLOW = """() => {
  const bar = document.querySelector('.topbar').getBoundingClientRect();
  const out = [...document.querySelectorAll('.topbar a, .topbar button, .topbar .who span')]
    .filter((el) => { const r = el.getBoundingClientRect(); return r.left < bar.left - 1 || r.right > bar.right + 1; })
    .map((el) => el.textContent.trim());
  return { out, page: document.documentElement.scrollWidth, view: window.innerWidth };
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_top_bar_fits_the_screen(analyst1: Any, width: int) -> None:
    page = analyst1
    page.set_viewport_size({"width": width, "height": 844})
    try:
        # Given the analyst's feed on a phone-wide or desktop-wide screen
        page.goto("/")
        screenshot(page, f"topbar-{width}")
        # Then every section, the user and Log out lie inside the bar, and nothing scrolls sideways
        fit = page.evaluate(TOPBAR_OVERFLOW)
        assert fit["out"] == [] and fit["page"] <= fit["view"], fit
    finally:
        page.set_viewport_size({"width": 1360, "height": 900})


def test_a_saved_view_is_deleted_only_after_a_second_confirming_click(analyst1: Any) -> None:
    page = analyst1
    # Given a saved view
    page.goto("/?q=samples")
    page.fill("#save-view input[name=name]", "Samples talk")
    page.click("#save-view button[type=submit]")
    page.goto("/views/")
    row = page.locator("tr[data-view='Samples talk']")
    # When its Delete button is clicked once
    row.locator("button[value=delete]").click()
    # Then it is still there, and the row asks to confirm
    row = page.locator("tr[data-view='Samples talk']")
    assert row.count() == 1
    assert row.locator(".confirm-delete").is_visible()
    screenshot(page, "saved-views-confirm-delete")
    # When "Keep it" is chosen it stays; when "Yes, delete" is, it is gone
    row.locator("a", has_text="Keep it").click()
    assert page.locator("tr[data-view='Samples talk'] .confirm-delete").count() == 0
    page.locator("tr[data-view='Samples talk'] button[value=delete]").click()
    page.locator("tr[data-view='Samples talk'] button", has_text="Yes, delete").click()
    assert page.locator("tr[data-view='Samples talk']").count() == 0


SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"


def test_the_saved_views_page_fits_a_phone(analyst1: Any) -> None:
    page = analyst1
    # Given a saved, shared view with a long name
    page.goto("/?label=objection_access")
    page.fill("#save-view input[name=name]", "Access objections in the Northeast")
    page.click("#save-view button[type=submit]")
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto("/views/")
        row = page.locator("tr[data-view='Access objections in the Northeast']")
        row.locator("button[value=share]").click()
        # Then on a phone nothing scrolls sideways, nor while the delete asks to confirm
        assert page.evaluate(SIDEWAYS) <= 0
        screenshot(page, "saved-views-390")
        page.locator(
            "tr[data-view='Access objections in the Northeast'] button[value=delete]"
        ).click()
        assert page.locator(".confirm-delete").is_visible()
        assert page.evaluate(SIDEWAYS) <= 0
        page.locator(".confirm-delete button", has_text="Yes, delete").click()
    finally:
        page.set_viewport_size({"width": 1360, "height": 900})


def test_a_note_and_an_alert_fit_a_phone(analyst1: Any) -> None:
    page = analyst1
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        # Given the newest note in the feed and the first alert, opened on a phone
        page.goto("/")
        page.locator("#feed-rows article a[href^='/observations/']").first.click()
        page.wait_for_url("**/observations/**")
        # With a long label an analyst added (its row says "corrected by analyst")
        page.select_option("#add-label", "competitor_preference")
        page.locator("#add-label").locator("xpath=ancestor::form").locator("button").click()
        assert page.locator("table.labels", has_text="Competitor preference").is_visible()
        # Then neither page scrolls sideways
        assert page.evaluate(SIDEWAYS) <= 0
        screenshot(page, "observation-390")
        page.goto("/alerts/?status=all")
        page.locator(".alert-row a.open").first.click()
        page.wait_for_url("**/alerts/*/")
        assert page.evaluate(SIDEWAYS) <= 0
    finally:
        page.set_viewport_size({"width": 1360, "height": 900})
