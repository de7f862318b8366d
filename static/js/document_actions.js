/* The 办理 panel of the document and delivery pages.
   - The earlier opinions (审批记录) scroll to the latest, which sits just above the opinion box.
   - The signature pad works with finger, pen or mouse (pointer events; touch events where those are missing),
     sharp on high-density screens (the canvas has devicePixelRatio pixels per CSS pixel) and keeps the drawing
     when the tablet turns. 常用意见 are static/js/phrases.js's.
   After a refused step the page comes back with the drawing in the hidden field: it is drawn on the pad again. */
(function () {
  "use strict";
  var trail = document.querySelector(".oa-panel .oa-trail");
  if (trail) { trail.scrollTop = trail.scrollHeight; }
  var form = document.getElementById("oa-action-form");
  var bar = document.getElementById("oa-act-bar");
  function line_up() {  // beside the text (wide screens) the fixed bar sits under the panel, as wide as it
    if (!bar || !form) { return; }
    var wide = window.matchMedia("(min-width: 992px)").matches, box = form.getBoundingClientRect();
    bar.style.left = wide ? box.left + "px" : "";
    bar.style.width = wide ? box.width + "px" : "";
    bar.style.right = wide ? "auto" : "";
  }
  line_up();
  window.addEventListener("resize", line_up);
  var canvas = document.getElementById("oa-signature");
  if (!form || !canvas) { return; }
  var hidden = document.getElementById("id_signature");
  var context = canvas.getContext("2d");
  var drawing = false, drawn = false, last = null, ratio = 1;

  function pen() {
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.lineWidth = 3.2; context.lineCap = "round"; context.lineJoin = "round"; context.strokeStyle = "#111";
  }
  function paint(url) {  // a drawing (data URL) onto the whole pad
    var image = new Image();
    image.onload = function () {
      var box = canvas.getBoundingClientRect();
      context.drawImage(image, 0, 0, box.width, box.height); drawn = true;
    };
    image.src = url;
  }
  function fit() {  // the canvas's pixels follow its CSS size × devicePixelRatio; what was drawn stays
    var box = canvas.getBoundingClientRect();
    if (!box.width || !box.height) { return; }
    var next = window.devicePixelRatio || 1;
    var width = Math.round(box.width * next), height = Math.round(box.height * next);
    if (canvas.width === width && canvas.height === height) { return; }
    var keep = drawn ? canvas.toDataURL("image/png") : "";
    ratio = next; canvas.width = width; canvas.height = height; pen();
    if (keep) { paint(keep); }
  }
  fit();
  if (hidden.value.indexOf("data:image/png;base64,") === 0) { paint(hidden.value); }
  var resizing = null;
  window.addEventListener("resize", function () { clearTimeout(resizing); resizing = setTimeout(fit, 150); });

  function at(event) {
    var box = canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }
  function start(point) { drawing = true; last = point; context.beginPath(); context.moveTo(point.x, point.y); }
  function line(point) {
    if (!drawing) { return; }
    context.beginPath(); context.moveTo(last.x, last.y); context.lineTo(point.x, point.y); context.stroke();
    last = point; drawn = true;
  }
  function stop() { drawing = false; last = null; }

  if (window.PointerEvent) {
    canvas.addEventListener("pointerdown", function (event) {
      if (event.button > 0) { return; }
      canvas.setPointerCapture(event.pointerId); start(at(event)); event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
      (events.length ? events : [event]).forEach(function (each) { line(at(each)); });
      event.preventDefault();
    });
    ["pointerup", "pointercancel"].forEach(function (name) { canvas.addEventListener(name, stop); });
  } else {  // older tablets: touch events, and the mouse
    canvas.addEventListener("touchstart", function (event) { start(at(event.touches[0])); event.preventDefault(); }, { passive: false });
    canvas.addEventListener("touchmove", function (event) { line(at(event.touches[0])); event.preventDefault(); }, { passive: false });
    canvas.addEventListener("touchend", stop);
    canvas.addEventListener("mousedown", function (event) { start(at(event)); });
    canvas.addEventListener("mousemove", function (event) { line(at(event)); });
    window.addEventListener("mouseup", stop);
  }
  document.getElementById("oa-signature-clear").addEventListener("click", function () {
    context.setTransform(1, 0, 0, 1, 0, 0); context.clearRect(0, 0, canvas.width, canvas.height); pen();
    drawn = false; hidden.value = "";
  });
  function exported() {  // at most 2 pixels per CSS pixel: sharp in print, well within the 300 KB limit
    if (ratio <= 2) { return canvas.toDataURL("image/png"); }
    var copy = document.createElement("canvas"), box = canvas.getBoundingClientRect();
    copy.width = Math.round(box.width * 2); copy.height = Math.round(box.height * 2);
    copy.getContext("2d").drawImage(canvas, 0, 0, copy.width, copy.height);
    return copy.toDataURL("image/png");
  }
  form.addEventListener("submit", function () {
    hidden.value = drawn ? exported() : "";
  });
})();
