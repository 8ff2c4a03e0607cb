/* What the search shows of a full-text result: its excerpt, with the page's typography, and
 * where the result opens. */

const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&#x27;": "'" };
/* Pagefind's excerpt (escaped text with <mark> around the matched words) as DOM nodes, built from
 * text only: nothing of it is parsed as markup. A mark stays only on a word the query names: the
 * word itself, or a word that begins with the stem of a query word of three letters or more.
 * Pagefind also marks «по» and «на» inside «поддержки» and «налоги»; those marks are dropped.
 * `nb` puts the language's no-break spaces back (typography); `names` is the language's nameMatcher. */
export function excerptNodes(excerpt, query, nb, names) {
  const words = names.words, stem = names.stem;
  const out = document.createDocumentFragment();
  const parts = [];
  let marked = false;
  (excerpt || "").split(/(<mark>|<\/mark>)/).forEach(function (part) {
    if (part === "<mark>") { marked = true; return; }
    if (part === "</mark>") { marked = false; return; }
    const text = part.replace(/&(amp|lt|gt|quot|#39|#x27);/g, function (m) { return ENTITIES[m]; });
    if (text) parts.push({ text: text, marked: marked });
  });
  if (nb) {  /* over the whole excerpt, marks and all: a unit may be marked apart from its number */
    const whole = nb(parts.map(function (p) { return p.text; }).join(""));
    let at = 0;
    parts.forEach(function (p) { p.text = whole.slice(at, at + p.text.length); at += p.text.length; });
  }
  const q = words(query || "");
  parts.forEach(function (p, i) {
    if (p.marked && query) {
      const before = i ? (parts[i - 1].text.match(/[\p{L}\p{N}]*$/u) || [""])[0] : "";
      const after = i + 1 < parts.length ? (parts[i + 1].text.match(/^[\p{L}\p{N}]*/u) || [""])[0] : "";
      const around = words(before + p.text + after);
      p.marked = around.some(function (w) {
        return q.some(function (x) { const s = stem(x); return w === x || (x.length >= 3 && w.indexOf(s) === 0); });
      });
    }
    if (p.marked) { const m = document.createElement("mark"); m.textContent = p.text; out.appendChild(m); }
    else out.appendChild(document.createTextNode(p.text));
  });
  return out;
}
/* The language's typography (kb.yml typography, written beside the names index) on an excerpt:
 * Pagefind gives excerpts with plain spaces, so the no-break spaces of the page are put back.
 * Only spaces change, each into one no-break space, so the text keeps its length. Dates and
 * hyphens survive in the index as the page has them. */
const rulesCache = {};
export function typography(base) {
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
  const close = "(?=[\\s\u00a0.,;:!?)»“”\"'…]|$)", open = "(^|[\\s\u00a0(«„\"“'])";
  const units = alternation(rules.units), prefixes = alternation(rules.prefixes), out = [];
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
export function resultUrl(d) {
  let best = null, most = 0;
  (d.sub_results || []).forEach(function (s) {
    const score = (s.weighted_locations || []).reduce(function (sum, w) { return sum + (w.balanced_score || w.weight || 1); }, 0);
    if (score > most) { best = s; most = score; }
  });
  /* The section under the page's own heading (its title): a match there opens the page at its top. */
  return best && best.title !== d.meta.title ? best.url : d.url;
}
