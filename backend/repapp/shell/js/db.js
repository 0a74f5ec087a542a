// IndexedDB for the rep app: one database per browser profile, opened once.
// Stores mirror field_client's tables: the scope the server owns (hcp, product, content_asset,
// tags, alert, conflict), the rep's notes (observation, screening) and the outbox.

export const DB_NAME = "fieldsignal-rep";
const DB_VERSION = 1;

// What a `reset` may drop. The outbox, and every note it still carries, is never among them.
export const SCOPE_STORES = ["hcp", "product", "content_asset", "tags", "alert", "conflict"];
export const ALL_STORES = [...SCOPE_STORES, "meta", "observation", "screening", "outbox"];

export function openDb(name = DB_NAME) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name, DB_VERSION);
    open.onupgradeneeded = () => {
      const db = open.result;
      db.createObjectStore("meta"); // key -> value
      for (const store of ["product", "content_asset", "tags", "alert"]) {
        db.createObjectStore(store, { keyPath: "id" });
      }
      // Read in name order through the index: no sorting 20,000 HCPs when the app opens.
      db.createObjectStore("hcp", { keyPath: "id" }).createIndex("name", "name");
      db.createObjectStore("conflict", { keyPath: "id" }).createIndex("observation", "observation");
      // Newest visit first without reading every note: the list reads 60 rows, not 10,000.
      db.createObjectStore("observation", { keyPath: "id" }).createIndex("visited", "data.visited_at");
      db.createObjectStore("screening", { keyPath: "id" });
      db.createObjectStore("outbox", { keyPath: "mutation_id" }).createIndex("record_id", "record_id");
    };
    open.onsuccess = () => {
      const db = open.result;
      // Another tab upgrading the schema: let it, this tab reloads.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    open.onerror = () => reject(open.error);
  });
}

/** A request as a promise. Awaiting IndexedDB requests keeps their transaction alive. */
export function req(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Run `fn(t)` in one transaction and resolve once it has committed. If `fn` throws, the
 * transaction is aborted: nothing it wrote is kept. Inside `fn`, await only IndexedDB requests.
 * `durability: "strict"` for the rep's own writes (a note must survive a power cut the instant
 * "saved" shows); what can be fetched again from the server may be "relaxed".
 */
export async function tx(db, stores, mode, fn, durability = "strict") {
  const t = db.transaction(stores, mode, { durability });
  const done = new Promise((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error || new DOMException("transaction aborted", "AbortError"));
  });
  let result;
  try {
    result = await fn(t);
  } catch (error) {
    try {
      t.abort();
    } catch {
      // already finished
    }
    await done.catch(() => {});
    throw error;
  }
  await done;
  return result;
}

export async function metaGet(t, key) {
  const value = await req(t.objectStore("meta").get(key));
  return value === undefined ? null : value;
}

export function metaSet(t, key, value) {
  const meta = t.objectStore("meta");
  if (value === null || value === undefined) meta.delete(key);
  else meta.put(value, key);
}

export async function readMeta(db, keys) {
  return tx(db, ["meta"], "readonly", async (t) => {
    const out = {};
    for (const key of keys) out[key] = await metaGet(t, key);
    return out;
  });
}

export function nowIso() {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}
