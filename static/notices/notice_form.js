/* The notice form: show the department or people chooser only for the audience that uses it. */
(function () {
  "use strict";
  var audience = document.getElementById("id_audience");
  if (!audience) { return; }
  var blocks = {
    departments: document.getElementById("id_audience_departments"),
    people: document.getElementById("id_audience_people")
  };
  function sync() {
    Object.keys(blocks).forEach(function (key) {
      var field = blocks[key];
      if (field) { field.closest(".mb-3").hidden = audience.value !== key; }
    });
  }
  audience.addEventListener("change", sync);
  sync();
})();
