/* What several features share: templates filled with values, and the interface's words. */

/* A template's text with {key} filled from values; a key with no value stays as it is. */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
}

/* A template's text with {key} filled from values that may be nodes (links), as nodes. */
export function fillNodes(el, template, values) {
  template.split(/\{(\w+)\}/).forEach(function (part, i) {
    const value = i % 2 ? (part in values ? values[part] : "{" + part + "}") : part;
    el.appendChild(typeof value === "string" ? document.createTextNode(value) : value);
  });
}

/* Words of the interface for the page's language (templates/main.html, from kb.yml labels). */
export function uiLabels() {
  const meta = document.querySelector("meta[name='kb-ui']");
  try { return meta ? JSON.parse(meta.getAttribute("content")) : {}; } catch { return {}; }
}

/* A drop-down list: first the choice of everything (value ""), then each [value, label] pair. */
export function choices(allLabel, pairs) {
  const select = document.createElement("select");
  [["", allLabel]].concat(pairs).forEach(function (pair) {
    const option = document.createElement("option");
    option.value = pair[0];
    option.textContent = pair[1];
    select.appendChild(option);
  });
  return select;
}
