/* Search, one engine for the header box and the search page: direct hits by name (the names
 * index), then Pagefind's full-text results, in the page's language. A query written wholly in
 * another language's letters is offered that language's results instead. */
import { directHits, nameMatcher, termsBelow } from "./names.js";
import { typography } from "./excerpt.js";
import { fill } from "./util.js";

const pagefinds = {};
function loadPagefind(bundle) {
  if (!pagefinds[bundle]) {
    pagefinds[bundle] = import(bundle + "pagefind.js").then(function (pf) {
      return pf.options({ excerptLength: 24 }).then(function () { return pf.init(); }).then(function () { return pf; });
    });
  }
  return pagefinds[bundle];
}
function scriptTest(name) {
  try { return new RegExp("\\p{Script=" + name + "}", "u"); } catch { return null; }
}
/* The other language whose letters the query is written in, when the page's language has none of them. */
export function foreignLanguage(cfg, query) {
  const letters = query.match(/\p{L}/gu) || [];
  if (!letters.length) return null;
  const own = scriptTest(cfg.letters);
  if (own && letters.some(function (ch) { return own.test(ch); })) return null;
  for (let i = 0; i < cfg.others.length; i++) {
    const re = scriptTest(cfg.others[i].letters);
    if (re && letters.every(function (ch) { return re.test(ch); })) return cfg.others[i];
  }
  return null;
}
/* A search in the language of the page's settings (kb.pages.entry_pages.search_settings): `fold` is kb.yml's
 * name_folding, and each language names its word endings (kb.yml's name_endings). */
export function Searcher(rootHref, cfg) {
  this.root = new URL(rootHref, document.baseURI);
  this.cfg = cfg;
  this.names = nameMatcher(cfg.fold, cfg.endings);
  this.bundle = new URL(cfg.bundle, this.root).href;
  this.plural = new Intl.PluralRules(cfg.lang);
}
Searcher.prototype.url = function (path) { return new URL(path, this.root).href; };
Searcher.prototype.pagefind = function () { return loadPagefind(this.bundle); };
Searcher.prototype.count = function (n, q) {
  const labels = this.cfg.labels;
  if (!n) return fill(labels["search-none"], { q: q });
  return fill(labels["search-results-" + this.plural.select(n)] || labels["search-results-other"], { n: n.toLocaleString(this.cfg.lang), q: q });
};
/* What one query finds, in two parts that arrive apart, so that neither waits for the other:
 * direct(query) -> {direct, foreign} from the names index at once, and
 * fullText(query) -> {total, more(n)} from Pagefind, or null when a newer query came first. */
Searcher.prototype.direct = function (query) {
  const other = foreignLanguage(this.cfg, query);
  const names = other ? nameMatcher(this.cfg.fold, other.endings) : this.names;
  return directHits(this.url((other || this.cfg).names), query, names).then(function (hits) { return { direct: hits, foreign: other }; });
};
const NO_RESULTS = { total: 0, more: function () { return Promise.resolve([]); } };
function pause(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }
Searcher.prototype.fullText = function (query) {
  if (foreignLanguage(this.cfg, query)) return Promise.resolve(NO_RESULTS);
  const self = this, ticket = this.ticket = (this.ticket || 0) + 1;
  /* One or two letters match nearly every word: such a query waits to see if more is typed.
   * (A wait for every query, 90 ms, was tried: it made the first full-text result later at
   * every size, bench/results.md.) */
  const wait = (query.match(/[\p{L}\p{N}]/gu) || []).length < 3 ? 250 : 0;
  /* One search at a time: a query typed while another is searched waits for it, and one
   * superseded meanwhile is never searched (stale searches would queue in Pagefind's worker). */
  const turn = pause(wait).then(function () {
    if (ticket !== self.ticket) return null;
    const run = (self.queue || Promise.resolve()).then(function () {
      if (ticket !== self.ticket) return null;
      return self.pagefind().then(function (pf) { return pf.search(query); });
    }).catch(function () { return null; });
    self.queue = run;
    return run;
  });
  return turn.then(function (found) {
    if (!found || ticket !== self.ticket) return null;
    const results = found.results;
    let loaded = 0;
    return {
      total: results.length,
      more: function (n) {
        const slice = results.slice(loaded, loaded + n);
        loaded += slice.length;
        const loading = Promise.all(slice.map(function (r) { return r.data(); }));
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
  const self = this;
  return found.direct.map(function (h) { return { href: self.url(h.url), title: h.title }; });
};
Searcher.prototype.searchPage = function (query, other) {
  const url = new URL((other || this.cfg).page, this.root);
  url.searchParams.set("q", query);
  return url.href;
};
