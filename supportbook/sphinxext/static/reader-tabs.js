/* Circles of Support: "For families" and "For educators" as two tabs (supportbook/sphinxext/readers.py).
   WAI-ARIA tabs: arrow keys, Home and End move between them. A link to anything inside a panel opens that
   panel; so does the browser's find-in-page where it supports hidden="until-found". Without this script,
   and in print, both sections show. Nothing is stored: the next visit opens "For families" again. */
(function () {
  "use strict";
  var pairs = [];

  function select(pair, index, focus) {
    pair.tabs.forEach(function (tab, i) {
      var on = i === index;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      if (on) {
        pair.panels[i].removeAttribute("hidden");
      } else if ("onbeforematch" in document.body) {
        pair.panels[i].setAttribute("hidden", "until-found");
      } else {
        pair.panels[i].hidden = true;
      }
    });
    if (focus) pair.tabs[index].focus();
  }

  function build(families) {
    var educators = families.nextElementSibling;
    while (educators && educators.tagName !== "SECTION") educators = educators.nextElementSibling;
    if (!educators || !educators.classList.contains("supportbook-reader-educators")) return;
    var panels = [families, educators];
    var list = document.createElement("div");
    list.className = "sb-reader-tabs";
    list.setAttribute("role", "tablist");
    list.setAttribute("aria-label", "Who is reading");
    var pair = { tabs: [], panels: panels };
    panels.forEach(function (panel, i) {
      var heading = panel.querySelector("h2, h3");
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "sb-reader-tab";
      tab.setAttribute("role", "tab");
      tab.id = panel.id + "-tab";
      tab.setAttribute("aria-controls", panel.id);
      tab.textContent = heading ? heading.textContent.replace(/[¶#]\s*$/, "").trim() : "";
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.classList.add("sb-reader-panel");
      tab.addEventListener("click", function () { select(pair, i, false); });
      tab.addEventListener("keydown", function (event) {
        var last = pair.tabs.length - 1, to = null;
        if (event.key === "ArrowRight") to = i === last ? 0 : i + 1;
        else if (event.key === "ArrowLeft") to = i === 0 ? last : i - 1;
        else if (event.key === "Home") to = 0;
        else if (event.key === "End") to = last;
        if (to !== null) { event.preventDefault(); select(pair, to, true); }
      });
      panel.addEventListener("beforematch", function () { select(pair, i, false); });
      pair.tabs.push(tab);
      list.appendChild(tab);
    });
    families.parentNode.insertBefore(list, families);
    pairs.push(pair);
    select(pair, 0, false);
  }

  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    pairs.forEach(function (pair) {
      pair.panels.forEach(function (panel, i) {
        if (panel !== target && panel.contains(target) && panel.hasAttribute("hidden")) {
          select(pair, i, false);
          target.scrollIntoView();
          // The browser's own jump to the address's #part may run again while the page loads.
          window.addEventListener("load", function () { target.scrollIntoView(); }, { once: true });
        } else if (panel === target || target === pair.tabs[i]) {
          select(pair, i, false);
        }
      });
    });
  }

  document.querySelectorAll("section.supportbook-reader-families").forEach(build);
  if (pairs.length) {
    openTarget();
    window.addEventListener("hashchange", openTarget);
  }
})();
