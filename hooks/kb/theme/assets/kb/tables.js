/* Tables: each cell learns its column's name, so that on a phone a row reads as a card
 * (kb.css); a table wider than its column says so above it, instead of hiding columns. */
export function initTables(labels) {
  const tables = document.querySelectorAll(".md-content .md-typeset table");
  const wide = [];
  tables.forEach(function (table) {
    if (!table.tHead || !table.tHead.rows.length || table.closest(".kb-compare-table")) return;
    const names = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent.trim(); });
    if (names.length < 2) return;
    table.setAttribute("data-kb-stack", "");
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (td, i) {
          if (names[i]) td.setAttribute("data-label", names[i]);
          /* Stacked on a phone, a cell is a grid of its label and its content: the content goes in
           * one box, or its links and citation marks would each take a grid cell of their own. */
          if (!td.firstChild || (td.childNodes.length === 1 && td.firstElementChild && td.firstElementChild.classList.contains("kb-cell"))) return;
          const cell = document.createElement("span");
          cell.className = "kb-cell";
          while (td.firstChild) cell.appendChild(td.firstChild);
          td.appendChild(cell);
        });
      });
    });
    const scroller = table.closest(".md-typeset__scrollwrap");
    if (!scroller || !labels["table-scroll"]) return;
    const hint = document.createElement("p");
    hint.className = "kb-table-hint";
    hint.textContent = labels["table-scroll"];
    hint.hidden = true;
    scroller.parentNode.insertBefore(hint, scroller);
    wide.push([scroller, hint]);
  });
  function measure() {
    wide.forEach(function (pair) {
      const over = pair[0].scrollWidth > pair[0].clientWidth + 2;
      pair[1].hidden = !over;
      pair[0].classList.toggle("kb-overflows", over);
    });
  }
  measure();
  window.addEventListener("resize", measure);
}
