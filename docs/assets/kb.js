/* Reader-side behaviour of the knowledge base, with no server and no other host:
 * - the search page loads Pagefind's interface from the site's own /pagefind/ bundle;
 * - catalogue tables get filters built from the JSON the engine writes beside them,
 *   with the filter state kept in the address so a filtered view can be shared. */
(function () {
  "use strict";

  /* Names are compared word by word after a light stemming, so that «Омской области» meets
   * «Омская область» and a partly typed last word still matches. The same normalisation as
   * kb_render.name_words (lower case, ё as е, letters and digits). */
  var ENDINGS = ["иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ий", "ый", "ая", "яя",
    "ое", "ее", "ые", "ие", "ых", "их", "ую", "юю", "ом", "ем", "ам", "ям", "ах", "ях", "ов", "ев", "ью",
    "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "es", "s"];
  function words(text) {
    return (text.toLowerCase().replace(/ё/g, "е").match(/[\p{L}\p{N}]+/gu) || []);
  }
  function stem(word) {
    for (var i = 0; i < ENDINGS.length; i++) {
      var e = ENDINGS[i];
      if (word.length - e.length >= 3 && word.slice(-e.length) === e) return word.slice(0, -e.length);
    }
    return word;
  }
  function hexKey(word) {
    return Array.from(new TextEncoder().encode(word.slice(0, 2)), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }
  var chunkCache = {};
  function chunk(base, word) {
    var url = base + hexKey(word) + ".json";
    if (!chunkCache[url]) {
      chunkCache[url] = fetch(url).then(function (r) { return r.ok ? r.json() : []; }).catch(function () { return []; });
    }
    return chunkCache[url];
  }
  /* Entries whose name covers every word of the query, best covered first: [{url, title, score}]. */
  function directHits(base, query) {
    var q = words(query);
    if (!q.length) return Promise.resolve([]);
    var qs = q.map(stem);
    return Promise.all(q.map(function (w) { return chunk(base, w); })).then(function (lists) {
      var best = {};
      lists.forEach(function (rows) {
        rows.forEach(function (row) {
          for (var i = 2; i < row.length; i++) {
            var ns = words(row[i]).map(stem);
            if (!ns.length) continue;
            var covered = qs.every(function (s, k) {
              var last = k === qs.length - 1;
              return ns.some(function (n) { return n === s || (s.length >= 3 && n.indexOf(s) === 0) || (last && n.indexOf(q[k]) === 0); });
            });
            if (!covered) continue;
            var score = Math.min(1, qs.length / ns.length);
            if (!best[row[0]] || best[row[0]].score < score) best[row[0]] = { url: row[0], title: row[1], score: score };
          }
        });
      });
      return Object.keys(best).map(function (k) { return best[k]; })
        .filter(function (h) { return h.score >= 0.5; })
        .sort(function (a, b) { return b.score - a.score || a.title.length - b.title.length; })
        .slice(0, 3);
    });
  }

  function initSearch() {
    var box = document.getElementById("kb-search");
    if (!box) return;
    var bundle = new URL(box.getAttribute("data-bundle"), document.baseURI).href;
    var names = new URL(box.getAttribute("data-names"), document.baseURI).href;
    var siteRoot = new URL(box.getAttribute("data-bundle") + "../", document.baseURI);
    var pagefind = null;
    function loadPagefind() {
      if (!pagefind) pagefind = import(bundle + "pagefind.js").then(function (pf) { return pf.init().then(function () { return pf; }); });
      return pagefind;
    }
    /* What the page shows for a query, in order: direct hits by name, then full-text results.
     * The search-quality test measures through this same function. */
    window.kbSearch = function (query) {
      return Promise.all([directHits(names, query), loadPagefind().then(function (pf) { return pf.search(query); })])
        .then(function (both) {
          return Promise.all(both[1].results.slice(0, 10).map(function (r) { return r.data(); })).then(function (data) {
            var urls = both[0].map(function (h) { return new URL(h.url, siteRoot).pathname; });
            data.forEach(function (d) { if (urls.indexOf(d.url) === -1) urls.push(d.url); });
            return urls;
          });
        });
    };
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = bundle + "pagefind-ui.css";
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = bundle + "pagefind-ui.js";
    script.onload = function () {
      var query = new URLSearchParams(location.search).get("q") || "";
      var ui = new window.PagefindUI({
        element: "#kb-search",
        bundlePath: bundle,
        showSubResults: true,
        showImages: false,
        resetStyles: false,
        autofocus: !query,
        debounceTimeoutMs: 150,
      });
      var input = box.querySelector("input");
      var direct = document.createElement("div");
      direct.className = "kb-direct";
      direct.setAttribute("aria-live", "polite");
      if (input) {
        input.id = "kb-search-input";
        var label = document.createElement("label");
        label.setAttribute("for", input.id);
        label.className = "kb-search-label";
        label.textContent = box.getAttribute("data-label");
        var form = input.closest("form") || input.parentNode;
        form.parentNode.insertBefore(label, form);
        form.parentNode.insertBefore(direct, form.nextSibling);
        var timer = null;
        var update = function () {
          var url = new URL(location.href);
          if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
          history.replaceState(null, "", url);
          var asked = input.value;
          directHits(names, asked).then(function (hits) {
            if (asked !== input.value) return;
            direct.textContent = "";
            if (!hits.length) return;
            var heading = document.createElement("p");
            heading.className = "kb-direct-title";
            heading.textContent = box.getAttribute("data-direct");
            var list = document.createElement("ul");
            hits.forEach(function (h) {
              var li = document.createElement("li");
              var a = document.createElement("a");
              a.href = new URL(h.url, siteRoot).href;
              a.className = "kb-direct-link";
              a.textContent = h.title;
              li.appendChild(a);
              list.appendChild(li);
            });
            direct.appendChild(heading);
            direct.appendChild(list);
          });
        };
        input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 150); });
        if (query) { input.value = query; update(); }
      }
      if (query) ui.triggerSearch(query);
      var header = document.getElementById("kb-q");
      if (header) header.value = query;
    };
    document.head.appendChild(script);
  }

  function initFilters() {
    var blocks = document.querySelectorAll(".kb-catalogue");
    blocks.forEach(function (block, index) {
      var data = block.querySelector("script.kb-filter-data");
      var table = block.querySelector("table");
      if (!data || !table) return;
      var spec = JSON.parse(data.textContent);
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      var params = new URLSearchParams(location.search);
      var form = document.createElement("form");
      form.className = "kb-filters";
      form.setAttribute("role", "search");
      form.setAttribute("aria-label", spec.labels.filter);
      var selects = spec.filters.map(function (filter) {
        var id = "kb-filter-" + index + "-" + filter.key;
        var label = document.createElement("label");
        label.setAttribute("for", id);
        label.textContent = filter.label;
        var select = document.createElement("select");
        select.id = id;
        select.name = filter.key;
        var all = document.createElement("option");
        all.value = "";
        all.textContent = spec.labels["filter-all"];
        select.appendChild(all);
        filter.options.forEach(function (option) {
          var el = document.createElement("option");
          el.value = option[0];
          el.textContent = option[1];
          select.appendChild(el);
        });
        select.value = params.get(filter.key) || "";
        if (select.value !== (params.get(filter.key) || "")) select.value = "";
        var wrap = document.createElement("span");
        wrap.className = "kb-filter";
        wrap.appendChild(label);
        wrap.appendChild(select);
        form.appendChild(wrap);
        return select;
      });
      var reset = document.createElement("button");
      reset.type = "button";
      reset.className = "md-button kb-filter-reset";
      reset.textContent = spec.labels["filter-reset"];
      form.appendChild(reset);
      var status = document.createElement("p");
      status.className = "kb-filter-status";
      status.setAttribute("aria-live", "polite");
      block.insertBefore(status, block.firstChild);
      block.insertBefore(form, block.firstChild);

      function apply(push) {
        var shown = 0;
        rows.forEach(function (row, i) {
          var facts = spec.rows[i] || {};
          var ok = selects.every(function (s) {
            return !s.value || (facts[s.name] || []).indexOf(s.value) !== -1;
          });
          row.hidden = !ok;
          if (ok) shown += 1;
        });
        status.textContent = spec.labels["filter-shown"] + ": " + shown + " / " + rows.length;
        if (push) {
          var url = new URL(location.href);
          selects.forEach(function (s) {
            if (s.value) url.searchParams.set(s.name, s.value); else url.searchParams.delete(s.name);
          });
          history.replaceState(null, "", url);
        }
      }
      selects.forEach(function (s) { s.addEventListener("change", function () { apply(true); }); });
      reset.addEventListener("click", function () {
        selects.forEach(function (s) { s.value = ""; });
        apply(true);
      });
      apply(false);
    });
  }

  function init() {
    initSearch();
    initFilters();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
