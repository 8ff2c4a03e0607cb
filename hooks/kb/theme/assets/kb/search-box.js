/* The header's search box: results listed under it as the reader types. */
import { excerptNodes, resultUrl } from "./excerpt.js";
import { Searcher } from "./searcher.js";
import { fill } from "./util.js";

/* The header box: a combobox whose list shows results as the reader types (ARIA 1.2 pattern). */
export function initHeaderSearch() {
  const form = document.querySelector("form.kb-search-form[data-kb]");
  if (!form) return null;
  const searcher = new Searcher(form.getAttribute("data-root"), JSON.parse(form.getAttribute("data-kb")));
  const labels = searcher.cfg.labels;
  const input = form.querySelector("input");
  const panel = document.createElement("div");
  panel.className = "kb-panel";
  panel.hidden = true;
  const list = document.createElement("ul");
  list.id = "kb-q-list";
  list.className = "kb-panel-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", labels.search);
  const status = document.createElement("p");
  status.className = "kb-visually-hidden";
  status.setAttribute("aria-live", "polite");
  panel.appendChild(list);
  form.appendChild(panel);
  form.appendChild(status);
  /* A phone's box is narrow: its placeholder is then the one word. */
  const phone = window.matchMedia("(max-width: 44.9375em)");
  const placeholder = input.placeholder;
  function fit() { input.placeholder = phone.matches ? labels.search : placeholder; }
  fit();
  phone.addEventListener("change", fit);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  let seq = 0, active = -1;
  /* The list shows what has arrived for the query now typed: entries by name at once,
   * full-text results when Pagefind has them. */
  let shown = { query: "" };
  function options() { return list.querySelectorAll("[role=option]"); }
  function open(yes) {
    panel.hidden = !yes;
    input.setAttribute("aria-expanded", yes ? "true" : "false");
    if (!yes) select(-1);
  }
  function select(i) {
    const opts = options();
    if (active >= 0 && opts[active]) opts[active].setAttribute("aria-selected", "false");
    active = i;
    if (i >= 0 && opts[i]) {
      opts[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", opts[i].id);
      opts[i].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  }
  function group(title, lang) {
    const li = document.createElement("li");
    li.setAttribute("role", "presentation");
    const head = document.createElement("p");
    head.className = "kb-panel-head";
    head.id = "kb-q-g" + list.children.length;
    head.textContent = title;
    const ul = document.createElement("ul");
    ul.setAttribute("role", "group");
    ul.setAttribute("aria-labelledby", head.id);
    if (lang) { head.lang = lang; ul.lang = lang; }
    li.appendChild(head);
    li.appendChild(ul);
    list.appendChild(li);
    return ul;
  }
  function option(ul, href, title, excerpt, kind) {
    const li = document.createElement("li");
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.id = "kb-q-o" + options().length;
    li.className = "kb-panel-option" + (kind ? " kb-panel-" + kind : "");
    const a = document.createElement("a");
    a.href = href;
    a.tabIndex = -1;
    const t = document.createElement("span");
    t.className = "kb-panel-title";
    t.textContent = title;
    a.appendChild(t);
    if (excerpt) {
      const x = document.createElement("span");
      x.className = "kb-panel-excerpt";
      x.appendChild(excerptNodes(excerpt, shown.query, searcher.nb, searcher.names));
      a.appendChild(x);
    }
    li.appendChild(a);
    ul.appendChild(li);
  }
  function draw() {
    const query = shown.query, other = shown.direct ? shown.direct.foreign : null;
    /* Results that arrive while the reader moves through the list keep the chosen one chosen. */
    const chosen = active >= 0 && options()[active] ? options()[active].querySelector("a").href : null;
    list.textContent = "";
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.setAttribute("data-query", query);
    if (shown.direct && shown.direct.direct.length) {
      const ul = group(other ? other.direct : labels["direct-hits"], other ? other.lang : null);
      searcher.directLinks(shown.direct).forEach(function (h) { option(ul, h.href, h.title, "", "direct"); });
    }
    if (shown.full && shown.full.data.length) {
      const ft = group(searcher.count(shown.full.total, query));
      shown.full.data.forEach(function (d) { option(ft, resultUrl(d), d.meta.title, d.excerpt, "result"); });
    }
    const all = group("");
    if (other) {
      option(all, searcher.searchPage(query, other), fill(other.here, { q: query }), "", "all");
      all.lastChild.lang = other.lang;
    } else option(all, searcher.searchPage(query), fill(labels["search-all"], { q: query }), "", "all");
    if (other) status.textContent = fill(other.here, { q: query });
    else if (shown.full) status.textContent = searcher.count(shown.full.total, query);
    open(true);
    if (chosen) {
      const again = Array.prototype.map.call(options(), function (o) { return o.querySelector("a").href; }).indexOf(chosen);
      if (again >= 0) select(again);
    }
  }
  function update() {
    const query = input.value.trim();
    const mine = ++seq;
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
    const n = options().length;
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
