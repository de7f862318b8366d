/* The pop-up of new work: when a live hint "todo.changed" carries {new: {title, url}} — put there by the server
   after commit, only for a person who may see the item and did not just act on it — show a small Bootstrap toast
   "您有新的待办：<title>" linking to it. Text only (textContent), a same-site path only; no inline script. */
(function () {
  "use strict";
  var box = document.getElementById("oa-toasts");
  if (!box) { return; }
  var shown = {};

  function toast(title, url) {
    var key = url + "|" + title;
    if (shown[key]) { return; }  // several hints for one step (a chain of steps): one pop-up
    shown[key] = true;
    setTimeout(function () { delete shown[key]; }, 10000);
    var el = document.createElement("div");
    el.className = "toast oa-todo-toast";
    el.setAttribute("role", "status");
    var head = document.createElement("div");
    head.className = "toast-header";
    var strong = document.createElement("strong");
    strong.className = "me-auto";
    strong.textContent = "新的待办";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "toast");
    close.setAttribute("aria-label", "关闭");
    head.appendChild(strong);
    head.appendChild(close);
    var body = document.createElement("div");
    body.className = "toast-body";
    body.appendChild(document.createTextNode("您有新的待办："));
    var link = document.createElement("a");
    link.className = "fw-semibold";
    link.href = url;
    link.textContent = title;
    body.appendChild(link);
    el.appendChild(head);
    el.appendChild(body);
    box.appendChild(el);
    el.addEventListener("hidden.bs.toast", function () { el.remove(); });
    if (window.bootstrap && window.bootstrap.Toast) {
      window.bootstrap.Toast.getOrCreateInstance(el, { delay: 8000 }).show();
    } else {
      el.classList.add("show");
    }
  }

  document.body.addEventListener("oa:todo-changed", function (event) {
    var fresh = event.detail && event.detail["new"];
    if (!fresh || typeof fresh.title !== "string" || typeof fresh.url !== "string") { return; }
    if (fresh.url.charAt(0) !== "/" || fresh.url.charAt(1) === "/") { return; }  // this site's pages only
    toast(fresh.title, fresh.url);
  });
})();
