"""The rep app's store and screening, run in Chromium as the app runs them (ES modules from
/app/, a real IndexedDB): mutation ids, one transaction per change, reset keeping the outbox,
replayed outcomes, and what the on-device screen flags and leaves alone."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import Live
from tests.browser.rep_app import phone

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_page(browser: Any, live: Live) -> Iterator[Any]:
    with phone(browser, live) as context:
        page = context.new_page()
        page.goto("/app/")
        page.wait_for_selector("body[data-ready=true]")
        yield page


def run(page: Any, body: str) -> Any:
    """Evaluate `body` (an async function body) with the app's modules in scope."""
    return page.evaluate(
        """async (body) => {
        const mods = {
          db: await import('/app/js/db.js'), outbox: await import('/app/js/outbox.js'),
          apply: await import('/app/js/apply.js'), screening: await import('/app/js/screening.js'),
          selectors: await import('/app/js/selectors.js'),
        };
        const fn = new (Object.getPrototypeOf(async function () {}).constructor)('m', body);
        return fn(mods);
    }""",
        body,
    )


NEW_NOTE = """{hcp: '17', visited_at: '2026-11-20T14:05:00Z', channel: 'in_person',
               products: ['3'], note: 'asked for the dosing card'}"""


def test_each_change_gets_the_next_mutation_id_in_the_same_transaction_as_the_note(
    app_page: Any,
) -> None:
    result = run(
        app_page,
        f"""
        const db = await m.db.openDb('t-ids-' + crypto.randomUUID());
        const a = await m.outbox.observationCapture(db, {NEW_NOTE});
        const b = await m.outbox.observationCapture(db, {NEW_NOTE});
        await m.outbox.observationEdit(db, a, {{note: 'asked for the dosing card v4'}});
        await m.outbox.observationDelete(db, b);
        const rows = await m.db.tx(db, ['outbox'], 'readonly', (t) => m.db.req(t.objectStore('outbox').getAll()));
        // A change whose transaction fails leaves neither the note nor its mutation behind.
        let failed = false;
        try {{
          await m.outbox.observationCapture(db, {{...{NEW_NOTE}, products: [() => 1]}});
        }} catch (e) {{ failed = true; }}
        const after = await m.db.tx(db, ['outbox', 'observation', 'meta'], 'readonly', async (t) => [
          await m.db.req(t.objectStore('outbox').count()),
          await m.db.req(t.objectStore('observation').count()),
          await m.db.metaGet(t, 'next_mutation_id'),
        ]);
        return {{ rows: rows.map((r) => [r.mutation_id, r.op, r.record_id === a, r.depends_on]), failed, after }};
    """,
    )
    assert result["rows"] == [
        [1, "upsert", True, None],
        [2, "upsert", False, None],
        [3, "upsert", True, 1],
        [4, "delete", False, 2],
    ]
    assert result["failed"] is True
    assert result["after"] == [4, 2, 5]  # nothing of the failed capture, no id burnt


def test_reset_keeps_the_outbox_and_its_notes_and_a_replayed_outcome_is_harmless(
    app_page: Any,
) -> None:
    result = run(
        app_page,
        f"""
        const db = await m.db.openDb('t-reset-' + crypto.randomUUID());
        await m.apply.pullPageApply(db, [
          {{entity: 'hcp', id: '17', op: 'upsert', rev: 0, data: {{name: 'Dr. Maya Okafor', institution: 'Riverside Clinic'}}}},
          {{entity: 'observation', id: 'srv-1', op: 'upsert', rev: 2, data: {{hcp: '17', note: 'old synced note', rev: 2}}}},
        ], 'cursor-1');
        const mine = await m.outbox.observationCapture(db, {NEW_NOTE});
        await m.outbox.scopeReset(db);
        const afterReset = await m.db.tx(db, ['hcp', 'observation', 'outbox', 'meta'], 'readonly', async (t) => ({{
          hcps: await m.db.req(t.objectStore('hcp').count()),
          notes: await m.db.req(t.objectStore('observation').getAllKeys()),
          outbox: await m.db.req(t.objectStore('outbox').count()),
          cursor: await m.db.metaGet(t, 'pull_cursor'),
        }}));
        const sent = new Map([[1, {{mutation_id: 1}}]]);
        const first = await m.apply.pushResultsApply(db, sent, [{{mutation_id: 1, status: 'applied', id: mine, rev: 1}}]);
        const replay = await m.apply.pushResultsApply(db, sent, [{{mutation_id: 1, status: 'duplicate', original_status: 'applied', id: mine, rev: 1}}]);
        // An older copy of the note arriving late does not replace the newer one.
        await m.apply.pullPageApply(db, [{{entity: 'observation', id: mine, op: 'upsert', rev: 3, data: {{hcp: '17', note: 'rev 3'}}}}], 'c2');
        await m.apply.pullPageApply(db, [{{entity: 'observation', id: mine, op: 'upsert', rev: 2, data: {{hcp: '17', note: 'rev 2'}}}}], 'c3');
        const note = await m.db.tx(db, ['observation'], 'readonly', (t) => m.db.req(t.objectStore('observation').get(mine)));
        return {{ afterReset, mine, first, replay, note: [note.server_rev, note.data.note],
                  pending: await m.selectors.pendingCount(db) }};
    """,
    )
    reset = result["afterReset"]
    assert reset["hcps"] == 0 and reset["cursor"] is None
    assert reset["notes"] == [result["mine"]] and reset["outbox"] == 1
    assert (result["first"], result["replay"]) == (1, 0)
    assert result["note"] == [3, "rev 3"]
    assert result["pending"] == 0


@pytest.mark.parametrize(
    ("note", "kinds"),
    [
        ("Dr. asked me to call pt at 617-555-0142 re hub", ["PHONE"]),
        ("callback (617) 555 0142 or +1 617.555.0142", ["PHONE", "PHONE"]),
        ("daughter emailed maria.lopez62@gmail.com", ["EMAIL"]),
        ("pt DOB 04/02/1957, on it since March", ["DOB"]),
        ("born 1957-04-02 per the nurse", ["DOB"]),
        ("MRN: 00482211 came up in the chart", ["MRN"]),
        ("pt Maria Lopez had a rash", ["PATIENT_NAME"]),
        ("Mrs. Alvarez asked the office about copay", ["PATIENT_NAME"]),
        ("patient J.D. called the office twice", ["INITIALS"]),
        ("Dr. Okafor wants the new dosing card, no pushback on price", []),
        ("patient support program enrollment is slow, Patient Assistance too", []),
        ("3 pts this week asked about the copay card, 2 switched", []),
    ],
)
def test_screening_flags_patient_identifiers_not_hcps_or_counts(
    app_page: Any, note: str, kinds: list[str]
) -> None:
    found = run(app_page, f"return m.screening.findIdentifiers({note!r}).map((s) => s.kind);")
    assert found == kinds


@pytest.mark.parametrize(
    ("note", "possible"),
    [
        ("pt got hives after the 2nd injection", True),
        ("one of her patients was hospitalized, thinks it was the drug", True),
        ("pen was leaking out of the box, product complaint", True),
        ("no side effects so far in her patients", False),
        ("denies any reaction, happy with results", False),
        ("asked for the dosing card and samples", False),
    ],
)
def test_screening_marks_a_possible_adverse_event_unless_negated(
    app_page: Any, note: str, possible: bool
) -> None:
    assert run(app_page, f"return m.screening.possibleAdverseEvent({note!r}).possible;") is possible


def test_a_rejected_note_stays_on_the_device_until_fixed_or_discarded(app_page: Any) -> None:
    result = run(
        app_page,
        f"""
        const db = await m.db.openDb('t-reject-' + crypto.randomUUID());
        const a = await m.outbox.observationCapture(db, {NEW_NOTE});
        const b = await m.outbox.observationCapture(db, {NEW_NOTE});
        const sent = new Map([[1, {{mutation_id: 1}}], [2, {{mutation_id: 2}}]]);
        const errors = [{{field: 'hcp', code: 'hcp_out_of_territory', message: 'not in your territory'}}];
        await m.apply.pushResultsApply(db, sent, [
          {{mutation_id: 1, status: 'rejected', id: a, rev: null, errors}},
          {{mutation_id: 2, status: 'rejected', id: b, rev: null, errors}},
        ]);
        const shown = (await m.selectors.notesLoad(db)).notes.map((n) => [n.id === a, n.state, n.rejections.length]);
        // Fix: the edit carries the whole note again and settles the rejection.
        const fix = await m.outbox.observationEdit(db, a, {{note: 'asked for the dosing card (fixed)'}});
        // Discard: a note the server never had leaves the device.
        await m.outbox.rejectionDismiss(db, 2);
        const rows = await m.db.tx(db, ['outbox', 'observation'], 'readonly', async (t) => ({{
          outbox: (await m.db.req(t.objectStore('outbox').getAll())).map((r) => [r.mutation_id, r.status, Object.keys(r.data).sort().join(',')]),
          notes: await m.db.req(t.objectStore('observation').getAllKeys()),
        }}));
        return {{ shown, fix, rows, a }};
    """,
    )
    assert sorted(result["shown"]) == [[False, "rejected", 1], [True, "rejected", 1]]
    assert result["fix"] == 3
    assert result["rows"]["outbox"] == [
        [1, "fixed", "captured_at,channel,content_shown,hcp,note,products,visited_at"],
        [2, "dismissed", "captured_at,channel,content_shown,hcp,note,products,visited_at"],
        [3, None, "captured_at,channel,content_shown,hcp,note,products,visited_at"],
    ]
    assert result["rows"]["notes"] == [result["a"]]


def test_signing_out_is_refused_while_anything_is_unsent_and_then_empties_every_store(
    app_page: Any,
) -> None:
    result = run(
        app_page,
        f"""
        const db = await m.db.openDb('t-signout-' + crypto.randomUUID());
        await m.outbox.sessionSave(db, {{token: 'k', user: {{username: 'rep4', territory: 'NE'}}}});
        const a = await m.outbox.observationCapture(db, {NEW_NOTE});
        const attempt = async (options) => {{
          try {{ await m.outbox.sessionEnd(db, options); return 'ended'; }}
          catch (e) {{ return [e.code, e.unsent.notes]; }}
        }};
        const pending = await attempt();
        // Refused by the server and neither fixed nor dismissed: still the rep's to lose.
        await m.apply.pushResultsApply(db, new Map([[1, {{mutation_id: 1}}]]), [
          {{mutation_id: 1, status: 'rejected', id: a, rev: null, errors: []}},
        ]);
        const rejected = await attempt();
        const kept = await m.db.tx(db, ['observation', 'meta'], 'readonly', async (t) => [
          await m.db.req(t.objectStore('observation').count()), await m.db.metaGet(t, 'token'),
        ]);
        const discarded = await attempt({{discard: true}});
        const counts = {{}};
        for (const store of m.db.ALL_STORES) {{
          counts[store] = await m.db.tx(db, [store], 'readonly', (t) => m.db.req(t.objectStore(store).count()));
        }}
        // Nothing unsent: no choice to make.
        await m.outbox.sessionSave(db, {{token: 'k2', user: {{username: 'rep5', territory: 'MW'}}}});
        const clean = await attempt();
        return {{ pending, rejected, kept, discarded, counts, clean }};
    """,
    )
    assert result["pending"] == ["unsent_changes", 1]
    assert result["rejected"] == ["unsent_changes", 1]
    assert result["kept"] == [1, "k"]
    assert result["discarded"] == "ended"
    assert set(result["counts"].values()) == {0}
    assert result["clean"] == "ended"
