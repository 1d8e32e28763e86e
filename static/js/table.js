// The full values of a vector or matrix in a dialog (opened by clicking its edge label).

import { asRows, fmt, isElided, shapeOf, shapeText } from "./format.js";
import { t } from "./i18n.js";

/** The full numbers behind a label: an elided trace array is replaced by the node's value (or
 * gradient) from the answer's `nodes`, which are always sent in full. */
export function fullValue(value, node, kind) {
  if (!isElided(value)) return value;
  const full = kind === "grad" ? node?.grad : node?.value;
  return Array.isArray(full) ? full : value;
}

/** `from` ({node, grad}): the evaluated node the label belongs to, for elided arrays. */
export function showTable(name, kind, shown, from = {}) {
  const value = fullValue(shown, from.node, from.grad ? "grad" : "value");
  const dialog = document.getElementById("table-dialog");
  document.getElementById("table-title").textContent =
    t("table.title", { name, kind, shape: shapeText(shapeOf(value)) });
  const table = document.getElementById("table-body");
  table.replaceChildren(...asRows(value).map((row) => {
    const tr = document.createElement("tr");
    for (const v of row) {
      const td = document.createElement("td");
      td.textContent = fmt(v);
      tr.append(td);
    }
    return tr;
  }));
  if (!dialog.open) dialog.showModal();
}
