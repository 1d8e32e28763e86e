// Composite layers open into their primitives and close again (like sigmoid.js, Figs. 5-19..5-22):
// Affine into matmul + add (the bias broadcast over the batch, its gradient summed back), and
// Softmax-with-Loss into the graph of Fig. 5-29 / appendix A (exp, sum, division, log, × t, sum,
// negation, / N). The last primitive keeps the layer's id, so its consumers and numbers stay; the
// opened layer is recorded in the document's `groups` (docs/groups.md), which is how it closes
// again and how the inspector says which primitive did what. Pure functions on a document copy.

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

/** The group (document `groups` entry) a node belongs to, or null. */
export const groupOf = (doc, id) => (doc.groups || []).find((g) => g.nodes.includes(id)) || null;

/** Open layer `id` into its primitives; `shapes` maps node id -> shape (from the evaluation). */
export function expandLayer(doc, id, shapes, title) {
  const i = doc.nodes.findIndex((n) => n.id === id);
  const node = doc.nodes[i];
  if (i < 0 || !expandable(node, shapes)) return false;
  const { inputs, op, attrs, meta, ...keep } = node;
  const prims = RECIPES[node.op].nodes(node, shapes);
  prims[prims.length - 1] = { ...keep, ...prims.at(-1), meta: { ...(meta || {}), ...prims.at(-1).meta } };
  doc.nodes.splice(i, 1, ...prims);
  doc.groups = [...(doc.groups || []).filter((g) => g.id !== id),
    { id, name: title || node.op, nodes: prims.map((n) => n.id), op: node.op, collapsed: false }];
  return true;
}

/** Close the opened layer that node `id` belongs to back into one node. */
export function collapseLayer(doc, id) {
  const g = groupOf(doc, id);
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
  if (!doc.groups.length) delete doc.groups;
  return true;
}

/** A user-defined composite: name a set of nodes (e.g. softplus = log(1 + exp(x))), saved in the
 * document's groups; `id` is the group's output node. */
export function groupNodes(doc, id, name, ids) {
  if (!ids.includes(id) || ids.some((m) => groupOf(doc, m))) return false;
  doc.groups = [...(doc.groups || []), { id, name, nodes: ids.slice(), op: null, collapsed: false }];
  return true;
}

const WORDS = {
  en: { part: "Part of {name} ({id}): {role}", open: "Open {name} into its primitives", close: "Close into {name}",
    hint: "Group this node and everything it is computed from (up to the inputs) into one named box, e.g. softplus:",
    name: "name", make: "Make group", shut: "Collapse {name} into one box", show: "Expand {name}", ungroup: "Ungroup {name}" },
  ja: { part: "{name} ({id}) の一部: {role}", open: "{name} をプリミティブに展開", close: "{name} にまとめる",
    hint: "このノードと、それを計算するノード (入力まで) を名前つきの 1 つの箱にまとめます (例: softplus):",
    name: "名前", make: "グループにする", shut: "{name} を 1 つの箱にまとめる", show: "{name} を展開", ungroup: "{name} のグループを解除" },
};

/** The inspector's lines for a node: which layer it belongs to and what it does there, and the
 * open / close button (calls `edit(fn)` with a document edit, then `select(id)`). */
export function layerControls(doc, node, shapes, lang, { edit, select, title }) {
  const w = WORDS[lang] || WORDS.en;
  const out = [];
  const g = groupOf(doc, node.id);
  if (g) {
    const role = node.meta?.[`role_${lang}`] || node.meta?.role_en || node.op;
    const p = document.createElement("p");
    p.className = "group-role";
    p.textContent = fill(w.part, { name: g.name, id: g.id, role });
    out.push(p);
  }
  const open = expandable(node, shapes);
  if (open || RECIPES[g?.op]) {
    const b = document.createElement("button");
    b.id = "layer-toggle";
    const name = open ? title(node.op) : g.name;
    b.textContent = fill(open ? w.open : w.close, { name });
    b.addEventListener("click", () => {
      const root = open ? node.id : g.id;
      edit((d) => (open ? expandLayer(d, node.id, shapes, name) : collapseLayer(d, node.id)));
      select(root);
    });
    out.push(b);
  }
  return [...out, ...userGroupControls(doc, node, g, w, { edit, select })];
}

const fill = (s, p) => s.replace(/\{(\w+)\}/g, (m, k) => p[k] ?? m);

function button(id, text, onClick) {
  const b = document.createElement("button");
  b.id = id;
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

/** A user group's toggle and ungroup buttons, or (for an op outside any group) the name field
 * and the button that groups the node with its ancestors up to the inputs. */
function userGroupControls(doc, node, g, w, { edit, select }) {
  if (g && g.op == null) {
    return [
      button("group-toggle", fill(g.collapsed ? w.show : w.shut, { name: g.name }), () => {
        edit((d) => setCollapsed(d, g.id, !g.collapsed));
        select(g.id);
      }),
      button("group-remove", fill(w.ungroup, { name: g.name }), () => { edit((d) => ungroup(d, g.id)); select(node.id); }),
    ];
  }
  if (g || node.op === "input" || node.op === "const") return [];
  const hint = document.createElement("p");
  hint.className = "group-hint";
  hint.textContent = w.hint;
  const field = document.createElement("input");
  Object.assign(field, { name: "group-name", placeholder: w.name, maxLength: 64 });
  field.setAttribute("aria-label", w.name);
  const make = button("group-make", w.make, () => {
    const name = field.value.trim();
    if (!name) { field.focus(); return; }
    edit((d) => groupNodes(d, node.id, name, ancestorsOf(d, node.id)) && setCollapsed(d, node.id, true));
    select(node.id);
  });
  field.addEventListener("keydown", (ev) => { if (ev.key === "Enter") make.click(); });
  return [hint, field, make];
}

/** A user group's members, its output (the group id) and its external inputs in first-use order. */
function parts(doc, g) {
  const members = new Set(g.nodes);
  const ext = [];
  for (const n of doc.nodes) {
    if (members.has(n.id)) for (const src of n.inputs || []) if (src && !members.has(src) && !ext.includes(src)) ext.push(src);
  }
  return { members, ext };
}

const addDeep = (a, b) => (Array.isArray(a) ? a.map((x, i) => addDeep(x, b[i])) : a + b);

/** The trace with a collapsed group as one step forward and one step backward: the forward step
 * of its output reads the external inputs; the backward edges into the external inputs are summed
 * per input and shown at the group's last backward step. */
function foldTrace(trace, values, g, { members, ext }) {
  const lastBack = trace.findLastIndex((s) => s.phase === "backward" && members.has(s.node) && s.op !== "seed");
  const sums = new Map();
  let upstream = null;
  const out = [];
  trace.forEach((s, i) => {
    if (!members.has(s.node)) return out.push(s);
    if (s.phase === "forward") {
      if (s.node === g.id) out.push({ ...s, op: `group:${g.id}`, inputs: ext, operands: ext.map((x) => values[x]) });
      return undefined;
    }
    if (s.op === "seed") return out.push(s);
    if (s.node === g.id) upstream = s.upstream;
    for (const e of s.edges || []) {
      if (!members.has(e.to)) sums.set(e.to, sums.has(e.to) ? addDeep(sums.get(e.to), e.grad) : e.grad);
    }
    if (i !== lastBack) return undefined;
    const edges = [...sums].map(([to, grad]) => ({ to, operand: to, grad, total: grad, count: 1, of: 1,
      local: typeof grad === "number" && typeof upstream === "number" && upstream ? grad / upstream : null }));
    return out.push({ ...s, node: g.id, op: `group:${g.id}`, upstream, edges });
  });
  return out.map((s, index) => ({ ...s, index }));
}

/** A group draws as one box only when its output is a member and no other member is read
 * outside it (else it stays open: an edge would leave a hidden node). */
function foldable(doc, g) {
  const members = new Set(g.nodes);
  return members.has(g.id) && doc.nodes.some((n) => n.id === g.id)
    && doc.nodes.every((n) => members.has(n.id) || !(n.inputs || []).some((src) => src !== g.id && members.has(src)));
}

/** What is drawn when user groups are collapsed: each collapsed group (op null) becomes one box
 * `group:<id>` named after the group, fed by the group's external inputs; its value and the
 * gradients on its outer edges are the engine's own numbers (an input read twice inside: summed). Returns {doc, evaluation, ops}
 * (the same objects when nothing is collapsed). */
export function collapsedView(doc, evaluation, ops) {
  const shut = (doc.groups || []).filter((g) => g.op == null && g.collapsed && foldable(doc, g));
  if (!shut.length) return { doc, evaluation, ops };
  let nodes = doc.nodes, ev = evaluation;
  const extra = {};
  for (const g of shut) {
    const p = parts({ nodes }, g);
    const op = `group:${g.id}`;
    extra[op] = { name: op, symbol: g.name, box: true, operands: p.ext, title: { en: g.name, ja: g.name } };
    const last = nodes.find((n) => n.id === g.id);
    nodes = nodes.flatMap((n) => (n.id === g.id ? [{ ...last, op, inputs: p.ext, attrs: undefined }] : p.members.has(n.id) ? [] : [n]));
    if (ev) {
      const values = Object.fromEntries(Object.entries(ev.nodes).map(([k, v]) => [k, v.value]));
      const keep = Object.entries(ev.nodes).filter(([k]) => k === g.id || !p.members.has(k));
      ev = { ...ev, order: (ev.order || []).filter((k) => k === g.id || !p.members.has(k)),
        nodes: Object.fromEntries(keep), trace: foldTrace(ev.trace || [], values, g, p) };
    }
  }
  return { doc: { ...doc, nodes }, evaluation: ev, ops: { ...ops, ...extra } };
}

/** The selected node and its ancestors up to (not including) the inputs: the nodes a user group
 * made at `id` holds (consts inside, e.g. the 1 of log(1 + exp(x)), are members). */
export function ancestorsOf(doc, id) {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const seen = new Set();
  const visit = (k) => {
    const n = byId.get(k);
    if (!n || seen.has(k) || n.op === "input" || groupOf(doc, k)) return;
    seen.add(k);
    (n.inputs || []).forEach(visit);
  };
  visit(id);
  return doc.nodes.map((n) => n.id).filter((k) => seen.has(k));
}

/** Open or close user group `gid` (its `collapsed` flag, saved in the document). */
export function setCollapsed(doc, gid, collapsed) {
  const g = (doc.groups || []).find((x) => x.id === gid && x.op == null);
  if (!g) return false;
  g.collapsed = collapsed;
  return true;
}

/** Remove user group `gid` (its nodes stay). */
export function ungroup(doc, gid) {
  const before = (doc.groups || []).length;
  doc.groups = (doc.groups || []).filter((g) => !(g.id === gid && g.op == null));
  if (!doc.groups.length) delete doc.groups;
  return before !== (doc.groups || []).length;
}
