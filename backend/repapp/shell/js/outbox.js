// The outbox and the rep's view of each note, after field_client/outbox.py and services.py.
// A note's view is the server's last known state with every mutation the server has not yet
// acknowledged applied on top, in mutation_id order. The view is recomputed from those two
// inputs, never edited in place, so a pull landing in the middle of an edit cannot lose it.

import { ALL_STORES, SCOPE_STORES, metaGet, metaSet, nowIso, req, tx } from "./db.js";

export const OBSERVATION_FIELDS = [
  "hcp", "visited_at", "channel", "products", "content_shown", "note", "captured_at",
];
const WRITE_STORES = ["meta", "outbox", "observation", "screening", "conflict"];

/** Append a mutation with the next mutation_id, inside the caller's transaction. */
export async function mutationEnqueue(t, { entity, op, recordId, data, baseRev = null, dependsOn = null }) {
  // The counter lives in meta, not max(mutation_id): an id is never reused even after old outbox
  // rows are pruned (the server would answer a reused id with an old outcome).
  const mutationId = (await metaGet(t, "next_mutation_id")) || 1;
  metaSet(t, "next_mutation_id", mutationId + 1);
  await req(t.objectStore("outbox").add({
    mutation_id: mutationId, entity, op, record_id: recordId, base_rev: baseRev,
    depends_on: dependsOn, data, status: null, created_at: nowIso(),
  }));
  return mutationId;
}

async function outboxOf(t, recordId) {
  const rows = await req(t.objectStore("outbox").index("record_id").getAll(recordId));
  return rows.sort((a, b) => a.mutation_id - b.mutation_id);
}

async function lastUnsettled(t, recordId) {
  const pending = (await outboxOf(t, recordId)).filter((r) => r.status === null);
  return pending.length ? pending[pending.length - 1].mutation_id : null;
}

/** Server state with (op, data) overlays applied in order; null when nothing is left. */
export function composeView(serverData, overlays) {
  if (!serverData && !overlays.length) return null;
  const view = { ...(serverData || {}) };
  for (const { op, data } of overlays) {
    if (op === "delete") view.deleted = true;
    else {
      Object.assign(view, data);
      view.deleted = serverData ? Boolean(view.deleted) : false;
    }
  }
  view.deleted = Boolean(view.deleted);
  return view;
}

/** Recompute and store one note's view; deletes the row when nothing is left. */
export async function observationRefresh(t, id) {
  const store = t.objectStore("observation");
  const row = await req(store.get(id));
  const serverData = row ? row.server_data : null;
  // A note the server never accepted keeps its rejected mutations in view, or it would vanish.
  const overlays = (await outboxOf(t, id)).filter(
    (r) => r.entity === "observation" && (r.status === null || (!serverData && r.status === "rejected")),
  );
  const view = composeView(serverData, overlays);
  if (!view) {
    store.delete(id);
    return null;
  }
  store.put({ id, data: view, server_data: serverData || null, server_rev: row ? row.server_rev : null });
  return view;
}

/** Store a new note and its upsert mutation in ONE transaction; returns the note's UUID. */
export async function observationCapture(db, fields, screening = null) {
  const id = crypto.randomUUID();
  const data = {
    hcp: fields.hcp,
    visited_at: fields.visited_at,
    channel: fields.channel,
    products: [...(fields.products || [])],
    content_shown: [...(fields.content_shown || [])],
    note: fields.note,
    captured_at: fields.captured_at || nowIso(), // the device clock: stored, never used for order
  };
  await tx(db, WRITE_STORES, "readwrite", async (t) => {
    const mutationId = (await metaGet(t, "next_mutation_id")) || 1;
    // A new note's view is its one mutation: written directly rather than recomputed, and the
    // writes are not awaited one by one (the transaction commits them together, or none).
    metaSet(t, "next_mutation_id", mutationId + 1);
    t.objectStore("outbox").add({
      mutation_id: mutationId, entity: "observation", op: "upsert", record_id: id, base_rev: null,
      depends_on: null, data, status: null, created_at: nowIso(),
    });
    t.objectStore("observation").add({ id, data: composeView(null, [{ op: "upsert", data }]), server_data: null, server_rev: null });
    if (screening) t.objectStore("screening").put({ id, ...screening });
    // Every write is issued: commit now instead of after the browser notices the transaction
    // is idle (a task turn on a busy page). Only safe where no callback issues more requests.
    if (typeof t.commit === "function") t.commit();
  });
  return id;
}

async function editableRow(t, id) {
  const row = await req(t.objectStore("observation").get(id));
  if (!row || row.data.deleted) throw new Error("This note is not on this device any more.");
  return row;
}

/** Queue an edit of the fields that really change; returns its mutation_id (null: no change).
 *  `baseRev` is the server revision the rep saw when they started editing: if a pull brought a
 *  newer one meanwhile, the server merges against what the rep saw, so a field changed on both
 *  sides becomes a conflict instead of the rep's edit silently winning. */
export async function observationEdit(db, id, changes, { resolveConflict = null, screening = null, baseRev = null } = {}) {
  return tx(db, WRITE_STORES, "readwrite", async (t) => {
    if (resolveConflict) await conflictChoice(t, resolveConflict, "keep_server");
    const row = await editableRow(t, id);
    // The device's screen of the text as edited (identifiers seen, adverse event mark).
    if (screening) t.objectStore("screening").put({ id, ...screening });
    const changed = {};
    for (const [key, value] of Object.entries(changes)) {
      if (!OBSERVATION_FIELDS.includes(key)) throw new Error(`cannot edit ${key}`);
      if (JSON.stringify(row.data[key]) !== JSON.stringify(value)) changed[key] = value;
    }
    if (!Object.keys(changed).length) return null;
    // A note the server never accepted travels whole, so the edit can create it if the capture
    // was rejected; an accepted one sends only what changed (the server merges field by field).
    let data = changed;
    if (!row.server_data) {
      data = {};
      for (const key of OBSERVATION_FIELDS) if (key in row.data) data[key] = row.data[key];
      Object.assign(data, changed);
    }
    const seen = baseRev !== null && row.server_rev !== null ? Math.min(Number(baseRev), Number(row.server_rev)) : row.server_rev;
    const mutationId = await mutationEnqueue(t, {
      entity: "observation", op: "upsert", recordId: id, data,
      baseRev: seen, dependsOn: await lastUnsettled(t, id),
    });
    // This edit is the rep's fix of any earlier change the server refused: those are settled.
    const outbox = t.objectStore("outbox");
    for (const earlier of await outboxOf(t, id)) {
      if (earlier.status === "rejected") outbox.put({ ...earlier, status: "fixed" });
    }
    await observationRefresh(t, id);
    return mutationId;
  });
}

/** Queue the deletion of a note; it leaves the list at once. */
export async function observationDelete(db, id) {
  return tx(db, WRITE_STORES, "readwrite", async (t) => {
    const row = await editableRow(t, id);
    const mutationId = await mutationEnqueue(t, {
      entity: "observation", op: "delete", recordId: id, data: {},
      baseRev: row.server_rev, dependsOn: await lastUnsettled(t, id),
    });
    await observationRefresh(t, id);
    return mutationId;
  });
}

async function conflictChoice(t, conflictId, resolution) {
  const store = t.objectStore("conflict");
  const conflict = await req(store.get(conflictId));
  if (!conflict) throw new Error("This conflict is not on this device.");
  if (conflict.resolved) throw new Error("This conflict is already resolved.");
  await mutationEnqueue(t, {
    entity: "conflict", op: "upsert", recordId: conflictId, data: { resolution },
  });
  store.put({ ...conflict, resolution });
}

/** Queue the rep's choice for a conflict: "keep_device" (mine) or "keep_server". */
export async function conflictResolve(db, conflictId, resolution) {
  if (!["keep_device", "keep_server"].includes(resolution)) throw new Error("bad resolution");
  return tx(db, WRITE_STORES, "readwrite", (t) => conflictChoice(t, conflictId, resolution));
}

/** Drop a rejected change (keep the server's version): a note the server never had goes away. */
export async function rejectionDismiss(db, mutationId) {
  return tx(db, WRITE_STORES, "readwrite", async (t) => {
    const outbox = t.objectStore("outbox");
    const row = await req(outbox.get(mutationId));
    if (!row || row.status !== "rejected") return;
    outbox.put({ ...row, status: "dismissed" });
    if (row.entity === "observation") await observationRefresh(t, row.record_id);
  });
}

/** Drop the synced scope and the cursor; keep the outbox and every note it still carries. */
export async function scopeReset(db) {
  await tx(db, [...SCOPE_STORES, "meta", "observation", "outbox"], "readwrite", async (t) => {
    for (const store of SCOPE_STORES) t.objectStore(store).clear();
    const keep = new Set(
      (await req(t.objectStore("outbox").getAll()))
        .filter((r) => r.entity === "observation" && (r.status === null || r.status === "rejected"))
        .map((r) => r.record_id),
    );
    const store = t.objectStore("observation");
    for (const id of await req(store.getAllKeys())) {
      if (!keep.has(id)) store.delete(id);
    }
    metaSet(t, "pull_cursor", null);
  });
}

/** Remember a login. Another user on this browser starts from a fresh scope and client_id,
 *  which is refused while the previous user still has unsent notes. */
export async function sessionSave(db, { token, user }) {
  return tx(db, ["meta", "outbox", "observation", "screening", ...SCOPE_STORES], "readwrite", async (t) => {
    const previous = await metaGet(t, "username");
    if (previous && previous !== user.username) {
      const unsent = await unsentChanges(t);
      if (unsent.total) {
        throw new Error(`${unsent.total} change(s) of ${previous} are not synced yet; ` +
          `log in as ${previous} and sync first.`);
      }
      for (const store of [...SCOPE_STORES, "observation", "screening", "outbox", "meta"]) {
        t.objectStore(store).clear();
      }
    }
    let clientId = await metaGet(t, "client_id");
    if (!clientId) {
      clientId = crypto.randomUUID();
      metaSet(t, "client_id", clientId);
      metaSet(t, "next_mutation_id", 1); // restarts only together with a new client_id
    }
    metaSet(t, "token", token);
    metaSet(t, "username", user.username);
    metaSet(t, "role", user.role || "");
    metaSet(t, "territory", user.territory || "");
    return clientId;
  });
}

/** Forget the token only (the server answered 401): the rep logs in again, nothing is lost. */
export async function sessionLogout(db) {
  await tx(db, ["meta"], "readwrite", async (t) => metaSet(t, "token", null));
}

/** What signing out would lose: notes with changes the server has not got, changes it refused
 *  that the rep has not fixed or dismissed, and conflict choices not sent yet. */
export async function unsentChanges(t) {
  const rows = await req(t.objectStore("outbox").getAll());
  const notes = new Set();
  const fresh = new Set(); // notes the server has never had (their first save is unsent)
  let choices = 0;
  for (const row of rows) {
    if (row.entity === "observation" && (row.status === null || row.status === "rejected")) {
      notes.add(row.record_id);
      if (row.op === "upsert" && row.base_rev === null) fresh.add(row.record_id);
    } else if (row.entity !== "observation" && row.status === null) choices += 1;
  }
  return { notes: notes.size, newNotes: fresh.size, choices, total: notes.size + choices };
}

export class UnsentChanges extends Error {
  constructor(unsent) {
    super(`${unsent.notes} note(s) are not on the server yet.`);
    this.code = "unsent_changes";
    this.unsent = unsent;
  }
}

/** Sign out of this device: every store is emptied in ONE transaction (the rep's notes, scope,
 *  outbox, token and client_id), so the next person to open the app finds nothing of theirs.
 *  Refused with UnsentChanges while anything is unsent, unless `discard` says the rep chose to
 *  lose it. Run under the sync lock, so no pulled page can land after the wipe. */
export async function sessionEnd(db, { discard = false } = {}) {
  return tx(db, ALL_STORES, "readwrite", async (t) => {
    const unsent = await unsentChanges(t);
    if (unsent.total && !discard) throw new UnsentChanges(unsent);
    for (const store of ALL_STORES) t.objectStore(store).clear();
    return unsent;
  });
}
