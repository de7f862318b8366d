/* One WebSocket per logged-in page. The server only sends hints ("something changed");
   the page then re-fetches from the database through htmx. Without a socket, nothing breaks. */
(function () {
  "use strict";
  var header = document.querySelector("[data-live-url]");
  if (!header || !("WebSocket" in window)) { return; }
  var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + header.dataset.liveUrl;
  var delay = 2000;
  var closedByServer = false;

  function dispatch(event) {
    // "todo.changed" -> DOM event "oa:todo-changed" on <body>, which htmx triggers listen for.
    // When the payload names the object of the event ("ticket.changed" with {ticket: 7}), the same
    // hint also goes out as "oa:ticket-changed-7", so a page listens for its own object without an
    // htmx event filter (filters are evaluated JavaScript, which the Content-Security-Policy forbids).
    var kind = String(event.event || "");
    var name = "oa:" + kind.replace(/\./g, "-");
    var payload = event.payload || {};
    document.body.dispatchEvent(new CustomEvent(name, { detail: payload }));
    var id = payload[kind.split(".")[0]];
    if (typeof id === "number" || typeof id === "string") {
      document.body.dispatchEvent(new CustomEvent(name + "-" + id, { detail: payload }));
    }
  }

  function connect() {
    var socket = new WebSocket(url);
    socket.onopen = function () { delay = 2000; document.body.dataset.live = "on"; };
    socket.onmessage = function (message) {
      try {
        var data = JSON.parse(message.data);
        if (data.type === "event") { dispatch(data); }
      } catch (e) { /* ignore malformed hints */ }
    };
    socket.onclose = function (event) {
      document.body.dataset.live = "off";
      // 4000: the session logged out elsewhere; 4401: not logged in. Do not reconnect.
      if (event.code === 4000 || event.code === 4401) { closedByServer = true; return; }
      if (!closedByServer) { setTimeout(connect, delay); delay = Math.min(delay * 2, 60000); }
    };
  }
  connect();

  // htmx sends the CSRF token with every non-GET request.
  document.body.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
  });
})();
