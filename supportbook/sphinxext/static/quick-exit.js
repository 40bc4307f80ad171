/* Circles of Support: quick exit and print control.
 *
 * Built on the GOV.UK Design System's "Exit this page": "Leave this site", or Shift pressed three times
 * within five seconds (counted on screen, in #sb-shift-count), blanks the page at once and replaces it
 * with a neutral site using location.replace(), so the Back button does not return to it. The shortcut
 * never fires while the reader is typing in a field, and any other key starts the count again.
 * Nothing is loaded from another host until the reader acts, and nothing is stored: no cookies, no
 * localStorage, no sessionStorage.
 */
(function () {
  "use strict";
  var link = document.getElementById("sb-quick-exit");
  if (!link) { return; }
  var target = link.getAttribute("href");
  var count = document.getElementById("sb-shift-count");
  var leaving = false;
  var PRESSES = 3;
  var WINDOW_MS = 5000;

  function leave(event) {
    if (event) { event.preventDefault(); }
    if (leaving) { return; }
    leaving = true;
    document.title = "";
    if (document.body) { document.body.hidden = true; }
    /* replace(): the page leaves the tab's history, so Back does not return to it. */
    window.location.replace(target);
  }

  link.addEventListener("click", leave);

  var presses = 0;
  var timer = 0;

  /* Shown: "Shift 1 of 3"; read out (as GOV.UK's): "Shift, press 2 more times to leave this site". */
  function show(number) {
    if (!count) { return; }
    var bar = count.parentNode;
    count.textContent = "";
    if (number === 0) {
      count.classList.remove("sb-counting");
      bar.classList.remove("sb-is-counting");
      return;
    }
    var left = PRESSES - number;
    var seen = document.createElement("span");
    seen.setAttribute("aria-hidden", "true");
    seen.textContent = "Shift " + number + " of " + PRESSES;
    var heard = document.createElement("span");
    heard.className = "sb-visually-hidden";
    heard.textContent = "Shift, press " + left + " more " + (left === 1 ? "time" : "times") + " to leave this site";
    count.appendChild(seen);
    count.appendChild(heard);
    count.classList.add("sb-counting");
    bar.classList.add("sb-is-counting");
  }

  function reset() {
    presses = 0;
    window.clearTimeout(timer);
    show(0);
  }

  function typing(element) {
    if (!element || element.nodeType !== 1) { return false; }
    if (element.isContentEditable) { return true; }
    var tag = element.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  /* Counted on key-up, so Shift held down with another key (a capital letter) is not a press. */
  var otherKey = false;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) { otherKey = false; }
      return;
    }
    otherKey = true;
    if (presses) { reset(); }
  });
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { return; }
    var combined = otherKey;
    otherKey = false;
    if (combined || typing(event.target) || typing(document.activeElement)) {
      reset();
      return;
    }
    presses += 1;
    window.clearTimeout(timer);
    if (presses >= PRESSES) {
      reset();
      leave(event);
      return;
    }
    show(presses);
    timer = window.setTimeout(reset, WINDOW_MS);
  });

  /* If the browser restores this page from its back/forward cache, show it again. */
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.body) {
      leaving = false;
      reset();
      document.body.hidden = false;
    }
  });

  /* Printing shows what closed disclosures hold (the appendix's checking details), then closes them again. */
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  var print = document.getElementById("sb-print");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
