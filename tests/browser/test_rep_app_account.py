"""The rep web app at a phone's size: signing out (unsent notes are never lost silently, and
nothing of the rep is left for the next user of the phone) and editing every field of a note,
the HCP included, through the outbox.

rep4 (Northeast) and rep5 (Midwest), as in test_rep_app.py.
"""

import json
import sqlite3
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Live, screenshot
from tests.browser.rep_app import (
    capture,
    idb_notes,
    log_in,
    open_app,
    pending,
    phone,
    push_from_other_device,
    server_rows,
    sync_now,
)

pytestmark = pytest.mark.browser

STORE_COUNTS = """async () => {
  const { ALL_STORES, openDb, req } = await import('/app/js/db.js');
  const db = await openDb();
  const out = {};
  for (const store of ALL_STORES) {
    out[store] = await req(db.transaction(store).objectStore(store).count());
  }
  db.close();
  return out;
}"""


def store_counts(page: Any) -> dict[str, int]:
    """How many rows each IndexedDB store of the app holds in this browser profile."""
    return dict(page.evaluate(STORE_COUNTS))


def server_note(live: Live, note_like: str) -> dict[str, Any]:
    """The one server observation whose note matches: its HCP, channel, products and content."""
    with sqlite3.connect(live.workdir / "server.sqlite3") as db:
        [(pk, hcp, channel, note)] = db.execute(
            "SELECT id, hcp_id, channel, note FROM observations_observation WHERE note LIKE ?",
            (note_like,),
        ).fetchall()
        products = db.execute(
            "SELECT product_id FROM observations_observationproduct WHERE observation_id = ?",
            (pk,),
        ).fetchall()
        content = db.execute(
            "SELECT a.code, c.version FROM observations_observationcontent c"
            " JOIN catalog_contentasset a ON a.id = c.asset_id WHERE c.observation_id = ?",
            (pk,),
        ).fetchall()
    return {
        "hcp": str(hcp),
        "channel": channel,
        "note": note,
        "products": sorted(str(p) for (p,) in products),
        "content": sorted((str(code), str(version)) for code, version in content),
    }


def open_account(page: Any) -> None:
    page.click("[data-account]")
    expect(page.locator("[data-logout]")).to_be_visible()


def test_signing_out_refuses_to_lose_unsent_notes_then_leaves_nothing_for_the_next_rep(
    browser: Any, live: Live
) -> None:
    text = "signout: office mgr asked for the new copay card, call back Tues"
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep4")
        context.set_offline(True)
        capture(page, hcp="riverside", note=text)
        expect(page.locator("[data-pending-count]")).to_have_text("1")

        # Offline with a note on the phone only: the rep is warned, and logging out is refused.
        open_account(page)
        expect(page.locator("[data-unsent]")).to_contain_text("1 note is not on the server yet")
        screenshot(page, "rep-app-logout-unsent")
        page.click("button[name=logout]")
        expect(page.locator("[data-account-problem]")).to_contain_text("You are offline")
        expect(page.locator("body")).to_have_attribute("data-logged-in", "true")
        assert [n["note"] for n in idb_notes(page) if n["note"] == text] == [text]
        assert server_rows(live, text) == []

        # Online, "Sync and log out" sends the note first, then empties the phone.
        context.set_offline(False)
        page.click("button[name=logout]")
        expect(page.locator("input[name=username]")).to_be_visible()
        expect(page.locator("form.login")).to_contain_text("Nothing of yours is left")
        assert len(server_rows(live, text)) == 1
        assert set(store_counts(page).values()) == {0}  # no note, HCP, outbox, token, client_id
        expect(page.locator("[data-account]")).to_be_hidden()
        screenshot(page, "rep-app-logged-out")

        # The next rep on the same phone starts from nothing of rep4's.
        log_in(page, "rep5")
        assert text not in json.dumps(idb_notes(page))
        page.fill("input[name=hcp-search]", "riverside")
        ids = page.locator("[data-hcp-id]").evaluate_all("els => els.map(e => e.dataset.hcpId)")
        hcps = page.evaluate("() => window.fieldsignal.scope.hcps.map((h) => h.territory)")
        assert ids and set(hcps) == {"MW"}

        # rep4 logs back in elsewhere later: the note comes back from the server.
        open_account(page)
        page.click("button[name=logout]")
        expect(page.locator("input[name=username]")).to_be_visible()
        log_in(page, "rep4")
        assert [n["note"] for n in idb_notes(page) if n["note"] == text] == [text]


def test_discarding_unsent_notes_on_sign_out_takes_two_taps_and_sends_nothing(
    browser: Any, live: Live
) -> None:
    text = "discard: test note typed on the wrong account"
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep4")
        context.set_offline(True)
        capture(page, hcp="harbor", note=text)
        open_account(page)
        page.click("button[name=logout-discard]")
        expect(page.locator("button[name=logout-discard]")).to_contain_text("Tap again")
        expect(page.locator("body")).to_have_attribute("data-logged-in", "true")  # not yet
        page.click("button[name=logout-discard]")
        expect(page.locator("input[name=username]")).to_be_visible()
        assert set(store_counts(page).values()) == {0}
        context.set_offline(False)
        page.wait_for_timeout(500)  # a sync scheduled before the sign-out would run now
        assert server_rows(live, text) == []


def test_an_unsent_delete_is_offered_as_changes_to_discard_not_a_note_to_delete(
    browser: Any, live: Live
) -> None:
    # Discarding an unsent delete (or edit) leaves the note on the server: the account screen
    # must not say "Delete 1 note" about it.
    text = "unsent-delete: dropped off the dosing card, no questions"
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep4")
        capture(page, hcp="harbor", note=text)
        sync_now(page)
        context.set_offline(True)
        page.locator(".note", has_text=text).click()
        page.click("button[name=delete]")
        page.click("button[name=delete]")
        open_account(page)
        expect(page.locator("[data-unsent]")).to_contain_text(
            "Changes to 1 note are not on the server yet"
        )
        discard = page.locator("button[name=logout-discard]")
        expect(discard).to_have_text("Discard changes to 1 note and log out")
        page.click("a.back")
        capture(page, hcp="harbor", note="unsent-delete: and a new note on top")
        open_account(page)
        expect(page.locator("[data-unsent]")).to_contain_text(
            "1 new note and changes to 1 other note are not on the server yet"
        )
        context.set_offline(False)


def test_a_second_tab_forgets_the_rep_when_they_sign_out_in_another(
    browser: Any, live: Live
) -> None:
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep4")
        other = open_app(context)
        expect(other.locator("input[name=hcp-search]")).to_be_visible()
        open_account(page)
        page.click("button[name=logout]")
        expect(page.locator("input[name=username]")).to_be_visible()
        expect(other.locator("input[name=username]")).to_be_visible()
        assert other.evaluate("() => window.fieldsignal.scope.hcps.length") == 0


def test_editing_a_note_changes_its_hcp_products_content_channel_and_text(
    browser: Any, live: Live
) -> None:
    original = "hcp-edit: Dr asked for the dosing card"
    edited = "hcp-edit: it was Dr at Harbor who asked for the dosing card + the reprint"
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep4")
        capture(page, hcp="riverside", note=original)
        sync_now(page)
        before = server_note(live, original)
        assert len(before["products"]) == 1

        # Offline, the rep fixes the note: another HCP, other products and content, channel.
        context.set_offline(True)
        [note_id] = [n["id"] for n in idb_notes(page) if n["note"] == original]
        page.click(f"[data-note-id='{note_id}']")
        form = page.locator("[data-edit]")
        expect(form.locator(".chosen")).to_have_attribute("data-chosen-hcp", before["hcp"])
        expect(form.locator(f"[data-product-id='{before['products'][0]}']")).to_have_attribute(
            "aria-pressed", "true"
        )
        form.locator("button[name=edit-change-hcp]").click()
        form.locator("input[name=edit-hcp-search]").fill("harbor")
        new_hcp = form.locator("[data-hcp-id] >> nth=0")
        new_hcp_id = str(new_hcp.get_attribute("data-hcp-id"))
        assert new_hcp_id != before["hcp"]
        new_hcp.click()
        form.locator(f"[data-product-id='{before['products'][0]}']").click()  # off
        other_product = form.locator("[data-product-id][aria-pressed=false] >> nth=0")
        other_product_id = str(other_product.get_attribute("data-product-id"))
        other_product.click()
        asset = form.locator("[data-asset-code][data-status=current] >> nth=0")
        shown = (
            str(asset.get_attribute("data-asset-code")),
            str(asset.get_attribute("data-asset-version")),
        )
        asset.click()
        form.locator("select[name=edit-channel]").select_option("phone")

        # The edited text is screened like a capture before it can leave the phone.
        form.locator("textarea[name=edit-note]").fill(edited + ", her cell 617-555-0199")
        form.locator("button[name=save-edit]").click()
        expect(form.locator("[data-pii-kind=PHONE]")).to_contain_text("617-555-0199")
        assert pending(page) == 0
        form.locator("button[name=remove-identifiers]").click()
        form.locator("textarea[name=edit-note]").fill(edited)
        # The picture shows the form from its HCP down (the sticky header is ~110 px tall).
        form.evaluate("el => { el.scrollIntoView(); window.scrollBy(0, -120); }")
        screenshot(page, "rep-app-edit")
        form.locator("button[name=save-edit]").click()

        item = page.locator(f"[data-note-id='{note_id}']")
        expect(item).to_contain_text("Waiting to sync")
        expect(item).to_contain_text("Phone")
        hcp_name = page.evaluate(
            "id => window.fieldsignal.scope.hcps.find((h) => String(h.id) === id).name", new_hcp_id
        )
        expect(item).to_contain_text(hcp_name)
        expect(page.locator("[data-pending-count]")).to_have_text("1")

        context.set_offline(False)
        sync_now(page)
        after = server_note(live, "hcp-edit:%")
        assert after == {
            "hcp": new_hcp_id,
            "channel": "phone",
            "note": edited,
            "products": [other_product_id],
            "content": [shown],
        }
        [(_, _, rev, _)] = server_rows(live, "hcp-edit:%")
        assert rev == 2  # one edit, applied once


def test_a_conflict_on_the_hcp_is_shown_by_name_and_fixed_in_the_edit_form(
    browser: Any, live: Live
) -> None:
    text = "hcp-conflict: Dr asked abt the hub enrollment form"
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep4")
        capture(page, hcp="riverside", note=text)
        sync_now(page)
        [(note_id, _, rev, _)] = server_rows(live, text)
        hcps = page.evaluate(
            "() => window.fieldsignal.scope.hcps.map((h) => [String(h.id), h.name])"
        )
        names = dict(hcps)
        current = server_note(live, text)["hcp"]
        tablet_hcp, phone_hcp = [i for i, _ in hcps if i != current][:2]

        # The tablet moves the note to one HCP, the phone (not pulled yet) to another.
        push_from_other_device(
            live, "rep4", observation_id=note_id, base_rev=rev, data={"hcp": tablet_hcp}
        )
        page.click(f"[data-note-id='{note_id}']")
        form = page.locator("[data-edit]")
        form.locator("button[name=edit-change-hcp]").click()
        form.locator("input[name=edit-hcp-search]").fill(names[phone_hcp])
        form.locator(f"[data-hcp-id='{phone_hcp}']").click()
        form.locator("button[name=save-edit]").click()
        page.click("button[name=sync]")

        card = page.locator("[data-conflict-id]")
        expect(card.locator("[data-field=hcp] td[data-version=server]")).to_have_text(
            names[tablet_hcp]
        )
        expect(card.locator("[data-field=hcp] td[data-version=mine]")).to_have_text(
            names[phone_hcp]
        )
        card.locator("button[name=fix]").click()
        form = page.locator("[data-edit]")
        expect(form.locator(".chosen")).to_have_attribute("data-chosen-hcp", phone_hcp)
        form.locator("button[name=save-edit]").click()
        sync_now(page)
        expect(page.locator("[data-conflict-id]")).to_have_count(0)
        assert server_note(live, text)["hcp"] == phone_hcp


def test_a_note_refused_for_its_hcp_is_fixed_by_picking_another(browser: Any, live: Live) -> None:
    text = "hcp-fix: NP asked for the starter kit request form"
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep4")
        page.fill("input[name=hcp-search]", "lakeview")
        first = page.locator("[data-hcp-id] >> nth=0")
        moved = str(first.get_attribute("data-hcp-id"))
        moved_name = str(first.locator("strong").text_content())
        context.set_offline(True)
        capture(page, hcp="lakeview", note=text)

        # Meanwhile the HCP leaves rep4's territory on the server: the capture is refused.
        with sqlite3.connect(live.workdir / "server.sqlite3") as db:
            [(home,)] = db.execute("SELECT territory_id FROM catalog_hcp WHERE id = ?", (moved,))
            db.execute(
                "UPDATE catalog_hcp SET territory_id = (SELECT MIN(id) FROM catalog_territory"
                " WHERE id != ?) WHERE id = ?",
                (home, moved),
            )
        try:
            context.set_offline(False)
            card = page.locator("[data-rejection]")
            expect(card).to_contain_text("This HCP is not in your territory")
            # The rep reads the HCP's name, not its id.
            expect(card.locator("[data-field=hcp] td[data-version=mine]")).to_have_text(moved_name)
            card.locator("button[name=fix]").click()
            form = page.locator("[data-edit]")
            form.locator("button[name=edit-change-hcp]").click()
            form.locator("input[name=edit-hcp-search]").fill("riverside")
            other = form.locator("[data-hcp-id] >> nth=0")
            other_id = str(other.get_attribute("data-hcp-id"))
            other.click()
            form.locator("button[name=save-edit]").click()
            sync_now(page)
            expect(page.locator("[data-rejection]")).to_have_count(0)
            assert server_note(live, text)["hcp"] == other_id
        finally:
            with sqlite3.connect(live.workdir / "server.sqlite3") as db:
                db.execute("UPDATE catalog_hcp SET territory_id = ? WHERE id = ?", (home, moved))


def test_a_sync_during_an_edit_keeps_the_rep_s_typing_and_a_clash_becomes_a_conflict(
    browser: Any, live: Live
) -> None:
    text = "mid-edit: Dr asked for the renal dosing data"
    with phone(browser, live) as context:
        page = open_app(context)
        log_in(page, "rep4")
        capture(page, hcp="summit", note=text)
        sync_now(page)
        [(note_id, _, rev, _)] = server_rows(live, text)

        page.click(f"[data-note-id='{note_id}']")
        box = page.locator("textarea[name=edit-note]")
        box.fill(text + " (phone)")
        # The tablet changes the same text; a sync brings it in while the form is open.
        push_from_other_device(
            live, "rep4", observation_id=note_id, base_rev=rev, data={"note": text + " (tablet)"}
        )
        sync_now(page)
        expect(page.locator("[data-note-text]")).to_contain_text("(tablet)")
        expect(box).to_have_value(text + " (phone)")  # not replaced under the rep's fingers

        # Saved against what the rep saw (rev 1), not what was pulled: both versions are kept.
        page.click("button[name=save-edit]")
        page.click("button[name=sync]")
        card = page.locator("[data-conflict-id]")
        expect(card.locator("td[data-version=server]")).to_contain_text("(tablet)")
        expect(card.locator("td[data-version=mine]")).to_contain_text("(phone)")
        card.locator("button[name=keep-mine]").click()  # leaves rep4 without open conflicts
        sync_now(page)
        expect(page.locator("[data-conflict-id]")).to_have_count(0)
        [(_, server_text, _, _)] = server_rows(live, "mid-edit:%")
        assert server_text == text + " (phone)"
