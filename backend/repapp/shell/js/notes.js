// The rep's notes: the list, what needs their attention (conflicts, rejections), and one
// note with what became of it (tags, alerts) and its edit and delete.

import { CHANNELS, LABELS, channelName, clear, h, when } from "./dom.js";
import { editForm } from "./edit.js";
import { conflictResolve, observationDelete, rejectionDismiss } from "./outbox.js";

const FIELD_NAMES = {
  note: "Note", channel: "Channel", products: "Products", content_shown: "Content shown",
  hcp: "HCP", visited_at: "Visited", deleted: "Deleted",
};
const STATE_TEXT = { pending: "Waiting to sync", synced: "Synced", conflict: "Conflict", rejected: "Not accepted" };

function stateBadge(note) {
  return h("span", { class: `badge ${note.state}`, "data-state": note.state }, STATE_TEXT[note.state]);
}

function aeBadge(note) {
  if (!note.possibleAe) return null;
  const onDevice = note.state === "pending" || note.state === "rejected";
  const overdue = onDevice && note.reportBy && note.reportBy < new Date();
  const text = onDevice && note.reportBy ? `Possible AE · report by ${when(note.reportBy)}` : "Possible AE · sent";
  return h("span", { class: `badge ae ${overdue ? "overdue" : ""} ${onDevice ? "" : "sent"}`,
    "data-report-by": note.reportBy ? note.reportBy.toISOString() : "" }, text);
}

export function noteList(app, notes) {
  if (!notes.length) return h("p", { class: "muted empty" }, "No notes yet. Your first one goes above.");
  return h("ul", { class: "notes" }, notes.map((note) => h("li", {},
    h("a", { class: "note", href: `#/note/${note.id}`, "data-note-id": note.id },
      h("div", { class: "note-head" },
        h("strong", {}, note.hcpName || `HCP ${note.view.hcp}`),
        h("span", { class: "muted" }, `${when(note.view.visited_at)} · ${channelName(note.view.channel)}`)),
      h("p", { class: "snippet" }, note.view.deleted ? h("s", {}, note.view.note || "") : note.view.note || ""),
      h("div", { class: "badges" }, stateBadge(note), aeBadge(note),
        note.labels.map((l) => h("span", { class: "tag" }, LABELS[l] || l)),
        note.alerts.length ? h("span", { class: "badge alert" }, `${note.alerts.length} alert${note.alerts.length > 1 ? "s" : ""}`) : null)))));
}

function versions(app, rows) {
  return h("table", { class: "versions" },
    h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {}, "Server"), h("th", {}, "Yours"))),
    h("tbody", {}, rows.map(([field, server, mine]) => h("tr", { "data-field": field },
      h("th", {}, FIELD_NAMES[field] || field),
      h("td", { "data-version": "server" }, show(app, field, server)),
      h("td", { "data-version": "mine" }, show(app, field, mine))))));
}

/** A field's value as the rep reads it: names, not ids. */
function show(app, field, value) {
  if (value === null || value === undefined) return "—";
  if (field === "hcp") {
    const hcp = app.scope.hcps.find((x) => String(x.id) === String(value));
    return hcp ? hcp.name : `HCP ${value} (not in your territory)`;
  }
  if (field === "products" && Array.isArray(value)) {
    const names = value.map((id) => (app.scope.products.find((p) => String(p.id) === String(id)) || { name: `product ${id}` }).name);
    return names.length ? names.join(", ") : "none";
  }
  if (field === "content_shown" && Array.isArray(value)) {
    return value.length ? value.map((c) => `${c.asset} v${c.version}`).join(", ") : "none";
  }
  if (field === "channel") return channelName(value);
  if (field === "visited_at") return when(value);
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Conflicts and rejections, each with both versions and what the rep can do about it. */
export function problemCards(app, notes) {
  const cards = [];
  for (const note of notes) {
    for (const conflict of note.conflicts) {
      const rows = Object.entries(conflict.fields || {}).map(([f, v]) => [f, v.server, v.device]);
      if (conflict.kind === "delete") rows.push(["deleted", "kept", "deleted on this phone"]);
      cards.push(h("div", { class: "card problem", "data-conflict-id": conflict.id },
        h("p", { class: "warn-title" }, `${note.hcpName || "A note"}: changed on another device too`),
        h("p", { class: "muted" }, "The server kept its version for now. Choose which one stays."),
        versions(app, rows),
        conflict.resolution
          ? h("p", { class: "muted" }, "Your choice is waiting to sync.")
          : h("div", { class: "row" },
            h("button", { type: "button", name: "keep-mine", onclick: () => app.act(() => conflictResolve(app.db, conflict.id, "keep_device")) }, "Keep mine"),
            h("button", { type: "button", name: "keep-server", onclick: () => app.act(() => conflictResolve(app.db, conflict.id, "keep_server")) }, "Keep server's"),
            h("button", { type: "button", name: "fix", onclick: () => app.go(`#/note/${note.id}?fix=${conflict.id}`) }, "Fix"))));
    }
    for (const rejection of note.rejections) {
      const errors = (rejection.errors || []).map((e) => `${e.field}: ${e.message || e.code}`);
      const rows = Object.entries(rejection.data || {}).filter(([f]) => f !== "captured_at")
        .map(([f, v]) => [f, note.server ? note.server[f] : null, v]);
      cards.push(h("div", { class: "card problem", "data-rejection": rejection.mutation_id },
        h("p", { class: "warn-title" }, `${note.hcpName || "A note"}: the server did not accept this change`),
        h("ul", { class: "errors" }, errors.map((e) => h("li", {}, e))),
        versions(app, rows),
        h("div", { class: "row" },
          h("button", { type: "button", name: "fix", onclick: () => app.go(`#/note/${note.id}`) }, "Fix"),
          h("button", { type: "button", name: "keep-server", onclick: () => app.act(() => rejectionDismiss(app.db, rejection.mutation_id)) },
            note.server ? "Keep server's" : "Discard mine"))));
    }
  }
  return cards;
}

/** One note: its content, what became of it, and its edit form. */
export function noteDetail(app, note, { fixConflict = null, withForm = true } = {}) {
  if (!note) return h("div", { class: "card" }, h("p", {}, "This note is not on this phone."), h("a", { href: "#/" }, "Back"));
  const products = (note.view.products || []).map((id) => (app.scope.products.find((p) => String(p.id) === String(id)) || { name: id }).name);
  const conflict = fixConflict ? note.conflicts.find((c) => c.id === fixConflict) : null;
  let armed = false;
  const del = h("button", { type: "button", name: "delete", class: "danger", onclick: async () => {
    if (!armed) {
      armed = true;
      del.textContent = "Tap again to delete";
      return;
    }
    await app.act(() => observationDelete(app.db, note.id));
    app.go("#/");
  } }, "Delete note");
  const tags = note.tags;
  return h("div", { class: "detail" },
    h("a", { href: "#/", class: "back" }, "‹ All notes"),
    h("div", { class: "card" },
      h("h2", {}, note.hcpName || `HCP ${note.view.hcp}`),
      h("p", { class: "muted" }, `${note.hcpInstitution || ""} · ${when(note.view.visited_at)} · ${channelName(note.view.channel)}`),
      h("div", { class: "badges" }, stateBadge(note), aeBadge(note)),
      h("p", { class: "note-text", "data-note-text": "" }, note.view.note),
      products.length ? h("p", {}, h("span", { class: "muted" }, "Products: "), products.join(", ")) : null,
      (note.view.content_shown || []).length
        ? h("p", {}, h("span", { class: "muted" }, "Content shown: "), note.view.content_shown.map((c) => `${c.asset} v${c.version}`).join(", ")) : null,
      h("p", { class: "muted small", "data-captured": "" }, `Captured ${when(note.view.captured_at)}${note.rev ? ` · server revision ${note.rev}` : ""}`)),
    h("div", { class: "card", "data-outcome": "" },
      h("h3", {}, "What became of this note"),
      tags
        ? h("div", {},
          h("div", { class: "badges" }, (tags.labels || []).length
            ? tags.labels.map((l) => h("span", { class: "tag", "data-label": l.label }, LABELS[l.label] || l.label))
            : h("span", { class: "muted" }, "No themes found.")),
          (tags.pii || []).length ? h("p", { class: "muted small", "data-pii-hidden": "" },
            `${tags.pii.length} patient ${tags.pii.length === 1 ? "detail" : "details"} hidden from HQ.`) : null)
        : h("p", { class: "muted" }, note.state === "pending" ? "Not sent yet." : "Waiting for the server's tags."),
      note.alerts.length
        ? h("ul", { class: "alerts" }, note.alerts.map((a) => h("li", { "data-alert-state": a.status },
          h("strong", {}, a.title), " ", h("span", { class: `badge state-${a.status}` }, a.status))))
        : h("p", { class: "muted small" }, "No alerts raised.")),
    problemCards(app, [note]),
    note.view.deleted || !withForm ? null : editForm(app, note, conflict, { extraButtons: [del] }));
}
