// Live inbox: any signal event on /ws/signals (already scoped to this user by the server)
// re-renders the inbox with the page's own filters. Nothing is rendered from the event itself.
(function () {
  "use strict";
  var badge = document.getElementById("live");
  if (!document.getElementById("inbox") || !window.WebSocket || !window.fetch) { return; }
  var retry = 0;
  var pending = null;

  function setState(state, text) {
    badge.dataset.state = state;
    badge.textContent = text;
    badge.className = "live " + (state === "live" ? "on" : "off");
  }

  function refresh() {
    pending = null;
    var url = new URL(location.href);
    url.searchParams.set("part", "inbox");
    fetch(url.toString(), { credentials: "same-origin" }).then(function (answer) {
      return answer.ok ? answer.text() : null;
    }).then(function (html) {
      if (!html) { return; }
      var box = document.createElement("div");
      box.innerHTML = html.trim();
      var fresh = box.querySelector("#inbox");
      var current = document.getElementById("inbox");
      if (fresh && current) { current.replaceWith(fresh); }
    });
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/ws/signals");
    socket.onopen = function () { retry = 0; setState("live", "live"); };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (!message.event || message.event.indexOf("signal.") !== 0) { return; }
      // A burst of updates (a sync batch) becomes one re-render.
      if (pending === null) { pending = setTimeout(refresh, 800); }
    };
    socket.onclose = function (event) {
      if (event.code === 4401) { setState("closed", "signed out"); return; }
      retry = Math.min(retry + 1, 6);
      setState("reconnecting", "reconnecting…");
      setTimeout(connect, (Math.pow(2, retry) * 250) * (0.5 + Math.random()));
    };
  }
  connect();
})();
