// Applying what the server says to the store: pulled pages and push outcomes
// (after field_client/apply.py). Each runs in ONE transaction: a page lands together with its
// cursor, a batch's outcomes land together; a closed tab leaves all of it or none of it.

import { ALL_STORES, metaSet, nowIso, req, tx } from "./db.js";
import { observationRefresh } from "./outbox.js";

const REFERENCE = new Set(["hcp", "product", "content_asset", "tags", "alert"]);

function revOf(change) {
  const rev = change.rev ?? (change.data || {}).rev;
  return rev === undefined || rev === null ? null : Number(rev);
}

const older = (rev, storedRev) => rev !== null && storedRev !== null && storedRev !== undefined && rev < storedRev;

async function overlaidIds(t) {
  const rows = await req(t.objectStore("outbox").getAll());
  return new Set(
    rows.filter((r) => r.entity === "observation" && (r.status === null || r.status === "rejected"))
      .map((r) => r.record_id),
  );
}

/** Apply one pulled page and store its cursor, in one transaction. */
export async function pullPageApply(db, changes, cursor) {
  // Relaxed durability: a page lost to a power cut is pulled again, with its cursor.
  return tx(db, ALL_STORES, "readwrite", async (t) => {
    const overlaid = await overlaidIds(t);
    const notes = t.objectStore("observation");
    // Into an empty store (a first sync) there is nothing to compare revs with.
    const empty = (await req(notes.count())) === 0;
    const withOverlay = [];
    for (const change of changes) {
      const { entity, id } = change;
      const op = change.op || "upsert";
      const data = change.data || {};
      const rev = revOf(change);
      if (entity === "observation") {
        if (overlaid.has(id)) withOverlay.push([id, op, data, rev]);
        else if (op === "delete") notes.delete(id);
        else {
          // The view IS the server's copy here: one object referenced twice is stored once
          // (structured clone keeps shared references), which halves the write.
          data.deleted = Boolean(data.deleted);
          const row = { id, data, server_data: data, server_rev: rev };
          if (empty) notes.put(row);
          else {
            // Keep the higher rev: a change may arrive twice. Requests are pipelined, not
            // awaited one by one.
            notes.get(id).onsuccess = (event) => {
              const stored = event.target.result;
              if (!(stored && older(rev, stored.server_rev))) notes.put(row);
            };
          }
        }
      } else if (entity === "conflict") {
        await conflictStore(t, id, op, data, rev, false);
      } else if (REFERENCE.has(entity)) {
        const store = t.objectStore(entity);
        if (op === "delete") store.delete(id);
        else store.put({ id, rev, ...data });
      }
      // An entity this version does not know is ignored (readers ignore what they do not know).
    }
    for (const [id, op, data, rev] of withOverlay) {
      const stored = await req(notes.get(id));
      if (stored && older(rev, stored.server_rev)) continue;
      notes.put({
        id,
        data: stored ? stored.data : {},
        server_data: op === "delete" ? null : data,
        server_rev: op === "delete" ? null : rev,
      });
      await observationRefresh(t, id);
    }
    metaSet(t, "pull_cursor", cursor);
    return changes.length;
  }, "relaxed");
}

async function conflictStore(t, id, op, data, rev, onlyIfNew) {
  const store = t.objectStore("conflict");
  if (op === "delete") {
    store.delete(id);
    return;
  }
  const stored = await req(store.get(id));
  // A push outcome (maybe a replay) must not reopen a conflict the pull already closed.
  if (onlyIfNew && stored) return;
  const resolved = Boolean(data.resolved);
  store.put({
    ...data, id, rev, resolved,
    resolution: resolved ? null : (stored ? stored.resolution : null) || null,
  });
}

/** Record the server's outcome of each sent mutation; returns how many got settled. */
export async function pushResultsApply(db, sent, results) {
  return tx(db, ALL_STORES, "readwrite", async (t) => {
    const outbox = t.objectStore("outbox");
    const touched = new Set();
    let settled = 0;
    for (const result of results) {
      if (!sent.has(Number(result.mutation_id))) continue;
      const row = await req(outbox.get(Number(result.mutation_id)));
      if (!row || row.status !== null) continue;
      let status = String(result.status);
      const replayed = status === "duplicate";
      if (replayed) status = String(result.original_status || "applied");
      outbox.put({
        ...row, status, replayed, result_rev: result.rev ?? null,
        errors: result.errors || null, conflict: result.conflict || null, settled_at: nowIso(),
      });
      settled += 1;
      if (row.entity === "observation") {
        await observationOutcome(t, row, status, result);
        touched.add(row.record_id);
      } else if (row.entity === "conflict") {
        const store = t.objectStore("conflict");
        const conflict = await req(store.get(row.record_id));
        if (conflict) {
          store.put({ ...conflict, resolution: null, resolved: conflict.resolved || status === "applied" });
        }
      }
    }
    for (const id of touched) await observationRefresh(t, id);
    return settled;
  });
}

/** Bring server_data up to what the server now holds, as far as the outcome tells; the pull
 *  that follows every push replaces it with the server's own copy. */
async function observationOutcome(t, row, status, result) {
  if (status !== "applied" && status !== "conflict") return;
  const notes = t.objectStore("observation");
  const rev = result.rev ?? null;
  const current = await req(notes.get(row.record_id));
  if (current && older(rev, current.server_rev)) return;
  const serverData = { ...((current && current.server_data) || {}) };
  const conflict = result.conflict || {};
  if (row.op === "delete") serverData.deleted = conflict.kind !== "delete";
  else {
    Object.assign(serverData, row.data);
    for (const [field, versions] of Object.entries(conflict.fields || {})) {
      if (versions && typeof versions === "object" && "server" in versions) serverData[field] = versions.server;
    }
  }
  serverData.rev = rev;
  notes.put({ id: row.record_id, data: current ? current.data : {}, server_data: serverData, server_rev: rev });
  if (conflict.id) {
    await conflictStore(t, conflict.id, "upsert", {
      observation: row.record_id, fields: conflict.fields || {}, kind: conflict.kind || "edit",
      resolved: false, created_at: nowIso(),
    }, null, true);
  }
}

/** Forget outbox rows the server settled once nothing pending can depend on them any more.
 *  Rejected rows stay: they are shown to the rep until fixed or dismissed. */
export async function outboxPrune(db) {
  await tx(db, ["outbox"], "readwrite", async (t) => {
    const outbox = t.objectStore("outbox");
    const rows = await req(outbox.getAll());
    if (rows.some((r) => r.status === null)) return;
    for (const row of rows) {
      if (row.status !== "rejected") outbox.delete(row.mutation_id);
    }
  }, "relaxed");
}
