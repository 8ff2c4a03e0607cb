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
      var data = block.querySelector(".kb-filter-data");
      var table = block.querySelector("table");
      if (!data || !table) return;
      var spec = JSON.parse(data.getAttribute("data-filters"));
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


  /* The measure finder: questions built from the page's data; each answer narrows the cards,
   * the answers live in the address, and the cards left out say why. Without script every card shows. */
  function initFinder() {
    var box = document.querySelector(".kb-finder");
    if (!box) return;
    var spec = JSON.parse(box.getAttribute("data-finder"));
    var params = new URLSearchParams(location.search);
    var form = document.createElement("form");
    form.className = "kb-finder-form";
    form.setAttribute("role", "search");
    var inputs = {};
    spec.questions.forEach(function (q) {
      var wrap = document.createElement("div");
      wrap.className = "kb-finder-question";
      var label = document.createElement("label");
      label.textContent = q.title;
      label.setAttribute("for", "kb-finder-" + q.key);
      wrap.appendChild(label);
      var input;
      if (q.options) {
        input = document.createElement("select");
        var any = document.createElement("option");
        any.value = "";
        any.textContent = q.any || spec.labels["finder-any"];
        input.appendChild(any);
        q.options.forEach(function (o) {
          var opt = document.createElement("option");
          opt.value = o[0];
          opt.textContent = o[1];
          input.appendChild(opt);
        });
      } else {
        input = document.createElement("input");
        input.type = "number";
        input.min = "0";
        input.inputMode = "decimal";
      }
      input.id = "kb-finder-" + q.key;
      input.name = q.key;
      input.value = params.get(q.key) || "";
      inputs[q.key] = input;
      wrap.appendChild(input);
      form.appendChild(wrap);
    });
    var reset = document.createElement("button");
    reset.type = "button";
    reset.textContent = spec.labels["finder-reset"];
    form.appendChild(reset);
    var status = document.createElement("p");
    status.className = "kb-finder-status";
    status.setAttribute("aria-live", "polite");
    var outList = document.createElement("ul");
    outList.className = "kb-finder-out";
    var outHead = document.createElement("p");
    outHead.className = "kb-finder-out-title";
    outHead.textContent = spec.labels["finder-left-out"];
    box.parentNode.insertBefore(form, box);
    box.parentNode.insertBefore(status, box);
    var cards = {};
    box.querySelectorAll(".kb-finder-item").forEach(function (el) { cards[el.getAttribute("data-id")] = el; });
    function why(item) {
      for (var i = 0; i < spec.questions.length; i++) {
        var q = spec.questions[i];
        var value = inputs[q.key].value;
        if (!value) continue;
        if (q.options) {
          var have = item[q.key] || [];
          if (have.length && have.indexOf(value) === -1) {
            var label = "";
            q.options.forEach(function (o) { if (o[0] === value) label = o[1]; });
            return q.title + ": " + label;
          }
        } else {
          var amount = parseFloat(value);
          if ((item.low !== null && item.low !== undefined && amount < item.low) || (item.high !== null && item.high !== undefined && amount > item.high)) {
            return q.title + ": " + value;
          }
        }
      }
      return "";
    }
    function apply(push) {
      var shown = 0;
      outList.textContent = "";
      spec.items.forEach(function (item) {
        var reason = why(item);
        var card = cards[item.id];
        if (card) card.hidden = !!reason;
        if (reason) {
          var li = document.createElement("li");
          li.textContent = item.title + " — " + spec.labels["finder-because"] + " " + reason;
          outList.appendChild(li);
        } else shown += 1;
      });
      status.textContent = spec.labels["finder-shown"] + ": " + shown + " / " + spec.items.length;
      if (outList.childNodes.length) { box.appendChild(outHead); box.appendChild(outList); }
      else { if (outHead.parentNode) outHead.remove(); if (outList.parentNode) outList.remove(); }
      if (push) {
        var url = new URL(location.href);
        Object.keys(inputs).forEach(function (k) {
          if (inputs[k].value) url.searchParams.set(k, inputs[k].value); else url.searchParams.delete(k);
        });
        history.replaceState(null, "", url);
      }
    }
    Object.keys(inputs).forEach(function (k) { inputs[k].addEventListener("input", function () { apply(true); }); });
    reset.addEventListener("click", function () { Object.keys(inputs).forEach(function (k) { inputs[k].value = ""; }); apply(true); });
    apply(false);
  }

  /* The comparison: a picker of entries and a table of the picked ones' facts, side by side,
   * with each figure's date and source; the choice lives in the address (?zones=a,b). */
  function initCompare() {
    var box = document.querySelector(".kb-compare");
    if (!box) return;
    var spec = JSON.parse(box.getAttribute("data-compare"));
    var byId = {};
    spec.rows.forEach(function (r) { byId[r.id] = r; });
    var chosen = (new URLSearchParams(location.search).get(spec.param) || "").split(",").filter(function (id) { return byId[id]; }).slice(0, spec.max);
    var form = document.createElement("fieldset");
    form.className = "kb-compare-pick";
    var legend = document.createElement("legend");
    legend.textContent = spec.labels["compare-pick"];
    form.appendChild(legend);
    var boxes = [];
    spec.rows.forEach(function (r) {
      var label = document.createElement("label");
      var cb = document.createElement("input");
      cb.type = "checkbox";
      cb.value = r.id;
      cb.checked = chosen.indexOf(r.id) !== -1;
      label.appendChild(cb);
      label.appendChild(document.createTextNode(" " + r.title));
      form.appendChild(label);
      boxes.push(cb);
    });
    var tableWrap = document.createElement("div");
    tableWrap.className = "kb-compare-table";
    box.parentNode.insertBefore(tableWrap, box);
    box.parentNode.insertBefore(form, box);
    box.hidden = true;
    function render() {
      tableWrap.textContent = "";
      if (chosen.length < 1) {
        var p = document.createElement("p");
        p.textContent = spec.labels["compare-empty"];
        tableWrap.appendChild(p);
        return;
      }
      var table = document.createElement("table");
      var head = table.createTHead().insertRow();
      head.appendChild(document.createElement("th"));
      chosen.forEach(function (id) {
        var th = document.createElement("th");
        th.scope = "col";
        var a = document.createElement("a");
        a.href = byId[id].url;
        a.textContent = byId[id].title;
        th.appendChild(a);
        head.appendChild(th);
      });
      var body = table.createTBody();
      spec.fields.forEach(function (f) {
        var tr = body.insertRow();
        var th = document.createElement("th");
        th.scope = "row";
        th.textContent = f[1];
        tr.appendChild(th);
        chosen.forEach(function (id) {
          var td = tr.insertCell();
          var cell = byId[id].cells[f[0]];
          if (!cell) { td.textContent = "—"; return; }
          td.appendChild(document.createTextNode(cell.text));
          if (cell.as_of) {
            var small = document.createElement("small");
            small.textContent = " (" + spec.labels["compare-as-of"] + " " + cell.as_of + ")";
            td.appendChild(small);
          }
          if (cell.unconfirmed) {
            var flag = document.createElement("span");
            flag.className = "kb-unconfirmed";
            flag.textContent = spec.labels.unconfirmed;
            td.appendChild(document.createTextNode(" "));
            td.appendChild(flag);
          }
          if (cell.source) {
            var src = document.createElement("a");
            src.href = cell.source;
            src.rel = "noopener noreferrer";
            src.className = "kb-compare-source";
            src.textContent = spec.labels["compare-source"] + ": " + cell.source_name;
            td.appendChild(document.createElement("br"));
            td.appendChild(src);
          }
        });
      });
      tableWrap.appendChild(table);
    }
    boxes.forEach(function (cb) {
      cb.addEventListener("change", function () {
        if (cb.checked && chosen.length >= spec.max) cb.checked = false;  /* at most spec.max side by side */
        chosen = chosen.filter(function (id) { return id !== cb.value; });
        if (cb.checked) chosen.push(cb.value);  /* keep the order in which they were picked */
        var url = new URL(location.href);
        if (chosen.length) url.searchParams.set(spec.param, chosen.join(",")); else url.searchParams.delete(spec.param);
        history.replaceState(null, "", url);
        render();
      });
    });
    render();
  }

  function init() {
    initSearch();
    initFilters();
    initFinder();
    initCompare();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
