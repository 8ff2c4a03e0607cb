/* Catalogue tables: filters above each one, kept in the address so a filtered view can be shared. */
import { choices, fillNodes } from "./util.js";

const LINKED_PAGES = 5;  /* the other pages a filter's status names, before an ellipsis */

/* Catalogue filters, from the page's data (kb.pages.entry_pages.filter_data): the options of the whole
 * collection and this page's rows as indices into them. A catalogue of several pages names a
 * file of every entry's indices (kb.pages.entry_pages.filter_file), fetched once a filter is set, so that the
 * status tells how many more entries match on which other pages, each a link with the filters. */
export function initFilters() {
  const blocks = document.querySelectorAll(".kb-catalogue");
  const lang = document.documentElement.lang || "en";
  blocks.forEach(function (block, index) {
    const data = block.querySelector(".kb-filter-data");
    const table = block.querySelector("table");
    if (!data || !table) return;
    const spec = JSON.parse(data.getAttribute("data-filters"));
    const rows = Array.prototype.slice.call(table.tBodies[0].rows);
    const params = new URLSearchParams(location.search);
    const form = document.createElement("form");
    form.className = "kb-filters";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", spec.labels.filter);
    const selects = spec.filters.map(function (filter) {
      const id = "kb-filter-" + index + "-" + filter.key;
      const label = document.createElement("label");
      label.setAttribute("for", id);
      label.textContent = filter.label;
      const select = choices(spec.labels["filter-all"], filter.options);
      select.id = id;
      select.name = filter.key;
      select.value = params.get(filter.key) || "";
      if (select.value !== (params.get(filter.key) || "")) select.value = "";
      const wrap = document.createElement("span");
      wrap.className = "kb-filter";
      wrap.appendChild(label);
      wrap.appendChild(select);
      form.appendChild(wrap);
      return select;
    });
    const reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button kb-filter-reset";
    reset.textContent = spec.labels["filter-reset"];
    form.appendChild(reset);
    const status = document.createElement("p");
    status.className = "kb-filter-status";
    status.setAttribute("aria-live", "polite");
    block.insertBefore(status, block.firstChild);
    block.insertBefore(form, block.firstChild);
    const src = spec.src && new URL(spec.src, location.href);
    let everything = null;  /* the promise of the file of every entry */
    let seq = 0;

    /* A row's values hold, for each filter, the index of one option or a list of them. */
    function matches(values) {
      return selects.every(function (s, k) {
        const want = s.selectedIndex - 1, v = values[k];  /* option 0 is "All" */
        return want < 0 || v === want || (Array.isArray(v) && v.indexOf(want) !== -1);
      });
    }
    /* The entries of other pages that match: how many, and the numbers of their pages. */
    function elsewhere(file) {
      let count = 0;
      const pages = [];
      file.rows.forEach(function (values, i) {
        const number = Math.min(Math.floor(i / spec.size) + 1, file.pages.length);  /* a short last page joins the one before */
        if (number === spec.page || !matches(values)) return;
        count += 1;
        if (pages[pages.length - 1] !== number) pages.push(number);
      });
      return { count: count, pages: pages, urls: file.pages };
    }
    /* The page numbers as links keeping the filters: "2, 5 and 9" in the page's language, or the
     * first LINKED_PAGES with the list's comma and an ellipsis. */
    function pageLinks(more) {
      const numbers = more.pages.slice(0, LINKED_PAGES).map(String);
      const list = new Intl.ListFormat(lang, { type: "conjunction" });
      const text = more.pages.length > LINKED_PAGES ? numbers.join(list.formatToParts(["1", "2", "3"])[1].value) + "…" : list.format(numbers);
      const out = document.createDocumentFragment();
      text.split(/(\d+)/).forEach(function (part, i) {
        if (!(i % 2)) return part && out.appendChild(document.createTextNode(part));
        const a = document.createElement("a");
        a.href = new URL(more.urls[part - 1], src).href + location.search;
        a.textContent = part;
        out.appendChild(a);
      });
      return out;
    }
    function say(shown, more) {
      const others = more && more.count;
      status.textContent = shown ? spec.labels["filter-shown"] + ": " + shown + " / " + rows.length : others ? "" : spec.labels["filter-none"];
      status.classList.toggle("kb-filter-empty", !shown);
      if (!others) return;
      const line = document.createElement("span");
      line.className = "kb-filter-more";
      const key = (shown ? "filter-more-" : "filter-elsewhere-") + (more.pages.length > 1 ? "pages" : "page");
      fillNodes(line, spec.labels[key], { n: more.count.toLocaleString(lang), pages: pageLinks(more) });
      status.appendChild(line);
    }
    function apply(push) {
      if (push) {
        const url = new URL(location.href);
        selects.forEach(function (s) {
          if (s.value) url.searchParams.set(s.name, s.value); else url.searchParams.delete(s.name);
        });
        history.replaceState(null, "", url);
      }
      let shown = 0;
      const mine = ++seq;
      rows.forEach(function (row, i) {
        const ok = matches(spec.rows[i] || []);
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
