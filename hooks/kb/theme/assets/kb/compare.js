/* The comparison view (kb.views.tools.compare): entries side by side, chosen by the reader. */
import { choices, fill } from "./util.js";

/* The comparison: a picker of entries (narrowed by the filter field, e.g. the zone's type) and a
 * table of the picked ones' facts, side by side, with each figure's date and source; declared and
 * realised rows are marked, and a note says which figures are not comparable as they stand.
 * The choice lives in the address (?zones=a,b&type=…). */
export function initCompare() {
  const box = document.querySelector(".kb-compare");
  if (!box) return;
  const spec = JSON.parse(box.getAttribute("data-compare"));
  /* An index of the entries beside the page, and their facts in files of a hundred (kb.views.tools.compare_data). */
  fetch(new URL(spec.src, location.href)).then(function (r) { return r.json(); }).then(function (index) {
    spec.rows = index.map(function (row) { return {id: row[0], title: row[1], file: row[2], group: row[3] || "", groupName: row[4] || ""}; });
    runCompare(box, spec);
  }).catch(function () {});
}
function runCompare(box, spec) {
  const byId = {};
  const files = {};
  spec.rows.forEach(function (r) { byId[r.id] = r; });
  function load(ids) {
    return Promise.all(ids.map(function (id) {
      const file = byId[id].file;
      if (!files[file]) {
        files[file] = fetch(new URL(file, location.href)).then(function (r) { return r.json(); }).then(function (rows) {
          Object.keys(rows).forEach(function (k) { if (byId[k]) { byId[k].url = rows[k].url; byId[k].cells = rows[k].cells; } });
        });
      }
      return files[file];
    }));
  }
  const params = new URLSearchParams(location.search);
  let chosen = (params.get(spec.param) || "").split(",").filter(function (id) { return byId[id]; }).slice(0, spec.max);
  const form = document.createElement("fieldset");
  form.className = "kb-compare-pick";
  const legend = document.createElement("legend");
  legend.textContent = spec.labels["compare-pick"];
  form.appendChild(legend);
  let filter = null, wrap = null;
  if (spec.filter) {
    wrap = document.createElement("p");
    wrap.className = "kb-compare-filter";
    const flabel = document.createElement("label");
    flabel.setAttribute("for", "kb-compare-filter");
    flabel.textContent = spec.filter.title + ": ";
    const seen = {};
    const groups = [];
    spec.rows.forEach(function (r) {
      if (!r.group || seen[r.group]) return;
      seen[r.group] = true;
      groups.push([r.group, r.groupName]);
    });
    filter = choices(spec.labels["filter-all"], groups);
    filter.id = "kb-compare-filter";
    filter.value = seen[params.get(spec.filter.key)] ? params.get(spec.filter.key) : "";
    flabel.appendChild(filter);
    wrap.appendChild(flabel);
  }
  const boxes = [];
  spec.rows.forEach(function (r) {
    const label = document.createElement("label");
    const cb = document.createElement("input");
    cb.type = "checkbox";
    cb.value = r.id;
    cb.checked = chosen.indexOf(r.id) !== -1;
    label.appendChild(cb);
    label.appendChild(document.createTextNode(" " + r.title));
    form.appendChild(label);
    boxes.push(cb);
  });
  const tableWrap = document.createElement("div");
  tableWrap.className = "kb-compare-table";
  const notes = document.createElement("div");
  notes.className = "kb-compare-notes";
  box.parentNode.insertBefore(tableWrap, box);
  box.parentNode.insertBefore(notes, box);
  if (filter) box.parentNode.insertBefore(wrap, box);
  box.parentNode.insertBefore(form, box);
  box.hidden = true;
  function narrow() {
    /* The filter hides the zones of other types from the picker; chosen ones stay chosen. */
    const group = filter ? filter.value : "";
    boxes.forEach(function (cb) { cb.parentNode.hidden = !!group && byId[cb.value].group !== group && !cb.checked; });
  }
  function keep() {
    const url = new URL(location.href);
    if (chosen.length) url.searchParams.set(spec.param, chosen.join(",")); else url.searchParams.delete(spec.param);
    if (filter && filter.value) url.searchParams.set(spec.filter.key, filter.value); else if (filter) url.searchParams.delete(spec.filter.key);
    history.replaceState(null, "", url);
  }
  function render() {
    const now = chosen.slice();
    load(now).then(function () { if (now.join() === chosen.join()) draw(); });
  }
  function note(text) {
    const li = document.createElement("li");
    li.textContent = text;
    return li;
  }
  function draw() {
    tableWrap.textContent = "";
    notes.textContent = "";
    if (chosen.length < 1) {
      const p = document.createElement("p");
      p.textContent = spec.labels["compare-empty"];
      tableWrap.appendChild(p);
      return;
    }
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    head.appendChild(document.createElement("th"));
    chosen.forEach(function (id) {
      const th = document.createElement("th");
      th.scope = "col";
      const a = document.createElement("a");
      a.href = byId[id].url;
      a.textContent = byId[id].title;
      th.appendChild(a);
      head.appendChild(th);
    });
    const body = table.createTBody();
    const list = document.createElement("ul");
    const apart = [];
    const names = {};
    spec.fields.forEach(function (f) { names[f[0]] = f[1]; });
    spec.fields.forEach(function (f) {
      const tr = body.insertRow();
      const kind = spec.kinds[f[0]];
      if (kind) tr.className = "kb-compare-" + kind;
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = f[1];
      if (kind) {
        const tag = document.createElement("span");
        tag.className = "kb-compare-tag";
        tag.textContent = spec.labels["compare-" + kind];
        th.appendChild(document.createTextNode(" "));
        th.appendChild(tag);
      }
      tr.appendChild(th);
      const years = {};
      chosen.forEach(function (id) {
        const td = tr.insertCell();
        const cell = byId[id].cells[f[0]];
        if (!cell) { td.textContent = "—"; return; }
        if (cell.year) years[cell.year] = true;
        td.appendChild(document.createTextNode(cell.text));
        if (cell.computed) {
          const how = document.createElement("small");
          how.className = "kb-compare-how";
          how.textContent = spec.labels["compare-computed"] + ": " + cell.as_of;
          td.appendChild(document.createElement("br"));
          td.appendChild(how);
          if (cell.apart) td.className = "kb-compare-apart";
        } else if (cell.as_of) {
          const small = document.createElement("small");
          small.textContent = " (" + spec.labels["compare-as-of"] + " " + cell.as_of + ")";
          td.appendChild(small);
        }
        if (cell.unconfirmed) {
          const flag = document.createElement("span");
          flag.className = "kb-unconfirmed";
          flag.textContent = spec.labels.unconfirmed;
          td.appendChild(document.createTextNode(" "));
          td.appendChild(flag);
        }
        if (cell.source) {
          const src = document.createElement("a");
          src.href = cell.source;
          src.rel = "noopener noreferrer";
          src.className = "kb-compare-source";
          src.textContent = spec.labels["compare-source"] + ": " + cell.source_name;
          td.appendChild(document.createElement("br"));
          td.appendChild(src);
        }
      });
      const distinct = Object.keys(years).join("/").split("/").filter(function (y, i, all) { return all.indexOf(y) === i; }).sort();
      if (chosen.length > 1 && distinct.length > 1) {
        const mark = document.createElement("span");
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
      const onlyDeclared = chosen.filter(function (id) { const c = byId[id].cells; return c[pair[0]] && !c[pair[1]]; });
      const onlyRealised = chosen.filter(function (id) { const c = byId[id].cells; return c[pair[1]] && !c[pair[0]]; });
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
      const h = document.createElement("p");
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
