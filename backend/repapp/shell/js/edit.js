// Editing one of the rep's notes: HCP, products, content shown, channel, visit time and text,
// screened like a capture, queued through the outbox like every other change.

import { CHANNELS, h, localInputValue } from "./dom.js";
import { catalogChips, hcpOf, hcpPicker, identifierScreen, noteFields } from "./fields.js";
import { observationEdit } from "./outbox.js";
import { possibleAdverseEvent } from "./screening.js";

const sameSet = (a, b) => a.length === b.length && a.every((x) => b.includes(x));
const contentKeys = (items) => (items || []).map((c) => `${c.asset}@${c.version}`);

/** The note's values the form starts from: its view, or in a "Fix" the device's side of each
 *  field in conflict (the rep rewrites the version that should stay). */
function startingValues(note, conflict) {
  const values = { ...note.view };
  for (const [field, versions] of Object.entries((conflict && conflict.fields) || {})) {
    if (versions && typeof versions === "object" && "device" in versions) values[field] = versions.device;
  }
  return values;
}

/** Only the fields whose value really changed, in the note's own form where nothing did (the
 *  server sorts products and content; a reordering is no edit). */
function changedFields(view, next) {
  const out = {};
  if (String(next.hcp) !== String(view.hcp)) out.hcp = next.hcp;
  if (next.channel !== view.channel) out.channel = next.channel;
  if (next.note !== view.note) out.note = next.note;
  if (next.visited_at !== view.visited_at) out.visited_at = next.visited_at;
  if (!sameSet(next.products, (view.products || []).map(String))) out.products = next.products;
  if (!sameSet(contentKeys(next.content_shown), contentKeys(view.content_shown))) out.content_shown = next.content_shown;
  return out;
}

export function editForm(app, note, conflict, { extraButtons = [] } = {}) {
  const start = startingValues(note, conflict);
  const picker = hcpPicker(app, { name: "edit-hcp-search", changeName: "edit-change-hcp" });
  picker.pick(hcpOf(app, start.hcp, String(start.hcp) === String(note.view.hcp) ? note.hcpName : null));
  const chips = catalogChips(app);
  chips.set(start.products, start.content_shown);
  const channel = h("select", { name: "edit-channel", "aria-label": "Channel" },
    CHANNELS.map(([value, label]) => h("option", { value, selected: value === start.channel }, label)));
  const visitedStart = start.visited_at ? localInputValue(new Date(start.visited_at)) : "";
  const visited = h("input", { name: "edit-visited-at", type: "datetime-local", value: visitedStart, "aria-label": "Visited at" });
  const text = h("textarea", { name: "edit-note", rows: 6, "aria-label": "Edit note" });
  text.value = start.note || "";
  const screen = identifierScreen(text);
  const aeBox = h("input", { type: "checkbox", name: "edit-adverse-event", checked: Boolean(note.screening && note.screening.adverse_event) });
  const error = h("p", { class: "error", role: "alert", hidden: true });

  function fail(message) {
    error.textContent = message;
    error.hidden = false;
  }

  async function onSubmit(event) {
    event.preventDefault();
    error.hidden = true;
    if (!picker.hcp || picker.hcp.missing) return fail("Pick the HCP you saw.");
    if (!text.value.trim()) return fail("Write the note, or delete it.");
    const found = screen.check();
    if (!screen.cleared(found)) {
      screen.el.scrollIntoView({ block: "center" });
      return;
    }
    const visitedAt = visited.value === visitedStart ? note.view.visited_at : new Date(visited.value || Date.now());
    if (visitedAt instanceof Date && visitedAt > new Date()) return fail("The visit cannot be in the future.");
    const changes = changedFields(note.view, {
      hcp: String(picker.hcp.id),
      channel: channel.value,
      note: text.value,
      visited_at: visitedAt instanceof Date ? visitedAt.toISOString().replace(/\.\d{3}Z$/, "Z") : visitedAt,
      products: [...chips.products],
      content_shown: [...chips.content.values()],
    });
    const screening = { adverse_event: aeBox.checked, pii: found.map((s) => [s.start, s.end, s.kind]), screened_by: "device" };
    let queued;
    try {
      queued = await observationEdit(app.db, note.id, changes, {
        resolveConflict: conflict ? conflict.id : null, screening, baseRev: note.rev,
      });
    } catch (e) {
      return fail(e.message);
    }
    app.toast(queued === null && !conflict ? "Nothing changed." : "Change saved on this phone.");
    app.afterChange();
    app.go("#/");
  }

  // Ticked for the rep when the new text sounds like one, as at capture; never unticked for them.
  text.addEventListener("change", () => {
    if (possibleAdverseEvent(text.value).possible) aeBox.checked = true;
  });

  const form = h("form", { class: "card edit", "data-edit": note.id, onsubmit: onSubmit, novalidate: true },
    h("h3", {}, conflict ? "Fix: write the version that should stay" : "Edit"),
    noteFields({ picker, chips, channel, visited, text, screen, aeBox }),
    error,
    h("div", { class: "row" }, h("button", { type: "submit", name: "save-edit", class: "primary" }, "Save change"), extraButtons));
  // Once the rep has touched the form, a sync finishing must not rebuild it (app.js renderNote).
  const touched = () => { form.dataset.dirty = "true"; };
  form.addEventListener("input", touched);
  form.addEventListener("change", touched);
  form.addEventListener("click", (event) => {
    if (event.target.closest("button[type=button]:not([name=delete])")) touched();
  });
  return form;
}
