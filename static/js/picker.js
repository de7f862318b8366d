/* The 拟稿 form's pickers (templates/documents/_picker.html): a search box filtering the checkboxes, one-tap
   groups (市直各单位, 试运行单位…), a count and 清空; a unit ticked for 主送 is unticked in 抄送 and the other way
   round (the save refuses a unit in both); the 主送 line as it prints, kept current; a warning when the body
   starts with a 主送 line of its own (the save moves it out: documents/services/drafting.py split_salutation).
   Without JavaScript the pickers are plain checkboxes and the form posts the same. */
(function () {
  "use strict";
  var form = document.getElementById("oa-document-form");
  if (!form) { return; }
  var pickers = Array.prototype.slice.call(form.querySelectorAll("[data-oa-picker]"));

  function boxes(picker) { return Array.prototype.slice.call(picker.querySelectorAll("input[type=checkbox]")); }
  function pickerFor(name) { return form.querySelector('[data-oa-picker="' + name + '"]'); }

  function count(picker) {
    var chosen = boxes(picker).filter(function (box) { return box.checked; }).length;
    var label = picker.querySelector(".oa-picker-count");
    label.hidden = false;
    label.textContent = chosen ? "已选 " + chosen + " 项" : "未选";
    picker.querySelector(".oa-picker-clear").hidden = chosen === 0;
  }

  function preview() {
    var line = form.querySelector(".oa-main-preview-line");
    var main = pickerFor("main_departments");
    if (!line || !main) { return; }
    var names = boxes(main).filter(function (box) { return box.checked; })
      .sort(function (a, b) { return Number(a.dataset.order) - Number(b.dataset.order); })
      .map(function (box) { return box.dataset.label; });
    var note = form.querySelector("[name=recipients_note]");
    if (note && note.value.trim()) { names.push(note.value.trim()); }
    line.textContent = names.length ? names.join("、") + "：" : "（尚未选择主送机关）";
  }

  // Mirrors documents/services/drafting.py SALUTATION (the save is where the rule is applied).
  var SALUTATION = /^(各[^。；！？：:\n]{1,60}|[^，。；！？：:\n]{1,40}(单位|部门|机关|政府|局|委|办|办公室|厅|室|中心|会|院|处|科|所|站|同志|公司))[：:]$/;
  function salutation() {
    var body = form.querySelector("[name=body]");
    var warning = form.querySelector(".oa-salutation-warning");
    if (!body || !warning) { return; }
    var first = body.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean)[0] || "";
    var match = SALUTATION.test(first);
    warning.hidden = !match;
    if (match) { warning.querySelector(".oa-salutation-text").textContent = first; }
  }

  function exclusive(box) {
    var other = { main_departments: "copy_departments", copy_departments: "main_departments" }[box.name];
    var picker = other && pickerFor(other);
    if (!picker || !box.checked) { return; }
    boxes(picker).forEach(function (twin) { if (twin.value === box.value && twin.checked) { twin.checked = false; } });
    count(picker);
  }

  pickers.forEach(function (picker) {
    picker.querySelector(".oa-picker-tools").hidden = false;
    var search = picker.querySelector("[data-oa-picker-search]");
    search.addEventListener("input", function () {
      var words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      picker.querySelectorAll(".oa-picker-item").forEach(function (item) {
        var hit = words.every(function (word) { return item.dataset.search.indexOf(word) !== -1; });
        item.hidden = !hit;
        if (hit) { shown += 1; }
      });
      picker.querySelectorAll(".oa-picker-section").forEach(function (section) {
        section.hidden = !section.querySelector(".oa-picker-item:not([hidden])");
      });
      picker.querySelector(".oa-picker-none").hidden = shown > 0;
    });
    search.addEventListener("keydown", function (event) {  // Enter in the search box does not submit the form
      if (event.key === "Enter") { event.preventDefault(); }
    });
    picker.querySelectorAll("[data-oa-picker-group]").forEach(function (button) {
      button.addEventListener("click", function () {
        var ids = button.dataset.oaPickerGroup.split(",");
        boxes(picker).forEach(function (box) {
          if (ids.indexOf(box.value) !== -1 && !box.checked) { box.checked = true; exclusive(box); }
        });
        count(picker); preview();
      });
    });
    picker.querySelector(".oa-picker-clear").addEventListener("click", function () {
      boxes(picker).forEach(function (box) { box.checked = false; });
      count(picker); preview();
    });
    picker.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") { exclusive(event.target); count(picker); preview(); }
    });
    count(picker);
  });
  form.addEventListener("input", function (event) {
    if (event.target.name === "recipients_note") { preview(); }
    if (event.target.name === "body") { salutation(); }
  });
  preview(); salutation();
})();
