/* 常用意见 (templates/includes/phrase_buttons.html): a button .oa-phrase puts its phrase into the field whose
   id is its data-target, and puts the cursor there. One listener for the page, however many fields offer
   phrases (the include, and so this script, may appear more than once). */
(function () {
  "use strict";
  if (window.oaPhrases) { return; }
  window.oaPhrases = true;
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".oa-phrase[data-target]");
    if (!button) { return; }
    var field = document.getElementById(button.dataset.target);
    if (!field) { return; }
    field.value = button.dataset.phrase;
    field.focus();
  });
})();
