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
})();
