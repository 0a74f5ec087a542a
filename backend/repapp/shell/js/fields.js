// The parts of a note's form that capture and edit share: the HCP picker, the product and
// content chips, and the identifier screen. Each keeps its own state and touches the DOM only
// when something it shows changes.

import { clear, h } from "./dom.js";
import { findIdentifiers, removeIdentifiers } from "./screening.js";
import { hcpSearch } from "./selectors.js";

/** Search an HCP by name or institution and pick one. `names` lets the edit form use its own
 *  field names; the capture form keeps the stable `hcp-search` hook. */
export function hcpPicker(app, { name = "hcp-search", changeName = "change-hcp" } = {}) {
  const search = h("input", {
    name, type: "search", autocomplete: "off", placeholder: "Name or institution",
    "aria-label": "Search HCP by name or institution", enterkeyhint: "search",
  });
  const results = h("div", { class: "results", role: "listbox" });
  const chosen = h("div", { class: "chosen", hidden: true });
  const picker = { hcp: null, nodes: [search, results, chosen] };

  function renderResults() {
    const found = picker.hcp ? [] : hcpSearch(app.scope.hcps, search.value);
    clear(results, found.map((hcp) => h("button", {
      type: "button", class: "result", "data-hcp-id": hcp.id, role: "option",
      onclick: () => picker.pick(hcp),
    }, h("strong", {}, hcp.name), h("span", {}, [hcp.specialty, hcp.institution].filter(Boolean).join(" · ")))));
    if (!picker.hcp && search.value.trim() && !found.length) {
      results.append(h("p", { class: "muted" }, "No HCP of your territory matches."));
    }
  }

  /** Show `hcp` as chosen; `hcp` may be one no longer in the territory ({id, name, missing}). */
  picker.pick = (hcp) => {
    picker.hcp = hcp;
    search.hidden = true;
    chosen.hidden = false;
    chosen.dataset.chosenHcp = String(hcp.id);
    clear(chosen, h("div", {},
      h("strong", {}, hcp.name || `HCP ${hcp.id}`),
      h("span", { class: hcp.missing ? "error small" : "muted" },
        hcp.missing ? "No longer in your territory: pick another" : hcp.institution || "")),
    h("button", { type: "button", class: "link", name: changeName, onclick: () => {
      picker.hcp = null;
      search.hidden = false;
      chosen.hidden = true;
      search.focus();
      renderResults();
    } }, "Change"));
    renderResults();
  };

  picker.reset = () => {
    picker.hcp = null;
    search.value = "";
    search.hidden = false;
    chosen.hidden = true;
    renderResults();
  };

  picker.refresh = renderResults;
  search.addEventListener("input", renderResults);
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      const first = results.querySelector("[data-hcp-id]");
      if (first) first.click();
    }
  });
  return picker;
}

/** The HCP a note names, as the picker shows it: from the scope, or marked missing. */
export function hcpOf(app, id, fallbackName = null) {
  const found = app.scope.hcps.find((hcp) => String(hcp.id) === String(id));
  return found || { id, name: fallbackName, missing: true };
}

/** Product chips and, under them, the content of the chosen products (current first). */
export function catalogChips(app) {
  const chips = {
    products: new Set(), // product ids, as pulled (strings)
    content: new Map(), // "code@version" -> {asset, version}
    productBox: h("div", { class: "chips" }),
    contentBox: h("div", { class: "chips content" }),
  };

  function renderProducts() {
    clear(chips.productBox, app.scope.products.map((p) => h("button", {
      type: "button", class: `chip ${p.company === "own" ? "" : "competitor"}`, "data-product-id": p.id,
      "aria-pressed": String(chips.products.has(String(p.id))),
      onclick: () => {
        const id = String(p.id);
        if (chips.products.has(id)) {
          chips.products.delete(id);
          // Content of a product no longer discussed was not shown either: a hidden chip
          // must not stay chosen.
          for (const a of app.scope.assets) {
            if (String(a.product) === id) chips.content.delete(`${a.code}@${a.version}`);
          }
        } else chips.products.add(id);
        renderProducts();
        renderContent();
      },
    }, p.name)));
  }

  function renderContent() {
    const assets = app.scope.assets.filter((a) => chips.products.has(String(a.product)));
    const known = new Set(assets.map((a) => `${a.code}@${a.version}`));
    // Content the note names that the catalog no longer lists stays visible, so it can be removed.
    const unknown = [...chips.content.entries()].filter(([key]) => !known.has(key));
    if (!assets.length && !unknown.length) {
      clear(chips.contentBox, h("p", { class: "muted" }, chips.products.size ? "No content for these products." : "Pick a product to see its content."));
      return;
    }
    const toggle = (key, item) => {
      if (chips.content.has(key)) chips.content.delete(key);
      else chips.content.set(key, item);
      renderContent();
    };
    clear(chips.contentBox, assets.map((a) => {
      const key = `${a.code}@${a.version}`;
      return h("button", {
        type: "button", class: `chip asset ${a.status}`, "data-asset-code": a.code, "data-asset-version": a.version,
        "data-status": a.status, "aria-pressed": String(chips.content.has(key)), title: a.title,
        onclick: () => toggle(key, { asset: a.code, version: a.version }),
      }, `${a.code} v${a.version}`, a.status !== "current" ? h("em", {}, a.status) : null);
    }), unknown.map(([key, item]) => h("button", {
      type: "button", class: "chip asset withdrawn", "data-asset-code": item.asset, "data-asset-version": item.version,
      "data-status": "unknown", "aria-pressed": "true", onclick: () => toggle(key, item),
    }, `${item.asset} v${item.version}`, h("em", {}, "not in catalog"))));
  }

  /** Choose `products` and `content` (a note's values) and show them. */
  chips.set = (products, content) => {
    chips.products = new Set((products || []).map(String));
    chips.content = new Map((content || []).map((c) => [`${c.asset}@${c.version}`, { asset: c.asset, version: c.version }]));
    chips.render();
  };

  chips.render = () => {
    renderProducts();
    renderContent();
  };
  return chips;
}

/** The warning about likely patient identifiers in `note`, with remove and keep actions.
 *  `check()` shows it when needed and returns what it found; the rep's "they are not patient
 *  details" holds for exactly the text they saw. */
export function identifierScreen(note) {
  const screen = { acknowledged: "", el: h("div", { class: "screening", "data-screening": "", hidden: true }) };
  screen.check = () => {
    const found = findIdentifiers(note.value);
    if (!found.length || screen.acknowledged === note.value) {
      if (!screen.el.hidden) screen.el.hidden = true;
      return found;
    }
    screen.el.hidden = false;
    clear(screen.el,
      h("p", { class: "warn-title" }, "This note may identify a patient"),
      h("ul", {}, found.map((span) => h("li", { "data-pii-kind": span.kind },
        h("span", {}, `${span.label}: `, h("mark", {}, span.text)),
        h("button", { type: "button", class: "small", name: "remove-one", onclick: () => {
          note.value = removeIdentifiers(note.value, [span]);
          screen.check();
        } }, "Remove")))),
      h("div", { class: "row" },
        h("button", { type: "button", name: "remove-identifiers", class: "primary", onclick: () => {
          note.value = removeIdentifiers(note.value, findIdentifiers(note.value));
          screen.check();
        } }, "Remove all"),
        h("button", { type: "button", name: "keep-identifiers", onclick: () => {
          screen.acknowledged = note.value;
          screen.el.hidden = true;
        } }, "They are not patient details")));
    return found;
  };
  /** True when nothing found is waiting for the rep's decision. */
  screen.cleared = (found) => !found.length || screen.acknowledged === note.value;
  screen.reset = () => {
    screen.acknowledged = "";
    screen.el.hidden = true;
  };
  return screen;
}

/** The fields capture and edit lay out alike, in order: HCP, products, content shown, channel,
 *  visit time, note text, the identifier screen and the adverse-event box (with its hint, if any). */
export function noteFields({ picker, chips, channel, visited, text, screen, aeBox, aeHint = null }) {
  const [search, results, chosen] = picker.nodes;
  return [
    h("label", { class: "field" }, h("span", {}, "HCP"), search), results, chosen,
    h("div", { class: "field" }, h("span", {}, "Products discussed"), chips.productBox),
    h("div", { class: "field" }, h("span", {}, "Content shown"), chips.contentBox),
    h("label", { class: "field" }, h("span", {}, "Channel"), channel),
    h("label", { class: "field" }, h("span", {}, "Visited"), visited),
    h("label", { class: "field" }, h("span", {}, "Note"), text),
    screen.el,
    h("label", { class: "ae-toggle" }, aeBox, h("span", {}, "Possible adverse event — report within 24 h"), aeHint),
  ];
}
