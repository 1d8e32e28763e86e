// Composite layers open into their primitives and close again (like sigmoid.js, Figs. 5-19..5-22):
// Affine into matmul + add (the bias broadcast over the batch, its gradient summed back), and
// Softmax-with-Loss into the graph of Fig. 5-29 / appendix A (exp, sum, division, log, × t, sum,
// negation, / N). The last primitive keeps the layer's id, so its consumers and numbers stay; the
// opened layer is recorded in the document's `groups` (docs/groups.md), which is how it closes
// again and how the inspector says which primitive did what. Pure functions on a document copy.

import { el } from "./el.js";
import { gt } from "./group-strings.js";
import { freshGroupId } from "./groups.js";

const part = (id, p) => `${id}.${p}`;

/** Each recipe: when it applies, its primitives (last one = the layer's id), and its operands
 * read back from the primitives. `role` says what a primitive does, in both languages. */
const RECIPES = {
  affine: {
    can: (node, shapes) => (shapes[node.inputs[0]] || []).length <= 2,
    nodes: (node) => {
      const [x, W, b] = node.inputs, xw = part(node.id, "xw");
      return [
        { id: xw, op: "matmul", inputs: [x, W], meta: { role_en: "X · W (the matrix product)", role_ja: "X・W (行列の積)" } },
        { id: node.id, op: "add", inputs: [xw, b], meta: { role_en: "+ B (the bias, broadcast over the batch; its gradient is summed over axis 0)", role_ja: "+ B (バイアスをバッチの各行に加える; 勾配は第0軸の和)" } },
      ];
    },
    operands: (byId, id) => [...byId.get(part(id, "xw")).inputs, byId.get(id).inputs[1]],
  },
  softmax_with_loss: {
    can: (node, shapes) => {
      const [x, t] = node.inputs.map((i) => shapes[i] || []);
      return x.length >= 1 && x.length <= 2 && t.join() === x.join();
    },
    nodes: (node, shapes) => {
      const [x, t] = node.inputs, p = (s) => part(node.id, s);
      const xs = shapes[x], n = xs.length === 2 ? xs[0] : 1;
      const role = (en, ja) => ({ role_en: en, role_ja: ja });
      return [
        { id: p("exp"), op: "exp", inputs: [x], meta: role("exp(a_k)", "exp(a_k)") },
        { id: p("sum"), op: "sum", inputs: [p("exp")], attrs: { axis: -1, keepdims: true }, meta: role("S = Σ exp(a_i)", "S = Σ exp(a_i)") },
        { id: p("y"), op: "div", inputs: [p("exp"), p("sum")], meta: role("y_k = exp(a_k) / S (the softmax)", "y_k = exp(a_k) / S (Softmax)") },
        { id: p("delta"), op: "const", value: 1e-7, meta: role("δ = 1e-7, so that log never sees 0", "δ = 1e-7 (log(0) を避ける)") },
        { id: p("yd"), op: "add", inputs: [p("y"), p("delta")], meta: role("y + δ", "y + δ") },
        { id: p("log"), op: "log", inputs: [p("yd")], meta: role("log y_k", "log y_k") },
        { id: p("tlog"), op: "mul", inputs: [t, p("log")], meta: role("t_k log y_k", "t_k log y_k") },
        { id: p("total"), op: "sum", inputs: [p("tlog")], meta: role("Σ t_k log y_k", "Σ t_k log y_k") },
        { id: p("neg"), op: "neg", inputs: [p("total")], meta: role("−Σ t_k log y_k (cross-entropy)", "−Σ t_k log y_k (交差エントロピー誤差)") },
        { id: p("n"), op: "const", value: n, meta: role("N, the batch size", "N (バッチサイズ)") },
        { id: node.id, op: "div", inputs: [p("neg"), p("n")], meta: role("L = (−Σ t log y) / N", "L = (−Σ t log y) / N") },
      ];
    },
    operands: (byId, id) => [byId.get(part(id, "exp")).inputs[0], byId.get(part(id, "tlog")).inputs[0]],
  },
};

export const expandable = (node, shapes = {}) => !!RECIPES[node?.op]?.can(node, shapes);

/** The opened layer (a `groups` entry with an op) a node belongs to, or null. */
const layerOf = (doc, id) => (doc.groups || []).find((g) => g.op != null && g.nodes.includes(id)) || null;

/** The user groups holding a layer's node hold all of its primitives (groups.js: entirely); one
 * whose id is the layer's gives it up (the opened layer's group takes it). */
function followLayer(doc, id, prims) {
  for (const g of doc.groups || []) {
    if (g.op != null) continue;
    if (g.nodes.includes(id)) g.nodes = [...g.nodes.filter((m) => m !== id), ...prims];
    if (g.id === id) g.id = freshGroupId(doc, id);
  }
}

/** Open layer `id` into its primitives; `shapes` maps node id -> shape (from the evaluation). */
export function expandLayer(doc, id, shapes, title) {
  const i = doc.nodes.findIndex((n) => n.id === id);
  const node = doc.nodes[i];
  if (i < 0 || !expandable(node, shapes)) return false;
  const { inputs, op, attrs, meta, ...keep } = node;
  const prims = RECIPES[node.op].nodes(node, shapes);
  prims[prims.length - 1] = { ...keep, ...prims.at(-1), meta: { ...(meta || {}), ...prims.at(-1).meta } };
  doc.nodes.splice(i, 1, ...prims);
  followLayer(doc, id, prims.map((n) => n.id));
  doc.groups = [...(doc.groups || []).filter((g) => g.id !== id),
    { id, name: title || node.op, nodes: prims.map((n) => n.id), op: node.op, collapsed: false }];
  return true;
}

/** Close the opened layer that node `id` belongs to back into one node. */
export function collapseLayer(doc, id) {
  const g = layerOf(doc, id);
  if (!g || !RECIPES[g.op]) return false;
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const inputs = RECIPES[g.op].operands(byId, g.id);
  const last = byId.get(g.id);
  const { op, attrs, inputs: _, meta, ...keep } = last;
  const { role_en, role_ja, ...restMeta } = meta || {};
  const drop = new Set(g.nodes);
  const at = doc.nodes.findIndex((n) => drop.has(n.id));
  const layer = { ...keep, op: g.op, inputs };
  if (Object.keys(restMeta).length) layer.meta = restMeta;
  doc.nodes = doc.nodes.filter((n) => !drop.has(n.id));
  doc.nodes.splice(at, 0, layer);
  doc.groups = doc.groups.filter((x) => x !== g);
  for (const u of doc.groups) u.nodes = u.nodes.filter((m) => m === g.id || !drop.has(m));
  if (!doc.groups.length) delete doc.groups;
  return true;
}

/** The inspector's lines for a node of an opened layer (which layer, what this primitive does
 * there) and the open / close button (calls `edit(fn)` with a document edit, then `select(id)`). */
export function layerControls(doc, node, shapes, lang, { edit, select, title }) {
  const out = [];
  const g = layerOf(doc, node.id);
  if (g) {
    const role = node.meta?.[`role_${lang}`] || node.meta?.role_en || node.op;
    out.push(el("p", "group-role", gt("part", { name: g.name, id: g.id, role })));
  }
  const open = expandable(node, shapes);
  if (!open && !RECIPES[g?.op]) return out;
  const name = open ? title(node.op) : g.name;
  const b = el("button", { id: "layer-toggle", type: "button" }, gt(open ? "open" : "close", { name }));
  b.addEventListener("click", () => {
    const root = open ? node.id : g.id;
    edit((d) => (open ? expandLayer(d, node.id, shapes, name) : collapseLayer(d, node.id)));
    select(root);
  });
  return [...out, b];
}

