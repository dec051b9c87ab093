/* Searchable, filterable requirement tables (DataTables, served by the site itself).

   Each table.segur-dt names a <script type="application/json"> holding
   {rows: [[cell html]], classes: [class per column], filters: [{col, label, key,
   values: [value | [values]] per row}]}.
   Cell html is escaped by the site generator (build_tools.render.html.h); filter values are
   plain text and only ever reach the page through textContent / option.value.

   - Every cell carries its column header in data-label: on narrow screens the CSS shows
     each row as a card (label: value) instead of a wide table.
   - The filters and the search text are kept in the page URL (?dispositif=…&criticite=…&q=…):
     a filtered view can be shared and reopens with the same filters. */
(function () {
  "use strict";
  var active = [];   // per table: {table, filters: [{values, select, key}]}

  DataTable.ext.search.push(function (settings, searchData, rowIndex) {
    for (var t = 0; t < active.length; t++) {
      if (active[t].table !== settings.nTable) { continue; }
      var fs = active[t].filters;
      for (var i = 0; i < fs.length; i++) {
        var want = fs[i].select.value;
        if (!want) { continue; }
        var v = fs[i].values[rowIndex];
        if (Array.isArray(v) ? v.indexOf(want) < 0 : v !== want) { return false; }
      }
    }
    return true;
  });

  function params() { return new URLSearchParams(window.location.search); }

  function saveState(entry, dt) {
    var p = params();
    entry.filters.forEach(function (f) {
      if (f.select.value) { p.set(f.key, f.select.value); } else { p.delete(f.key); }
    });
    var q = dt.search();
    if (q) { p.set("q", q); } else { p.delete("q"); }
    var s = p.toString();
    window.history.replaceState(null, "", window.location.pathname + (s ? "?" + s : "") + window.location.hash);
  }

  function filterBar(table, payload, entry, dt) {
    var bar = document.createElement("div");
    bar.className = "segur-filters";
    var start = params();
    payload.filters.forEach(function (f, n) {
      var seen = {};
      f.values.forEach(function (v) {
        (Array.isArray(v) ? v : [v]).forEach(function (x) { if (x !== "") { seen[x] = true; } });
      });
      var id = (table.id || "segur-dt") + "-filtre-" + n;
      var label = document.createElement("label");
      label.textContent = f.label;
      label.setAttribute("for", id);
      var sel = document.createElement("select");
      sel.id = id;
      sel.setAttribute("data-filter", f.label);
      var all = document.createElement("option");
      all.value = ""; all.textContent = "(tous)";
      sel.appendChild(all);
      Object.keys(seen).sort().forEach(function (x) {
        var o = document.createElement("option");
        o.value = x; o.textContent = x; sel.appendChild(o);
      });
      var wanted = start.get(f.key);
      if (wanted && seen[wanted]) { sel.value = wanted; }
      sel.addEventListener("change", function () { dt.draw(); saveState(entry, dt); });
      var group = document.createElement("span");
      group.className = "segur-filter";
      group.appendChild(label);
      group.appendChild(sel);
      bar.appendChild(group);
      entry.filters.push({ values: f.values, select: sel, key: f.key });
    });
    return bar;
  }

  function init(table, index) {
    var src = document.getElementById(table.getAttribute("data-source"));
    if (!src) { return; }
    if (!table.id) { table.id = "segur-dt-" + index; }
    var payload = JSON.parse(src.textContent);
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent;
    });
    var classes = payload.classes || [];
    var entry = { table: table, filters: [] };
    var q = params().get("q") || "";
    var dt = new DataTable(table, {
      data: payload.rows, deferRender: true, order: [], autoWidth: false,
      search: { search: q },
      pageLength: parseInt(table.getAttribute("data-page-length") || "25", 10),
      columnDefs: [{ targets: "_all", createdCell: function (td, data, row, r, c) {
        td.setAttribute("data-label", headers[c] || "");
      } }].concat(classes.map(function (cls, c) { return { targets: c, className: cls || "" }; })),
      language: { search: "Rechercher :", lengthMenu: "_MENU_ par page",
        info: "_START_ à _END_ sur _TOTAL_", infoEmpty: "aucune ligne",
        infoFiltered: "(filtré de _MAX_)", zeroRecords: "Aucune ligne ne correspond",
        emptyTable: "Aucune ligne",
        paginate: { first: "Première page", previous: "Page précédente", next: "Page suivante",
                    last: "Dernière page" },
        aria: { paginate: { first: "Première page", previous: "Page précédente", next: "Page suivante",
                            last: "Dernière page" } } }
    });
    var bar = filterBar(table, payload, entry, dt);
    active.push(entry);
    var wrapper = table.closest(".dt-container") || table;
    wrapper.parentNode.insertBefore(bar, wrapper);
    dt.on("search.dt", function () { saveState(entry, dt); });
    if (entry.filters.some(function (f) { return f.select.value; })) { dt.draw(); }
    table.setAttribute("data-segur-ready", "1");
  }

  function start() { document.querySelectorAll("table.segur-dt").forEach(init); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
