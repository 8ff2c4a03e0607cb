/* The application checklist: a tick per step. The ticks live in the browser (localStorage, one
 * key per checklist, shared by its pages in every language) and in the address (?done=a,b), so
 * a link carries them to a colleague; a link with ticks wins over what the browser kept. */
export function initChecklist() {
  const box = document.querySelector(".kb-checklist");
  if (!box) return;
  const spec = JSON.parse(box.getAttribute("data-checklist"));
  const key = "kb-checklist:" + spec.key;
  const steps = Array.prototype.slice.call(box.querySelectorAll(".kb-check-step"));
  const ids = steps.map(function (s) { return s.getAttribute("data-step"); });
  const params = new URLSearchParams(location.search);
  let stored = null;
  try { stored = localStorage.getItem(key); } catch { stored = null; }
  let done = (params.has("done") ? params.get("done") : (stored || "")).split(",").filter(function (id) { return ids.indexOf(id) !== -1; });
  const status = document.createElement("p");
  status.className = "kb-checklist-status";
  status.setAttribute("aria-live", "polite");
  const clear = document.createElement("button");
  clear.type = "button";
  clear.className = "kb-checklist-clear";
  clear.textContent = spec.labels["checklist-clear"];
  const share = document.createElement("p");
  share.className = "kb-checklist-share";
  share.textContent = spec.labels["checklist-share"];
  box.parentNode.insertBefore(status, box);
  box.parentNode.insertBefore(share, box);
  const boxes = steps.map(function (step) {
    const id = step.getAttribute("data-step");
    const cb = document.createElement("input");
    cb.type = "checkbox";
    cb.className = "kb-check-tick";
    cb.value = id;
    cb.checked = done.indexOf(id) !== -1;
    const heading = step.querySelector("h3");
    cb.setAttribute("aria-label", spec.labels["checklist-tick"] + ": " + (heading ? heading.textContent : id));
    if (heading) heading.insertBefore(cb, heading.firstChild); else step.insertBefore(cb, step.firstChild);
    return cb;
  });
  function save() {
    done = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    try { localStorage.setItem(key, done.join(",")); } catch { /* private mode: the address still keeps them */ }
    const url = new URL(location.href);
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
