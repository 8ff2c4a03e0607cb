/* Reader-side behaviour of the knowledge base, with no server and no other host:
 * - the search page loads Pagefind's interface from the site's own /pagefind/ bundle;
 * - catalogue tables get filters built from the JSON the engine writes beside them,
 *   with the filter state kept in the address so a filtered view can be shared. */
(function () {
  "use strict";

  function initSearch() {
    var box = document.getElementById("kb-search");
    if (!box) return;
    var bundle = new URL(box.getAttribute("data-bundle") || "pagefind/", document.baseURI).href;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = bundle + "pagefind-ui.css";
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = bundle + "pagefind-ui.js";
    script.onload = function () {
      var query = new URLSearchParams(location.search).get("q") || "";
      var ui = new window.PagefindUI({
        element: "#kb-search",
        bundlePath: bundle,
        showSubResults: true,
        showImages: false,
        resetStyles: false,
        autofocus: !query,
        debounceTimeoutMs: 150,
      });
      if (query) ui.triggerSearch(query);
      var input = box.querySelector("input");
      if (input) {
        input.addEventListener("input", function () {
          var url = new URL(location.href);
          if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
          history.replaceState(null, "", url);
        });
      }
      var header = document.getElementById("kb-q");
      if (header) header.value = query;
    };
    document.head.appendChild(script);
  }

  function initFilters() {
    var blocks = document.querySelectorAll(".kb-catalogue");
    blocks.forEach(function (block, index) {
      var data = block.querySelector("script.kb-filter-data");
      var table = block.querySelector("table");
      if (!data || !table) return;
      var spec = JSON.parse(data.textContent);
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      var params = new URLSearchParams(location.search);
      var form = document.createElement("form");
      form.className = "kb-filters";
      form.setAttribute("role", "search");
      form.setAttribute("aria-label", spec.labels.filter);
      var selects = spec.filters.map(function (filter) {
        var id = "kb-filter-" + index + "-" + filter.key;
        var label = document.createElement("label");
        label.setAttribute("for", id);
        label.textContent = filter.label;
        var select = document.createElement("select");
        select.id = id;
        select.name = filter.key;
        var all = document.createElement("option");
        all.value = "";
        all.textContent = spec.labels["filter-all"];
        select.appendChild(all);
        filter.options.forEach(function (option) {
          var el = document.createElement("option");
          el.value = option[0];
          el.textContent = option[1];
          select.appendChild(el);
        });
        select.value = params.get(filter.key) || "";
        if (select.value !== (params.get(filter.key) || "")) select.value = "";
        var wrap = document.createElement("span");
        wrap.className = "kb-filter";
        wrap.appendChild(label);
        wrap.appendChild(select);
        form.appendChild(wrap);
        return select;
      });
      var reset = document.createElement("button");
      reset.type = "button";
      reset.className = "md-button kb-filter-reset";
      reset.textContent = spec.labels["filter-reset"];
      form.appendChild(reset);
      var status = document.createElement("p");
      status.className = "kb-filter-status";
      status.setAttribute("aria-live", "polite");
      block.insertBefore(status, block.firstChild);
      block.insertBefore(form, block.firstChild);

      function apply(push) {
        var shown = 0;
        rows.forEach(function (row, i) {
          var facts = spec.rows[i] || {};
          var ok = selects.every(function (s) {
            return !s.value || (facts[s.name] || []).indexOf(s.value) !== -1;
          });
          row.hidden = !ok;
          if (ok) shown += 1;
        });
        status.textContent = spec.labels["filter-shown"] + ": " + shown + " / " + rows.length;
        if (push) {
          var url = new URL(location.href);
          selects.forEach(function (s) {
            if (s.value) url.searchParams.set(s.name, s.value); else url.searchParams.delete(s.name);
          });
          history.replaceState(null, "", url);
        }
      }
      selects.forEach(function (s) { s.addEventListener("change", function () { apply(true); }); });
      reset.addEventListener("click", function () {
        selects.forEach(function (s) { s.value = ""; });
        apply(true);
      });
      apply(false);
    });
  }

  function init() {
    initSearch();
    initFilters();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
