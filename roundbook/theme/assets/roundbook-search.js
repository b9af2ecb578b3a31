// Pagefind behind Material's search box, on sites the roundbook plugin indexes with Pagefind
// (roundbook/theme/with-pagefind/partials/search.html loads this file; other sites never do).
//
// The page carries only the box's root: this script builds the box inside it first, as
// Material's markup (partials/search.html), so Material's CSS lays it out as its own. A deferred
// script runs once the page is parsed and before DOMContentLoaded, when Material's script looks
// for its elements, so Material sees the box as if the page had carried it. Not a module: a page
// opened from disk may not load one (Chromium refuses it as a cross-origin request), and there
// this script must still build the box and say why it cannot search (roundbook/site/offline.py).
//
// Nothing search-related downloads until the reader opens the box: then pagefind.js, its worker
// and WebAssembly, and per query only the index chunks and result fragments it needs. Results
// use Material's result markup, so they look like the built-in search. Keyboard: Enter opens the
// first result, arrows move through them, Escape closes. Titles and excerpts are written as text
// (only Pagefind's <mark> becomes markup): page text is contributor text.

(() => {
  "use strict";

  const FIRST_BATCH = 5;  // fragments fetched before the first results show
  const NEXT_BATCH = 10;  // then more as the reader scrolls to the end of the list
  const TITLE_CANDIDATES = 16;  // results whose title may be the name typed, read before the first show

  const root = document.querySelector("[data-rb-search=pagefind]");
  if (root) {
    const words = translations();
    buildBox(root, words);
    setUp(root, words);
  }

  function setUp(root, words) {
    const toggle = document.getElementById("__search");  // Material's checkbox that opens the overlay
    const form = root.querySelector("form");
    const input = root.querySelector(".md-search__input");
    const meta = root.querySelector(".md-search-result__meta");
    const list = root.querySelector(".md-search-result__list");
    const facets = root.querySelector(".rb-search-facets");
    const selects = [...facets.querySelectorAll("select")];
    const base = new URL(root.dataset.rbBase.replace(/\/?$/, "/"), location.href);
    let pagefind = null;
    let generation = 0;  // answers to an older query are dropped
    let facetsFilled = false;
    // Opened from disk (the offline bundle, or a site's folder): Pagefind fetches its index as a
    // query needs it, which a page from disk may not do. Say so where the results would be.
    const fromDisk = location.protocol === "file:";
    if (fromDisk) meta.replaceChildren(...needsServing(base));

    function loadPagefind() {
      pagefind ??= import(new URL("pagefind/pagefind.js", base).href).then(async module => {
        // The site may live below the domain (GitHub Pages: /<repository>/): Pagefind's result
        // URLs are relative to the folder it indexed, so give it that folder's path.
        await module.options({basePath: new URL("pagefind/", base).pathname, baseUrl: base.pathname, excerptLength: 24});
        return module;
      });
      return pagefind;
    }

    function open() {
      if (toggle && !toggle.checked) toggle.checked = true;
      if (!fromDisk) loadPagefind();
    }

    function close() {
      if (toggle) toggle.checked = false;
      input.blur();
    }

    function chosenFilters() {
      const filters = {};
      for (const select of selects) if (select.value) filters[select.name] = select.value;
      return filters;
    }

    function search() {
      run().catch(error => {
        meta.textContent = `Search could not load (${error.message || error}).`;
      });
    }

    async function run() {
      if (fromDisk) return;  // the box keeps saying how to serve the site
      const current = ++generation;
      const term = input.value.trim();
      const filters = chosenFilters();
      if (!term && !Object.keys(filters).length) {
        list.replaceChildren();
        meta.textContent = words["search.result.placeholder"];
        return;
      }
      const module = await loadPagefind();
      const found = await module.debouncedSearch(term || null, {filters}, 120);
      if (found === null || current !== generation) return;  // a newer query took over
      const results = term ? await namesFirst(found.results, term) : found.results;
      if (current !== generation) return;
      // The count and the first results change together, never a new count over old results.
      const first = await fragments(results, 0, FIRST_BATCH);
      if (current !== generation) return;
      meta.textContent = countText(results.length);
      list.replaceChildren();
      append(results, first, FIRST_BATCH, current);
      if (results.length) {
        performance.mark("roundbook-search-results");
        fillFacets(module).catch(() => { facetsFilled = false; });  // the filters stay hidden; the next results retry
      }
    }

    function fragments(results, start, count) {
      return Promise.all(results.slice(start, start + count).map(fragment));
    }

    // Each result's fragment is fetched once, whether namesFirst or the list asks for it first.
    const loaded = new WeakMap();
    function fragment(result) {
      if (!loaded.has(result)) loaded.set(result, result.data());
      return loaded.get(result);
    }

    // The page named exactly what the reader typed first, then those whose name starts with it,
    // then the rest in Pagefind's order. Pagefind ranks by where and how often the words occur, so
    // a longer name (Zhipu Huazhang Holdings) or a page that repeats the name can come before the
    // one named Zhipu. A page whose title matched has the query's word at its first indexed
    // position (the title is the first thing indexed: roundbook/site/search/pagefind_marks.py);
    // the titles of the best of those are read from their fragments, which the list would fetch
    // anyway when they come first. The built-in search does the same in its worker
    // (assets/javascripts/workers/roundbook-search.js).
    async function namesFirst(results, term) {
      const candidates = results.filter(result => result.words.includes(0)).slice(0, TITLE_CANDIDATES);
      if (!candidates.length) return results;
      const typed = comparable(term);
      const titles = await Promise.all(candidates.map(async result => comparable((await fragment(result)).meta.title || "")));
      const exact = candidates.filter((_, index) => titles[index] === typed);
      const starting = candidates.filter((_, index) => titles[index] !== typed && titles[index].startsWith(typed));
      const first = new Set([...exact, ...starting]);
      return [...exact, ...starting, ...results.filter(result => !first.has(result))];
    }

    // Show a batch of results; when more remain, load the next batch once the reader scrolls to the end.
    function append(results, batch, next, current) {
      for (const page of batch) list.append(resultItem(page));
      if (next >= results.length) return;
      const sentinel = document.createElement("li");
      sentinel.className = "rb-search-more";
      list.append(sentinel);
      const observer = new IntersectionObserver(async entries => {
        if (!entries.some(entry => entry.isIntersecting)) return;
        observer.disconnect();
        const more = await fragments(results, next, NEXT_BATCH);
        sentinel.remove();
        if (current === generation) append(results, more, next + NEXT_BATCH, current);
      }, {root: root.querySelector(".md-search__scrollwrap")});
      observer.observe(sentinel);
    }

    async function fillFacets(module) {
      if (facetsFilled) return;
      facetsFilled = true;
      const available = await module.filters();  // every filter chunk: after the first results, never before
      for (const select of selects) {
        const values = Object.entries(available[select.name] || {}).sort(([a], [b]) => a.localeCompare(b));
        for (const [value, count] of values) select.append(new Option(`${value} (${count})`, value));
        select.hidden = values.length === 0;
      }
      facets.hidden = selects.every(select => select.hidden);
    }

    input.addEventListener("focus", open);
    // While an input method composes (pinyin becoming 月之暗面), wait for the finished word.
    input.addEventListener("input", event => { if (!event.isComposing) search(); });
    input.addEventListener("compositionend", search);
    toggle?.addEventListener("change", () => { if (toggle.checked) input.focus(); });
    for (const select of selects) select.addEventListener("change", search);
    form.addEventListener("submit", event => event.preventDefault());
    form.addEventListener("reset", () => setTimeout(search));  // after the form has emptied the box
    root.addEventListener("click", event => { if (event.target.closest("a[href]")) close(); });
    root.addEventListener("keydown", event => {
      if (event.key === "Escape") {
        close();
      } else if (event.key === "Enter" && event.target === input) {
        event.preventDefault();
        list.querySelector("a[href]")?.click();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        const stops = [input, ...list.querySelectorAll("a[href]")];
        const at = Math.max(0, stops.indexOf(document.activeElement));
        stops[(at + (event.key === "ArrowDown" ? 1 : stops.length - 1)) % stops.length].focus();
        event.preventDefault();
      }
    });
    // Material's shortcut: "/", "s" or "f" anywhere else on the page opens the search.
    document.addEventListener("keydown", event => {
      const typing = event.target.closest?.("input, select, textarea, [contenteditable]");
      if (!typing && !event.ctrlKey && !event.metaKey && "/sf".includes(event.key) && event.key.length === 1) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
    // The header's search button (a label for Material's checkbox) works before this script has
    // run, and opens an empty box: once the box is built, go on where the reader is.
    if (toggle?.checked) input.focus();

    function countText(count) {
      if (count === 0) return words["search.result.none"];
      if (count === 1) return words["search.result.one"];
      return words["search.result.other"].replace("#", count.toLocaleString());
    }
  }

  // A name as the reader may type it: any case, accents or not, spaces as one.
  function comparable(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase().replace(/\s+/g, " ").trim();
  }

  // What the search box says on a page opened from disk: the site's folder, and the one command
  // that serves it: Python 3's own web server, nothing to install beyond Python.
  function needsServing(base) {
    const folder = decodeURIComponent(base.pathname).replace(/^\/([A-Za-z]:\/)/, "$1");  // file:///C:/x/ is C:/x/
    return [
      "Search needs the site served, not opened from disk. In a terminal, in ",
      element("code", {}, folder), " (the folder with index.html), run ",
      element("code", {}, "python3 -m http.server"), " and open ",
      element("a", {href: "http://localhost:8000/"}, "http://localhost:8000/"), ".",
    ];
  }

  // Material's search box (partials/search.html, with the filters above the results), in the root
  // that with-pagefind/partials/search.html writes with the words in the site's language. Every
  // value goes in as an attribute or as text; tests/test_pagefind.py compares the box with the
  // template's in Chromium.
  function buildBox(root, words) {
    const label = root.getAttribute("aria-label");
    const placeholder = root.dataset.rbPlaceholder;
    const reset = root.dataset.rbReset;
    const [searchIcon, previousIcon, closeIcon] = root.dataset.rbIcons.split(" ").map(icon);
    const facets = JSON.parse(root.dataset.rbFacets).map(([name, facetLabel, any]) =>
      element("select", {name, "aria-label": facetLabel}, element("option", {value: ""}, any)));
    root.append(
      element("label", {class: "md-search__overlay", for: "__search"}),
      element("div", {class: "md-search__inner", role: "search"},
        element("form", {class: "md-search__form", action: "#"},
          element("input", {type: "text", class: "md-search__input", name: "query", "aria-label": placeholder,
                            placeholder, autocapitalize: "off", autocorrect: "off", autocomplete: "off",
                            spellcheck: "false", required: ""}),
          element("label", {class: "md-search__icon md-icon", for: "__search"}, searchIcon, previousIcon),
          element("nav", {class: "md-search__options", "aria-label": label},
            element("button", {type: "reset", class: "md-search__icon md-icon", title: reset, "aria-label": reset,
                               tabindex: "-1"}, closeIcon))),
        element("div", {class: "md-search__output"},
          element("div", {class: "md-search__scrollwrap", tabindex: "0", "data-md-scrollfix": ""},
            element("div", {class: "rb-search-facets", hidden: ""}, ...facets),
            element("div", {class: "md-search-result"},
              element("div", {class: "md-search-result__meta", "aria-live": "polite"}, words["search.result.placeholder"]),
              element("ol", {class: "md-search-result__list", role: "presentation"}))))));
  }

  // An element with these attributes (in this order) and children (strings go in as text).
  function element(tag, attributes, ...children) {
    const made = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
    made.append(...children);
    return made;
  }

  // The theme's icons are empty <svg>s that assets/icons.css draws by their class.
  function icon(name) {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("class", `rb-icon-${name}`);
    return svg;
  }

  function resultItem(page) {
    const item = document.createElement("li");
    item.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = page.url;
    link.tabIndex = -1;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    const title = document.createElement("h1");
    title.textContent = page.meta.title || page.url;  // Pagefind gives titles as plain text, unescaped
    const excerpt = document.createElement("p");
    excerpt.append(...marked(page.excerpt || ""));
    article.append(icon, title, excerpt);
    link.append(article);
    item.append(link);
    return item;
  }

  // Pagefind's excerpt is page text with < and > escaped (& is not) and <mark> around the matched
  // words: keep the marks, and put everything else in as text. Its titles are not escaped at all,
  // so they only ever go in as text (tests/test_pagefind.py has a company named with markup).
  function marked(excerpt) {
    const nodes = [];
    excerpt.split(/(<mark>.*?<\/mark>)/s).forEach(part => {
      const match = /^<mark>(.*)<\/mark>$/s.exec(part);
      if (match) {
        const mark = document.createElement("mark");
        mark.textContent = decode(match[1]);
        nodes.push(mark);
      } else if (part) {
        nodes.push(document.createTextNode(decode(part)));
      }
    });
    return nodes;
  }

  function decode(text) {
    const entities = {"&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&amp;": "&"};
    return text.replace(/&(lt|gt|quot|#39|amp);/g, entity => entities[entity]);
  }

  // Material's own words for the result count and the empty box, in the site's language (its __config block).
  function translations() {
    const english = {
      "search.result.placeholder": "Type to start searching",
      "search.result.none": "No matching documents",
      "search.result.one": "1 matching document",
      "search.result.other": "# matching documents",
    };
    try {
      return {...english, ...JSON.parse(document.getElementById("__config").textContent).translations};
    } catch {
      return english;
    }
  }
})();
