// Roundbook's pages work without JavaScript; this adds sorting and filtering on top.
// Material's document$ emits on every page view (also with instant loading), so each page is
// set up once, whichever way it was reached.
(function () {
  "use strict";

  // Index tables sort by clicking a heading. A cell whose figure carries data-sort (its dollar
  // worth) sorts by that number; the last such figure wins, the dollar equivalent when both show.
  // Templates write data-sort only for these tables (`sortable=True` in environment.py).
  function setUpSortableTables() {
    document.querySelectorAll(".rb-sortable table:not([data-rb-ready])").forEach(function (table) {
      table.setAttribute("data-rb-ready", "");
      table.querySelectorAll("td").forEach(function (cell) {
        var figures = cell.querySelectorAll("[data-sort]");
        if (figures.length) cell.setAttribute("data-sort", figures[figures.length - 1].getAttribute("data-sort"));
      });
      if (window.Tablesort) new window.Tablesort(table);
    });
  }

  // A free-text box that hides table rows not containing every typed word.
  function setUpTextFilters() {
    document.querySelectorAll("input[data-rb-filter]:not([data-rb-ready])").forEach(function (input) {
      input.setAttribute("data-rb-ready", "");
      var container = document.getElementById(input.getAttribute("data-rb-filter"));
      if (!container) return;
      input.addEventListener("input", function () {
        var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
        container.querySelectorAll("tbody tr").forEach(function (row) {
          var text = row.textContent.toLowerCase();
          row.hidden = !words.every(function (word) { return text.indexOf(word) !== -1; });
        });
      });
    });
  }

  // Does one item (an element with data-kind) pass one control?
  function passes(item, key, mode, wanted) {
    var have = item.getAttribute("data-" + key) || "";
    if (mode === "min") return have !== "" && Number(have) >= Number(wanted);
    if (mode === "token") return have.split(" ").indexOf(wanted) !== -1;
    return have === wanted;
  }

  // Select boxes that filter the items of one container; the URL's query string records them.
  function setUpFilterForms() {
    document.querySelectorAll("form[data-rb-filters]:not([data-rb-ready])").forEach(function (form) {
      form.setAttribute("data-rb-ready", "");
      var target = document.getElementById(form.getAttribute("data-rb-filters"));
      if (!target) return;
      var controls = Array.prototype.slice.call(form.querySelectorAll("select[data-rb-filter-key]"));
      var items = Array.prototype.slice.call(target.querySelectorAll("[data-kind]"));
      var groups = Array.prototype.slice.call(target.querySelectorAll("[data-rb-group]"));
      var count = form.querySelector(".rb-filter-count");
      var query = new URLSearchParams(window.location.search);
      controls.forEach(function (control) {
        var value = query.get(control.name);
        if (value !== null && control.querySelector('option[value="' + CSS.escape(value) + '"]')) control.value = value;
      });

      function apply(updateUrl) {
        var active = controls.filter(function (c) { return c.value; });
        var shown = 0;
        items.forEach(function (item) {
          var visible = active.every(function (c) {
            return passes(item, c.getAttribute("data-rb-filter-key"), c.getAttribute("data-rb-filter-mode"), c.value);
          });
          item.hidden = !visible;
          if (visible) shown += 1;
        });
        groups.forEach(function (group) { group.hidden = !group.querySelector("[data-kind]:not([hidden])"); });
        if (count) count.textContent = active.length ? shown + " of " + items.length + " shown" : "";
        if (updateUrl) {
          var params = new URLSearchParams(window.location.search);
          controls.forEach(function (c) { if (c.value) params.set(c.name, c.value); else params.delete(c.name); });
          var search = params.toString();
          window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
        }
      }
      controls.forEach(function (control) { control.addEventListener("change", function () { apply(true); }); });
      apply(false);
    });
  }

  function setUp() {
    setUpSortableTables();
    setUpTextFilters();
    setUpFilterForms();
  }
  if (window.document$) window.document$.subscribe(setUp);
  else document.addEventListener("DOMContentLoaded", setUp);
})();
