// Roundbook's pages work without JavaScript; this adds sorting and filtering on top.
// Material's document$ emits on every page view (also with instant loading), so each page is
// set up once, whichever way it was reached.
(function () {
  "use strict";

  // Index tables sort by clicking a heading. A cell whose figure carries data-sort (its dollar
  // worth) sorts by that number; the last such figure wins, the dollar equivalent when both show.
  // Templates write data-sort only for these tables (`sortable=True` in environment.py).
  function sortable(table) {
    table.setAttribute("data-rb-ready", "");
    table.querySelectorAll("td").forEach(function (cell) {
      var figures = cell.querySelectorAll("[data-sort]");
      if (figures.length) cell.setAttribute("data-sort", figures[figures.length - 1].getAttribute("data-sort"));
    });
    if (window.Tablesort) new window.Tablesort(table);
  }

  function setUpSortableTables() {
    document.querySelectorAll(".rb-sortable table:not([data-rb-ready])").forEach(sortable);
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

  // Does a value (a data attribute's, or a listing's row's) pass one control?
  function passesValue(have, mode, wanted) {
    have = have || "";
    if (mode === "min") return have !== "" && Number(have) >= Number(wanted);
    if (mode === "token") return have.split(" ").indexOf(wanted) !== -1;
    return have === wanted;
  }

  // Does one item (an element with data-kind) pass one control?
  function passes(item, key, mode, wanted) {
    return passesValue(item.getAttribute("data-" + key), mode, wanted);
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

  // Listings (the companies, the investors, a year of the timeline split by month): the page holds
  // the first rows, and every row is in a JSON file (data-rb-rows, roundbook/render/listings.py),
  // fetched here, so that the filters, the text box, the order and the pages act on all of them.
  // Only the rows of the page shown are in the document: at 10,000 companies, 12,500 rows made
  // the page take 13 s to become usable. A row is [its nodes (buildNodes), a sort key per
  // column (null: unknown, last in either order), the values the filters compare, named by
  // `filters`]. A click on a heading before the file is in takes effect when it is. Without the
  // file (a copy of the site opened from disk), the table sorts the rows of its own page.
  var collator = new Intl.Collator("en", {sensitivity: "base", numeric: true});
  // A row is data, never markup (roundbook/render/listings.py: row_tree): each element
  // [tag, {attribute: value}, ...children], each piece of text a string. It is built with
  // createElement, setAttribute and text nodes, so a name such as "<img onerror=...>" stays text;
  // only the elements and attributes a row has are made (another element leaves its text), and a
  // link only to the site or to http(s).
  var ROW_ELEMENTS = ["tr", "td", "li", "a", "span", "time", "sup", "q", "abbr", "em", "strong", "code", "bdi", "small", "br"];
  var ROW_ATTRIBUTES = ["class", "title", "href", "rel", "datetime", "lang", "dir", "data-sort", "data-precision", "data-kind"];

  var ORDER = /^(\d+)-(asc|desc)$/;  // ?sort=8-desc: the ninth column's keys, largest first

  function safeHref(value) {
    try {
      var protocol = new URL(value, window.location.href).protocol;
      return protocol === "http:" || protocol === "https:";
    } catch (error) {
      return false;
    }
  }

  function buildNodes(nodes, parent) {
    nodes.forEach(function (node) {
      if (typeof node === "string") {
        parent.appendChild(document.createTextNode(node));
        return;
      }
      if (!Array.isArray(node)) return;
      var into = parent;
      var tag = String(node[0]).toLowerCase();
      if (ROW_ELEMENTS.indexOf(tag) !== -1) {
        into = document.createElement(tag);
        var attributes = node[1] && typeof node[1] === "object" ? node[1] : {};
        Object.keys(attributes).forEach(function (name) {
          var value = String(attributes[name]);
          if (ROW_ATTRIBUTES.indexOf(name) === -1 || (name === "href" && !safeHref(value))) return;
          into.setAttribute(name, value);
        });
        parent.appendChild(into);
      }
      buildNodes(node.slice(2), into);
    });
  }

  function nodesText(nodes) {
    return nodes.map(function (node) {
      return typeof node === "string" ? node : Array.isArray(node) ? nodesText(node.slice(2)) : "";
    }).join("");
  }

  function rowText(row) {
    if (row.text === null) row.text = nodesText(row.nodes).toLowerCase();
    return row.text;
  }

  function compareRows(key, descending) {
    return function (a, b) {
      if (key === null) return descending ? b.index - a.index : a.index - b.index;
      var x = a.sort[key], y = b.sort[key];
      if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
      var order = typeof x === "number" ? x - y : collator.compare(x, y);
      return (descending ? -order : order) || a.index - b.index;
    };
  }

  function formatNumber(value) {
    return value.toLocaleString("en-US");
  }

  function button(text, className, disabled, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.textContent = text;
    element.disabled = disabled;
    element.addEventListener("click", onClick);
    return element;
  }

  function setUpListings() {
    document.querySelectorAll("[data-rb-rows]:not([data-rb-ready])").forEach(setUpListing);
  }

  function setUpListing(box) {
    box.setAttribute("data-rb-ready", "");
    var id = box.id;
    var table = box.tagName === "TABLE" ? box : null;
    var form = document.querySelector('form[data-rb-filters="' + id + '"]');
    var text = document.querySelector('input[data-rb-filter="' + id + '"]');
    var order = document.querySelector('select[data-rb-sort="' + id + '"]');
    var pagers = Array.prototype.slice.call(document.querySelectorAll('nav[data-rb-pager="' + id + '"]'));
    // Only a file of the site named rows.json, which the build writes (a hand-written page may
    // carry the attribute too: roundbook/text_safety/page_html.py), and none from disk.
    var address = new URL(box.getAttribute("data-rb-rows"), window.location.href);
    if (window.location.protocol === "file:" || address.origin !== window.location.origin || !/\/rows\.json$/.test(address.pathname)) {
      if (table) sortable(table);
      return;
    }
    // These act on every row from here on, not on the page's own (setUpFilterForms, setUpTextFilters).
    [form, text, table].forEach(function (element) { if (element) element.setAttribute("data-rb-ready", ""); });
    var body = box.querySelector("[data-rb-body]") || box.tBodies[0];
    var size = Number(box.getAttribute("data-rb-page-size")) || 100;
    var selects = form ? Array.prototype.slice.call(form.querySelectorAll("select[data-rb-filter-key]")) : [];
    var headers = table ? Array.prototype.slice.call(table.querySelectorAll("thead th")) : [];
    var count = form ? form.querySelector(".rb-filter-count") : null;
    var data = null;  // the JSON file, once it is in
    var rows = [];
    var failed = false;
    var query = new URLSearchParams(window.location.search);
    var state = {page: Math.max(1, parseInt(query.get("page"), 10) || 1), key: null, descending: query.get("sort") === "reverse"};
    var chosen = ORDER.exec(query.get("sort") || "");
    if (chosen) {
      state.key = Number(chosen[1]);
      state.descending = chosen[2] === "desc";
    }
    selects.forEach(function (select) {
      var value = query.get(select.name);
      if (value !== null && select.querySelector('option[value="' + CSS.escape(value) + '"]')) select.value = value;
    });
    if (order && order.querySelector('option[value="' + CSS.escape(query.get("sort") || "") + '"]')) order.value = query.get("sort") || "";

    function record() {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (c) { if (c.value) params.set(c.name, c.value); else params.delete(c.name); });
      var sort = state.key === null ? (state.descending ? "reverse" : "") : state.key + "-" + (state.descending ? "desc" : "asc");
      if (sort) params.set("sort", sort); else params.delete("sort");
      if (state.page > 1) params.set("page", state.page); else params.delete("page");
      var search = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    function showPager(nav, shown, pages) {
      var first = (state.page - 1) * size + 1;
      var last = Math.min(state.page * size, shown);
      var where = document.createElement("span");
      where.className = "rb-pager-status";
      where.textContent = formatNumber(first) + "–" + formatNumber(last) + " of " + formatNumber(shown);
      nav.textContent = "";
      nav.append(
        button("Previous", "rb-pager-previous", state.page <= 1, function () { go(state.page - 1); }), " ",
        where, " ",
        button("Next", "rb-pager-next", state.page >= pages, function () { go(state.page + 1); })
      );
      nav.hidden = pages <= 1;
    }

    function apply(updateUrl) {
      headers.forEach(function (th, index) {
        if (index === state.key) th.setAttribute("aria-sort", state.descending ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
      });
      if (data === null) return;  // the rows are not in yet: this is applied when they are
      var active = selects.filter(function (c) { return c.value; }).map(function (c) {
        return {index: data.filters.indexOf(c.getAttribute("data-rb-filter-key")), mode: c.getAttribute("data-rb-filter-mode"), value: c.value};
      });
      var words = text ? text.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
      var shown = rows.filter(function (row) {
        return active.every(function (c) { return passesValue(row.filter[c.index], c.mode, c.value); }) &&
          words.every(function (word) { return rowText(row).indexOf(word) !== -1; });
      });
      shown.sort(compareRows(state.key, state.descending));
      var pages = Math.max(1, Math.ceil(shown.length / size));
      state.page = Math.min(state.page, pages);
      var fragment = document.createDocumentFragment();
      shown.slice((state.page - 1) * size, state.page * size).forEach(function (row) { buildNodes(row.nodes, fragment); });
      body.replaceChildren(fragment);
      pagers.forEach(function (nav) { showPager(nav, shown.length, pages); });
      if (count) count.textContent = active.length || words.length ? formatNumber(shown.length) + " of " + formatNumber(rows.length) + " shown" : "";
      if (updateUrl) record();
    }

    function go(page) {
      state.page = page;
      apply(true);
      box.scrollIntoView({block: "nearest"});
    }

    function sortBy(index) {
      if (failed) return;  // the table sorts its own rows (Tablesort)
      state.descending = state.key === index ? !state.descending : false;
      state.key = index;
      state.page = 1;
      apply(data !== null);
    }

    headers.forEach(function (th, index) {
      th.tabIndex = 0;
      th.addEventListener("click", function () { sortBy(index); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(index);
        }
      });
    });
    if (order) {
      order.addEventListener("change", function () {
        var picked = ORDER.exec(order.value);
        state.key = picked ? Number(picked[1]) : null;
        state.descending = picked ? picked[2] === "desc" : order.value === "reverse";
        state.page = 1;
        apply(true);
      });
    }
    selects.forEach(function (select) { select.addEventListener("change", function () { state.page = 1; apply(true); }); });
    if (text) text.addEventListener("input", function () { state.page = 1; apply(true); });

    fetch(address.href)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.url);
        return response.json();
      })
      .then(function (loaded) {
        data = loaded;
        rows = data.rows.map(function (row, index) {
          return {nodes: row[0], sort: row[1], filter: row[2], index: index, text: null};
        });
        if (state.key !== null && !(rows.length && state.key < rows[0].sort.length)) state.key = null;
        [form, text && text.closest(".rb-filter"), order && order.closest(".rb-filters")].forEach(function (element) {
          if (element) element.hidden = false;
        });
        apply(false);
        box.setAttribute("data-rb-live", "");
        // When the listing became usable: benchmarks/listing_speed.py reads it.
        performance.mark("rb-listing-ready");
      })
      .catch(function (error) {
        failed = true;
        if (table) sortable(table);
        console.warn("Roundbook: the rows of this listing did not load; it sorts the rows of this page alone.", error);
      });
  }

  function setUp() {
    setUpListings();
    setUpSortableTables();
    setUpTextFilters();
    setUpFilterForms();
  }
  if (window.document$) window.document$.subscribe(setUp);
  else document.addEventListener("DOMContentLoaded", setUp);
})();
