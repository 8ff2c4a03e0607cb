/* The measure finder: questions built from the page's data; each answer narrows the cards,
 * the answers live in the address, and the cards left out say why. Without script the page
 * links to the catalogue of every measure. */
import { choices } from "./util.js";

export function initFinder() {
  const box = document.querySelector(".kb-finder");
  if (!box) return;
  const spec = JSON.parse(box.getAttribute("data-finder"));
  /* The entries are in a file beside the page (kb.views.tools.finder_data), so the page stays small. */
  fetch(new URL(spec.src, location.href)).then(function (r) { return r.json(); }).then(function (data) {
    spec.items = data.items;
    runFinder(box, spec);
  }).catch(function () {});
}
function finderCard(item) {
  const card = document.createElement("div");
  card.className = "kb-finder-item";
  card.setAttribute("data-id", item.id);
  const h = document.createElement("h3");
  const a = document.createElement("a");
  a.href = item.url;
  a.textContent = item.title;
  h.appendChild(a);
  card.appendChild(h);
  if (item.summary) { const p = document.createElement("p"); p.textContent = item.summary; card.appendChild(p); }
  if (item.details.length) {
    const d = document.createElement("p");
    item.details.forEach(function (pair, i) {
      if (i) d.appendChild(document.createElement("br"));
      const b = document.createElement("strong");
      b.textContent = pair[0] + ":";
      d.appendChild(b);
      d.appendChild(document.createTextNode(" " + pair[1]));
    });
    card.appendChild(d);
  }
  return card;
}
function runFinder(box, spec) {
  const params = new URLSearchParams(location.search);
  const form = document.createElement("form");
  form.className = "kb-finder-form";
  form.setAttribute("role", "search");
  /* Each question's answer: a list of values (several for a question of checkboxes, where an
   * entry fits if it has any of them: a region and its managing company apply together). */
  const inputs = {};
  spec.questions.forEach(function (q) {
    const wrap = document.createElement(q.multiple ? "fieldset" : "div");
    wrap.className = "kb-finder-question" + (q.multiple ? " kb-finder-several" : "");
    const label = document.createElement(q.multiple ? "legend" : "label");
    label.textContent = q.title;
    wrap.appendChild(label);
    const given = (params.get(q.key) || "").split(",").filter(Boolean);
    if (q.multiple) {
      const boxes = q.options.map(function (o) {
        const l = document.createElement("label");
        const cb = document.createElement("input");
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
      let input;
      if (q.options) {
        input = choices(q.any || spec.labels["finder-any"], q.options);
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
  const reset = document.createElement("button");
  reset.type = "button";
  reset.textContent = spec.labels["finder-reset"];
  form.appendChild(reset);
  const status = document.createElement("p");
  status.className = "kb-finder-status";
  status.setAttribute("aria-live", "polite");
  const outList = document.createElement("ul");
  outList.className = "kb-finder-out";
  const outHead = document.createElement("p");
  outHead.className = "kb-finder-out-title";
  outHead.textContent = spec.labels["finder-left-out"];
  box.parentNode.insertBefore(form, box);
  box.parentNode.insertBefore(status, box);
  const cards = {};
  spec.items.forEach(function (item) { cards[item.id] = finderCard(item); box.appendChild(cards[item.id]); });
  function labelOf(q, value) {
    let label = value;
    (q.options || []).forEach(function (o) { if (o[0] === value) label = o[1]; });
    return label;
  }
  function why(item) {
    for (let i = 0; i < spec.questions.length; i++) {
      const q = spec.questions[i];
      const chosen = inputs[q.key].values();
      if (!chosen.length) continue;
      if (q.options) {
        const have = item[q.key] || [];
        if (have.length && !chosen.some(function (v) { return have.indexOf(v) !== -1; })) {
          return q.title + ": " + chosen.map(function (v) { return labelOf(q, v); }).join(", ");
        }
      } else {
        const amount = parseFloat(chosen[0]);
        if ((item.low !== null && item.low !== undefined && amount < item.low) || (item.high !== null && item.high !== undefined && amount > item.high)) {
          return q.title + ": " + chosen[0];
        }
      }
    }
    return "";
  }
  function apply(push) {
    let shown = 0;
    outList.textContent = "";
    spec.items.forEach(function (item) {
      const reason = why(item);
      cards[item.id].hidden = !!reason;
      if (reason) {
        const li = document.createElement("li");
        li.textContent = item.title + " — " + spec.labels["finder-because"] + " " + reason;
        outList.appendChild(li);
      } else shown += 1;
    });
    status.textContent = spec.labels["finder-shown"] + ": " + shown + " / " + spec.items.length;
    if (outList.childNodes.length) { box.appendChild(outHead); box.appendChild(outList); }
    else { if (outHead.parentNode) outHead.remove(); if (outList.parentNode) outList.remove(); }
    if (push) {
      const url = new URL(location.href);
      Object.keys(inputs).forEach(function (k) {
        const v = inputs[k].values();
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
