/* neurokb: click a column heading of a table inside .nkb-sortable to sort by that column.
 *
 * Numbers sort as numbers, everything else by locale-aware text; a second click reverses.
 * Sorting moves the existing rows, so links and typeset math inside cells keep working.
 */
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function sortBy(table, index, ascending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var numeric = rows.every(function (r) {
      var v = cellValue(r, index);
      return v === "" || !isNaN(Number(v));
    });
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = numeric ? Number(x) - Number(y) : x.localeCompare(y, undefined, { sensitivity: "base" });
      return ascending ? order : -order;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function enable(table) {
    if (table.dataset.nkbSortable || !table.tHead || !table.tBodies.length) return;
    table.dataset.nkbSortable = "1";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      th.setAttribute("role", "button");
      th.setAttribute("tabindex", "0");
      th.title = "Sort by " + th.textContent.trim();
      function activate() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        sortBy(table, index, ascending);
      }
      th.addEventListener("click", activate);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); activate(); }
      });
    });
  }

  function init() {
    document.querySelectorAll(".nkb-sortable table").forEach(enable);
  }

  if (typeof document$ !== "undefined") document$.subscribe(init);
  else init();
})();
