/* The map: the borders of places (say, regions) from the file beside the page (kb.views.overview.map_data),
 * drawn under the points, and a list to find one's place by name: it is filled, its points stand
 * out and are listed with their numbers. The choice is kept in the address (?<place field>=<code>). */
import { choices } from "./util.js";

export function initMap() {
  const fig = document.querySelector(".kb-map-figure[data-map]");
  if (!fig) return;
  fetch(new URL(fig.getAttribute("data-map"), location.href)).then(function (r) { return r.json(); }).then(function (data) {
    runMap(fig, data);
  }).catch(function () {});
}
function runMap(fig, data) {
  const spec = data;
  const NS = "http://www.w3.org/2000/svg";
  const svgs = fig.querySelectorAll("svg.kb-map");
  data.maps.forEach(function (paths, i) {
    const svg = svgs[i];
    if (!svg) return;
    const g = document.createElementNS(NS, "g");
    g.setAttribute("class", "kb-map-borders");
    g.setAttribute("aria-hidden", "true");
    Object.keys(paths).forEach(function (code) {
      const path = document.createElementNS(NS, "path");
      path.setAttribute("class", "kb-map-border");
      path.setAttribute("data-place", code);
      path.setAttribute("d", paths[code]);
      g.appendChild(path);
    });
    const land = svg.querySelector(".kb-map-land");
    svg.insertBefore(g, land ? land.nextSibling : svg.firstChild);
  });
  const box = document.createElement("div");
  box.className = "kb-map-find";
  const label = document.createElement("label");
  label.setAttribute("for", "kb-map-place");
  label.textContent = spec.labels["map-find-place"];
  const select = choices(spec.labels["map-all-places"], data.places);
  select.id = "kb-map-place";
  const found = document.createElement("div");
  found.className = "kb-map-found";
  found.setAttribute("aria-live", "polite");
  box.appendChild(label);
  box.appendChild(select);
  box.appendChild(found);
  fig.insertBefore(box, fig.firstChild);
  const names = {};
  data.places.forEach(function (pair) { names[pair[0]] = pair[1]; });
  function show(code, keep) {
    fig.classList.toggle("kb-map-chosen", !!code);
    fig.querySelectorAll(".kb-map-border").forEach(function (p) { p.classList.toggle("kb-map-here", p.getAttribute("data-place") === code); });
    fig.querySelectorAll("a[data-place]").forEach(function (a) { a.classList.toggle("kb-map-in", a.getAttribute("data-place") === code); });
    found.textContent = "";
    if (code && names[code]) {
      const entries = data.entries[code] || [];
      const p = document.createElement("p");
      p.textContent = (entries.length ? spec.labels["map-place-entries"] : spec.labels["map-place-none"]).replace("{place}", names[code]);
      found.appendChild(p);
      if (entries.length) {
        const list = document.createElement("ul");
        entries.forEach(function (z) {
          const li = document.createElement("li");
          const a = document.createElement("a");
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
      const params = new URLSearchParams(location.search);
      if (code) params.set(data.param, code); else params.delete(data.param);
      const q = params.toString();
      history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
    }
  }
  select.addEventListener("change", function () { show(select.value, true); });
  const start = new URLSearchParams(location.search).get(data.param);
  if (start && names[start]) { select.value = start; show(start, false); }
}
