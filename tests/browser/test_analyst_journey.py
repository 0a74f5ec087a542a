"""An analyst's day in headless Chromium against a live server: filter the feed, watch a note
synced by a rep arrive without a reload, open it, correct a tag, acknowledge the alert it
raised, read the trends and export CSV — and an analyst outside the note's scope never sees it.

Notes reach the server the way reps' notes do: field_client stores synced over HTTP.
"""

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.conftest import Live, login, screenshot
from tests.browser.devices import RepDevice

# The tests are the steps of one analyst's day and share its state (the note rep1 logs in one
# step is opened and corrected in the next), so they keep their written order under
# --random-order; the module as a whole still moves.
pytestmark = [pytest.mark.browser, pytest.mark.random_order(disabled=True)]

AE_NOTE = "Dr. said Pt John Carter had a rash after starting Cardivra; call back 555-201-3344."


@pytest.fixture(scope="module")
def reps(live: Live, tmp_path_factory: pytest.TempPathFactory) -> dict[str, RepDevice]:
    home = tmp_path_factory.mktemp("devices")
    # rep1: Northeast, rep2: Midwest (analyst1's scope); rep3: West Coast (analyst2's)
    return {name: RepDevice(live.url, name, home) for name in ("rep1", "rep2", "rep3")}


@pytest.fixture(scope="module")
def seeded(reps: dict[str, RepDevice], demo_history: None) -> dict[str, str]:
    return {
        "price": reps["rep1"].log(
            "Office manager says the copay is killing refills.", products=("Cardivra",)
        ),
        "access": reps["rep1"].log(
            "Lipozent keeps failing formulary review at the IDN.", products=("Lipozent",)
        ),
        "reprint": reps["rep2"].log(
            "Dr. asked for the outcomes trial reprint for her fellows.", products=("Cardivra",)
        ),
        "west": reps["rep3"].log(
            "Respiqor copay card confusion at the front desk.", products=("Respiqor",)
        ),
    }


@pytest.fixture(scope="module")
def analyst1(browser: Any, live: Live) -> Iterator[Any]:
    page = login(browser, live, "analyst1")
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def analyst2(browser: Any, live: Live) -> Iterator[Any]:
    page = login(browser, live, "analyst2")
    yield page
    page.context.close()


def _row(page: Any, observation_id: str) -> Any:
    return page.locator(f"#obs-{observation_id}")


def test_login_page(browser: Any, live: Live) -> None:
    context = browser.new_context(base_url=live.url, viewport={"width": 1100, "height": 650})
    page = context.new_page()
    page.goto("/")
    assert "/login/" in page.url
    screenshot(page, "login")
    context.close()


def test_analyst_filters_the_feed(analyst1: Any, seeded: dict[str, str]) -> None:
    page = analyst1
    page.goto("/")
    for name in ("price", "access", "reprint"):
        assert _row(page, seeded[name]).is_visible()
    assert _row(page, seeded["west"]).count() == 0
    screenshot(page, "feed")
    page.select_option("select[name=label]", "objection_access")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/?*label=objection_access*")
    assert _row(page, seeded["access"]).is_visible()
    assert _row(page, seeded["price"]).count() == 0
    assert _row(page, seeded["reprint"]).count() == 0
    screenshot(page, "feed-filtered")


def test_synced_note_appears_live_only_for_analysts_in_scope(
    analyst1: Any, analyst2: Any, reps: dict[str, RepDevice], seeded: dict[str, str], live: Live
) -> None:
    # Given both analysts have the feed open and live
    for page in (analyst1, analyst2):
        page.goto("/")
        page.wait_for_selector("#live[data-state=live]")
        page.evaluate("window.__sameDocument = true")
    # When rep1 (Northeast) logs and syncs a note about an adverse event
    ae = reps["rep1"].log(AE_NOTE, products=("Cardivra",))
    # Then analyst1 sees it arrive, redacted, without a reload
    row = _row(analyst1, ae)
    row.wait_for(state="visible", timeout=15_000)
    assert analyst1.evaluate("window.__sameDocument === true")
    text = row.inner_text()
    assert "had a rash" in text and "[PATIENT_NAME]" in text and "[PHONE]" in text
    assert "John Carter" not in text and "555-201" not in text
    assert "Adverse event" in text  # the label chip, named as in the rep app
    screenshot(analyst1, "feed-live")
    # And analyst2 (West Coast, Respiqor) never sees it, live or by its address
    west = reps["rep3"].log(
        "Pt Ann Lee vomiting after the Respiqor injection.", products=("Respiqor",)
    )
    _row(analyst2, west).wait_for(state="visible", timeout=15_000)
    assert _row(analyst2, ae).count() == 0
    assert analyst2.evaluate("window.__sameDocument === true")
    response = analyst2.goto(f"/observations/{ae}/")
    assert response.status == 404
    assert "Carter" not in analyst2.content() and "had a rash" not in analyst2.content()
    assert _row(analyst1, west).count() == 0
    seeded["ae"] = ae


def test_open_the_note_and_correct_a_tag(analyst1: Any, seeded: dict[str, str]) -> None:
    page = analyst1
    page.goto("/")
    page.click(f"#obs-{seeded['ae']} a.open")
    page.wait_for_url(f"**/observations/{seeded['ae']}/")
    assert page.locator("mark.evidence").first.inner_text() == "rash"
    assert "John Carter" not in page.content()
    page.select_option("#add-label", "objection_safety")
    page.click("form.add-label button[type=submit]")
    page.wait_for_selector("tr[data-label=objection_safety].corrected")
    assert "saved for retraining" in page.inner_text(".messages")
    assert "label safety concern added by an analyst" in page.inner_text("#history")
    screenshot(page, "observation")


def test_acknowledge_the_alert_the_note_raised(analyst1: Any, seeded: dict[str, str]) -> None:
    page = analyst1
    page.goto("/alerts/")
    alert = page.locator(
        "article.alert-row", has=page.locator(f"a[href='/observations/{seeded['ae']}/']")
    )
    alert.wait_for(state="visible")
    assert "adverse event" in alert.inner_text()
    assert "John Carter" not in page.content() and "555-201" not in page.content()
    # Safety items stand apart, each with the time left on its clock
    assert page.locator(".safety-box").locator(alert).count() == 1
    assert "left" in alert.locator(".clock").inner_text()
    screenshot(page, "alerts")
    alert.locator("button[data-action=ack]").click()
    page.wait_for_selector(".msg.success")
    assert "Alert acknowledged." in page.inner_text(".messages")
    page.goto("/alerts/?status=acknowledged")
    acknowledged = page.locator(
        "article.alert-row", has=page.locator(f"a[href='/observations/{seeded['ae']}/']")
    )
    assert acknowledged.get_attribute("data-status") == "acknowledged"
    acknowledged.locator("a.open").click()
    page.wait_for_selector("#alert-status")
    assert page.inner_text("#alert-status") == "acknowledged"
    assert page.locator(f"#obs-{seeded['ae']}").is_visible()
    assert "John Carter" not in page.content() and "555-201" not in page.content()
    assert "acknowledged</b> by analyst1 via web" in page.inner_html(".history")
    screenshot(page, "alert")


def test_the_admin_audit_view_shows_the_note_redacted(
    browser: Any, live: Live, seeded: dict[str, str]
) -> None:
    context = browser.new_context(base_url=live.url)
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "fieldsignal-demo")
    page.click("input[type=submit]")
    page.goto(f"/admin/audit/auditevent/?entity__exact=observations.observation&q={seeded['ae']}")
    page.locator("#result_list tbody a").first.click()
    page.wait_for_selector("pre")
    html = page.content()
    assert "[PATIENT_NAME]" in html and "had a rash" in html
    assert "John Carter" not in html and "555-201" not in html
    context.close()


def test_trends_page_draws_charts(analyst1: Any) -> None:
    page = analyst1
    page.goto("/trends/?days=60&bucket=week")
    assert page.locator("svg.chart").count() >= 3
    assert page.locator("figure[data-label=objection_price]").is_visible()
    screenshot(page, "trends")


def test_export_csv_of_the_filtered_feed(analyst1: Any, seeded: dict[str, str], live: Live) -> None:
    page = analyst1
    page.goto("/?label=objection_price")
    with page.expect_download() as download_info:
        page.click("#export-csv")
    path = Path(download_info.value.path())
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    ids = {r["id"] for r in rows}
    assert seeded["price"] in ids
    assert seeded["west"] not in ids and seeded["access"] not in ids
    assert all("objection_price" in r["labels"] for r in rows)
    # The export needs the session: anonymous requests are sent to log in
    assert httpx.get(f"{live.url}/feed.csv").status_code == 302
