// Label measurement for the layout: how wide each edge's labels and each node's name will be
// drawn (from the size table's character widths, bigger in presentation mode), and the other
// layout options the app, the standalone views and the worker share. Pure (no DOM).

import { edgesOf, outputOf } from "./frame.js";
import { abbreviateFor, gridRows, labelText, labelWidth, isArray } from "./format.js";
import { fontsFor } from "./sizes.js";
import { nodeName } from "./i18n.js";

/** Width (px) of the widest label each edge carries (its value or its gradient). */
export function labelWidths(doc, evaluation, output, present = false) {
  const w = {};
  if (!evaluation) return w;
  abbreviateFor(Object.values(evaluation.nodes || {}).map((n) => n.value));  // the 5.7 net: shapes
  const { label, array } = fontsFor(present);
  // an array written as a bracketed grid: as wide as its widest row at the array font; one line
  // (a vector, a heatmap's shape) at the label font, as app.css draws it
  const width = (v) => (!isArray(v) ? labelText(v).length * label.charW
    : Math.max(64, labelWidth(v, gridRows(v).length > 1 ? array.px : label.px)));
  for (const e of edgesOf(doc, output)) {
    const n = evaluation.nodes?.[e.from];
    w[e.key] = Math.max(width(n?.value), n?.grad == null ? 0 : width(n.grad));
  }
  return w;
}

/** The layout's options for a document: output, op symbols and boxes, label widths, names. */
export function layoutOptions(doc, evaluation, ops, { present = false } = {}) {
  const output = outputOf(doc, evaluation);
  const all = Object.values(ops);
  return {
    output,
    symbols: Object.fromEntries(all.map((o) => [o.name, o.symbol])),
    boxes: new Set(all.filter((o) => o.box).map((o) => o.name)),
    tall: doc.nodes.some((n) => isArray(n.value) || isArray(evaluation?.nodes?.[n.id]?.value)),
    names: Object.fromEntries(doc.nodes.map((n) => [n.id, nodeName(n)])),
    charW: fontsFor(present).name.charW,
    labelWidth: labelWidths(doc, evaluation, output, present),
  };
}
