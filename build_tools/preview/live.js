/* segur serve: reload the page when the site was rebuilt; show the problems of the edited
   files as a banner (text only: every value goes through textContent). */
(function () {
  "use strict";
  var me = document.currentScript;
  var shown = me ? me.getAttribute("data-generation") : null;
  var KEY = "segur-live-scroll:" + location.pathname;
  try {
    var y = sessionStorage.getItem(KEY);
    if (y !== null) { sessionStorage.removeItem(KEY); window.addEventListener("load", function () { window.scrollTo(0, +y); }); }
  } catch (e) { /* storage disabled: no scroll restore */ }

  function banner(problems, building) {
    var box = document.getElementById("segur-live-problems");
    if (!problems.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "segur-live-problems";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:10000;max-height:40vh;overflow:auto;" +
        "background:#fff4f4;color:#6e0000;border-top:3px solid #ce0500;padding:.6em 1em;font:14px/1.4 monospace";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var head = document.createElement("strong");
    head.textContent = problems.length + " problème(s) dans les fichiers modifiés" +
      (building ? "" : " — la page affichée est la dernière version construite sans erreur");
    box.appendChild(head);
    var ul = document.createElement("ul");
    ul.style.margin = ".3em 0 0";
    problems.forEach(function (p) {
      var li = document.createElement("li");
      li.textContent = p.path + ":" + p.line + ": " + p.code + " " + p.message + (p.hint ? " — " + p.hint : "");
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  function connect() {
    var es = new EventSource("/_segur/events");
    es.addEventListener("state", function (ev) {
      var s = JSON.parse(ev.data);
      if (shown !== null && String(s.generation) !== shown) {
        try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (e) { /* ignore */ }
        es.close();
        location.reload();
        return;
      }
      banner(s.problems, s.built);
    });
    es.onerror = function () { es.close(); setTimeout(connect, 1000); };
  }
  connect();
})();
