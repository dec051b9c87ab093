/* Searchable, filterable requirement tables (DataTables, served by the site itself).

   Each table.segur-dt names a <script type="application/json"> holding
   {rows: [[cell html]], filters: [{col, label, values: [value | [values]] per row}]}.
   Cell html is escaped by the site generator (build_tools.book.html.h); filter values are
   plain text and only ever reach the page through textContent / option.value. */
(function () {
  "use strict";
  var active = [];   // per table: {settings, filters: [{values, select}]}

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

  function init(table) {
    var src = document.getElementById(table.getAttribute("data-source"));
    if (!src) { return; }
    var payload = JSON.parse(src.textContent);
    var dt = new DataTable(table, {
      data: payload.rows, deferRender: true, order: [], autoWidth: false,
      pageLength: parseInt(table.getAttribute("data-page-length") || "25", 10),
      language: { search: "Rechercher :", lengthMenu: "_MENU_ par page",
        info: "_START_ à _END_ sur _TOTAL_", infoEmpty: "aucune ligne",
        infoFiltered: "(filtré de _MAX_)", zeroRecords: "Aucune ligne ne correspond",
        emptyTable: "Aucune ligne" }
    });
    var bar = document.createElement("div");
    bar.className = "segur-filters";
    var entry = { table: table, filters: [] };
    payload.filters.forEach(function (f) {
      var seen = {};
      f.values.forEach(function (v) {
        (Array.isArray(v) ? v : [v]).forEach(function (x) { if (x !== "") { seen[x] = true; } });
      });
      var label = document.createElement("label");
      label.textContent = f.label + " ";
      var sel = document.createElement("select");
      sel.setAttribute("data-filter", f.label);
      var all = document.createElement("option");
      all.value = ""; all.textContent = "(tous)";
      sel.appendChild(all);
      Object.keys(seen).sort().forEach(function (x) {
        var o = document.createElement("option");
        o.value = x; o.textContent = x; sel.appendChild(o);
      });
      sel.addEventListener("change", function () { dt.draw(); });
      label.appendChild(sel);
      bar.appendChild(label);
      entry.filters.push({ values: f.values, select: sel });
    });
    active.push(entry);
    var wrapper = table.closest(".dt-container") || table;
    wrapper.parentNode.insertBefore(bar, wrapper);
  }

  function start() { document.querySelectorAll("table.segur-dt").forEach(init); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
