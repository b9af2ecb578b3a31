// Material's search worker, with the page named exactly what the reader typed first, then the
// pages whose name starts with it, then the rest in Material's order. Material's search (lunr)
// scores a rare word that merely starts with the query (Zhipuwatch) above the name itself, which
// every page that mentions it shares, and a longer name (Zhipu Huazhang Holdings) can come
// before Zhipu. main.html names this file as Material's worker; it loads Material's, which
// answers every message, and reorders the groups of its answers to a query. Pagefind's results
// are ordered the same way in assets/roundbook-search.js.
//
// It lives beside Material's worker, whose name (the pinned Material's) it loads, so that what
// Material's worker loads beside itself (lunr's languages) is found where it looks. From disk
// (the offline bundle), Material's iframe shim runs this file in an iframe: there, relative
// addresses are the page's, so they start from this script's own address, as Material's do.

(() => {
  "use strict";

  const MATERIAL_WORKER = "search.2c215733.min.js";  // the pinned Material's (tests/test_search_ranking.py)
  const QUERY = 2;  // Material's message types (integrations/search/worker/message)
  const RESULT = 3;

  const queries = [];  // Material answers each query in turn, so its answers come in this order
  addEventListener("message", event => {
    if (event.data && event.data.type === QUERY) queries.push(event.data.data);
  });

  const post = self.postMessage.bind(self);
  self.postMessage = (message, ...rest) => {
    if (message && message.type === RESULT && queries.length) {
      const typed = comparable(queries.shift());
      if (typed) message = {...message, data: {...message.data, items: namesFirst(message.data.items, typed)}};
    }
    return post(message, ...rest);
  };

  // Each item is a page's group: its article and its sections, best first.
  function namesFirst(groups, typed) {
    const rank = groups.map(group => {
      const article = group.find(item => !item.location.includes("#")) || group[0];
      const title = comparable(text(article.title));
      return title === typed ? 0 : title.startsWith(typed) ? 1 : 2;
    });
    return groups.map((group, index) => [rank[index], index, group])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([, , group]) => group);
  }

  // A title as Material's index holds it: HTML, its matches in <mark>.
  function text(html) {
    const entities = {"&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&amp;": "&"};
    return String(html || "")
      .replace(/<[^>]*>/g, "")
      .replace(/&#(\d+);/g, (_, code) => String.fromCodePoint(Number(code)))
      .replace(/&(lt|gt|quot|#39|amp);/g, entity => entities[entity]);
  }

  // A name as the reader may type it: any case, accents or not, spaces as one.
  function comparable(value) {
    return String(value || "").normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase().replace(/\s+/g, " ").trim();
  }

  let base = "";
  if (typeof parent !== "undefined" && parent !== self && "IFrameWorker" in parent) {
    const script = document.querySelector("script[src]").src;
    base = script.slice(0, script.split("?")[0].lastIndexOf("/") + 1);
  }
  importScripts(base + MATERIAL_WORKER);
})();
