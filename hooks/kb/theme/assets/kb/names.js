/* Names index: the entries whose name the query names, for the search's direct hits.
 * Names are compared word by word after a light stemming, so that «Омской области» meets
 * «Омская область» and a partly typed last word still matches. Words are made as
 * kb.render.renderer.name_words makes them (lower case, kb.yml's name_folding, letters and digits);
 * the endings stripped are the language's own, kb.yml's name_endings. */

/* The words and stems of one language: `fold` maps a letter to the one it is read as, `endings`
 * are the word endings stripped (the longest that leaves three letters or more). */
export function nameMatcher(fold, endings) {
  const folds = Object.keys(fold || {});
  function folded(text) {
    let lower = text.toLowerCase();
    folds.forEach(function (letter) { lower = lower.split(letter).join(fold[letter]); });
    return lower;
  }
  function words(text) {
    return folded(text).match(/[\p{L}\p{N}]+/gu) || [];
  }
  const ends = (endings || []).map(folded).sort(function (a, b) { return b.length - a.length; });
  function stem(word) {
    for (let i = 0; i < ends.length; i++) {
      const e = ends[i];
      if (word.length - e.length >= 3 && word.slice(-e.length) === e) return word.slice(0, -e.length);
    }
    return word;
  }
  return { words: words, stem: stem };
}
function hexKey(word) {
  return Array.from(new TextEncoder().encode(word.slice(0, 2)), function (b) {
    return b.toString(16).padStart(2, "0");
  }).join("");
}
const chunkCache = {};
function chunk(base, word) {
  const url = base + hexKey(word) + ".json";
  if (!chunkCache[url]) {
    chunkCache[url] = fetch(url).then(function (r) { return r.ok ? r.json() : []; }).catch(function () { return []; });
  }
  return chunkCache[url];
}
/* Entries whose name covers every word of the query, best covered first: [{url, title, score}]. */
export function directHits(base, query, names) {
  const words = names.words, stem = names.stem;
  const q = words(query).filter(function (w) { return w.length >= 2; });  /* chunks are keyed by two letters */
  if (!q.length) return Promise.resolve([]);
  const qs = q.map(stem);
  return Promise.all(q.map(function (w) { return chunk(base, w); })).then(function (lists) {
    const best = {};
    lists.forEach(function (rows) {
      rows.forEach(function (row) {
        for (let i = 3; i < row.length; i++) {
          const ns = words(row[i]).map(stem);
          if (!ns.length) continue;
          const covered = qs.every(function (s, k) {
            const last = k === qs.length - 1;
            return ns.some(function (n) { return n === s || (s.length >= 3 && n.indexOf(s) === 0) || (last && n.indexOf(q[k]) === 0); });
          });
          if (!covered) continue;
          const score = Math.min(1, qs.length / ns.length);
          if (!best[row[0]] || best[row[0]].score < score) best[row[0]] = { url: row[0], title: row[1], below: row[2], score: score };
        }
      });
    });
    const hits = Object.keys(best).map(function (k) { return best[k]; })
      .filter(function (h) { return h.score >= 0.5; })
      .sort(function (a, b) { return b.score - a.score || a.title.length - b.title.length; });
    return termsBelow(hits, function (h) { return h.url; }, function (h) { return h.below; }).slice(0, 3);
  });
}
/* A term that stands for another entry (kb.check.refs: ФРП for the Fund's loans) comes right after
 * that entry when both are found: the entry moves up to the term's place. */
export function termsBelow(items, urlOf, belowOf) {
  const out = items.slice();
  for (let i = 0; i < out.length; i++) {
    const below = belowOf(out[i]);
    if (!below) continue;
    for (let j = i + 1; j < out.length; j++) {
      const url = urlOf(out[j]);
      if (url === below || url.slice(-below.length - 1) === "/" + below) {
        out.splice(i, 0, out.splice(j, 1)[0]);
        i++;
        break;
      }
    }
  }
  return out;
}
