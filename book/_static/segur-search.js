/* Site search (Sphinx's searchtools), accent-insensitive and with readable snippets.

   - Words are stemmed without their accents, here and in the index (the site builder strips
     them before stemming too, build_tools/book/sphinx_ext.py): `teleservice` finds
     `téléservice`.
   - Snippets are built from the page text with a space after every cell, item and block,
     without the banner, the page buttons and the data of the requirement tables. */
(function () {
  "use strict";
  function fold(w) { return w.normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }

  if (typeof Stemmer === "function" && !Stemmer.segurFolded) {
    var Original = Stemmer;
    Stemmer = function () {
      var inner = new Original();
      this.stemWord = function (w) { return inner.stemWord(fold(w)); };
    };
    Stemmer.segurFolded = true;
  }

  if (typeof Search === "object" && Search.htmlToText) {
    var DROP = [".headerlink", "script", "style", ".segur-banner", ".bd-header-article", ".segur-filters",
                "nav", ".segur-commenter"];
    var BLOCKS = "th, td, li, p, div, dt, dd, summary, h1, h2, h3, h4, h5, h6, tr, br, caption";
    Search.htmlToText = function (htmlString, anchor) {
      var doc = new DOMParser().parseFromString(htmlString, "text/html");
      DROP.forEach(function (q) { doc.querySelectorAll(q).forEach(function (el) { el.remove(); }); });
      var root = (anchor && doc.querySelector('[role="main"] ' + anchor)) || doc.querySelector('[role="main"]');
      if (!root) { return ""; }
      root.querySelectorAll(BLOCKS).forEach(function (el) { el.appendChild(doc.createTextNode(" ")); });
      var text = root.textContent.replace(/\s+/g, " ").trim();
      // start the snippet shortly before the first word of the query, accents folded on
      // both sides (Sphinx looks for the word as typed, so `teleservice` would miss `téléservice`)
      var folded = fold(text.normalize("NFC")).toLowerCase();
      var words = fold(new URLSearchParams(window.location.search).get("q") || "").toLowerCase()
        .split(/\s+/).filter(function (w) { return w.length > 2; });
      var at = words.map(function (w) { return folded.indexOf(w); })
        .filter(function (i) { return i > -1; }).sort(function (a, b) { return a - b; })[0];
      text = text.normalize("NFC");
      return at > 100 ? "… " + text.slice(at - 100) : text;
    };
  }
})();
