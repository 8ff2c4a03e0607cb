/* Reader-side behaviour of the knowledge base, with no server and no other host, one module per
 * feature; each finds its part of the page and does nothing on a page without it:
 * - place.js: the section in the menu, the contents on a phone, the language switch, the 404 page;
 * - tables.js: tables readable on a phone, and a hint where one is wider than its column;
 * - search-box.js, search-page.js (searcher.js, names.js, excerpt.js): the search, from the
 *   site's own names index and Pagefind bundle;
 * - filters.js: catalogue filters, kept in the address so a filtered view can be shared;
 * - finder.js, compare.js, map.js, checklist.js: the views kb.yml configures.
 * MkDocs loads this file as a module (mkdocs.yml extra_javascript, type: module). */
import { initChecklist } from "./checklist.js";
import { initCompare } from "./compare.js";
import { initFilters } from "./filters.js";
import { initFinder } from "./finder.js";
import { initMap } from "./map.js";
import { initNotFound, initPlace } from "./place.js";
import { initSearch } from "./search-page.js";
import { initTables } from "./tables.js";
import { uiLabels } from "./util.js";
/* The modules the ones above import, named here too: the browser then fetches every module as
 * soon as it has read this one, instead of one level of imports after another. */
import "./excerpt.js";
import "./names.js";
import "./search-box.js";
import "./searcher.js";

function init() {
  initNotFound();
  initPlace();
  initTables(uiLabels());
  initSearch();
  initFilters();
  initFinder();
  initCompare();
  initMap();
  initChecklist();
}
/* A module runs once the page is parsed; the check keeps it right if it is ever loaded earlier. */
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
