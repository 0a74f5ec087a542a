// Live feed: new and changed notes arrive over /ws/feed already rendered by the server, with
// the same scope and filters as the page. No framework, nothing fetched from elsewhere.
(function () {
  "use strict";
  var rows = document.getElementById("feed-rows");
  var badge = document.getElementById("live");
  if (!rows || !window.WebSocket) { return; }
  var MAX_ROWS = 300;
  var retry = 0;

  function setState(state, text) {
    badge.dataset.state = state;
    badge.textContent = text;
    badge.className = "live " + (state === "live" ? "on" : "off");
  }

  function fromHtml(html) {
    var box = document.createElement("div");
    box.innerHTML = html.trim();
    return box.firstElementChild;
  }

  // The result count follows what the page sees live: +1 for a note inserted on top, -1 for a
  // row removed because it stopped matching. Reload for the exact figure.
  function bump(delta) {
    var count = document.querySelector("[data-result-count]");
    if (!count || count.hasAttribute("data-capped")) { return; }  // "10,000+" stays as it is
    var n = parseInt(count.textContent, 10);
    if (!isNaN(n)) { count.textContent = String(Math.max(0, n + delta)); }
  }

  function place(message) {
    var existing = document.getElementById("obs-" + message.id);
    var node = fromHtml(message.html);
    if (existing) {
      node.classList.remove("fresh");
      node.classList.add("updated");
      existing.replaceWith(node);
      return;
    }
    if (rows.dataset.live !== "insert") { return; }
    var first = rows.querySelector("article.row");
    // Only notes that sort above the top of the page go on it; the rest belong to later pages.
    var key = rows.dataset.order === "visited" ? "visited" : "created";
    var value = key === "visited" ? message.visited_at : message.created_at;
    if (first && first.dataset[key] > value) { return; }
    var empty = document.getElementById("feed-empty");
    if (empty) { empty.remove(); }
    rows.insertBefore(node, first);
    bump(1);
    var all = rows.querySelectorAll("article.row");
    for (var i = MAX_ROWS; i < all.length; i++) { all[i].remove(); }
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var query = rows.dataset.wsQuery ? "?" + rows.dataset.wsQuery : "";
    var socket = new WebSocket(scheme + location.host + "/ws/feed" + query);
    socket.onopen = function () { retry = 0; setState("live", "live"); };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "observation") { place(message); }
      else if (message.type === "remove") {
        var gone = document.getElementById("obs-" + message.id);
        if (gone) { gone.remove(); bump(-1); }
      }
    };
    socket.onclose = function (event) {
      if (event.code === 4401 || event.code === 4403) {
        setState("closed", event.code === 4401 ? "signed out" : "not allowed");
        return;
      }
      retry = Math.min(retry + 1, 6);
      setState("reconnecting", "reconnecting…");
      // Backoff with jitter so a server restart is not met by every page at the same instant.
      setTimeout(connect, (Math.pow(2, retry) * 250) * (0.5 + Math.random()));
    };
  }
  connect();
})();
