// The account screen: who is logged in on this phone, and logging out. Logging out sends what
// is unsent first; while anything would be lost it is refused, unless the rep deletes it with
// two taps (the choice is theirs, never silent).

import { h, when } from "./dom.js";
import { unsentLoad } from "./selectors.js";

/** The account screen: who is logged in, and logging out of this phone. */
export async function accountView(app, { signOut }) {
  const unsent = await unsentLoad(app.db);
  const online = navigator.onLine;
  const problem = h("p", { class: "error", role: "alert", "data-account-problem": "", hidden: !app.accountProblem }, app.accountProblem || "");
  // A new note is lost by logging out; an edit or a delete of a note the server has is only
  // undone (the server keeps its version): the words say which.
  const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const fresh = unsent.newNotes || 0;
  const changed = unsent.notes - fresh;
  const changes = `changes to ${count(changed, "note", "notes")}`;
  const unsentThing = !unsent.notes ? "your conflict choices"
    : !changed ? count(fresh, "note", "notes")
      : !fresh ? changes : "what is not on the server";
  const verb = changed ? "discard" : "delete";
  let armed = false;
  const discard = h("button", { type: "button", name: "logout-discard", class: "danger", onclick: async () => {
    if (!armed) {
      armed = true;
      discard.textContent = `Tap again: ${verb} ${unsentThing} for good`;
      return;
    }
    await signOut({ discard: true });
  } }, `${verb[0].toUpperCase()}${verb.slice(1)} ${unsentThing} and log out`);
  const logout = h("button", { type: "button", name: "logout", class: unsent.total ? "" : "primary big", onclick: async () => {
    logout.disabled = true;
    try {
      await signOut();
    } finally {
      logout.disabled = false;
    }
  } }, unsent.total ? "Sync and log out" : "Log out");
  const lastSync = app.session.last_sync_at ? `Last sync ${when(app.session.last_sync_at)}.` : "Not synced yet.";
  const what = !changed ? count(fresh, "note is", "notes are")
    : !fresh ? `Changes to ${count(changed, "note", "notes")} are`
      : `${count(fresh, "new note", "new notes")} and changes to ${count(changed, "other note", "other notes")} are`;
  return h("div", { class: "detail account" },
    h("a", { href: "#/", class: "back" }, "‹ All notes"),
    h("div", { class: "card" },
      h("h2", {}, "Account"),
      h("p", {}, "Logged in as ", h("strong", {}, app.session.username), app.session.territory ? ` · territory ${app.session.territory}` : ""),
      h("p", { class: "muted small" }, lastSync)),
    h("div", { class: "card", "data-logout": "" },
      h("h3", {}, "Log out of this phone"),
      unsent.total
        ? h("div", { class: "problem", "data-unsent": String(unsent.total) },
          h("p", { class: "warn-title" }, unsent.notes ? `${what} not on the server yet` : "Your conflict choices are not on the server yet"),
          h("p", {}, online
            ? "Logging out removes everything of yours from this phone. Sync first so nothing is lost."
            : "You are offline. Connect and sync before logging out, or what is unsent is lost."))
        : h("p", {}, "This removes your notes, HCPs and the catalog from this phone, so the next person to use it sees nothing of yours. They stay on the server: log in again to get them back."),
      problem,
      h("div", { class: "row" }, logout, unsent.total ? discard : null),
      h("p", { class: "muted small" }, "Your other devices stay logged in.")));
}
