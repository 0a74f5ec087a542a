// The sync engine (after field_client/sync.py): push the outbox, then pull the scope.
// Safe to stop at any instant (a closed tab, a dead battery):
// - a mutation leaves the outbox only when its outcome is stored, together with the other
//   outcomes of its batch; a batch sent but not recorded is sent again, and the server answers
//   each replayed mutation_id with its stored outcome (`duplicate`) without applying it twice;
// - a pulled page is stored in one transaction with the cursor that follows it.
// It runs in the page and in the service worker (Background Sync); a Web Lock keeps it to one
// run at a time per browser profile.

import { metaSet, nowIso, readMeta, req, tx } from "./db.js";
import { pullPageApply, pushResultsApply, outboxPrune } from "./apply.js";
import { scopeReset } from "./outbox.js";

const SCHEMA_VERSION = 1;
const API = "/api/v1";
const DEFAULT_MAX_BODY = 1_800_000; // the server's default limit is 2 MiB
const ENVELOPE_BYTES = 200;
const TIMEOUT_MS = 30_000;
export const LOCK_NAME = "fieldsignal-sync";
const SCOPE_ENTITIES = new Set(["hcp", "product", "content_asset"]);

export class SyncError extends Error {
  constructor(message, { code = "sync_failed", retry = false, retryAfter = null, status = 0, details = {} } = {}) {
    super(message);
    this.code = code;
    this.retry = retry; // worth trying again unchanged, after a pause
    this.retryAfter = retryAfter; // seconds the server asked for (429/503 Retry-After)
    this.status = status;
    this.details = details;
  }
}

function retryAfterSeconds(response) {
  const raw = response.headers.get("Retry-After");
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, (date - Date.now()) / 1000);
}

/** One HTTP call of the documented API; every failure becomes a SyncError with a code. */
export async function api(path, { token = null, method = "GET", body = null } = {}) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Token ${token}`;
  if (body !== null) headers["Content-Type"] = "application/json";
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetch(API + path, { method, headers, body, signal: controller.signal, cache: "no-store" });
  } catch {
    throw new SyncError("No connection to the server.", { code: "network", retry: true });
  } finally {
    clearTimeout(timer);
  }
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  if (response.ok) return payload;
  const error = (payload && payload.error) || {};
  const options = {
    code: error.code || `http_${response.status}`,
    status: response.status,
    details: error.details || {},
    retryAfter: retryAfterSeconds(response),
    retry: response.status >= 500 || response.status === 429,
  };
  throw new SyncError(error.message || `The server answered ${response.status}.`, options);
}

export class SyncEngine {
  constructor(db, { pullLimit = 1000, pushBatch = 500, onProgress = () => {} } = {}) {
    this.db = db;
    this.pullLimit = pullLimit;
    this.pushBatch = pushBatch;
    this.onProgress = onProgress;
    this.report = { pushed: 0, outcomes: {}, pulled: 0, resets: 0, rejected: 0, conflicts: 0, scopeChanged: false, waitMs: 0, writeMs: 0 };
  }

  /** Push, pull, then push once more what the rep saved while the sync ran. */
  async run() {
    const session = await readMeta(this.db, ["token", "client_id", "push_batch_limit", "push_body_limit"]);
    if (!session.token) throw new SyncError("Log in to sync.", { code: "not_logged_in" });
    this.token = session.token;
    this.clientId = session.client_id;
    this.pushBatch = Number(session.push_batch_limit) || this.pushBatch;
    this.maxBody = Number(session.push_body_limit) || DEFAULT_MAX_BODY;
    this.report.startedAt = performance.now();
    await this.push();
    const pulling = performance.now();
    await this.pull();
    this.report.pullMs = performance.now() - pulling;
    if (await this.pendingMutations()) await this.push();
    await outboxPrune(this.db);
    await tx(this.db, ["meta"], "readwrite", async (t) => {
      metaSet(t, "last_sync_at", nowIso());
      metaSet(t, "last_sync_error", null);
    });
    this.report.finishedAt = performance.now();
    return this.report;
  }

  async pendingMutations() {
    const rows = await tx(this.db, ["outbox"], "readonly", (t) => req(t.objectStore("outbox").getAll()));
    return rows.filter((r) => r.status === null).length;
  }

  // -- push ----------------------------------------------------------------------------------

  async push() {
    for (;;) {
      const { rows, byId } = await tx(this.db, ["outbox"], "readonly", async (t) => {
        const all = await req(t.objectStore("outbox").getAll());
        return { rows: all.filter((r) => r.status === null), byId: new Map(all.map((r) => [r.mutation_id, r])) };
      });
      if (!rows.length) return;
      const batch = this.cutBatch(rows, byId);
      const body = JSON.stringify({ client_id: this.clientId, schema_version: SCHEMA_VERSION, mutations: batch.map((b) => b.mutation) });
      this.onProgress({ phase: "push", count: batch.length });
      let response;
      try {
        response = await api("/sync/push", { token: this.token, method: "POST", body });
      } catch (error) {
        if (error.status === 413) {
          await this.shrink(error, batch.length);
          continue;
        }
        if (error.status === 409 && error.code === "mutation_gap") {
          await this.reopenFrom(Number(error.details.expected), batch[0].row.mutation_id);
          continue;
        }
        throw error;
      }
      await this.record(batch, response);
    }
  }

  /** The longest prefix that fits the body limit, with no mutation depending on the outcome
   *  (the new rev) of another one in the same batch. */
  cutBatch(rows, byId) {
    const batch = [];
    const inBatch = new Set();
    let size = ENVELOPE_BYTES;
    for (const row of rows.slice(0, this.pushBatch)) {
      if (row.depends_on !== null && inBatch.has(row.depends_on)) break;
      const mutation = {
        mutation_id: row.mutation_id, op: row.op, entity: row.entity, id: row.record_id,
        base_rev: this.baseRev(row, byId), data: row.data,
      };
      const mutationSize = new TextEncoder().encode(JSON.stringify(mutation)).length + 1;
      if (batch.length && size + mutationSize > this.maxBody) break;
      size += mutationSize;
      batch.push({ row, mutation });
      inBatch.add(row.mutation_id);
    }
    return batch;
  }

  /** The rev an edit was made against: one made while an earlier mutation of the same note was
   *  unacknowledged was made against the rev that mutation produced. */
  baseRev(row, byId) {
    let base = row.base_rev;
    let dependsOn = row.depends_on;
    while (dependsOn !== null && dependsOn !== undefined) {
      const dep = byId.get(dependsOn);
      if (!dep) break;
      if (dep.result_rev !== null && dep.result_rev !== undefined) {
        return Math.max(Number(dep.result_rev), base === null ? -1 : Number(base));
      }
      if (dep.base_rev !== null) base = Math.max(Number(dep.base_rev), base === null ? -1 : Number(base));
      dependsOn = dep.depends_on;
    }
    return base === null || base === undefined ? null : Number(base);
  }

  async shrink(error, sent) {
    if (sent <= 1) {
      throw new SyncError("One change is larger than the server accepts; make the note shorter.", { code: error.code });
    }
    const limit = Number(error.details.limit) || 0;
    if (error.code === "body_too_large" && limit) this.maxBody = Math.min(this.maxBody, limit - ENVELOPE_BYTES);
    if (error.code === "batch_too_large" && limit && limit < sent) this.pushBatch = Math.max(1, limit);
    else this.pushBatch = Math.max(1, Math.floor(sent / 2));
    await tx(this.db, ["meta"], "readwrite", async (t) => {
      metaSet(t, "push_batch_limit", this.pushBatch);
      metaSet(t, "push_body_limit", this.maxBody);
    });
  }

  /** 409 gap: the server lost mutations it once acknowledged (restored from a backup). Send
   *  them again if this device still has every one; otherwise stop loudly. */
  async reopenFrom(expected, first) {
    const fail = () => new SyncError(`The server expects change ${expected}, which this device no longer has.`, { code: "mutation_gap" });
    if (!(expected < first)) throw fail();
    await tx(this.db, ["outbox"], "readwrite", async (t) => {
      const outbox = t.objectStore("outbox");
      const rows = await req(outbox.getAll(IDBKeyRange.bound(expected, first, false, true)));
      if (rows.length !== first - expected) throw fail();
      for (const row of rows) {
        outbox.put({ ...row, status: null, result_rev: null, errors: null, conflict: null, settled_at: null });
      }
    });
  }

  async record(batch, response) {
    const results = response && response.results;
    if (!Array.isArray(results)) throw new SyncError("The server's answer has no results.", { code: "bad_response" });
    const sent = new Map(batch.map((b) => [b.row.mutation_id, b.row]));
    const settled = await pushResultsApply(this.db, sent, results);
    if (!settled && !results.some((r) => sent.has(Number(r.mutation_id)))) {
      throw new SyncError("The server did not acknowledge any change of the batch.", { code: "bad_response" });
    }
    this.report.pushed += settled;
    for (const result of results) {
      const status = String(result.status);
      this.report.outcomes[status] = (this.report.outcomes[status] || 0) + 1;
      const effective = status === "duplicate" ? result.original_status : status;
      if (effective === "rejected") this.report.rejected += 1;
      if (effective === "conflict") this.report.conflicts += 1;
    }
  }

  // -- pull ----------------------------------------------------------------------------------

  async fetchPage(cursor) {
    const query = new URLSearchParams({ limit: String(this.pullLimit), client_id: this.clientId });
    if (cursor) query.set("cursor", cursor);
    try {
      return await api(`/sync/pull?${query}`, { token: this.token });
    } catch (error) {
      if (error.code !== "invalid_cursor" || !cursor) throw error;
      return { reset: true };
    }
  }

  async pull() {
    let cursor = (await readMeta(this.db, ["pull_cursor"])).pull_cursor;
    let next = this.fetchPage(cursor);
    for (;;) {
      const waited = performance.now();
      const page = await next;
      this.report.waitMs += performance.now() - waited;
      if (page.reset) {
        this.report.resets += 1;
        if (this.report.resets > 3) throw new SyncError("The server keeps asking for a reset.", { code: "reset_loop" });
        await scopeReset(this.db);
        this.report.scopeChanged = true;
        cursor = null;
        next = this.fetchPage(cursor);
        continue;
      }
      const changes = page.changes || [];
      const more = page.has_more && !(!changes.length && page.cursor === cursor);
      // Ask for the next page while this one is written: the server's time and the store's
      // overlap. Only the page and its own cursor are committed together; if writing fails,
      // the page fetched ahead is dropped and the next sync starts from the stored cursor.
      if (more) {
        next = this.fetchPage(page.cursor);
        next.catch(() => {});
      }
      const writing = performance.now();
      await pullPageApply(this.db, changes, page.cursor);
      this.report.writeMs += performance.now() - writing;
      this.report.pulled += changes.length;
      if (changes.some((c) => SCOPE_ENTITIES.has(c.entity))) this.report.scopeChanged = true;
      this.onProgress({ phase: "pull", count: changes.length });
      if (!more) return;
      cursor = page.cursor;
    }
  }
}

/** One sync at a time per browser profile (tabs and the service worker share the store). */
export async function syncOnce(db, options = {}) {
  const run = () => new SyncEngine(db, options).run();
  if (typeof navigator !== "undefined" && navigator.locks) return navigator.locks.request(LOCK_NAME, run);
  return run();
}

/** Remember why the last sync failed, for the status line (the page may have been closed). */
export async function syncErrorRecord(db, error) {
  await tx(db, ["meta"], "readwrite", async (t) => {
    metaSet(t, "last_sync_error", error ? { code: error.code, message: error.message, at: nowIso() } : null);
  }, "relaxed");
}

