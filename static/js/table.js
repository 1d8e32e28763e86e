// The full values of a vector or matrix in a dialog (opened by clicking its edge label).

import { asRows, fmt, shapeOf, shapeText } from "./format.js";
import { t } from "./i18n.js";

export function showTable(name, kind, value) {
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
