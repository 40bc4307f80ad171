/* Circles of Support: the compact safety line (web site only).
 *
 * Loaded right after the box (safety.py puts the <script src> there), so the box is folded before the
 * rest of the page is drawn and nothing moves. On pages whose safety box is marked
 * "supportbook-safety-compact", show one line: the reader's own
 * country (its emergency number and one 24/7 line, as large tap targets), with "Other countries" opening
 * the whole box. The country is guessed from the browser's time zone and language, here, in the page:
 * nothing is stored and nothing is requested. Without JavaScript, and in print, the whole box shows; the
 * words are the box's own, moved, never rewritten.
 */
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".supportbook-safety-compact");
  if (!boxes.length) { return; }

  var CANADA = /^(America\/(Toronto|Montreal|Vancouver|Edmonton|Winnipeg|Regina|Halifax|St_Johns|Moncton|Glace_Bay|Goose_Bay|Whitehorse|Dawson|Dawson_Creek|Fort_Nelson|Creston|Yellowknife|Inuvik|Iqaluit|Rankin_Inlet|Resolute|Cambridge_Bay|Swift_Current|Atikokan|Coral_Harbour|Blanc-Sablon|Nipigon|Thunder_Bay|Rainy_River|Pangnirtung)|Canada\/.+)$/;
  var STATES = /^(America\/(New_York|Chicago|Denver|Los_Angeles|Phoenix|Anchorage|Juneau|Sitka|Nome|Yakutat|Metlakatla|Adak|Boise|Detroit|Menominee|Indianapolis|Louisville|Fort_Wayne|Knox_IN|Shiprock|Puerto_Rico|Indiana\/.+|Kentucky\/.+|North_Dakota\/.+)|Pacific\/(Honolulu|Guam|Saipan|Pago_Pago)|US\/.+)$/;
  var ZONES = [
    [/^(Europe\/(London|Belfast|Guernsey|Isle_of_Man|Jersey)|GB|GB-Eire)$/, "uk"],
    [/^(Europe\/Dublin|Eire)$/, "ie"],
    [/^(Australia\/.+|Antarctica\/Macquarie)$/, "au"],
    [/^(Pacific\/(Auckland|Chatham)|Antarctica\/(McMurdo|South_Pole)|NZ|NZ-CHAT)$/, "nz"],
    [CANADA, "ca"],
    [STATES, "us"]
  ];
  var REGIONS = { US: "us", CA: "ca", GB: "uk", UK: "uk", IE: "ie", AU: "au", NZ: "nz" };

  function fromZone(zone) {
    for (var i = 0; i < ZONES.length; i += 1) {
      if (ZONES[i][0].test(zone)) { return ZONES[i][1]; }
    }
    return "";
  }

  function fromLanguage() {
    var tags = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < tags.length; i += 1) {
      var match = /^[a-z]{2,3}(?:-[a-z]{4})?-([a-z]{2})(?:-|$)/i.exec(tags[i] || "");
      if (match && REGIONS[match[1].toUpperCase()]) { return REGIONS[match[1].toUpperCase()]; }
    }
    return "";
  }

  /* The time zone says where the reader is; a language such as en-GB says only where it is spoken.
     A zone that names no country (UTC, often set to hide it) leaves the language to decide; a zone in
     some other country shows "Anywhere else". */
  function guess() {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { zone = ""; }
    var found = fromZone(zone);
    if (found) { return found; }
    if (zone && zone.indexOf("/") > 0 && !/^Etc\//.test(zone)) { return "intl"; }
    return fromLanguage();
  }

  var code = guess();
  if (!code) { return; }  /* nothing to go on: the whole box stays */

  Array.prototype.forEach.call(boxes, function (box, index) {
    if (box.querySelector(".sb-safety-more")) { return; }  /* done already */
    var list = box.querySelector(".supportbook-safety-list");
    var title = box.querySelector(".admonition-title");
    var mine = list && (list.querySelector(".supportbook-safety-" + code) || list.querySelector(".supportbook-safety-intl"));
    if (!mine || !title) { return; }
    list.insertBefore(mine, list.firstChild);
    mine.classList.add("sb-mine");
    if (!list.id) { list.id = "sb-safety-list-" + (index + 1); }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sb-safety-more";
    button.textContent = "Other countries";
    button.setAttribute("aria-controls", list.id);
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var compact = box.classList.toggle("sb-compact");
      button.setAttribute("aria-expanded", compact ? "false" : "true");
    });
    title.appendChild(button);
    box.classList.add("sb-compact");
  });
})();
