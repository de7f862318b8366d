/* Small behaviours of every page, kept out of the HTML: the Content-Security-Policy allows scripts
   from /static/ only (no inline <script>, no on…= attributes; docs/security.md). */
(function () {
  "use strict";
  // <select data-oa-autosubmit>: choosing a filter value submits its form at once.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLElement && field.hasAttribute("data-oa-autosubmit") && field.form) {
      field.form.submit();
    }
  });

  // An upload form (templates/uploads/_declaration.html) with a file chosen but the 承诺 not ticked or no 密级:
  // the submit does not leave the page, so the chosen files stay in the form. The gate would refuse the files
  // anyway, and undeclared bytes are never kept on the server (docs/uploads.md).
  function missingDeclaration(form) {
    var chosen = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files && input.files.length > 0;
    }) || form.querySelector("input[name=staged]") !== null;  // kept from a failed submit (oa/uploads/staging.py)
    if (!chosen) return null;
    var tick = form.querySelector("input[name=declaration_accepted]");
    var level = form.querySelector("select[name=declared_level]");
    if (tick && !tick.checked) return {field: tick, text: "请勾选承诺后再提交：所选文件仍在，无需重新选择。"};
    if (level && !level.value) return {field: level, text: "请选择文件密级后再提交：所选文件仍在，无需重新选择。"};
    return null;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var note = form instanceof HTMLFormElement && form.querySelector(".oa-declaration-missing");
    if (!note) return;
    var missing = missingDeclaration(form);
    note.hidden = !missing;
    if (!missing) return;
    event.preventDefault();
    note.textContent = missing.text;
    missing.field.classList.add("is-invalid");
    missing.field.scrollIntoView({block: "center"});
    missing.field.focus();
  }, true);

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!(field instanceof HTMLElement) || !field.form) return;
    var note = field.form.querySelector(".oa-declaration-missing");
    if (note && (field.name === "declaration_accepted" || field.name === "declared_level")) {
      field.classList.remove("is-invalid");
      if (!missingDeclaration(field.form)) note.hidden = true;
    }
  });

  // A destructive button or link (作废、退回、撤回、删除…) carries data-confirm="…": the person confirms first.
  // Without JavaScript the action simply runs (the services still check who may do it).
  document.addEventListener("click", function (event) {
    var control = event.target instanceof Element ? event.target.closest("[data-confirm]") : null;
    if (!control || control.tagName === "FORM") return;
    if (!window.confirm(control.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // <button data-oa-busy="正在生成通报…">: a step that takes seconds (a report generated while you wait, three
  // steps in one click, a batch) shows at once that it is running — the button says so with a spinner and
  // cannot be pressed twice. Disabled a tick later, so that the button's own name/value is still sent.
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    var button = event.submitter;
    if (!(button instanceof HTMLElement) || !button.hasAttribute("data-oa-busy")) return;
    setTimeout(function () {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      button.textContent = "";
      var spinner = document.createElement("span");
      spinner.className = "spinner-border spinner-border-sm me-2";
      spinner.setAttribute("aria-hidden", "true");
      button.appendChild(spinner);
      button.appendChild(document.createTextNode(button.getAttribute("data-oa-busy") || "正在处理…"));
    }, 0);
  });
})();
