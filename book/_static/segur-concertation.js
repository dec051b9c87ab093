/* The "Commenter" control of each requirement of a draft dispositif.

   The button carries hypothesis's documented `data-hypothesis-trigger` attribute: when the
   hypothesis client is on the page, a click opens its panel. We also select the
   requirement's text, so that the client offers to annotate exactly that passage. When the
   client did not load (closed network, blocked service), the block's message says what to
   do instead. Nothing from the data is read or written here but the element ids. */
(function () {
  "use strict";

  function hypothesisLoaded() {
    return Boolean(document.querySelector("hypothesis-sidebar, hypothesis-adder, iframe.h-sidebar-iframe"));
  }

  function selectRequirement(button) {
    var block = button.closest(".segur-req");
    var text = block && block.querySelector(".segur-enonce");
    if (!text || !window.getSelection) { return; }
    var sel = window.getSelection();
    sel.removeAllRanges();
    var range = document.createRange();
    range.selectNodeContents(text);
    sel.addRange(range);
  }

  function onClick(event) {
    var button = event.currentTarget;
    var msg = button.parentNode.querySelector(".segur-commenter-msg");
    if (hypothesisLoaded()) {
      if (msg) { msg.hidden = true; }
      selectRequirement(button);
    } else if (msg) {
      msg.hidden = false;
    }
  }

  function init() {
    var buttons = document.querySelectorAll(".segur-commenter-btn");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", onClick);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
