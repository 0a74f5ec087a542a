// Reads of the store, shaped for the screens (after field_client/selectors.py).

import { readMeta, req, tx } from "./db.js";
import { unsentChanges } from "./outbox.js";
import { reportBy } from "./screening.js";

const STATUS_ORDER = { current: 0, superseded: 1, withdrawn: 2 };

// One collator for every sort: String.localeCompare builds one per call, which is slow on
// 20,000 HCPs.
const COLLATOR = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function naturalCompare(a, b) {
  return COLLATOR.compare(String(a ?? ""), String(b ?? ""));
}

/** HCPs, products and content assets of the rep's scope, ready to search and show. */
export async function scopeLoad(db) {
  return tx(db, ["hcp", "product", "content_asset"], "readonly", async (t) => {
    const hcps = await req(t.objectStore("hcp").index("name").getAll());
    for (const hcp of hcps) hcp.key = `${hcp.name || ""} ${hcp.institution || ""}`.toLowerCase();
    const products = await req(t.objectStore("product").getAll());
    // Our own products first, then competitors, each by name.
    products.sort((a, b) => (a.company === "own" ? 0 : 1) - (b.company === "own" ? 0 : 1) || naturalCompare(a.name, b.name));
    const assets = await req(t.objectStore("content_asset").getAll());
    // Current first; superseded and withdrawn after, marked; newest version first within a code.
    assets.sort((a, b) => (STATUS_ORDER[a.status] ?? 3) - (STATUS_ORDER[b.status] ?? 3)
      || naturalCompare(a.code, b.code) || naturalCompare(b.version, a.version));
    return { hcps, products, assets };
  });
}

/** HCPs whose name or institution contains every word typed. */
export function hcpSearch(hcps, query, limit = 8) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const out = [];
  for (const hcp of hcps) {
    if (words.every((w) => hcp.key.includes(w))) {
      out.push(hcp);
      if (out.length >= limit) break;
    }
  }
  return out;
}

function syncState(pending, lastStatus, openConflicts) {
  if (openConflicts.length) return "conflict";
  if (pending) return "pending";
  if (lastStatus === "rejected") return "rejected";
  return "synced";
}

/** Everything the screens show about the rep's notes, in one read: the newest `limit` notes
 *  plus every note still on its way or needing the rep, or only the notes `ids`. */
export async function notesLoad(db, { limit = 60, ids = null } = {}) {
  return tx(db, ["observation", "outbox", "tags", "alert", "conflict", "screening", "hcp"], "readonly", async (t) => {
    // Requests are issued together and awaited together: a readonly transaction held open
    // while gets run one by one would keep a capture waiting behind it.
    const [outbox, allConflicts, alerts] = await Promise.all([
      req(t.objectStore("outbox").getAll()),
      req(t.objectStore("conflict").getAll()),
      req(t.objectStore("alert").getAll()),
    ]);
    const conflicts = allConflicts.filter((c) => !c.resolved);
    const byNote = new Map();
    for (const row of outbox) {
      if (row.entity !== "observation") continue;
      if (!byNote.has(row.record_id)) byNote.set(row.record_id, []);
      byNote.get(row.record_id).push(row);
    }
    const pendingIds = new Set(outbox.filter((r) => r.entity === "observation" && r.status === null).map((r) => r.record_id));
    const problemIds = new Set([
      ...conflicts.map((c) => c.observation),
      ...outbox.filter((r) => r.status === "rejected" && r.entity === "observation").map((r) => r.record_id),
    ]);
    const notesStore = t.objectStore("observation");
    const rows = new Map();
    const wanted = ids || [...pendingIds, ...problemIds];
    for (const row of await Promise.all(wanted.map((id) => req(notesStore.get(id))))) {
      if (row) rows.set(row.id, row);
    }
    if (!ids) {
      const newest = notesStore.index("visited").openCursor(null, "prev");
      let kept = 0;
      await new Promise((resolve, reject) => {
        newest.onerror = () => reject(newest.error);
        newest.onsuccess = () => {
          const cursor = newest.result;
          if (!cursor || kept >= limit) return resolve();
          if (!cursor.value.data.deleted) {
            rows.set(cursor.value.id, cursor.value);
            kept += 1;
          }
          cursor.continue();
        };
      });
    }
    // A deleted note leaves the list at once (its delete still counts as pending), unless the
    // server answered it with a conflict or a rejection the rep must see.
    const shown = [...rows.values()].filter((r) => ids || !r.data.deleted || problemIds.has(r.id));
    // Newest visit first; visits logged in the same minute (the form's "now" has no seconds)
    // by when they were captured, so the note just saved is not shuffled under an older one.
    shown.sort((a, b) => String(b.data.visited_at).localeCompare(String(a.data.visited_at))
      || String(b.data.captured_at || "").localeCompare(String(a.data.captured_at || "")));
    const related = await Promise.all(shown.map((row) => Promise.all([
      req(t.objectStore("screening").get(row.id)),
      req(t.objectStore("tags").get(row.id)),
      row.data.hcp ? req(t.objectStore("hcp").get(String(row.data.hcp))) : null,
    ])));
    const notes = [];
    for (const [index, row] of shown.entries()) {
      const mutations = (byNote.get(row.id) || []).sort((a, b) => a.mutation_id - b.mutation_id);
      const settled = mutations.filter((m) => m.status !== null);
      const last = settled.length ? settled[settled.length - 1].status : null;
      const noteConflicts = conflicts.filter((c) => c.observation === row.id);
      const [screeningRow, tagsRow, hcp] = related[index];
      const screening = screeningRow || null;
      const tags = tagsRow || null;
      const state = syncState(pendingIds.has(row.id), last, noteConflicts);
      const labels = tags ? (tags.labels || []).map((l) => l.label) : [];
      const possibleAe = Boolean(screening && screening.adverse_event) || labels.includes("adverse_event");
      notes.push({
        id: row.id, view: row.data, server: row.server_data, rev: row.server_rev, state,
        hcpName: hcp ? hcp.name : null, hcpInstitution: hcp ? hcp.institution : null,
        tags, labels, screening, possibleAe,
        reportBy: possibleAe && row.data.captured_at ? reportBy(row.data.captured_at) : null,
        alerts: alerts.filter((a) => (a.observations || []).includes(row.id)),
        conflicts: noteConflicts,
        rejections: mutations.filter((m) => m.status === "rejected"),
      });
    }
    // A possible adverse event still on the device goes first: its reporting clock is running.
    notes.sort((a, b) => Number(b.possibleAe && b.state === "pending") - Number(a.possibleAe && a.state === "pending"));
    return { notes, pendingNotes: pendingIds.size };
  });
}

/** How many notes have changes the server has not acknowledged yet. */
export async function pendingCount(db) {
  const rows = await tx(db, ["outbox"], "readonly", (t) => req(t.objectStore("outbox").getAll()));
  return new Set(rows.filter((r) => r.entity === "observation" && r.status === null).map((r) => r.record_id)).size;
}

/** What logging out now would lose (see outbox.unsentChanges). */
export async function unsentLoad(db) {
  return tx(db, ["outbox"], "readonly", (t) => unsentChanges(t));
}

export async function sessionLoad(db) {
  return readMeta(db, ["token", "username", "territory", "client_id", "last_sync_at", "last_sync_error", "pull_cursor"]);
}
