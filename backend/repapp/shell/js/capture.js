// The capture form: HCP, products, content shown, channel, note; screened before it is saved.

import { CHANNELS, clear, h, localInputValue, when } from "./dom.js";
import { observationCapture } from "./outbox.js";
import { findIdentifiers, possibleAdverseEvent, removeIdentifiers, reportBy } from "./screening.js";
import { hcpSearch } from "./selectors.js";

export function captureForm(app) {
  const state = { hcp: null, products: new Set(), content: new Map(), acknowledged: "" };
  const search = h("input", {
    name: "hcp-search", type: "search", autocomplete: "off", placeholder: "Name or institution",
    "aria-label": "Search HCP by name or institution", enterkeyhint: "search",
  });
  const results = h("div", { class: "results", role: "listbox" });
  const chosen = h("div", { class: "chosen", hidden: true });
  const productBox = h("div", { class: "chips" });
  const contentBox = h("div", { class: "chips content" });
  const channel = h("select", { name: "channel", "aria-label": "Channel" },
    CHANNELS.map(([value, label]) => h("option", { value }, label)));
  const visited = h("input", { name: "visited-at", type: "datetime-local", value: localInputValue(), "aria-label": "Visited at" });
  const note = h("textarea", { name: "note", rows: 5, placeholder: "What did you hear?", "aria-label": "Note" });
  const screening = h("div", { class: "screening", "data-screening": "", hidden: true });
  const aeBox = h("input", { type: "checkbox", name: "adverse-event" });
  const aeHint = h("span", { class: "hint" });
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const save = h("button", { type: "submit", name: "save", class: "primary big" }, "Save note");

  function renderResults() {
    const found = state.hcp ? [] : hcpSearch(app.scope.hcps, search.value);
    clear(results, found.map((hcp) => h("button", {
      type: "button", class: "result", "data-hcp-id": hcp.id, role: "option",
      onclick: () => pickHcp(hcp),
    }, h("strong", {}, hcp.name), h("span", {}, [hcp.specialty, hcp.institution].filter(Boolean).join(" · ")))));
    if (!state.hcp && search.value.trim() && !found.length) {
      results.append(h("p", { class: "muted" }, "No HCP of your territory matches."));
    }
  }

  function pickHcp(hcp) {
    state.hcp = hcp;
    search.hidden = true;
    chosen.hidden = false;
    clear(chosen, h("div", {}, h("strong", {}, hcp.name), h("span", { class: "muted" }, hcp.institution || "")),
      h("button", { type: "button", class: "link", name: "change-hcp", onclick: () => {
        state.hcp = null; search.hidden = false; chosen.hidden = true; search.focus(); renderResults();
      } }, "Change"));
    renderResults();
  }

  function renderProducts() {
    clear(productBox, app.scope.products.map((p) => h("button", {
      type: "button", class: `chip ${p.company === "own" ? "" : "competitor"}`, "data-product-id": p.id,
      "aria-pressed": String(state.products.has(p.id)),
      onclick: () => {
        if (state.products.has(p.id)) state.products.delete(p.id);
        else state.products.add(p.id);
        renderProducts();
        renderContent();
      },
    }, p.name)));
  }

  function renderContent() {
    const assets = app.scope.assets.filter((a) => state.products.has(String(a.product)));
    if (!assets.length) {
      clear(contentBox, h("p", { class: "muted" }, state.products.size ? "No content for these products." : "Pick a product to see its content."));
      return;
    }
    clear(contentBox, assets.map((a) => {
      const key = `${a.code}@${a.version}`;
      return h("button", {
        type: "button", class: `chip asset ${a.status}`, "data-asset-code": a.code, "data-asset-version": a.version,
        "data-status": a.status, "aria-pressed": String(state.content.has(key)), title: a.title,
        onclick: () => {
          if (state.content.has(key)) state.content.delete(key);
          else state.content.set(key, { asset: a.code, version: a.version });
          renderContent();
        },
      }, `${a.code} v${a.version}`, a.status !== "current" ? h("em", {}, a.status) : null);
    }));
  }

  function renderScreening() {
    const found = findIdentifiers(note.value);
    const ae = possibleAdverseEvent(note.value);
    if (ae.possible && !aeBox.dataset.touched && !aeBox.checked) aeBox.checked = true;
    // Touch the DOM only when something changes: a save must not wait for a re-layout.
    const hint = ae.possible ? `(sounds like it: “${ae.reasons.join("”, “")}”)` : "";
    if (aeHint.textContent !== hint) aeHint.textContent = hint;
    if (!found.length || state.acknowledged === note.value) {
      if (!screening.hidden) screening.hidden = true;
      return found;
    }
    screening.hidden = false;
    clear(screening,
      h("p", { class: "warn-title" }, "This note may identify a patient"),
      h("ul", {}, found.map((span) => h("li", { "data-pii-kind": span.kind },
        h("span", {}, `${span.label}: `, h("mark", {}, span.text)),
        h("button", { type: "button", class: "small", name: "remove-one", onclick: () => {
          note.value = removeIdentifiers(note.value, [span]);
          renderScreening();
        } }, "Remove")))),
      h("div", { class: "row" },
        h("button", { type: "button", name: "remove-identifiers", class: "primary", onclick: () => {
          note.value = removeIdentifiers(note.value, findIdentifiers(note.value));
          renderScreening();
        } }, "Remove all"),
        h("button", { type: "button", name: "keep-identifiers", onclick: () => {
          state.acknowledged = note.value;
          screening.hidden = true;
        } }, "They are not patient details")));
    return found;
  }

  function reset() {
    state.hcp = null;
    state.products.clear();
    state.content.clear();
    state.acknowledged = "";
    search.value = "";
    search.hidden = false;
    chosen.hidden = true;
    note.value = "";
    visited.value = localInputValue();
    aeBox.checked = false;
    delete aeBox.dataset.touched;
    aeHint.textContent = "";
    screening.hidden = true;
    renderResults();
    renderProducts();
    renderContent();
  }

  async function onSubmit(event) {
    event.preventDefault();
    const started = performance.now(); // "save" tapped: the bench measures from here to stored
    if (!error.hidden) error.hidden = true;
    const text = note.value.trim();
    const problem = !state.hcp ? "Pick the HCP you saw." : !text ? "Write the note." : null;
    if (problem) {
      error.textContent = problem;
      error.hidden = false;
      return;
    }
    // Nothing leaves the device before the rep has seen the identifiers found in it.
    clearTimeout(timer);
    const found = renderScreening(); // also marks a likely adverse event the rep has not unticked
    if (found.length && state.acknowledged !== note.value) {
      screening.scrollIntoView({ block: "center" });
      return;
    }
    const writing = performance.now();
    const capturedAt = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const ae = aeBox.checked;
    const visitedAt = visited.value ? new Date(visited.value) : new Date();
    const id = await observationCapture(app.db, {
      hcp: state.hcp.id,
      visited_at: (visitedAt > new Date() ? new Date() : visitedAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
      channel: channel.value,
      products: [...state.products],
      content_shown: [...state.content.values()],
      note: note.value,
      captured_at: capturedAt,
    }, { adverse_event: ae, pii: found.map((s) => [s.start, s.end, s.kind]), screened_by: "device" });
    const stored = performance.now();
    // For the bench: tap -> stored, and the IndexedDB write alone.
    (window.__fieldsignalSaves ||= []).push(stored - started);
    (window.__fieldsignalWrites ||= []).push(stored - writing);
    reset();
    app.toast(ae ? `Saved. Possible adverse event: report by ${when(reportBy(capturedAt))}.` : "Saved on this phone.");
    app.afterSave({ id, adverseEvent: ae });
  }

  search.addEventListener("input", renderResults);
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      const first = results.querySelector("[data-hcp-id]");
      if (first) first.click();
    }
  });
  let timer = null;
  note.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => renderScreening(), 300);
  });
  aeBox.addEventListener("change", () => { aeBox.dataset.touched = "1"; });

  const form = h("form", { class: "card capture", id: "capture", onsubmit: onSubmit, novalidate: true },
    h("h2", {}, "New note"),
    h("label", { class: "field" }, h("span", {}, "HCP"), search), results, chosen,
    h("div", { class: "field" }, h("span", {}, "Products discussed"), productBox),
    h("div", { class: "field" }, h("span", {}, "Content shown"), contentBox),
    h("label", { class: "field" }, h("span", {}, "Channel"), channel),
    h("label", { class: "field" }, h("span", {}, "Visited"), visited),
    h("label", { class: "field" }, h("span", {}, "Note"), note),
    screening,
    h("label", { class: "ae-toggle" }, aeBox, h("span", {}, "Possible adverse event — report within 24 h"), aeHint),
    error,
    save);
  form.refreshScope = () => {
    form.scope = app.scope;
    renderResults();
    renderProducts();
    renderContent();
  };
  form.refreshScope();
  return form;
}
