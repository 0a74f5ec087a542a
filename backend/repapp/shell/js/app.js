// The rep app: login, capture, notes, and the sync scheduler.

import { accountView } from "./account.js";
import { openDb } from "./db.js";
import { clear, h, when } from "./dom.js";
import { captureForm } from "./capture.js";
import { noteDetail, noteList, problemCards } from "./notes.js";
import { UnsentChanges, sessionEnd, sessionLogout, sessionSave } from "./outbox.js";
import { notesLoad, pendingCount, scopeLoad, sessionLoad, unsentLoad } from "./selectors.js";
import { LOCK_NAME, SyncError, api, syncErrorRecord, syncOnce } from "./sync.js";

const BACKOFF_BASE_S = 0.5;
const BACKOFF_CAP_S = 60;
const SYNC_AFTER_SAVE_MS = 1500;
const EMPTY_SCOPE = { hcps: [], products: [], assets: [] };

const app = {
  db: null,
  session: null,
  scope: EMPTY_SCOPE,
  form: null,
  syncing: false,
  again: false,
  failures: 0,
  retryTimer: null,
  retryAt: null,
  lastError: null,
  notice: "", // shown once on the login screen (after signing out)
  running: null, // the sync in progress, for whoever must wait for it
};
window.fieldsignal = app; // for the bench and for support: read-only use

const view = document.getElementById("view");
const pendingEl = document.querySelector("[data-pending-count]");
const syncButton = document.querySelector("button[name=sync]");
const statusEl = document.getElementById("status");
const toastEl = document.getElementById("toast");

app.toast = (message) => {
  toastEl.textContent = message;
  toastEl.hidden = false;
  clearTimeout(app.toastTimer);
  app.toastTimer = setTimeout(() => { toastEl.hidden = true; }, 4000);
};

app.go = (hash) => {
  if (location.hash === hash) render();
  else location.hash = hash;
};

app.act = async (fn) => {
  try {
    await fn();
  } catch (error) {
    app.toast(error.message);
  }
  await render();
  scheduleSync(SYNC_AFTER_SAVE_MS);
};

app.afterSave = async ({ adverseEvent }) => {
  await refreshCounts();
  await renderLists();
  app.saves = (app.saves || 0) + 1;
  document.body.dataset.saves = String(app.saves); // the list shows the note: for outside tests
  registerBackgroundSync();
  // A possible adverse event starts a 24-hour clock: send it now if the network allows.
  scheduleSync(adverseEvent ? 0 : SYNC_AFTER_SAVE_MS);
};

/** After an edit or delete: sync soon, and through Background Sync if the page is closed. */
app.afterChange = () => {
  registerBackgroundSync();
  scheduleSync(SYNC_AFTER_SAVE_MS);
};

// -- sync scheduling -----------------------------------------------------------------------------

async function refreshCounts() {
  const count = await pendingCount(app.db);
  pendingEl.textContent = String(count);
  pendingEl.parentElement.dataset.none = String(count === 0);
}

function renderStatus() {
  const online = navigator.onLine;
  const parts = [online ? "Online" : "Offline — notes are kept on this phone"];
  if (app.syncing) parts.push("syncing…");
  else if (app.lastError && app.retryAt) {
    const seconds = Math.max(1, Math.round((app.retryAt - Date.now()) / 1000));
    parts.push(`${app.lastError.message} Retrying in ${seconds} s.`);
  } else if (app.lastError) parts.push(app.lastError.message);
  else if (app.session && app.session.last_sync_at) parts.push(`last sync ${when(app.session.last_sync_at)}`);
  statusEl.textContent = parts.join(" · ");
  statusEl.dataset.online = String(online);
  document.body.dataset.syncing = String(app.syncing);
  syncButton.disabled = app.syncing;
  syncButton.textContent = app.syncing ? "Syncing…" : "Sync";
}

function scheduleSync(delayMs) {
  clearTimeout(app.retryTimer);
  app.retryAt = delayMs > 1000 && app.lastError ? new Date(Date.now() + delayMs) : null;
  app.retryTimer = setTimeout(() => runSync("scheduled"), delayMs);
}

function backoffMs(error) {
  // The server's Retry-After wins (429, 503 server_busy); otherwise 0.5 s × 2^n ± 50 %, ≤ 60 s.
  if (error.retryAfter !== null && error.retryAfter !== undefined) return error.retryAfter * 1000;
  const base = Math.min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** app.failures);
  return base * (0.5 + Math.random()) * 1000;
}

/** Run a sync now; resolves when it (or the one already running) has finished. */
function runSync(reason) {
  if (!app.session || !app.session.token) return Promise.resolve();
  if (app.syncing) {
    app.again = true;
    return app.running;
  }
  app.running = syncRun(reason);
  return app.running;
}

async function syncRun(reason) {
  clearTimeout(app.retryTimer);
  if (!navigator.onLine) {
    app.lastError = null;
    renderStatus();
    return; // the `online` event brings us back
  }
  app.syncing = true;
  renderStatus();
  try {
    const report = await syncOnce(app.db);
    app.failures = 0;
    app.lastError = null;
    app.retryAt = null;
    app.lastReport = report;
    app.accountProblem = ""; // "offline" or "sync failed" no longer holds
    app.syncCount = (app.syncCount || 0) + 1;
    if (report.scopeChanged) app.scope = await scopeLoad(app.db);
    if (report.rejected || report.conflicts) app.toast("Some changes need your attention.");
  } catch (error) {
    app.lastError = error instanceof SyncError ? error : new SyncError(String(error.message || error));
    if (app.lastError.code === "not_logged_in") app.lastError = null; // signed out meanwhile
    await syncErrorRecord(app.db, app.lastError).catch(() => {});
    if (!app.lastError) {
      // nothing to report
    } else if (app.lastError.status === 401) {
      await sessionLogout(app.db);
      app.session = await sessionLoad(app.db);
      app.toast("Please log in again. Your notes are safe on this phone.");
    } else if (app.lastError.retry && navigator.onLine) {
      app.failures += 1;
      scheduleSync(backoffMs(app.lastError));
    }
  } finally {
    app.syncing = false;
  }
  app.session = await sessionLoad(app.db);
  await render();
  // For outside tests: how many syncs this page has completed, and whether one is running.
  document.body.dataset.syncs = String(app.syncCount || 0);
  if (app.again) {
    app.again = false;
    scheduleSync(0);
  }
  void reason;
}

async function registerBackgroundSync() {
  try {
    const registration = await navigator.serviceWorker.ready;
    if (registration.sync) await registration.sync.register("fieldsignal-sync");
  } catch {
    // no Background Sync here: the page syncs on `online` and on open
  }
}

// -- screens -------------------------------------------------------------------------------------

function loginView(message = "", notice = "") {
  const error = h("p", { class: "error", role: "alert", hidden: !message }, message);
  const info = notice ? h("p", { class: "notice", role: "status", "data-notice": "" }, notice) : null;
  const username = h("input", { name: "username", autocomplete: "username", autocapitalize: "none", required: true });
  const password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true });
  const submit = h("button", { type: "submit", class: "primary big" }, "Log in");
  return h("form", { class: "card login", onsubmit: async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      const answer = await api("/auth/token", {
        method: "POST", body: JSON.stringify({ username: username.value.trim(), password: password.value }),
      });
      await sessionSave(app.db, answer);
      app.session = await sessionLoad(app.db);
      // Another user's login empties the store: what is in memory must follow it.
      app.scope = await scopeLoad(app.db);
      app.form = null;
      app.notice = "";
      sessionChannel.postMessage("changed");
      await render();
      runSync("login");
    } catch (e) {
      error.textContent = e.code === "network" ? "No connection: logging in needs the network once." : e.message;
      error.hidden = false;
      if (info) info.hidden = true;
    } finally {
      submit.disabled = false;
    }
  } },
  h("h2", {}, "Log in"),
  h("p", { class: "muted" }, "Use your FieldSignal account. After this, the app works without a network."),
  h("label", { class: "field" }, h("span", {}, "Username"), username),
  h("label", { class: "field" }, h("span", {}, "Password"), password),
  info, error, submit);
}

// -- signing out ------------------------------------------------------------------------------

// Other tabs of the app are told when the session changes, so none keeps showing a rep's notes
// after they signed out.
const sessionChannel = new BroadcastChannel("fieldsignal-session");

/** Forget everything in memory; the store is already empty (or belongs to someone else). */
async function sessionForget() {
  clearTimeout(app.retryTimer);
  app.session = await sessionLoad(app.db);
  app.scope = EMPTY_SCOPE;
  app.form = null;
  app.lastError = null;
  app.lastReport = null;
  app.failures = 0;
  app.listShows = null;
  clear(lists);
  document.getElementById("who").textContent = "";
}

/** Sign out: send what is unsent first; refuse while anything would be lost, unless the rep
 *  chose to discard it. The wipe takes the sync lock, so no sync of this profile (another tab,
 *  the service worker) can write the rep's data back after it. */
async function signOut({ discard = false } = {}) {
  if (!discard) {
    const unsent = await unsentLoad(app.db);
    if (unsent.total && navigator.onLine) await runSync("sign-out");
  }
  const wipe = () => sessionEnd(app.db, { discard });
  try {
    if (navigator.locks) await navigator.locks.request(LOCK_NAME, wipe);
    else await wipe();
  } catch (error) {
    if (!(error instanceof UnsentChanges)) throw error;
    const reason = !navigator.onLine ? "You are offline."
      : app.lastError ? `Sync failed: ${app.lastError.message}` : "Some changes still need your attention.";
    app.accountProblem = `${reason} Nothing was removed.`;
    await render();
    return;
  }
  await sessionForget();
  toastEl.hidden = true;
  app.accountProblem = "";
  app.notice = "You are logged out. Nothing of yours is left on this phone.";
  sessionChannel.postMessage("changed");
  history.replaceState(null, "", "#/");
  await render();
}

const lists = h("div", { class: "lists" });

async function renderLists() {
  const { notes } = await notesLoad(app.db);
  // A sync that changed nothing the list shows leaves it alone: a card must not be swapped for
  // an identical one as the rep taps "Keep mine" on it.
  const shows = JSON.stringify(notes);
  if (shows === app.listShows && app.scope === app.listScope && lists.isConnected) {
    await refreshCounts();
    return;
  }
  app.listShows = shows;
  app.listScope = app.scope;
  const problems = problemCards(app, notes);
  clear(lists,
    problems.length ? h("section", { class: "attention", "data-attention": "" }, h("h2", {}, "Needs your attention"), problems) : null,
    h("section", {}, h("h2", {}, "My notes"), noteList(app, notes)));
  await refreshCounts();
}

/** One note. A sync finishing re-renders it with what the server now says, but an edit the rep
 *  has started is never replaced under their fingers (nor loses its focus or the keyboard): the
 *  cards around it are swapped, the form stays. */
async function renderNote(id, fixConflict) {
  const { notes } = await notesLoad(app.db, { ids: [id] });
  const key = `${id}|${fixConflict || ""}`;
  const shown = view.dataset.detail === key ? view.querySelector(".detail") : null;
  const editing = shown && shown.querySelector("form[data-edit][data-dirty]");
  if (editing && notes[0]) {
    const fresh = noteDetail(app, notes[0], { fixConflict, withForm: false });
    for (const child of [...shown.children]) if (child !== editing) child.remove();
    editing.before(...fresh.children);
    return;
  }
  clear(view, noteDetail(app, notes[0], { fixConflict }));
  if (!shown) window.scrollTo(0, 0); // a note opened, not the same one refreshed
  view.dataset.detail = key;
}

async function render() {
  renderStatus();
  document.body.dataset.loggedIn = String(Boolean(app.session && app.session.token));
  if (!app.session || !app.session.token) {
    clear(view, app.session && app.session.username
      ? loginView(`Logged out. Log in as ${app.session.username} to sync.`)
      : loginView("", app.notice));
    await refreshCounts();
    return;
  }
  document.getElementById("who").textContent = [app.session.username, app.session.territory].filter(Boolean).join(" · ");
  if (location.hash === "#/account") {
    view.dataset.detail = "";
    clear(view, await accountView(app, { signOut }));
    window.scrollTo(0, 0);
    await refreshCounts();
    return;
  }
  app.accountProblem = "";
  const match = location.hash.match(/^#\/note\/([\w-]+)(?:\?fix=([\w-]+))?/);
  if (match) {
    await renderNote(match[1], match[2] || null);
    await refreshCounts();
    return;
  }
  view.dataset.detail = "";
  // The form is rebuilt only when the scope changed: a sync finishing must never replace the
  // search result or the chip the rep is about to tap.
  if (!app.form) app.form = captureForm(app);
  else if (app.form.scope !== app.scope) app.form.refreshScope();
  if (!view.contains(app.form)) clear(view, app.form, lists);
  await renderLists();
}

async function main() {
  app.db = await openDb();
  app.session = await sessionLoad(app.db);
  app.scope = await scopeLoad(app.db);
  syncButton.addEventListener("click", () => {
    app.failures = 0;
    runSync("button");
  });
  window.addEventListener("online", () => { app.failures = 0; renderStatus(); runSync("online"); });
  window.addEventListener("offline", () => { clearTimeout(app.retryTimer); app.lastError = null; renderStatus(); });
  sessionChannel.onmessage = async () => {
    // Another tab logged in or out: read who is here now, and show nothing of anyone else.
    const before = app.session && app.session.username;
    const session = await sessionLoad(app.db);
    if (session.username !== before || !session.token) {
      await sessionForget();
      app.scope = await scopeLoad(app.db);
    }
    await render();
  };
  window.addEventListener("hashchange", () => {
    // It would cover the note or the account screen's buttons.
    if (location.hash.startsWith("#/note/") || location.hash === "#/account") toastEl.hidden = true;
    render();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") runSync("visible");
  });
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "sync-requested") runSync("background-sync");
    });
    navigator.serviceWorker.register("./sw.js", { scope: "./", type: "module" }).catch(() => {});
  }
  await render();
  document.body.dataset.ready = "true";
  runSync("open");
}

main().catch((error) => {
  clear(view, h("div", { class: "card" }, h("p", { class: "error" }, `The app could not start: ${error.message}`)));
});
