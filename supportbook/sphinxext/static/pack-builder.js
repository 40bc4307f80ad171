/* Circles of Support: the pack builder on the assigning page and its printable page
   (supportbook/sphinxext/packbuilder.py). Nothing is stored or sent: the ticked parts travel in the
   address's fragment ("#parts=..."), which a browser never sends to a server, and no page is fetched,
   so it works from a web server and opened from disk alike. */
(function () {
  "use strict";

  function keysFromHash() {
    var match = /(?:^#|&)parts=([^&]*)/.exec(window.location.hash);
    if (!match) { return []; }
    return decodeURIComponent(match[1]).split(",").filter(function (key) { return key !== ""; });
  }

  var form = document.getElementById("sb-pack-form");
  if (form) {
    var status = form.querySelector(".sb-pack-status");
    var boxes = form.querySelectorAll('input[name="part"]');
    var wanted = keysFromHash();
    if (wanted.length) {  // back from the printable page: tick what it held
      boxes.forEach(function (box) { box.checked = wanted.indexOf(box.value) !== -1; });
      form.scrollIntoView();
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var keys = [];
      boxes.forEach(function (box) { if (box.checked) { keys.push(box.value); } });
      if (!keys.length) {
        status.textContent = "Tick at least one chapter, exercises page or lesson plan first.";
        return;
      }
      window.location.href = form.getAttribute("action") + "#parts=" + keys.join(",");
    });
  }

  var print = document.getElementById("sb-pack-print");
  if (print) {
    var summary = print.querySelector(".sb-pack-summary");
    var change = print.querySelector(".sb-pack-actions a");
    var back = change ? change.getAttribute("href").split("#")[0] : "";
    var show = function () {
      var keys = keysFromHash();
      var titles = [];
      print.querySelectorAll(".sb-pack-part").forEach(function (part) {
        var key = part.getAttribute("data-part");
        var on = key === "safety" || keys.indexOf(key) !== -1;
        part.hidden = !on;
        if (on && key !== "safety") {
          var heading = part.querySelector("h1");
          titles.push(heading ? heading.textContent.trim() : key);
        }
      });
      summary.textContent = titles.length
        ? "This pack holds " + titles.length + " part" + (titles.length === 1 ? "" : "s") + ": " +
          titles.join("; ") + ". The safety resources close it."
        : "Nothing is ticked yet: choose the parts in the pack builder. The safety resources are below.";
      if (change) { change.setAttribute("href", back + (keys.length ? "#parts=" + keys.join(",") : "#assigning-builder")); }
    };
    show();
    window.addEventListener("hashchange", show);
    var button = print.querySelector(".sb-pack-print-now");
    if (button) { button.addEventListener("click", function () { window.print(); }); }
  }
})();
