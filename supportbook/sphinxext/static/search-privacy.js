/* Circles of Support: the search words do not stay in the address bar or the tab's history.
 *
 * searchtools.js reads `?q=...` when the page is ready; this runs just after it (it is loaded later
 * and waits for the same moment) and replaces the address with the plain search page, so the words
 * are neither shown nor kept in this history entry. The results stay on the page.
 */
(function () {
  "use strict";
  function forget() {
    var params = new URLSearchParams(window.location.search);
    if (!params.has("q") && !params.has("highlight")) { return; }
    params.delete("q");
    params.delete("highlight");
    params.delete("check_keywords");
    params.delete("area");
    var rest = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (rest ? "?" + rest : "") + window.location.hash);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { window.setTimeout(forget, 0); });
  } else {
    window.setTimeout(forget, 0);
  }
})();
