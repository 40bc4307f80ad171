/* Circles of Support: quick exit and print control.
 *
 * "Leave this site" (or Esc pressed twice within 1.5 seconds) hides the page at once and replaces it
 * with a neutral site using location.replace(), so the Back button does not return to it.
 * Nothing is loaded from another host until the reader acts, and nothing is stored: no cookies, no
 * localStorage, no sessionStorage.
 */
(function () {
  "use strict";
  var link = document.getElementById("sb-quick-exit");
  if (!link) { return; }
  var target = link.getAttribute("href");
  var leaving = false;

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

  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    if (event.repeat) { return; } /* a key held down is not a double press */
    var now = Date.now();
    if (now - lastEscape < 1500) {
      leave(event);
      return;
    }
    lastEscape = now;
  });

  /* If the browser restores this page from its back/forward cache, show it again. */
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.body) {
      leaving = false;
      document.body.hidden = false;
    }
  });

  var print = document.getElementById("sb-print");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
