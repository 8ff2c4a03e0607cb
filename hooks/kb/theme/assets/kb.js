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
    var q = words(query).filter(function (w) { return w.length >= 2; });  /* chunks are keyed by two letters */
    if (!q.length) return Promise.resolve([]);
    var qs = q.map(stem);
    return Promise.all(q.map(function (w) { return chunk(base, w); })).then(function (lists) {
      var best = {};
      lists.forEach(function (rows) {
        rows.forEach(function (row) {
          for (var i = 3; i < row.length; i++) {
            var ns = words(row[i]).map(stem);
            if (!ns.length) continue;
            var covered = qs.every(function (s, k) {
              var last = k === qs.length - 1;
              return ns.some(function (n) { return n === s || (s.length >= 3 && n.indexOf(s) === 0) || (last && n.indexOf(q[k]) === 0); });
            });
            if (!covered) continue;
            var score = Math.min(1, qs.length / ns.length);
            if (!best[row[0]] || best[row[0]].score < score) best[row[0]] = { url: row[0], title: row[1], below: row[2], score: score };
          }
        });
      });
      var hits = Object.keys(best).map(function (k) { return best[k]; })
        .filter(function (h) { return h.score >= 0.5; })
        .sort(function (a, b) { return b.score - a.score || a.title.length - b.title.length; });
      return termsBelow(hits, function (h) { return h.url; }, function (h) { return h.below; }).slice(0, 3);
    });
  }
  /* A term that stands for another entry (kb_refs: ФРП for the Fund's loans) comes right after
   * that entry when both are found: the entry moves up to the term's place. */
  function termsBelow(items, urlOf, belowOf) {
    var out = items.slice();
    for (var i = 0; i < out.length; i++) {
      var below = belowOf(out[i]);
      if (!below) continue;
      for (var j = i + 1; j < out.length; j++) {
        var url = urlOf(out[j]);
        if (url === below || url.slice(-below.length - 1) === "/" + below) {
          out.splice(i, 0, out.splice(j, 1)[0]);
          i++;
          break;
        }
      }
    }
    return out;
  }

  /* Search, one engine for the header box and the search page: direct hits by name (the names
   * index), then Pagefind's full-text results, in the page's language. A query written wholly in
   * another language's letters is offered that language's results instead. */
  var pagefinds = {};
  function loadPagefind(bundle) {
    if (!pagefinds[bundle]) {
      pagefinds[bundle] = import(bundle + "pagefind.js").then(function (pf) {
        return pf.options({ excerptLength: 24 }).then(function () { return pf.init(); }).then(function () { return pf; });
      });
    }
    return pagefinds[bundle];
  }
  function scriptTest(name) {
    try { return new RegExp("\\p{Script=" + name + "}", "u"); } catch (e) { return null; }
  }
  /* The other language whose letters the query is written in, when the page's language has none of them. */
  function foreignLanguage(cfg, query) {
    var letters = query.match(/\p{L}/gu) || [];
    if (!letters.length) return null;
    var own = scriptTest(cfg.letters);
    if (own && letters.some(function (ch) { return own.test(ch); })) return null;
    for (var i = 0; i < cfg.others.length; i++) {
      var re = scriptTest(cfg.others[i].letters);
      if (re && letters.every(function (ch) { return re.test(ch); })) return cfg.others[i];
    }
    return null;
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&#x27;": "'" };
  /* Pagefind's excerpt (escaped text with <mark> around the matched words) as DOM nodes, built from
   * text only: nothing of it is parsed as markup. A mark stays only on a word the query names: the
   * word itself, or a word that begins with the stem of a query word of three letters or more.
   * Pagefind also marks «по» and «на» inside «поддержки» and «налоги»; those marks are dropped. */
  function excerptNodes(excerpt, query, nb) {
    var out = document.createDocumentFragment();
    var marked = false, parts = [];
    (excerpt || "").split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === "<mark>") { marked = true; return; }
      if (part === "</mark>") { marked = false; return; }
      var text = part.replace(/&(amp|lt|gt|quot|#39|#x27);/g, function (m) { return ENTITIES[m]; });
      if (text) parts.push({ text: text, marked: marked });
    });
    if (nb) {  /* over the whole excerpt, marks and all: a unit may be marked apart from its number */
      var whole = nb(parts.map(function (p) { return p.text; }).join("")), at = 0;
      parts.forEach(function (p) { p.text = whole.slice(at, at + p.text.length); at += p.text.length; });
    }
    var q = words(query || "");
    parts.forEach(function (p, i) {
      if (p.marked && query) {
        var before = i ? (parts[i - 1].text.match(/[\p{L}\p{N}]*$/u) || [""])[0] : "";
        var after = i + 1 < parts.length ? (parts[i + 1].text.match(/^[\p{L}\p{N}]*/u) || [""])[0] : "";
        var whole = words(before + p.text + after);
        p.marked = whole.some(function (w) {
          return q.some(function (x) { var s = stem(x); return w === x || (x.length >= 3 && w.indexOf(s) === 0); });
        });
      }
      if (p.marked) { var m = document.createElement("mark"); m.textContent = p.text; out.appendChild(m); }
      else out.appendChild(document.createTextNode(p.text));
    });
    return out;
  }
  /* The language's typography (kb.yml typography, written beside the names index) on an excerpt:
   * Pagefind gives excerpts with plain spaces, so the no-break spaces of the page are put back.
   * Only spaces change, each into one no-break space, so the text keeps its length. Dates and
   * hyphens survive in the index as the page has them. */
  var rulesCache = {};
  function typography(base) {
    if (!rulesCache[base]) {
      rulesCache[base] = fetch(base + "typography.json").then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; }).then(compileTypography);
    }
    return rulesCache[base];
  }
  function alternation(list) {
    return (list || []).slice().sort(function (a, b) { return b.length - a.length; })
      .map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|");
  }
  function compileTypography(rules) {
    var close = "(?=[\\s\u00a0.,;:!?)»“”\"'…]|$)", open = "(^|[\\s\u00a0(«„\"“'])";
    var units = alternation(rules.units), prefixes = alternation(rules.prefixes), out = [];
    out.push([/(\d) (?=\d{3}(?!\d))/gu, "$1\u00a0"]);
    if (rules.number_word) out.push([/(\d) (?=[^\s\u00a0\d<&])/gu, "$1\u00a0"]);
    if (units) {
      out.push([new RegExp("(\\d) (?=(?:" + units + ")" + close + ")", "gu"), "$1\u00a0"]);
      /* A unit after a unit («млрд руб.»), also where the excerpt begins after the number. */
      out.push([new RegExp(open + "(" + units + ") (?=(?:" + units + ")" + close + ")", "gu"), "$1$2\u00a0"]);
    }
    if (prefixes) out.push([new RegExp(open + "(" + prefixes + ") (?=\\S)", "gu"), "$1$2\u00a0"]);
    if (rules.initials) {
      out.push([new RegExp(open + "(\\p{Lu}\\.) (?=\\p{Lu})", "gu"), "$1$2\u00a0"]);
      out.push([new RegExp(open + "(\\p{Lu}\\p{Ll}+) (?=\\p{Lu}\\.[ \u00a0]?\\p{Lu}\\.)", "gu"), "$1$2\u00a0"]);
    }
    return function (text) {
      out.forEach(function (rule) { text = text.replace(rule[0], rule[1]); });
      return text;
    };
  }
  /* Where a result opens: the section whose words matched most (Pagefind's sub-results, one per
   * heading with an id), or the top of the page when the match is there. */
  function resultUrl(d) {
    var best = null, most = 0;
    (d.sub_results || []).forEach(function (s) {
      var score = (s.weighted_locations || []).reduce(function (sum, w) { return sum + (w.balanced_score || w.weight || 1); }, 0);
      if (score > most) { best = s; most = score; }
    });
    /* The section under the page's own heading (its title): a match there opens the page at its top. */
    return best && best.title !== d.meta.title ? best.url : d.url;
  }
  function Searcher(rootHref, cfg) {
    this.root = new URL(rootHref, document.baseURI);
    this.cfg = cfg;
    this.bundle = new URL(cfg.bundle, this.root).href;
    this.plural = new Intl.PluralRules(cfg.lang);
  }
  Searcher.prototype.url = function (path) { return new URL(path, this.root).href; };
  Searcher.prototype.pagefind = function () { return loadPagefind(this.bundle); };
  Searcher.prototype.count = function (n, q) {
    var labels = this.cfg.labels;
    if (!n) return fill(labels["search-none"], { q: q });
    return fill(labels["search-results-" + this.plural.select(n)] || labels["search-results-other"], { n: n.toLocaleString(this.cfg.lang), q: q });
  };
  /* What one query finds, in two parts that arrive apart, so that neither waits for the other:
   * direct(query) -> {direct, foreign} from the names index at once, and
   * fullText(query) -> {total, more(n)} from Pagefind, or null when a newer query came first. */
  Searcher.prototype.direct = function (query) {
    var other = foreignLanguage(this.cfg, query);
    return directHits(this.url((other || this.cfg).names), query).then(function (hits) { return { direct: hits, foreign: other }; });
  };
  var NO_RESULTS = { total: 0, more: function () { return Promise.resolve([]); } };
  function pause(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }
  Searcher.prototype.fullText = function (query) {
    if (foreignLanguage(this.cfg, query)) return Promise.resolve(NO_RESULTS);
    var self = this, ticket = this.ticket = (this.ticket || 0) + 1;
    /* One or two letters match nearly every word: such a query waits to see if more is typed.
     * (A wait for every query, 90 ms, was tried: it made the first full-text result later at
     * every size, bench/results.md.) */
    var wait = (query.match(/[\p{L}\p{N}]/gu) || []).length < 3 ? 250 : 0;
    /* One search at a time: a query typed while another is searched waits for it, and one
     * superseded meanwhile is never searched (stale searches would queue in Pagefind's worker). */
    var turn = pause(wait).then(function () {
      if (ticket !== self.ticket) return null;
      var run = (self.queue || Promise.resolve()).then(function () {
        if (ticket !== self.ticket) return null;
        return self.pagefind().then(function (pf) { return pf.search(query); });
      }).catch(function () { return null; });
      self.queue = run;
      return run;
    });
    return turn.then(function (found) {
      if (!found || ticket !== self.ticket) return null;
      var results = found.results, loaded = 0;
      return {
        total: results.length,
        more: function (n) {
          var slice = results.slice(loaded, loaded + n);
          loaded += slice.length;
          var loading = Promise.all(slice.map(function (r) { return r.data(); }));
          return Promise.all([loading, typography(self.url(self.cfg.names))]).then(function (both) {
            self.nb = both[1];
            return termsBelow(both[0], function (d) { return d.url; }, function (d) { return d.meta && d.meta.below; });
          });
        },
      };
    });
  };
  /* Both parts of one query, for tests and measurements. */
  Searcher.prototype.run = function (query) {
    return Promise.all([this.direct(query), this.fullText(query)]).then(function (both) {
      return { query: query, direct: both[0].direct, foreign: both[0].foreign, total: both[1] ? both[1].total : 0,
               more: both[1] ? both[1].more : function () { return Promise.resolve([]); } };
    });
  };
  Searcher.prototype.directLinks = function (found) {
    var self = this;
    return found.direct.map(function (h) { return { href: self.url(h.url), title: h.title }; });
  };
  Searcher.prototype.searchPage = function (query, other) {
    var url = new URL((other || this.cfg).page, this.root);
    url.searchParams.set("q", query);
    return url.href;
  };

  /* The header box: a combobox whose list shows results as the reader types (ARIA 1.2 pattern). */
  function initHeaderSearch() {
    var form = document.querySelector("form.kb-search-form[data-kb]");
    if (!form) return null;
    var searcher = new Searcher(form.getAttribute("data-root"), JSON.parse(form.getAttribute("data-kb")));
    var labels = searcher.cfg.labels;
    var input = form.querySelector("input");
    var panel = document.createElement("div");
    panel.className = "kb-panel";
    panel.hidden = true;
    var list = document.createElement("ul");
    list.id = "kb-q-list";
    list.className = "kb-panel-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", labels.search);
    var status = document.createElement("p");
    status.className = "kb-visually-hidden";
    status.setAttribute("aria-live", "polite");
    panel.appendChild(list);
    form.appendChild(panel);
    form.appendChild(status);
    /* A phone's box is narrow: its placeholder is then the one word. */
    var phone = window.matchMedia("(max-width: 44.9375em)");
    var placeholder = input.placeholder;
    function fit() { input.placeholder = phone.matches ? labels.search : placeholder; }
    fit();
    phone.addEventListener("change", fit);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var seq = 0, active = -1;
    function options() { return list.querySelectorAll("[role=option]"); }
    function open(yes) {
      panel.hidden = !yes;
      input.setAttribute("aria-expanded", yes ? "true" : "false");
      if (!yes) select(-1);
    }
    function select(i) {
      var opts = options();
      if (active >= 0 && opts[active]) opts[active].setAttribute("aria-selected", "false");
      active = i;
      if (i >= 0 && opts[i]) {
        opts[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", opts[i].id);
        opts[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    function group(title, lang) {
      var li = document.createElement("li");
      li.setAttribute("role", "presentation");
      var head = document.createElement("p");
      head.className = "kb-panel-head";
      head.id = "kb-q-g" + list.children.length;
      head.textContent = title;
      var ul = document.createElement("ul");
      ul.setAttribute("role", "group");
      ul.setAttribute("aria-labelledby", head.id);
      if (lang) { head.lang = lang; ul.lang = lang; }
      li.appendChild(head);
      li.appendChild(ul);
      list.appendChild(li);
      return ul;
    }
    function option(ul, href, title, excerpt, kind) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.id = "kb-q-o" + options().length;
      li.className = "kb-panel-option" + (kind ? " kb-panel-" + kind : "");
      var a = document.createElement("a");
      a.href = href;
      a.tabIndex = -1;
      var t = document.createElement("span");
      t.className = "kb-panel-title";
      t.textContent = title;
      a.appendChild(t);
      if (excerpt) {
        var x = document.createElement("span");
        x.className = "kb-panel-excerpt";
        x.appendChild(excerptNodes(excerpt, shown.query, searcher.nb));
        a.appendChild(x);
      }
      li.appendChild(a);
      ul.appendChild(li);
    }
    /* The list shows what has arrived for the query now typed: entries by name at once,
     * full-text results when Pagefind has them. */
    var shown = { query: "" };
    function draw() {
      var query = shown.query, other = shown.direct ? shown.direct.foreign : null;
      /* Results that arrive while the reader moves through the list keep the chosen one chosen. */
      var chosen = active >= 0 && options()[active] ? options()[active].querySelector("a").href : null;
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.setAttribute("data-query", query);
      if (shown.direct && shown.direct.direct.length) {
        var ul = group(other ? other.direct : labels["direct-hits"], other ? other.lang : null);
        searcher.directLinks(shown.direct).forEach(function (h) { option(ul, h.href, h.title, "", "direct"); });
      }
      if (shown.full && shown.full.data.length) {
        var ft = group(searcher.count(shown.full.total, query));
        shown.full.data.forEach(function (d) { option(ft, resultUrl(d), d.meta.title, d.excerpt, "result"); });
      }
      var all = group("");
      if (other) {
        option(all, searcher.searchPage(query, other), fill(other.here, { q: query }), "", "all");
        all.lastChild.lang = other.lang;
      } else option(all, searcher.searchPage(query), fill(labels["search-all"], { q: query }), "", "all");
      if (other) status.textContent = fill(other.here, { q: query });
      else if (shown.full) status.textContent = searcher.count(shown.full.total, query);
      open(true);
      if (chosen) {
        var again = Array.prototype.map.call(options(), function (o) { return o.querySelector("a").href; }).indexOf(chosen);
        if (again >= 0) select(again);
      }
    }
    function update() {
      var query = input.value.trim();
      var mine = ++seq;
      shown = { query: query };
      if (!query) { list.textContent = ""; open(false); return; }
      searcher.direct(query).then(function (found) {
        if (mine !== seq) return;  /* a newer query is on its way: this one is stale */
        shown.direct = found;
        draw();
      });
      searcher.fullText(query).then(function (found) {
        if (!found || mine !== seq) return null;
        return found.more(5).then(function (data) {
          if (mine !== seq) return;
          shown.full = { total: found.total, data: data };
          draw();
        });
      });
    }
    input.addEventListener("focus", function () { searcher.pagefind(); if (list.children.length && input.value.trim()) open(true); });
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (ev) {
      var n = options().length;
      if (ev.key === "ArrowDown") {
        ev.preventDefault();
        if (panel.hidden) { if (n) open(true); return; }
        select(n ? (active + 1) % n : -1);
      } else if (ev.key === "ArrowUp") {
        ev.preventDefault();
        if (!panel.hidden && n) select(active <= 0 ? n - 1 : active - 1);
      } else if (ev.key === "Enter" && !panel.hidden && active >= 0) {
        ev.preventDefault();
        location.href = options()[active].querySelector("a").href;
      } else if (ev.key === "Escape") {
        if (!panel.hidden) { ev.preventDefault(); open(false); }
      } else if (ev.key === "Tab") open(false);
    });
    document.addEventListener("mousedown", function (ev) { if (!form.contains(ev.target)) open(false); });
    return searcher;
  }

  /* The search page: the same search, every result with its excerpt, counted in the language's plural forms. */
  function initSearchPage(header) {
    var box = document.getElementById("kb-search");
    if (!box) return null;
    var searcher = new Searcher(box.getAttribute("data-root"), JSON.parse(box.getAttribute("data-kb")));
    var labels = searcher.cfg.labels;
    var label = document.createElement("label");
    label.className = "kb-search-label";
    label.setAttribute("for", "kb-search-input");
    label.textContent = labels["search-placeholder"];
    var input = document.createElement("input");
    input.id = "kb-search-input";
    input.className = "kb-search-field";
    input.type = "search";
    input.autocomplete = "off";
    input.spellcheck = false;
    var status = document.createElement("p");
    status.className = "kb-search-status";
    status.setAttribute("aria-live", "polite");
    var direct = document.createElement("div");
    direct.className = "kb-direct";
    var results = document.createElement("ol");
    results.className = "kb-results";
    var more = document.createElement("button");
    more.type = "button";
    more.className = "md-button kb-search-more";
    more.textContent = labels["search-more"];
    more.hidden = true;
    [label, input, direct, status, results, more].forEach(function (el) { box.appendChild(el); });
    var none = document.querySelector(".kb-search-none");
    if (none) box.appendChild(none);
    var seq = 0, current = null;
    function show(data) {
      data.forEach(function (d) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.className = "kb-result-link";
        a.href = resultUrl(d);
        a.textContent = d.meta.title;
        var p = document.createElement("p");
        p.className = "kb-result-excerpt";
        p.appendChild(excerptNodes(d.excerpt, current.query, searcher.nb));
        li.appendChild(a);
        li.appendChild(p);
        var subs = (d.sub_results || []).filter(function (s) { return s.url.indexOf("#") !== -1 && s.title !== d.meta.title; }).slice(0, 3);
        if (subs.length) {
          var ul = document.createElement("ul");
          ul.className = "kb-result-sub";
          subs.forEach(function (s) {
            var sli = document.createElement("li");
            var sa = document.createElement("a");
            sa.href = s.url;
            sa.textContent = s.title;
            sli.appendChild(sa);
            var sp = document.createElement("span");
            sp.className = "kb-result-excerpt";
            sp.appendChild(document.createTextNode(" — "));
            sp.appendChild(excerptNodes(s.excerpt, current.query, searcher.nb));
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
      var p = document.createElement("p");
      p.className = "kb-direct-title";
      p.textContent = title;
      var ul = document.createElement("ul");
      hits.forEach(function (h) {
        var li = document.createElement("li");
        var a = document.createElement("a");
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
      var query = input.value.trim();
      var url = new URL(location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      if (header) header.value = input.value;
      var mine = ++seq;
      box.setAttribute("data-query", query);
      direct.textContent = "";
      results.textContent = "";
      status.textContent = "";
      if (none) none.hidden = true;
      more.hidden = true;
      if (!query) return;
      /* Entries by name at once; full-text results when Pagefind has them. */
      var directFound = searcher.direct(query);
      directFound.then(function (found) {
        if (mine !== seq) return;
        var other = found.foreign;
        if (other) {
          var offer = document.createElement("p");
          offer.className = "kb-search-elsewhere";
          offer.lang = other.lang;
          var a = document.createElement("a");
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
      var mine = seq;
      current.more(10).then(function (data) { if (mine === seq) show(data); });
    });
    input.addEventListener("input", update);
    var query = new URLSearchParams(location.search).get("q") || "";
    input.value = query;
    if (query) update(); else input.focus();
    return searcher;
  }

  function initSearch() {
    var header = initHeaderSearch();
    var headerInput = document.getElementById("kb-q");
    var page = initSearchPage(headerInput);
    var searcher = page || header;
    if (!searcher) return;
    /* What the page shows for a query, in order: direct hits, then full-text results (addresses
     * as paths). The search-quality test and the latency benchmark measure through this. */
    window.kbSearch = function (query) {
      return searcher.run(query).then(function (found) {
        return found.more(10).then(function (data) {
          var urls = found.direct.map(function (h) { return new URL(searcher.url(h.url)).pathname; });
          data.forEach(function (d) { if (urls.indexOf(d.url) === -1) urls.push(d.url); });
          return urls;
        });
      });
    };
  }

  /* A template's text with {key} filled from values that may be nodes (links), as nodes. */
  function fillNodes(el, template, values) {
    template.split(/\{(\w+)\}/).forEach(function (part, i) {
      var value = i % 2 ? (part in values ? values[part] : "{" + part + "}") : part;
      el.appendChild(typeof value === "string" ? document.createTextNode(value) : value);
    });
  }
  var LINKED_PAGES = 5;  /* the other pages a filter's status names, before an ellipsis */

  /* Catalogue filters, from the page's data (kb_pages.filter_data): the options of the whole
   * collection and this page's rows as indices into them. A catalogue of several pages names a
   * file of every entry's indices (kb_pages.filter_file), fetched once a filter is set, so that the
   * status tells how many more entries match on which other pages, each a link with the filters. */
  function initFilters() {
    var blocks = document.querySelectorAll(".kb-catalogue");
    var lang = document.documentElement.lang || "en";
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
      var src = spec.src && new URL(spec.src, location.href);
      var everything = null;  /* the promise of the file of every entry */
      var seq = 0;

      /* A row's values hold, for each filter, the index of one option or a list of them. */
      function matches(values) {
        return selects.every(function (s, k) {
          var want = s.selectedIndex - 1, v = values[k];  /* option 0 is "All" */
          return want < 0 || v === want || (Array.isArray(v) && v.indexOf(want) !== -1);
        });
      }
      /* The entries of other pages that match: how many, and the numbers of their pages. */
      function elsewhere(file) {
        var count = 0, pages = [];
        file.rows.forEach(function (values, i) {
          var number = Math.min(Math.floor(i / spec.size) + 1, file.pages.length);  /* a short last page joins the one before */
          if (number === spec.page || !matches(values)) return;
          count += 1;
          if (pages[pages.length - 1] !== number) pages.push(number);
        });
        return { count: count, pages: pages, urls: file.pages };
      }
      /* The page numbers as links keeping the filters: "2, 5 and 9" in the page's language, or the
       * first LINKED_PAGES with the list's comma and an ellipsis. */
      function pageLinks(more) {
        var numbers = more.pages.slice(0, LINKED_PAGES).map(String);
        var list = new Intl.ListFormat(lang, { type: "conjunction" });
        var text = more.pages.length > LINKED_PAGES ? numbers.join(list.formatToParts(["1", "2", "3"])[1].value) + "…" : list.format(numbers);
        var out = document.createDocumentFragment();
        text.split(/(\d+)/).forEach(function (part, i) {
          if (!(i % 2)) return part && out.appendChild(document.createTextNode(part));
          var a = document.createElement("a");
          a.href = new URL(more.urls[part - 1], src).href + location.search;
          a.textContent = part;
          out.appendChild(a);
        });
        return out;
      }
      function say(shown, more) {
        var others = more && more.count;
        status.textContent = shown ? spec.labels["filter-shown"] + ": " + shown + " / " + rows.length : others ? "" : spec.labels["filter-none"];
        status.classList.toggle("kb-filter-empty", !shown);
        if (!others) return;
        var line = document.createElement("span");
        line.className = "kb-filter-more";
        var key = (shown ? "filter-more-" : "filter-elsewhere-") + (more.pages.length > 1 ? "pages" : "page");
        fillNodes(line, spec.labels[key], { n: more.count.toLocaleString(lang), pages: pageLinks(more) });
        status.appendChild(line);
      }
      function apply(push) {
        if (push) {
          var url = new URL(location.href);
          selects.forEach(function (s) {
            if (s.value) url.searchParams.set(s.name, s.value); else url.searchParams.delete(s.name);
          });
          history.replaceState(null, "", url);
        }
        var shown = 0, mine = ++seq;
        rows.forEach(function (row, i) {
          var ok = matches(spec.rows[i] || []);
          row.hidden = !ok;
          if (ok) shown += 1;
        });
        if (!src || !selects.some(function (s) { return s.value; })) return say(shown, null);
        /* Said once the file is in (or failed: then of this page alone), so that it is said once. */
        if (!everything) everything = fetch(src).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
        everything.then(elsewhere).catch(function () { return null; }).then(function (more) { if (mine === seq) say(shown, more); });
      }
      selects.forEach(function (s) { s.addEventListener("change", function () { apply(true); }); });
      reset.addEventListener("click", function () {
        selects.forEach(function (s) { s.value = ""; });
        apply(true);
      });
      apply(false);
    });
  }


  /* The map: the borders of places (say, regions) from the file beside the page (kb_views.map_data),
   * drawn under the points, and a list to find one's place by name: it is filled, its points stand
   * out and are listed with their numbers. The choice is kept in the address (?<place field>=<code>). */
  function initMap() {
    var fig = document.querySelector(".kb-map-figure[data-map]");
    if (!fig) return;
    fetch(new URL(fig.getAttribute("data-map"), location.href)).then(function (r) { return r.json(); }).then(function (data) {
      runMap(fig, data);
    }).catch(function () {});
  }
  function runMap(fig, data) {
    var spec = data;
    var NS = "http://www.w3.org/2000/svg";
    var svgs = fig.querySelectorAll("svg.kb-map");
    data.maps.forEach(function (paths, i) {
      var svg = svgs[i];
      if (!svg) return;
      var g = document.createElementNS(NS, "g");
      g.setAttribute("class", "kb-map-borders");
      g.setAttribute("aria-hidden", "true");
      Object.keys(paths).forEach(function (code) {
        var path = document.createElementNS(NS, "path");
        path.setAttribute("class", "kb-map-border");
        path.setAttribute("data-place", code);
        path.setAttribute("d", paths[code]);
        g.appendChild(path);
      });
      var land = svg.querySelector(".kb-map-land");
      svg.insertBefore(g, land ? land.nextSibling : svg.firstChild);
    });
    var box = document.createElement("div");
    box.className = "kb-map-find";
    var label = document.createElement("label");
    label.setAttribute("for", "kb-map-place");
    label.textContent = spec.labels["map-find-place"];
    var select = document.createElement("select");
    select.id = "kb-map-place";
    var all = document.createElement("option");
    all.value = "";
    all.textContent = spec.labels["map-all-places"];
    select.appendChild(all);
    data.places.forEach(function (pair) {
      var o = document.createElement("option");
      o.value = pair[0];
      o.textContent = pair[1];
      select.appendChild(o);
    });
    var found = document.createElement("div");
    found.className = "kb-map-found";
    found.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(select);
    box.appendChild(found);
    fig.insertBefore(box, fig.firstChild);
    var names = {};
    data.places.forEach(function (pair) { names[pair[0]] = pair[1]; });
    function show(code, keep) {
      fig.classList.toggle("kb-map-chosen", !!code);
      fig.querySelectorAll(".kb-map-border").forEach(function (p) { p.classList.toggle("kb-map-here", p.getAttribute("data-place") === code); });
      fig.querySelectorAll("a[data-place]").forEach(function (a) { a.classList.toggle("kb-map-in", a.getAttribute("data-place") === code); });
      found.textContent = "";
      if (code && names[code]) {
        var entries = data.entries[code] || [];
        var p = document.createElement("p");
        p.textContent = (entries.length ? spec.labels["map-place-entries"] : spec.labels["map-place-none"]).replace("{place}", names[code]);
        found.appendChild(p);
        if (entries.length) {
          var list = document.createElement("ul");
          entries.forEach(function (z) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = z[2];
            a.textContent = z[1];
            li.appendChild(document.createTextNode(z[0] + ". "));
            li.appendChild(a);
            list.appendChild(li);
          });
          found.appendChild(list);
        }
      }
      if (keep) {
        var params = new URLSearchParams(location.search);
        if (code) params.set(data.param, code); else params.delete(data.param);
        var q = params.toString();
        history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
      }
    }
    select.addEventListener("change", function () { show(select.value, true); });
    var start = new URLSearchParams(location.search).get(data.param);
    if (start && names[start]) { select.value = start; show(start, false); }
  }

  /* The measure finder: questions built from the page's data; each answer narrows the cards,
   * the answers live in the address, and the cards left out say why. Without script the page
   * links to the catalogue of every measure. */
  function initFinder() {
    var box = document.querySelector(".kb-finder");
    if (!box) return;
    var spec = JSON.parse(box.getAttribute("data-finder"));
    /* The entries are in a file beside the page (kb_tools.finder_data), so the page stays small. */
    fetch(new URL(spec.src, location.href)).then(function (r) { return r.json(); }).then(function (data) {
      spec.items = data.items;
      runFinder(box, spec);
    }).catch(function () {});
  }
  function finderCard(item) {
    var card = document.createElement("div");
    card.className = "kb-finder-item";
    card.setAttribute("data-id", item.id);
    var h = document.createElement("h3");
    var a = document.createElement("a");
    a.href = item.url;
    a.textContent = item.title;
    h.appendChild(a);
    card.appendChild(h);
    if (item.summary) { var p = document.createElement("p"); p.textContent = item.summary; card.appendChild(p); }
    if (item.details.length) {
      var d = document.createElement("p");
      item.details.forEach(function (pair, i) {
        if (i) d.appendChild(document.createElement("br"));
        var b = document.createElement("strong");
        b.textContent = pair[0] + ":";
        d.appendChild(b);
        d.appendChild(document.createTextNode(" " + pair[1]));
      });
      card.appendChild(d);
    }
    return card;
  }
  function runFinder(box, spec) {
    var params = new URLSearchParams(location.search);
    var form = document.createElement("form");
    form.className = "kb-finder-form";
    form.setAttribute("role", "search");
    /* Each question's answer: a list of values (several for a question of checkboxes, where an
     * entry fits if it has any of them: a region and its managing company apply together). */
    var inputs = {};
    spec.questions.forEach(function (q) {
      var wrap = document.createElement(q.multiple ? "fieldset" : "div");
      wrap.className = "kb-finder-question" + (q.multiple ? " kb-finder-several" : "");
      var label = document.createElement(q.multiple ? "legend" : "label");
      label.textContent = q.title;
      wrap.appendChild(label);
      var given = (params.get(q.key) || "").split(",").filter(Boolean);
      if (q.multiple) {
        var boxes = q.options.map(function (o) {
          var l = document.createElement("label");
          var cb = document.createElement("input");
          cb.type = "checkbox";
          cb.name = q.key;
          cb.value = o[0];
          cb.checked = given.indexOf(o[0]) !== -1;
          l.appendChild(cb);
          l.appendChild(document.createTextNode(" " + o[1]));
          wrap.appendChild(l);
          return cb;
        });
        inputs[q.key] = {
          values: function () { return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }); },
          clear: function () { boxes.forEach(function (b) { b.checked = false; }); },
          nodes: boxes
        };
      } else {
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
        label.setAttribute("for", input.id);
        input.name = q.key;
        input.value = given[0] || "";
        wrap.appendChild(input);
        inputs[q.key] = {
          values: function () { return input.value ? [input.value] : []; },
          clear: function () { input.value = ""; },
          nodes: [input]
        };
      }
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
    spec.items.forEach(function (item) { cards[item.id] = finderCard(item); box.appendChild(cards[item.id]); });
    function labelOf(q, value) {
      var label = value;
      (q.options || []).forEach(function (o) { if (o[0] === value) label = o[1]; });
      return label;
    }
    function why(item) {
      for (var i = 0; i < spec.questions.length; i++) {
        var q = spec.questions[i];
        var chosen = inputs[q.key].values();
        if (!chosen.length) continue;
        if (q.options) {
          var have = item[q.key] || [];
          if (have.length && !chosen.some(function (v) { return have.indexOf(v) !== -1; })) {
            return q.title + ": " + chosen.map(function (v) { return labelOf(q, v); }).join(", ");
          }
        } else {
          var amount = parseFloat(chosen[0]);
          if ((item.low !== null && item.low !== undefined && amount < item.low) || (item.high !== null && item.high !== undefined && amount > item.high)) {
            return q.title + ": " + chosen[0];
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
        cards[item.id].hidden = !!reason;
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
          var v = inputs[k].values();
          if (v.length) url.searchParams.set(k, v.join(",")); else url.searchParams.delete(k);
        });
        history.replaceState(null, "", url);
      }
    }
    Object.keys(inputs).forEach(function (k) {
      inputs[k].nodes.forEach(function (n) { n.addEventListener(n.type === "checkbox" ? "change" : "input", function () { apply(true); }); });
    });
    reset.addEventListener("click", function () { Object.keys(inputs).forEach(function (k) { inputs[k].clear(); }); apply(true); });
    apply(false);
  }

  /* The comparison: a picker of entries (narrowed by the filter field, e.g. the zone's type) and a
   * table of the picked ones' facts, side by side, with each figure's date and source; declared and
   * realised rows are marked, and a note says which figures are not comparable as they stand.
   * The choice lives in the address (?zones=a,b&type=…). */
  function initCompare() {
    var box = document.querySelector(".kb-compare");
    if (!box) return;
    var spec = JSON.parse(box.getAttribute("data-compare"));
    /* An index of the entries beside the page, and their facts in files of a hundred (kb_tools.compare_data). */
    fetch(new URL(spec.src, location.href)).then(function (r) { return r.json(); }).then(function (index) {
      spec.rows = index.map(function (row) { return {id: row[0], title: row[1], file: row[2], group: row[3] || "", groupName: row[4] || ""}; });
      runCompare(box, spec);
    }).catch(function () {});
  }
  function runCompare(box, spec) {
    var byId = {};
    var files = {};
    spec.rows.forEach(function (r) { byId[r.id] = r; });
    function load(ids) {
      return Promise.all(ids.map(function (id) {
        var file = byId[id].file;
        if (!files[file]) {
          files[file] = fetch(new URL(file, location.href)).then(function (r) { return r.json(); }).then(function (rows) {
            Object.keys(rows).forEach(function (k) { if (byId[k]) { byId[k].url = rows[k].url; byId[k].cells = rows[k].cells; } });
          });
        }
        return files[file];
      }));
    }
    var params = new URLSearchParams(location.search);
    var chosen = (params.get(spec.param) || "").split(",").filter(function (id) { return byId[id]; }).slice(0, spec.max);
    var form = document.createElement("fieldset");
    form.className = "kb-compare-pick";
    var legend = document.createElement("legend");
    legend.textContent = spec.labels["compare-pick"];
    form.appendChild(legend);
    var filter = null;
    if (spec.filter) {
      var wrap = document.createElement("p");
      wrap.className = "kb-compare-filter";
      var flabel = document.createElement("label");
      flabel.setAttribute("for", "kb-compare-filter");
      flabel.textContent = spec.filter.title + ": ";
      filter = document.createElement("select");
      filter.id = "kb-compare-filter";
      var all = document.createElement("option");
      all.value = "";
      all.textContent = spec.labels["filter-all"];
      filter.appendChild(all);
      var seen = {};
      spec.rows.forEach(function (r) {
        if (!r.group || seen[r.group]) return;
        seen[r.group] = true;
        var opt = document.createElement("option");
        opt.value = r.group;
        opt.textContent = r.groupName;
        filter.appendChild(opt);
      });
      filter.value = seen[params.get(spec.filter.key)] ? params.get(spec.filter.key) : "";
      flabel.appendChild(filter);
      wrap.appendChild(flabel);
    }
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
    var notes = document.createElement("div");
    notes.className = "kb-compare-notes";
    box.parentNode.insertBefore(tableWrap, box);
    box.parentNode.insertBefore(notes, box);
    if (filter) box.parentNode.insertBefore(wrap, box);
    box.parentNode.insertBefore(form, box);
    box.hidden = true;
    function narrow() {
      /* The filter hides the zones of other types from the picker; chosen ones stay chosen. */
      var group = filter ? filter.value : "";
      boxes.forEach(function (cb) { cb.parentNode.hidden = !!group && byId[cb.value].group !== group && !cb.checked; });
    }
    function keep() {
      var url = new URL(location.href);
      if (chosen.length) url.searchParams.set(spec.param, chosen.join(",")); else url.searchParams.delete(spec.param);
      if (filter && filter.value) url.searchParams.set(spec.filter.key, filter.value); else if (filter) url.searchParams.delete(spec.filter.key);
      history.replaceState(null, "", url);
    }
    function render() {
      var now = chosen.slice();
      load(now).then(function () { if (now.join() === chosen.join()) draw(); });
    }
    function fill(template, values) {
      return template.replace(/\{(\w+)\}/g, function (m, k) { return values[k] !== undefined ? values[k] : m; });
    }
    function note(text) {
      var li = document.createElement("li");
      li.textContent = text;
      return li;
    }
    function draw() {
      tableWrap.textContent = "";
      notes.textContent = "";
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
      var list = document.createElement("ul");
      var apart = [];
      var names = {};
      spec.fields.forEach(function (f) { names[f[0]] = f[1]; });
      spec.fields.forEach(function (f) {
        var tr = body.insertRow();
        var kind = spec.kinds[f[0]];
        if (kind) tr.className = "kb-compare-" + kind;
        var th = document.createElement("th");
        th.scope = "row";
        th.textContent = f[1];
        if (kind) {
          var tag = document.createElement("span");
          tag.className = "kb-compare-tag";
          tag.textContent = spec.labels["compare-" + kind];
          th.appendChild(document.createTextNode(" "));
          th.appendChild(tag);
        }
        tr.appendChild(th);
        var years = {};
        chosen.forEach(function (id) {
          var td = tr.insertCell();
          var cell = byId[id].cells[f[0]];
          if (!cell) { td.textContent = "—"; return; }
          if (cell.year) years[cell.year] = true;
          td.appendChild(document.createTextNode(cell.text));
          if (cell.computed) {
            var how = document.createElement("small");
            how.className = "kb-compare-how";
            how.textContent = spec.labels["compare-computed"] + ": " + cell.as_of;
            td.appendChild(document.createElement("br"));
            td.appendChild(how);
            if (cell.apart) td.className = "kb-compare-apart";
          } else if (cell.as_of) {
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
        var distinct = Object.keys(years).join("/").split("/").filter(function (y, i, all) { return all.indexOf(y) === i; }).sort();
        if (chosen.length > 1 && distinct.length > 1) {
          var mark = document.createElement("span");
          mark.className = "kb-compare-tag kb-compare-years";
          mark.textContent = spec.labels["dates-apart"];
          th.appendChild(document.createTextNode(" "));
          th.appendChild(mark);
          apart.push(f[1] + " (" + distinct.join(", ") + ")");
        }
      });
      if (apart.length) list.appendChild(note(fill(spec.labels["compare-dates-apart"], {rows: apart.join("; ")})));
      /* Declared against realised: one zone gives only the promise, another only the result. */
      spec.pairs.forEach(function (pair) {
        var onlyDeclared = chosen.filter(function (id) { var c = byId[id].cells; return c[pair[0]] && !c[pair[1]]; });
        var onlyRealised = chosen.filter(function (id) { var c = byId[id].cells; return c[pair[1]] && !c[pair[0]]; });
        if (onlyDeclared.length && onlyRealised.length) {
          list.appendChild(note(fill(spec.labels["compare-declared-realised"], {
            row: names[pair[0]] + " / " + names[pair[1]],
            declared: onlyDeclared.map(function (id) { return byId[id].title; }).join(", "),
            realised: onlyRealised.map(function (id) { return byId[id].title; }).join(", ")
          })));
        }
      });
      tableWrap.appendChild(table);
      if (list.childNodes.length) {
        var h = document.createElement("p");
        h.className = "kb-compare-notes-title";
        h.textContent = spec.labels["compare-notes"];
        notes.appendChild(h);
        notes.appendChild(list);
      }
    }
    boxes.forEach(function (cb) {
      cb.addEventListener("change", function () {
        if (cb.checked && chosen.length >= spec.max) cb.checked = false;  /* at most spec.max side by side */
        chosen = chosen.filter(function (id) { return id !== cb.value; });
        if (cb.checked) chosen.push(cb.value);  /* keep the order in which they were picked */
        keep();
        narrow();
        render();
      });
    });
    if (filter) filter.addEventListener("change", function () { keep(); narrow(); });
    narrow();
    render();
  }

  /* The application checklist: a tick per step. The ticks live in the browser (localStorage, one
   * key per checklist, shared by its pages in every language) and in the address (?done=a,b), so
   * a link carries them to a colleague; a link with ticks wins over what the browser kept. */
  function initChecklist() {
    var box = document.querySelector(".kb-checklist");
    if (!box) return;
    var spec = JSON.parse(box.getAttribute("data-checklist"));
    var key = "kb-checklist:" + spec.key;
    var steps = Array.prototype.slice.call(box.querySelectorAll(".kb-check-step"));
    var ids = steps.map(function (s) { return s.getAttribute("data-step"); });
    var params = new URLSearchParams(location.search);
    var stored = null;
    try { stored = localStorage.getItem(key); } catch (e) { stored = null; }
    var done = (params.has("done") ? params.get("done") : (stored || "")).split(",").filter(function (id) { return ids.indexOf(id) !== -1; });
    var status = document.createElement("p");
    status.className = "kb-checklist-status";
    status.setAttribute("aria-live", "polite");
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "kb-checklist-clear";
    clear.textContent = spec.labels["checklist-clear"];
    var share = document.createElement("p");
    share.className = "kb-checklist-share";
    share.textContent = spec.labels["checklist-share"];
    box.parentNode.insertBefore(status, box);
    box.parentNode.insertBefore(share, box);
    var boxes = steps.map(function (step) {
      var id = step.getAttribute("data-step");
      var cb = document.createElement("input");
      cb.type = "checkbox";
      cb.className = "kb-check-tick";
      cb.value = id;
      cb.checked = done.indexOf(id) !== -1;
      var heading = step.querySelector("h3");
      cb.setAttribute("aria-label", spec.labels["checklist-tick"] + ": " + (heading ? heading.textContent : id));
      if (heading) heading.insertBefore(cb, heading.firstChild); else step.insertBefore(cb, step.firstChild);
      return cb;
    });
    function save() {
      done = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      try { localStorage.setItem(key, done.join(",")); } catch (e) { /* private mode: the address still keeps them */ }
      var url = new URL(location.href);
      if (done.length) url.searchParams.set("done", done.join(",")); else url.searchParams.delete("done");
      history.replaceState(null, "", url);
      steps.forEach(function (step, i) { step.classList.toggle("kb-check-done", boxes[i].checked); });
      status.textContent = spec.labels["checklist-done"].replace("{n}", done.length).replace("{total}", steps.length);
      if (done.length) status.appendChild(clear); else if (clear.parentNode) clear.remove();
      status.insertBefore(document.createTextNode(" "), clear.parentNode ? clear : null);
    }
    boxes.forEach(function (b) { b.addEventListener("change", save); });
    clear.addEventListener("click", function () { boxes.forEach(function (b) { b.checked = false; }); save(); });
    save();
  }

  /* Words of the interface for the page's language (templates/main.html, from kb.yml labels). */
  function uiLabels() {
    var meta = document.querySelector("meta[name='kb-ui']");
    try { return meta ? JSON.parse(meta.getAttribute("content")) : {}; } catch (e) { return {}; }
  }

  /* Tables: each cell learns its column's name, so that on a phone a row reads as a card
   * (kb.css); a table wider than its column says so above it, instead of hiding columns. */
  function initTables(labels) {
    var tables = document.querySelectorAll(".md-content .md-typeset table");
    var wide = [];
    tables.forEach(function (table) {
      if (!table.tHead || !table.tHead.rows.length || table.closest(".kb-compare-table")) return;
      var names = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent.trim(); });
      if (names.length < 2) return;
      table.setAttribute("data-kb-stack", "");
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          Array.prototype.forEach.call(row.cells, function (td, i) {
            if (names[i]) td.setAttribute("data-label", names[i]);
            /* Stacked on a phone, a cell is a grid of its label and its content: the content goes in
             * one box, or its links and citation marks would each take a grid cell of their own. */
            if (!td.firstChild || (td.childNodes.length === 1 && td.firstElementChild && td.firstElementChild.classList.contains("kb-cell"))) return;
            var cell = document.createElement("span");
            cell.className = "kb-cell";
            while (td.firstChild) cell.appendChild(td.firstChild);
            td.appendChild(cell);
          });
        });
      });
      var scroller = table.closest(".md-typeset__scrollwrap");
      if (!scroller || !labels["table-scroll"]) return;
      var hint = document.createElement("p");
      hint.className = "kb-table-hint";
      hint.textContent = labels["table-scroll"];
      hint.hidden = true;
      scroller.parentNode.insertBefore(hint, scroller);
      wide.push([scroller, hint]);
    });
    function measure() {
      wide.forEach(function (pair) {
        var over = pair[0].scrollWidth > pair[0].clientWidth + 2;
        pair[1].hidden = !over;
        pair[0].classList.toggle("kb-overflows", over);
      });
    }
    measure();
    window.addEventListener("resize", measure);
  }

  /* Where am I: the menu marks the section an entry belongs to (the breadcrumbs name it); on a
   * screen too narrow for the side column, the page's contents open from under its heading; the
   * language switch keeps the part of the page the reader is at. */
  function initPlace() {
    var crumb = document.querySelector(".kb-crumbs li:nth-child(2) a");
    if (crumb) {
      var section = new URL(crumb.href).pathname;
      document.querySelectorAll(".md-sidebar--primary a.md-nav__link").forEach(function (a) {
        if (new URL(a.href).pathname === section) {
          a.classList.add("md-nav__link--active", "kb-nav-section");
          a.setAttribute("aria-current", "location");
        }
      });
    }
    var toc = document.querySelector(".md-sidebar--secondary .md-nav--secondary > .md-nav__list");
    var title = document.querySelector(".md-sidebar--secondary .md-nav--secondary > .md-nav__title");
    var heading = document.querySelector(".md-content h1");
    if (toc && heading && toc.querySelector("a")) {
      var details = document.createElement("details");
      details.className = "kb-toc";
      var summary = document.createElement("summary");
      summary.textContent = title ? title.textContent.trim() : "";
      var list = toc.cloneNode(true);
      list.removeAttribute("data-md-scrollfix");
      list.querySelectorAll("[data-md-component]").forEach(function (el) { el.removeAttribute("data-md-component"); });
      details.appendChild(summary);
      details.appendChild(list);
      list.addEventListener("click", function (ev) { if (ev.target.closest("a")) details.open = false; });
      heading.parentNode.insertBefore(details, heading.nextSibling);
    }
    function keepHash() {
      document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (a) {
        var url = new URL(a.href);
        url.hash = location.hash;
        a.href = url.href;
      });
    }
    keepHash();
    window.addEventListener("hashchange", keepHash);
  }

  /* The 404 page holds every language: show the one of the address asked for (its language's
   * prefix), else the browser's first language that the site has, and turn the header to it. */
  function initNotFound() {
    var sections = Array.prototype.slice.call(document.querySelectorAll(".kb-404"));
    if (sections.length < 2) return;
    var form = document.querySelector("form.kb-search-form[data-kb]");
    var root = form ? new URL(form.getAttribute("data-root"), document.baseURI).pathname : "/";
    var path = location.pathname.indexOf(root) === 0 ? location.pathname.slice(root.length) : "";
    var chosen = sections.filter(function (s) { var p = s.getAttribute("data-prefix"); return p && path.indexOf(p) === 0; })[0];
    if (!chosen) {
      var wanted = (navigator.languages || [navigator.language || ""]).map(function (l) { return l.split("-")[0]; });
      for (var i = 0; i < wanted.length && !chosen; i++) chosen = sections.filter(function (s) { return s.lang === wanted[i]; })[0];
    }
    chosen = chosen || sections[0];
    sections.forEach(function (s) { s.hidden = s !== chosen; });
    document.documentElement.lang = chosen.lang;
    var title = document.querySelector(".md-header__topic .md-ellipsis");
    if (title) title.textContent = chosen.getAttribute("data-site-name");
    document.title = chosen.querySelector("h1").textContent + " - " + chosen.getAttribute("data-site-name");
    if (form) {
      form.action = chosen.getAttribute("data-search");
      form.setAttribute("data-kb", chosen.getAttribute("data-kb"));
      var input = form.querySelector("input");
      if (input) input.placeholder = chosen.getAttribute("data-placeholder");
    }
  }

  function init() {
    initNotFound();
    var labels = uiLabels();
    initPlace();
    initTables(labels);
    initSearch();
    initFilters();
    initFinder();
    initCompare();
    initMap();
    initChecklist();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
