// Label measurement for the layout: how wide (and how many grid rows tall) each edge's labels and
// each node's name will be drawn (from the size table's character widths, bigger in presentation
// mode, times the label scale label-fit.js chose), and the other layout options the app, the
// standalone views and the worker share. Pure (no DOM).

import { edgesOf, outputOf } from "./frame.js";
import { gridRows, heated, labelText, labelWidth, isArray } from "./format.js";
import { fontsFor } from "./sizes.js";
import { nodeName } from "./i18n.js";

const HEAT_ROWS = 4;
const BOLD = 1.1;  // bold digits (gradients; every label in presentation mode) are 10 % wider  // a heatmap with its shape and legend takes about four grid rows

/** One label's size: {w: px, rows}. A bracketed grid is as wide as its widest row at the array
 * font; one line (a vector, a heatmap's shape) at the label font, as app.css draws it. */
function sizeOf(v, { label, array }, k) {
  if (v == null) return { w: 0, rows: 1 };
  if (!isArray(v)) return { w: labelText(v).length * label.charW * k, rows: 1 };
  const rows = gridRows(v).length;
  return { w: Math.max(64, labelWidth(v, rows > 1 ? array.px : label.px)) * k, rows: heated(v) ? HEAT_ROWS : rows };
}

/** Each edge's labels: key -> {value, grad (px wide), rows: {value, grad}}. */
export function labelSizes(doc, evaluation, output, present = false, k = 1) {
  const out = {};
  if (!evaluation) return out;
  const fonts = fontsFor(present);
  for (const e of edgesOf(doc, output)) {
    const n = evaluation.nodes?.[e.from];
    const v = sizeOf(n?.value, fonts, k), g = sizeOf(n?.grad, fonts, k);
    out[e.key] = { value: v.w * (present ? BOLD : 1), grad: g.w * BOLD, rows: { value: v.rows, grad: g.rows } };
  }
  return out;
}

/** The layout's options for a document: output, op symbols and boxes, label sizes, names
 * (labelScale: how much larger than the size table the edge labels are drawn, label-fit.js). */
export function layoutOptions(doc, evaluation, ops, { present = false, labelScale = 1 } = {}) {
  const output = outputOf(doc, evaluation);
  const all = Object.values(ops);
  const sizes = labelSizes(doc, evaluation, output, present, labelScale);
  return {
    output,
    symbols: Object.fromEntries(all.map((o) => [o.name, o.symbol])),
    boxes: new Set(all.filter((o) => o.box).map((o) => o.name)),
    tall: doc.nodes.some((n) => isArray(n.value) || isArray(evaluation?.nodes?.[n.id]?.value)),
    names: Object.fromEntries(doc.nodes.map((n) => [n.id, nodeName(n)])),
    charW: fontsFor(present).name.charW * Math.sqrt(labelScale),  // names and shapes grow, less than the labels
    nodeScale: Math.sqrt(labelScale),
    labelWidth: Object.fromEntries(Object.entries(sizes).map(([key, s]) => [key, Math.max(s.value, s.grad)])),
    labelSizes: sizes,
    labelPx: fontsFor(present).label.px * labelScale,
    arrayPx: fontsFor(present).array.px * labelScale,
    labelScale,
  };
}
