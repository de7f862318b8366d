/* The action panel: a signature pad that works with finger, pen or mouse; 常用意见 are static/js/phrases.js's.
   After a refused step the page comes back with the drawing in the hidden field: it is drawn on the pad again. */
(function () {
  "use strict";
  var form = document.getElementById("oa-action-form");
  if (!form) { return; }
  var canvas = document.getElementById("oa-signature");
  if (!canvas) { return; }
  var hidden = document.getElementById("id_signature");
  var context = canvas.getContext("2d");
  var drawing = false, drawn = false;
  context.lineWidth = 3.2; context.lineCap = "round"; context.lineJoin = "round"; context.strokeStyle = "#111";

  if (hidden.value.indexOf("data:image/png;base64,") === 0) {
    var kept = new Image();
    kept.onload = function () { context.drawImage(kept, 0, 0, canvas.width, canvas.height); drawn = true; };
    kept.src = hidden.value;
  }

  function point(event) {
    var box = canvas.getBoundingClientRect();
    return { x: (event.clientX - box.left) * canvas.width / box.width, y: (event.clientY - box.top) * canvas.height / box.height };
  }
  canvas.addEventListener("pointerdown", function (event) {
    drawing = true; canvas.setPointerCapture(event.pointerId);
    var p = point(event); context.beginPath(); context.moveTo(p.x, p.y); event.preventDefault();
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) { return; }
    var p = point(event); context.lineTo(p.x, p.y); context.stroke(); drawn = true; event.preventDefault();
  });
  ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
    canvas.addEventListener(name, function () { drawing = false; });
  });
  document.getElementById("oa-signature-clear").addEventListener("click", function () {
    context.clearRect(0, 0, canvas.width, canvas.height); drawn = false; hidden.value = "";
  });
  form.addEventListener("submit", function () {
    hidden.value = drawn ? canvas.toDataURL("image/png") : "";
  });
})();
