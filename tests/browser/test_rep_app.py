"""The rep web app (/app/) at a phone's size in headless Chromium against a live server: log in,
first sync, capture offline, reload offline, sync back exactly once; a page closed in the middle
of a push; a conflict with a second device; screening; and scope between reps.

rep4 (Northeast) and rep5 (Midwest) are used so the analyst journey's reps stay untouched.
"""

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Live, screenshot
from tests.browser.rep_app import (
    PHONE,
    capture,
    go_online,
    idb_hcps,
    idb_notes,
    log_in,
    open_app,
    pending,
    phone,
    push_from_other_device,
    server_rows,
    sync_now,
    syncs,
    wait_synced,
)

pytestmark = pytest.mark.browser

OFFLINE_NOTES = (
    "offline 1: office mgr says copay cards keep getting declined at the pharmacy",
    "offline 2 - Dr wants the updated dosing card, the one she has is old",
    "offline 3: NP asked abt samples for the new starters, ran out last wk",
)


def test_offline_capture_survives_a_reload_and_reaches_the_server_exactly_once(
    browser: Any, live: Live
) -> None:
    with phone(browser, live) as context:
        page = open_app(context)
        screenshot(page, "rep-app-login")
        log_in(page, "rep4")
        assert len(idb_hcps(page)) > 0  # the first sync brought the territory's HCPs

        context.set_offline(True)
        expect(page.locator("#status")).to_contain_text("Offline")
        for text in OFFLINE_NOTES:
            capture(page, hcp="riverside", note=text)
        expect(page.locator("[data-pending-count]")).to_have_text("3")

        page.reload()  # no network: the service worker serves the shell, IndexedDB the notes
        page.wait_for_selector("body[data-ready=true]")
        expect(page.locator("[data-pending-count]")).to_have_text("3")
        for text in OFFLINE_NOTES:
            expect(page.locator(".note", has_text=text)).to_contain_text("Waiting to sync")
        page.locator("text=My notes").scroll_into_view_if_needed()
        screenshot(page, "rep-app-offline")
        assert all(server_rows(live, text) == [] for text in OFFLINE_NOTES)

        go_online(context, page)  # the `online` event starts a sync
        for text in OFFLINE_NOTES:
            rows = server_rows(live, text)
            assert len(rows) == 1, rows
            assert rows[0][2] == 1  # applied once, never re-applied
            expect(page.locator(".note", has_text=text)).to_contain_text("Synced")

        # The rep deletes one of them offline: gone from the list at once, pending until the
        # server has the delete.
        context.set_offline(True)
        page.locator(".note", has_text=OFFLINE_NOTES[2]).click()
        page.click("button[name=delete]")
        page.click("button[name=delete]")  # the second tap confirms
        expect(page.locator(".note", has_text=OFFLINE_NOTES[2])).to_have_count(0)
        expect(page.locator("[data-pending-count]")).to_have_text("1")
        go_online(context, page)
        assert [r[3] for r in server_rows(live, OFFLINE_NOTES[2])] == [1]


def test_a_page_closed_in_the_middle_of_a_push_loses_and_duplicates_nothing(
    browser: Any, live: Live
) -> None:
    texts = (
        "midpush A: pharmacist asked if the 90-day supply is covered now",
        "midpush B: Dr prefers email follow ups, no more lunch visits",
    )
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep4")
        context.set_offline(True)
        for text in texts:
            capture(page, hcp="harbor", note=text)
        expect(page.locator("[data-pending-count]")).to_have_text("2")

        # The push reaches the server and is applied, but the answer never comes back: the tab
        # is closed before the device can record the outcome.
        seen: list[int] = []

        def cut_off(route: Any) -> None:
            if not seen:
                seen.append(route.fetch().status)
            route.abort()

        page.route("**/api/v1/sync/push", cut_off)
        context.set_offline(False)
        page.click("button[name=sync]")
        for _ in range(100):
            if seen:
                break
            page.wait_for_timeout(100)
        assert seen == [200]
        page.close()
        assert [len(server_rows(live, text)) for text in texts] == [1, 1]

        replays: list[dict[str, Any]] = []
        page = context.new_page()
        page.on(
            "response",
            lambda r: replays.append(r.json()) if r.url.endswith("/sync/push") else None,
        )
        page.goto("/app/")  # the app syncs on open: the same batch again
        wait_synced(page)
        statuses = [res["status"] for body in replays for res in body["results"]]
        assert statuses == ["duplicate", "duplicate"]
        assert [len(server_rows(live, text)) for text in texts] == [1, 1]
        mine = [n for n in idb_notes(page) if n["note"] in texts]
        assert sorted(n["note"] for n in mine) == sorted(texts)
        assert all(n["rev"] == 1 for n in mine)


def test_a_conflict_with_a_second_device_is_shown_with_both_versions_and_resolved(
    browser: Any, live: Live
) -> None:
    original = "conflict: Dr asked for the outcomes reprint"
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep4")
        capture(page, hcp="summit", note=original)
        sync_now(page)
        [(note_id, _, rev, _)] = server_rows(live, original)

        # The rep's tablet changes the same note first.
        result = push_from_other_device(
            live,
            "rep4",
            observation_id=note_id,
            base_rev=rev,
            data={"note": "conflict: Dr asked for the outcomes reprint + 2 copies (tablet)"},
        )
        assert result["status"] == "applied"

        # On the phone, which has not pulled yet, the rep edits the note too.
        page.click(f"[data-note-id='{note_id}']")
        page.fill("textarea[name=edit-note]", "conflict: Dr asked for the outcomes reprint (phone)")
        page.click("button[name=save-edit]")
        page.click("button[name=sync]")

        card = page.locator("[data-conflict-id]")
        expect(card).to_be_visible()
        expect(card.locator("td[data-version=server]")).to_contain_text("(tablet)")
        expect(card.locator("td[data-version=mine]")).to_contain_text("(phone)")
        expect(page.locator(f"[data-note-id='{note_id}']")).to_contain_text("Conflict")
        card.scroll_into_view_if_needed()
        screenshot(page, "rep-app-conflict")

        card.locator("button[name=keep-mine]").click()
        sync_now(page)
        expect(page.locator("[data-conflict-id]")).to_have_count(0)
        [(_, server_note, rev, _)] = server_rows(live, "conflict: Dr asked%")
        assert server_note == "conflict: Dr asked for the outcomes reprint (phone)"
        expect(page.locator(f"[data-note-id='{note_id}']")).to_contain_text("(phone)")

        # Again, and this time the rep writes the version that should stay ("Fix").
        push_from_other_device(
            live, "rep4", observation_id=note_id, base_rev=rev, data={"note": "conflict: v2 tablet"}
        )
        page.click(f"[data-note-id='{note_id}']")
        page.fill("textarea[name=edit-note]", "conflict: v2 phone")
        page.click("button[name=save-edit]")
        page.click("button[name=sync]")
        page.locator("[data-conflict-id] button[name=fix]").click()
        expect(page.locator("textarea[name=edit-note]")).to_have_value("conflict: v2 phone")
        page.fill("textarea[name=edit-note]", "conflict: v2 tablet + phone, merged")
        page.click("button[name=save-edit]")
        sync_now(page)
        expect(page.locator("[data-conflict-id]")).to_have_count(0)
        [(_, server_note, _, _)] = server_rows(live, "conflict: %")
        assert server_note == "conflict: v2 tablet + phone, merged"


def test_screening_warns_before_a_note_with_a_phone_number_leaves(browser: Any, live: Live) -> None:
    text = "screen: pt's daughter wants a callback abt the hub enrollment, 617-555-0142"
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep4")
        context.set_offline(True)
        page.fill("input[name=hcp-search]", "st. aurel")
        expect(page.locator("[data-hcp-id]").first).to_be_visible()
        screenshot(page, "rep-app-capture")
        page.click("[data-hcp-id] >> nth=0")
        page.click("[data-product-id] >> nth=0")
        page.fill("textarea[name=note]", text)
        page.click("button[name=save]")

        warning = page.locator("[data-screening]")
        expect(warning).to_be_visible()
        expect(warning.locator("[data-pii-kind=PHONE]")).to_contain_text("617-555-0142")
        assert pending(page) == 0  # nothing saved before the rep has seen it
        screenshot(page, "rep-app-screening")

        page.click("button[name=remove-identifiers]")
        expect(page.locator("textarea[name=note]")).to_have_value(
            "screen: pt's daughter wants a callback abt the hub enrollment, [PHONE]"
        )
        page.click("button[name=save]")
        expect(page.locator("[data-pending-count]")).to_have_text("1")
        go_online(context, page)
        [(_, server_note, _, _)] = server_rows(live, "screen: pt's daughter%")
        assert "555" not in server_note and "[PHONE]" in server_note


def test_notes_of_the_same_visit_minute_are_listed_newest_first(browser: Any, live: Live) -> None:
    # The form's "Visited" has no seconds: notes logged one after the other share a minute, and
    # the list must not shuffle the one just saved under older ones.
    texts = [f"same-minute {n}: quick stop, dropped off the dosing card" for n in range(1, 5)]
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep4")
        context.set_offline(True)
        for text in texts:
            page.wait_for_timeout(1100)  # captured_at has whole seconds: a rep is never faster
            page.fill("input[name=visited-at]", "2026-01-05T10:30")
            capture(page, hcp="riverside", note=text)
            expect(page.locator(".note", has_text=text)).to_have_count(1)
        shown = page.locator(".note", has_text="same-minute").all_inner_texts()
        assert [next(t for t in texts if t in s) for s in shown] == texts[::-1]
        page.locator(".note", has_text=texts[0]).click()
        captured = page.locator("[data-captured]").inner_text()
        assert captured.startswith("Captured ") and "on this phone" not in captured
        go_online(context, page)


def test_the_adverse_event_hint_quotes_the_words_the_rep_wrote(browser: Any, live: Live) -> None:
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep4")
        page.fill("textarea[name=note]", "NP says pt was admitted w/ severe dizziness after dose 2")
        hint = page.locator("label.ae-toggle .hint")
        expect(hint).to_have_text("(sounds like it: “admitted”, “dizziness”)")  # not "dizz"
        expect(page.locator("input[name=adverse-event]")).to_be_checked()


def test_a_possible_adverse_event_goes_first_and_the_server_says_what_became_of_it(
    browser: Any, live: Live
) -> None:
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep4")
        context.set_offline(True)
        capture(page, hcp="riverside", note="ae-first: routine visit, left the new brochure")
        capture(page, hcp="riverside", note="ae-first: pt got a rash two days after the 1st dose")
        first = page.locator(".note").first
        expect(first).to_contain_text("ae-first: pt got a rash")
        badge = first.locator("[data-report-by]")
        expect(badge).to_contain_text("report by")
        report_by = datetime.fromisoformat(str(badge.get_attribute("data-report-by")))
        # (the demo's simulated reps may have written rep4 notes about rashes too)
        [note] = [n for n in idb_notes(page) if n["note"].startswith("ae-first: pt got a rash")]
        captured = datetime.fromisoformat(note["captured_at"].replace("Z", "+00:00"))
        assert report_by - captured == timedelta(hours=24)
        assert abs(datetime.now(UTC) - captured) < timedelta(minutes=5)  # the device clock
        go_online(context, page)

        # The server tags the note and raises an alert after the push; a later sync brings
        # both back, and the note shows them with the alert's state.
        for _ in range(20):
            sync_now(page)
            if page.locator(".note", has_text="ae-first: pt").locator(".badge.alert").count():
                break
            page.wait_for_timeout(500)
        page.locator(".note", has_text="ae-first: pt").click()
        outcome = page.locator("[data-outcome]")
        expect(outcome.locator("[data-label=adverse_event]")).to_be_visible()
        expect(outcome.locator("[data-alert-state]")).to_have_attribute("data-alert-state", "open")
        outcome.scroll_into_view_if_needed()
        screenshot(page, "rep-app-note")


def test_a_rep_never_receives_another_reps_data(browser: Any, live: Live) -> None:
    secret = "scope: rep4 only - Dr mentioned the competitor rebate in confidence"
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep4")
        capture(page, hcp="riverside", note=secret)
        sync_now(page)
        rep4_hcps = {h["id"] for h in idb_hcps(page)}
        [secret_hcp] = [n["hcp"] for n in idb_notes(page) if n["note"] == secret]
    assert len(server_rows(live, secret)) == 1

    with phone(browser, live, color_scheme="dark") as context:
        page = open_app(context)
        log_in(page, "rep5")
        hcps = idb_hcps(page)
        assert hcps and {h["territory"] for h in hcps} == {"MW"}
        assert not rep4_hcps & {h["id"] for h in hcps}
        assert secret not in json.dumps(idb_notes(page))
        # Searching by the institution of rep4's note finds only rep5's own HCPs there.
        page.fill("input[name=hcp-search]", "riverside")
        ids = page.locator("[data-hcp-id]").evaluate_all("els => els.map(e => e.dataset.hcpId)")
        assert ids and secret_hcp not in ids and not rep4_hcps & set(ids)
        expect(page.locator(".note", has_text="scope:")).to_have_count(0)
        screenshot(page, "rep-app-dark")


def test_a_busy_server_is_retried_after_its_retry_after_without_a_tap(
    browser: Any, live: Live
) -> None:
    text = "busy: Dr asked if the copay card works with the new plan"
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep4")
        answers: list[tuple[float, int]] = []

        def busy_once(route: Any) -> None:
            if not answers:
                answers.append((time.monotonic(), 503))
                route.fulfill(
                    status=503,
                    headers={"Retry-After": "2"},
                    json={"error": {"code": "server_busy", "message": "busy", "details": {}}},
                )
            else:
                answers.append((time.monotonic(), 200))
                route.continue_()

        page.route("**/api/v1/sync/push", busy_once)
        done = syncs(page)
        capture(page, hcp="lakeview", note=text)
        expect(page.locator("#status")).to_contain_text("Retrying")
        assert pending(page) == 1
        wait_synced(page, after=done)
        assert [status for _, status in answers] == [503, 200]
        assert answers[1][0] - answers[0][0] >= 1.9  # waited what the server asked
        assert len(server_rows(live, text)) == 1


def test_after_a_save_the_form_is_back_at_the_top_and_the_toast_hides_nothing(
    browser: Any, live: Live
) -> None:
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep5")
        # Given a rep who scrolled down to the Save button of a long note
        capture(
            page, hcp="lakeview", note="toast check: Dr asked for the new patient leaflet\n" * 6
        )
        # When the note is saved
        expect(page.locator(".toast")).to_be_visible()
        page.wait_for_function("Number(document.body.dataset.saves || 0) >= 1")
        screenshot(page, "rep-app-saved")
        # Then the empty form is at the top of the screen, ready for the next note
        assert page.evaluate("window.scrollY") == 0
        search = page.locator("input[name=hcp-search]").bounding_box()
        assert search is not None and 0 <= search["y"] < PHONE["height"]
        # And the toast covers neither the search, nor the heading or first note of My notes.
        # The list re-renders as the sync answers, so wait for it, then read every box in one
        # go inside the page (a box read element by element can meet a node just replaced).
        expect(page.locator(".note").first).to_be_visible()
        boxes = page.evaluate(
            """() => {
                const box = (el) => { const r = el && el.getBoundingClientRect();
                                      return r ? {y: r.top, height: r.height} : null; };
                const heading = [...document.querySelectorAll("h2")]
                    .find((el) => el.textContent.trim() === "My notes");
                return {toast: box(document.querySelector(".toast")),
                        search: box(document.querySelector("input[name=hcp-search]")),
                        heading: box(heading),
                        first_note: box(document.querySelector(".note"))};
            }"""
        )
        toast = boxes.pop("toast")
        assert toast is not None
        for name, box in boxes.items():
            assert box is not None, name
            overlaps = (
                box["y"] < toast["y"] + toast["height"] and toast["y"] < box["y"] + box["height"]
            )
            assert not overlaps, (name, box, toast)
