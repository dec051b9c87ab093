/* Shareable anchors: when the URL names an element inside a closed <details> (a scenario
   or a proof under its requirement, a group of the matrix), open it and bring the element
   into view. A socle requirement's second anchor (.segur-alias) highlights its block. */
(function () {
  "use strict";
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) { return; }
    var el = document.getElementById(id);
    if (!el) { return; }
    for (var d = el.parentElement; d; d = d.parentElement) {
      if (d.tagName === "DETAILS" && !d.open) { d.open = true; }
    }
    document.querySelectorAll(".segur-targeted").forEach(function (x) { x.classList.remove("segur-targeted"); });
    var block = el.classList.contains("segur-alias") ? el.parentElement : el;
    block.classList.add("segur-targeted");
    block.scrollIntoView({ block: "start" });
  }
  window.addEventListener("hashchange", reveal);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", reveal); }
  else { reveal(); }
})();

/* Notebook outputs holding a table (pandas) scroll inside their own frame on narrow
   screens: make each frame focusable and named, so it can be scrolled from the keyboard. */
(function () {
  "use strict";
  function frames() {
    document.querySelectorAll(".bd-article .cell_output .output").forEach(function (out) {
      var table = out.querySelector("table");
      if (!table || out.hasAttribute("tabindex")) { return; }
      var section = out.closest("section");
      var title = section && section.querySelector("h1, h2, h3");
      out.classList.add("segur-output-frame");
      out.setAttribute("tabindex", "0");
      out.setAttribute("role", "region");
      out.setAttribute("aria-label", "Tableau" + (title ? " — " + title.textContent.replace("#", "").trim() : ""));
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", frames); }
  else { frames(); }
})();
