/* Circles of Support: the "Copy link" button next to a chapter's stable link.
 *
 * The button shows only where JavaScript runs (<html class="js">); the address stays on the page as text
 * that can be selected and copied by hand. Nothing is stored and nothing is sent anywhere.
 */
(function () {
  "use strict";
  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest(".sb-copy-link") : null;
    if (!button) { return; }
    var holder = button.closest(".supportbook-stable-link") || button.parentNode;
    var text = holder.querySelector(".supportbook-stable-url");
    var status = holder.querySelector(".sb-copy-status");
    var url = button.getAttribute("data-url") || (text ? text.textContent : "");
    function say(message) { if (status) { status.textContent = message; } }
    function byHand() {
      if (text) { selectText(text); }
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      say(copied ? "Link copied." : "The link is selected: press Ctrl+C (or Command+C) to copy it.");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { say("Link copied."); }, byHand);
    } else {
      byHand();
    }
  });
})();
