// The rep app's service worker (scope /app/). The server fills in the shell's version and files:
// any change to the shell installs a new worker, which caches the new files and drops the old.
//
// It serves the app shell from its cache (the app opens with no network) and never touches
// /api/ requests: those go straight from the page, so the page always knows when it is offline.
// Background Sync: when the network returns, an open page is asked to sync; with no page open
// the worker runs the same sync engine itself.

import { openDb } from "./js/db.js";
import { syncOnce } from "./js/sync.js";

const VERSION = "__SHELL_VERSION__";
const FILES = __SHELL_FILES__;
const CACHE = `fieldsignal-app-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("fieldsignal-app-") && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope).pathname;
  if (!url.pathname.startsWith(scope)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Every page of the app is the one shell; its routes live in the #hash.
    const key = event.request.mode === "navigate" ? scope : url.pathname;
    const hit = await cache.match(key, { ignoreSearch: true });
    if (hit) return hit;
    return fetch(event.request);
  })());
});

self.addEventListener("sync", (event) => {
  if (event.tag !== "fieldsignal-sync") return;
  event.waitUntil((async () => {
    const pages = await self.clients.matchAll({ type: "window" });
    if (pages.length) {
      for (const page of pages) page.postMessage({ type: "sync-requested" });
      return;
    }
    const db = await openDb();
    try {
      await syncOnce(db); // a failure rejects: the browser retries this sync later
    } finally {
      db.close();
    }
  })());
});
