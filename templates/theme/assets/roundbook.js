// Sortable and filterable index tables. Works with Material's instant loading: document$ emits
// on every page view, so tables on pages reached by navigation are set up too.
(function () {
  function setUpTables() {
    document.querySelectorAll(".rb-sortable table:not([data-rb-ready])").forEach(function (table) {
      table.setAttribute("data-rb-ready", "");
      // A cell whose figure carries data-sort (its dollar worth) sorts by that number; the last
      // such figure in the cell wins, which is the dollar equivalent when both are shown.
      table.querySelectorAll("td").forEach(function (cell) {
        var figures = cell.querySelectorAll("[data-sort]");
        if (figures.length) cell.setAttribute("data-sort", figures[figures.length - 1].getAttribute("data-sort"));
      });
      if (window.Tablesort) new window.Tablesort(table);
    });
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
  if (window.document$) window.document$.subscribe(setUpTables);
  else document.addEventListener("DOMContentLoaded", setUpTables);
})();
