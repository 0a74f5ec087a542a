// The capture form: HCP, products, content shown, channel, note; screened before it is saved.

import { CHANNELS, h, localInputValue, when } from "./dom.js";
import { catalogChips, hcpPicker, identifierScreen, noteFields } from "./fields.js";
import { observationCapture } from "./outbox.js";
import { possibleAdverseEvent, reportBy } from "./screening.js";

export function captureForm(app) {
  const picker = hcpPicker(app);
  const chips = catalogChips(app);
  const channel = h("select", { name: "channel", "aria-label": "Channel" },
    CHANNELS.map(([value, label]) => h("option", { value }, label)));
  const visited = h("input", { name: "visited-at", type: "datetime-local", value: localInputValue(), "aria-label": "Visited at" });
  const note = h("textarea", { name: "note", rows: 5, placeholder: "What did you hear?", "aria-label": "Note" });
  const screen = identifierScreen(note);
  const aeBox = h("input", { type: "checkbox", name: "adverse-event" });
  const aeHint = h("span", { class: "hint" });
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const save = h("button", { type: "submit", name: "save", class: "primary big" }, "Save note");

  function renderScreening() {
    const ae = possibleAdverseEvent(note.value);
    if (ae.possible && !aeBox.dataset.touched && !aeBox.checked) aeBox.checked = true;
    // Touch the DOM only when something changes: a save must not wait for a re-layout.
    const hint = ae.possible ? `(sounds like it: “${ae.reasons.join("”, “")}”)` : "";
    if (aeHint.textContent !== hint) aeHint.textContent = hint;
    return screen.check();
  }

  function reset() {
    picker.reset();
    chips.set([], []);
    screen.reset();
    note.value = "";
    visited.value = localInputValue();
    aeBox.checked = false;
    delete aeBox.dataset.touched;
    aeHint.textContent = "";
  }

  async function onSubmit(event) {
    event.preventDefault();
    const started = performance.now(); // "save" tapped: the bench measures from here to stored
    if (!error.hidden) error.hidden = true;
    const text = note.value.trim();
    const problem = !picker.hcp ? "Pick the HCP you saw." : !text ? "Write the note." : null;
    if (problem) {
      error.textContent = problem;
      error.hidden = false;
      return;
    }
    // Nothing leaves the device before the rep has seen the identifiers found in it.
    clearTimeout(timer);
    const found = renderScreening(); // also marks a likely adverse event the rep has not unticked
    if (!screen.cleared(found)) {
      screen.el.scrollIntoView({ block: "center" });
      return;
    }
    const writing = performance.now();
    const capturedAt = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const ae = aeBox.checked;
    const visitedAt = visited.value ? new Date(visited.value) : new Date();
    const id = await observationCapture(app.db, {
      hcp: picker.hcp.id,
      visited_at: (visitedAt > new Date() ? new Date() : visitedAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
      channel: channel.value,
      products: [...chips.products],
      content_shown: [...chips.content.values()],
      note: note.value,
      captured_at: capturedAt,
    }, { adverse_event: ae, pii: found.map((s) => [s.start, s.end, s.kind]), screened_by: "device" });
    const stored = performance.now();
    // For the bench: tap -> stored, and the IndexedDB write alone.
    (window.__fieldsignalSaves ||= []).push(stored - started);
    (window.__fieldsignalWrites ||= []).push(stored - writing);
    reset();
    // Back to the top of the now empty form: left at the Save button, the rep would be looking
    // at its empty bottom with the toast over the first of "My notes".
    window.scrollTo(0, 0);
    app.toast(ae ? `Saved. Possible adverse event: report by ${when(reportBy(capturedAt))}.` : "Saved on this phone.");
    app.afterSave({ id, adverseEvent: ae });
  }

  let timer = null;
  note.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => renderScreening(), 300);
  });
  aeBox.addEventListener("change", () => { aeBox.dataset.touched = "1"; });

  const form = h("form", { class: "card capture", id: "capture", onsubmit: onSubmit, novalidate: true },
    h("h2", {}, "New note"),
    noteFields({ picker, chips, channel, visited, text: note, screen, aeBox, aeHint }),
    error,
    save);
  form.refreshScope = () => {
    form.scope = app.scope;
    picker.refresh();
    chips.render();
  };
  form.refreshScope();
  return form;
}
