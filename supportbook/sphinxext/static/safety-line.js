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

  var LINE = "supportbook-safety-";  /* a country's line: supportbook-safety-uk, ...-intl for anywhere else */

  /* Which country each line is for, and the time zones and language regions that point to it: the
     data-zones (IANA names; "Area/*" is every zone under Area/) and data-regions (region subtags such as
     the GB of en-GB) of the country's name that opens its line, written from each country's block in
     resources.yml. The table is the page's, not this file's. */
  function countryOf(line) {
    for (var i = 0; i < line.classList.length; i += 1) {
      if (line.classList[i].indexOf(LINE) === 0) { return line.classList[i].slice(LINE.length); }
    }
    return "";
  }

  function words(element, attribute) {
    return (element.getAttribute(attribute) || "").split(" ").filter(function (word) { return word; });
  }

  function readTable(box) {
    var table = [];
    Array.prototype.forEach.call(box.querySelectorAll(".supportbook-safety-list > li"), function (line) {
      var code = countryOf(line);
      var name = line.querySelector("[data-zones], [data-regions]");
      if (code && name) {
        table.push({ code: code, zones: words(name, "data-zones"), regions: words(name, "data-regions") });
      }
    });
    return table;
  }

  function zoneIs(pattern, zone) {
    if (pattern.slice(-2) === "/*") {
      var area = pattern.slice(0, -1);
      return zone.length > area.length && zone.indexOf(area) === 0;
    }
    return zone === pattern;
  }

  function fromZone(table, zone) {
    for (var i = 0; i < table.length; i += 1) {
      for (var j = 0; j < table[i].zones.length; j += 1) {
        if (zoneIs(table[i].zones[j], zone)) { return table[i].code; }
      }
    }
    return "";
  }

  function fromLanguage(table) {
    var tags = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < tags.length; i += 1) {
      var match = /^[a-z]{2,3}(?:-[a-z]{4})?-([a-z]{2})(?:-|$)/i.exec(tags[i] || "");
      if (!match) { continue; }
      for (var j = 0; j < table.length; j += 1) {
        if (table[j].regions.indexOf(match[1].toUpperCase()) >= 0) { return table[j].code; }
      }
    }
    return "";
  }

  /* The time zone says where the reader is; a language such as en-GB says only where it is spoken.
     A zone that names no country (UTC, often set to hide it) leaves the language to decide; a zone in
     some other country shows "Anywhere else". */
  function guess(table) {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { zone = ""; }
    var found = fromZone(table, zone);
    if (found) { return found; }
    if (zone && zone.indexOf("/") > 0 && !/^Etc\//.test(zone)) { return "intl"; }
    return fromLanguage(table);
  }

  var code = guess(readTable(boxes[0]));
  if (!code) { return; }  /* nothing to go on: the whole box stays */

  Array.prototype.forEach.call(boxes, function (box, index) {
    if (box.querySelector(".sb-safety-more")) { return; }  /* done already */
    var list = box.querySelector(".supportbook-safety-list");
    var title = box.querySelector(".admonition-title");
    var mine = list && (list.querySelector("." + LINE + code) || list.querySelector("." + LINE + "intl"));
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
