/* The search page (kb.pages.entry_pages.search_page), and the start of the search on every page. */
import { excerptNodes, resultUrl } from "./excerpt.js";
import { initHeaderSearch } from "./search-box.js";
import { foreignLanguage, Searcher } from "./searcher.js";
import { fill } from "./util.js";

/* The search page: the same search, every result with its excerpt, counted in the language's plural forms. */
function initSearchPage(header) {
  const box = document.getElementById("kb-search");
  if (!box) return null;
  const searcher = new Searcher(box.getAttribute("data-root"), JSON.parse(box.getAttribute("data-kb")));
  const labels = searcher.cfg.labels;
  const label = document.createElement("label");
  label.className = "kb-search-label";
  label.setAttribute("for", "kb-search-input");
  label.textContent = labels["search-placeholder"];
  const input = document.createElement("input");
  input.id = "kb-search-input";
  input.className = "kb-search-field";
  input.type = "search";
  input.autocomplete = "off";
  input.spellcheck = false;
  const status = document.createElement("p");
  status.className = "kb-search-status";
  status.setAttribute("aria-live", "polite");
  const direct = document.createElement("div");
  direct.className = "kb-direct";
  const results = document.createElement("ol");
  results.className = "kb-results";
  const more = document.createElement("button");
  more.type = "button";
  more.className = "md-button kb-search-more";
  more.textContent = labels["search-more"];
  more.hidden = true;
  [label, input, direct, status, results, more].forEach(function (el) { box.appendChild(el); });
  const none = document.querySelector(".kb-search-none");
  if (none) box.appendChild(none);
  let seq = 0, current = null;
  function show(data) {
    data.forEach(function (d) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.className = "kb-result-link";
      a.href = resultUrl(d);
      a.textContent = d.meta.title;
      const p = document.createElement("p");
      p.className = "kb-result-excerpt";
      p.appendChild(excerptNodes(d.excerpt, current.query, searcher.nb, searcher.names));
      li.appendChild(a);
      li.appendChild(p);
      const subs = (d.sub_results || []).filter(function (s) { return s.url.indexOf("#") !== -1 && s.title !== d.meta.title; }).slice(0, 3);
      if (subs.length) {
        const ul = document.createElement("ul");
        ul.className = "kb-result-sub";
        subs.forEach(function (s) {
          const sli = document.createElement("li");
          const sa = document.createElement("a");
          sa.href = s.url;
          sa.textContent = s.title;
          sli.appendChild(sa);
          const sp = document.createElement("span");
          sp.className = "kb-result-excerpt";
          sp.appendChild(document.createTextNode(" — "));
          sp.appendChild(excerptNodes(s.excerpt, current.query, searcher.nb, searcher.names));
          sli.appendChild(sp);
          ul.appendChild(sli);
        });
        li.appendChild(ul);
      }
      results.appendChild(li);
    });
    more.hidden = results.children.length >= current.total;
  }
  function links(parent, title, hits, lang) {
    const p = document.createElement("p");
    p.className = "kb-direct-title";
    p.textContent = title;
    const ul = document.createElement("ul");
    hits.forEach(function (h) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = h.href;
      a.className = "kb-direct-link";
      a.textContent = h.title;
      li.appendChild(a);
      ul.appendChild(li);
    });
    if (lang) { p.lang = lang; ul.lang = lang; }
    parent.appendChild(p);
    parent.appendChild(ul);
  }
  function update() {
    const query = input.value.trim();
    const url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (header) header.value = input.value;
    const mine = ++seq;
    box.setAttribute("data-query", query);
    direct.textContent = "";
    results.textContent = "";
    status.textContent = "";
    if (none) none.hidden = true;
    more.hidden = true;
    if (!query) return;
    /* Entries by name at once; full-text results when Pagefind has them. */
    const directFound = searcher.direct(query);
    directFound.then(function (found) {
      if (mine !== seq) return;
      const other = found.foreign;
      if (other) {
        const offer = document.createElement("p");
        offer.className = "kb-search-elsewhere";
        offer.lang = other.lang;
        const a = document.createElement("a");
        a.href = searcher.searchPage(query, other);
        a.textContent = fill(other.here, { q: query });
        offer.appendChild(a);
        direct.appendChild(offer);
      }
      if (found.direct.length) links(direct, other ? "" : labels["direct-hits"], searcher.directLinks(found), other && other.lang);
    });
    searcher.fullText(query).then(function (found) {
      if (!found || mine !== seq) return null;
      return found.more(10).then(function (data) {
        if (mine !== seq) return;
        current = found;
        current.query = query;
        if (!foreignLanguage(searcher.cfg, query)) status.textContent = searcher.count(found.total, query);
        show(data);
        /* Nothing at all: say what to try next (the page's own block: advice and the catalogues). */
        if (!found.total) directFound.then(function (d) { if (mine === seq && none && !d.direct.length && !d.foreign) none.hidden = false; });
      });
    });
  }
  more.addEventListener("click", function () {
    const mine = seq;
    current.more(10).then(function (data) { if (mine === seq) show(data); });
  });
  input.addEventListener("input", update);
  const query = new URLSearchParams(location.search).get("q") || "";
  input.value = query;
  if (query) update(); else input.focus();
  return searcher;
}

/* The header box, and the search page where the page is one. */
export function initSearch() {
  const header = initHeaderSearch();
  const headerInput = document.getElementById("kb-q");
  const page = initSearchPage(headerInput);
  const searcher = page || header;
  if (!searcher) return;
  /* What the page shows for a query, in order: direct hits, then full-text results (addresses
   * as paths). The search-quality test and the latency benchmark measure through this. */
  window.kbSearch = function (query) {
    return searcher.run(query).then(function (found) {
      return found.more(10).then(function (data) {
        const urls = found.direct.map(function (h) { return new URL(searcher.url(h.url)).pathname; });
        data.forEach(function (d) { if (urls.indexOf(d.url) === -1) urls.push(d.url); });
        return urls;
      });
    });
  };
}
