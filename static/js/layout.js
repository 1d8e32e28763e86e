// Left-to-right layered layout in the book's style (pure, deterministic, no DOM; runs in a worker
// for big graphs). Op nodes sit on longest-path layers; each leaf sits one layer left of its first
// consumer (like tax beside the second × of Fig. 5-2); long edges bend through dummy points;
// rows are ordered by a depth-first walk from the output (operand x above y), then barycentre
// sweeps; y coordinates relax toward neighbours with an order-keeping least-squares fit.

import { SIZES, FONTS } from "./sizes.js";
import { edgeKey, stubKey } from "./frame.js";
import { labelText } from "./format.js";
import { liftedLeaves, liftNeeds, chainBand, placeLifted } from "./layout-lift.js";

const LEAF = new Set(["input", "const"]);
const CHAR_W = FONTS.name.charW;

/** Drawn width of a text in character widths: CJK characters are about twice as wide. */
export const textUnits = (text) => [...String(text)].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e80 ? 1.7 : 1), 0);

/** Width of a node's drawn box, from its kind and text (name: the displayed name, default label or
 * id; charW: px per character of a name; k: the scale of shapes and symbols, label-fit.js). */
export function nodeBox(node, symbol, isBox, name = node.label || node.id, charW = CHAR_W, k = 1) {
  if (node.op === "input") return { w: Math.max(24, textUnits(name) * charW + 8), h: 30 * k, kind: "input" };
  if (node.op === "const") return { w: Math.max(30, labelText(node.value).length * CHAR_W + 18) * k, h: 30 * k, kind: "const" };
  if (isBox) return { w: Math.max(90, (symbol || node.op).length * 11 + 28) * k, h: SIZES.boxH * k, kind: "box" };
  return { w: SIZES.r * 2 * k, h: SIZES.r * 2 * k, kind: "op" };
}

function ranks(nodes, byId) {
  const rank = new Map();
  const consumers = new Map(nodes.map((n) => [n.id, []]));
  const indeg = new Map();
  for (const n of nodes) {
    const ins = (n.inputs || []).filter((s) => byId.has(s));
    indeg.set(n.id, ins.length);
    ins.forEach((s) => consumers.get(s).push(n.id));
  }
  const queue = nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  for (let qi = 0; qi < queue.length; qi++) {
    const id = queue[qi];
    const n = byId.get(id);
    let r = LEAF.has(n.op) ? 0 : 1;
    for (const s of n.inputs || []) if (rank.has(s) && !LEAF.has(byId.get(s).op)) r = Math.max(r, rank.get(s) + 1);
    rank.set(id, r);
    for (const c of consumers.get(id)) {
      indeg.set(c, indeg.get(c) - 1);
      if (indeg.get(c) === 0) queue.push(c);
    }
  }
  for (const n of nodes) if (!rank.has(n.id)) rank.set(n.id, 0);  // a cycle: keep drawing
  for (const n of nodes) {
    const cs = consumers.get(n.id);
    if (LEAF.has(n.op) && cs.length) rank.set(n.id, Math.max(0, Math.min(...cs.map((c) => rank.get(c))) - 1));
  }
  return { rank, consumers };
}

// Least-squares fit of y to `want` keeping order and minimum gaps (pool adjacent violators on
// want minus the running sum of gaps; gaps[i] is the room needed above row i).
function placeRow(want, gaps, weight) {
  const off = [];
  gaps.forEach((g, i) => off.push(i ? off[i - 1] + g : 0));
  const blocks = [];
  want.forEach((w, i) => {
    const wt = weight[i];
    blocks.push({ sum: (w - off[i]) * wt, wt, n: 1, start: i });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1], a = blocks[blocks.length - 2];
      if (a.sum / a.wt <= b.sum / b.wt) break;
      a.sum += b.sum; a.wt += b.wt; a.n += b.n; blocks.pop();
    }
  });
  const y = new Array(want.length);
  for (const b of blocks) for (let i = b.start; i < b.start + b.n; i++) y[i] = b.sum / b.wt + off[i];
  return y;
}

/** Crossings between two adjacent layers: inversions among edges sorted by their upper end. */
function bilayerCrossings(upper) {
  const es = [];
  for (const v of upper) for (const [t] of v.vout) es.push(v.pos * 1e6 + t.pos);
  if (es.length < 2) return 0;
  es.sort((a, b) => a - b);
  const lows = es.map((e) => e % 1e6);
  const size = Math.max(...lows) + 2;
  const tree = new Int32Array(size + 1);
  let c = 0;
  for (let i = lows.length - 1; i >= 0; i--) {  // count later edges that end strictly lower
    for (let j = lows[i]; j > 0; j -= j & -j) c += tree[j];
    for (let j = lows[i] + 1; j <= size; j += j & -j) tree[j] += 1;
  }
  return c;
}

/** The virtual graph: a vnode per real node plus dummies on long edges (bent on small graphs;
 * big ones draw long edges straight); vin/vout are [vnode, slot] pairs; chains: the edges' paths. */
function virtualGraph(nodes, byId, rank) {
  const V = new Map();
  const all = [];
  const vnode = (id, layer, real) => {
    const v = { id, layer, real, vin: [], vout: [], pos: 0, y: 0, align: null };
    if (real) V.set(id, v);
    all.push(v);
    return v;
  };
  for (const n of nodes) vnode(n.id, rank.get(n.id), n);
  const bend = nodes.length <= SIZES.bendMax;
  const chains = [];
  for (const n of nodes) {
    (n.inputs || []).forEach((src, slot) => {
      if (!byId.has(src)) return;
      const chain = [V.get(src)];
      let prev = V.get(src);
      for (let l = rank.get(src) + 1; bend && l < rank.get(n.id); l++) {
        const d = vnode(null, l, null);
        prev.vout.push([d, 0]); d.vin.push([prev, 0]);
        chain.push(d); prev = d;
      }
      const dst = V.get(n.id);
      prev.vout.push([dst, slot]); dst.vin.push([prev, slot]);
      chain.push(dst);
      chains.push({ key: edgeKey(src, n.id, slot), chain });
    });
  }
  // Each op lines up with its first operand that is not a constant (the book's straight chain).
  for (const v of all) {
    const ins = v.vin.slice().sort((a, b) => a[1] - b[1]);
    v.align = (ins.find(([o]) => o.real?.op !== "const") || ins[0] || [null])[0];
  }
  return { V, all, chains };
}

/** Rows per layer, ordered depth-first from the output (then other sinks), operands in slot order. */
function initialRows(nLayers, V, all, nodes, consumers, output) {
  const rows = Array.from({ length: nLayers }, () => []);
  const visit = (root) => {
    const stack = [root];
    while (stack.length) {
      const v = stack.pop();
      if (v.seen) continue;
      v.seen = true;
      rows[v.layer].push(v);
      const ins = v.vin.slice().sort((a, b) => a[1] - b[1]);
      for (let i = ins.length - 1; i >= 0; i--) if (!ins[i][0].seen) stack.push(ins[i][0]);
    }
  };
  if (output && V.has(output)) visit(V.get(output));
  for (const n of nodes.slice().reverse()) if (!consumers.get(n.id).length) visit(V.get(n.id));
  for (const v of all) visit(v);
  return rows;
}

const index = (rows) => rows.forEach((r) => r.forEach((v, i) => { v.pos = i; }));

/** Barycentre sweeps, keeping the order with the fewest crossings (rows reordered in place). */
function sweepRows(rows, nLayers, many) {
  index(rows);
  const crossings = () => rows.reduce((c, r) => c + bilayerCrossings(r), 0);
  let best = rows.map((r) => r.slice()), bestC = crossings();
  const sweeps = many ? 2 : 4;
  for (let sweep = 0; sweep < sweeps && bestC > 0; sweep++) {
    const down = sweep % 2 === 0;
    for (let k = 1; k < nLayers; k++) {
      const l = down ? k : nLayers - 1 - k;
      for (const v of rows[l]) {
        const nb = down ? v.vin : v.vout;
        let sum = 0;
        for (const [o, s] of nb) sum += o.pos + (down ? 0 : s * 0.3);
        v.bary = nb.length ? sum / nb.length : v.pos;
      }
      rows[l].sort((a, b) => a.bary - b.bary || a.pos - b.pos);
      rows[l].forEach((v, i) => { v.pos = i; });
    }
    const c = crossings();
    if (c < bestC) { bestC = c; best = rows.map((r) => r.slice()); }
  }
  best.forEach((r, l) => { rows[l] = r; });
  index(rows);
}

/** x of each layer's centre: each layer as wide as its widest node, gaps wide enough for the
 * labels of the edges that end in it (on a tall graph, half of them for a slanted straight edge,
 * whose labels sit beside its source: render.js's besideSource). Needs the rows' y. Returns {layerX, layerW, right}. */
function layerPositions(rows, chains, nLayers, labelWidth, tall, lift) {
  const layerW = rows.map((r) => r.reduce((m, v) => Math.max(m, v.box.w), 0));
  const gapW = new Array(nLayers).fill(SIZES.gapMin);
  for (const { key, chain, lifted } of chains) {
    if (lifted) continue;  // its labels sit beside its op (layout-lift.js): lift.gap
    const l = chain[chain.length - 1].layer;
    const beside = tall && chain.length === 2 && Math.abs(chain[0].y - chain[1].y) > 8;
    gapW[l] = Math.max(gapW[l], (labelWidth[key] || 0) * (beside ? 0.5 : 1) + 48);
  }
  for (let l = 1; l < nLayers; l++) gapW[l] = Math.max(gapW[l], lift.gap(l) - layerW[l - 1] / 2);
  const layerX = [];
  let x = Math.max(0, lift.first - layerW[0] - (gapW[1] ?? 0));
  for (let l = 0; l < nLayers; l++) {
    x += (l ? gapW[l] : 0) + layerW[l] / 2;
    layerX.push(x);
    x += layerW[l] / 2;
  }
  return { layerX, layerW, right: x };
}

/** y: start stacked, then relax: ops follow their aligned operand, the rest sit below their
 * consumer by slot (apple_num and tax reach up to their × nodes, as in Fig. 5-14). */
function placeY(rows, nLayers, ROW, many) {
  rows.forEach((r) => r.forEach((v, i) => { v.y = i * ROW; }));
  // Room below an op for its other operands, which hang below it (before the next op of the row).
  const below = (v) => { const n = v.vin.filter(([o]) => !o.lifted).length; return v.real && n > 1 ? (n - 1) * ROW : 0; };
  const gapOf = rows.map((r) => r.map((v, i) => (i ? Math.max(ROW * 0.8, v.box.h + 40, r[i - 1].box.h / 2 + v.box.h / 2 + 30, v.real && !LEAF.has(v.real.op) ? below(r[i - 1]) + ROW * 0.8 : 0) : 0)));
  // Ops weigh more than leaves and dummies: the main chain stays straight, leaves make room.
  const weightOf = rows.map((r) => r.map((v) => (v.real && !LEAF.has(v.real.op) ? 4 : 1)));
  const alignSlot = (t) => (t.vin.find(([o]) => o === t.align) || [null, 0])[1];
  const relax = (l, dir) => {
    const want = rows[l].map((v) => {
      if (dir > 0 && v.align && !(v.real && LEAF.has(v.real.op))) return v.align.y;
      if (!v.vout.length) return v.y;
      let sum = 0;
      for (const [t, s] of v.vout) sum += t.y + (s - (t.align ? alignSlot(t) : 0)) * ROW;
      return sum / v.vout.length;
    });
    placeRow(want, gapOf[l], weightOf[l]).forEach((y, i) => { rows[l][i].y = y; });
  };
  const passes = many ? 3 : 6;
  for (let it = 0; it < passes; it++) {
    for (let l = nLayers - 2; l >= 0; l--) relax(l, -1);
    for (let l = 1; l < nLayers; l++) relax(l, +1);
  }
}

/**
 * @param doc graph document; @param opts {output, symbols: {op: symbol}, boxes: Set, labelWidth: key -> px,
 *   names: id -> displayed name (default: label or id), charW: px per character of a name}
 * @returns {{nodes: {id: {x, y, w, h, kind, layer}}, edges: {key: {points}}, width, height, minY, tall}}
 */
export function layout(doc, opts = {}) {
  const { output = null, symbols = {}, boxes = new Set(), labelWidth = {}, tall = false, names = {}, charW = CHAR_W,
    labelSizes = {}, labelPx = 17, labelScale = 1, nodeScale = 1 } = opts;
  const sizeOf = (key) => labelSizes[key] || { value: labelWidth[key] || 0, grad: labelWidth[key] || 0, rows: { value: 1, grad: 1 } };
  const ROW = SIZES.row * (tall ? 1.4 : 1);
  const nodes = doc.nodes;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const { rank, consumers } = ranks(nodes, byId);
  const nLayers = Math.max(0, ...rank.values()) + 1;
  const { V, all, chains } = virtualGraph(nodes, byId, rank);
  const many = all.length > 600;
  const rows = initialRows(nLayers, V, all, nodes, consumers, output);
  sweepRows(rows, nLayers, many);
  // graphs of arrays: leaf operands above and below their op (layout-lift.js)
  const lifted = tall && nodes.length <= SIZES.liftMax ? liftedLeaves(nodes, byId, consumers) : new Map();
  for (const c of chains) c.lifted = lifted.has(c.chain[0].id) && c.chain.length === 2 && lifted.get(c.chain[0].id).op === c.chain[1].id;
  for (const id of lifted.keys()) V.get(id).lifted = true;
  rows.forEach((r, l) => { rows[l] = r.filter((v) => !v.lifted); });
  index(rows);
  for (const v of all) v.box = v.real ? nodeBox(v.real, symbols[v.real.op], boxes.has(v.real.op), names[v.real.id], charW, nodeScale) : { w: 0, h: 0, kind: "dummy" };
  placeY(rows, nLayers, ROW, many);
  const lift = liftNeeds(lifted, V, nLayers, sizeOf, edgeKeyOf(doc));
  const { layerX, layerW, right } = layerPositions(rows, chains, nLayers, labelWidth, tall, lift);
  const L = result(V, chains, layerX, layerW, right, output, labelWidth, lifted.size ? (pos) => {
    const band = chainBand(chainRows(chains, sizeOf), labelPx, [...V.values()].filter((v) => !lifted.has(v.id)).map((v) => v.box), labelScale);
    return placeLifted(lifted, V, pos, band, labelPx, sizeOf, edgeKeyOf(doc));
  } : null);
  return { ...L, tall };
}

/** An edge's key from its source to its consumer (a lifted leaf feeds its op once). */
const edgeKeyOf = (doc) => (from, to) => edgeKey(from, to, doc.nodes.find((n) => n.id === to).inputs.indexOf(from));

/** The most grid rows of the chain's (not lifted) value and gradient labels. */
function chainRows(chains, sizeOf) {
  const rows = { value: 1, grad: 1 };
  for (const { key, lifted } of chains) {
    if (lifted) continue;
    const r = sizeOf(key).rows;
    rows.value = Math.max(rows.value, r.value);
    rows.grad = Math.max(rows.grad, r.grad);
  }
  return rows;
}

/** Output: real nodes and edge routes (port to port through dummies), the output's stub. */
function result(V, chains, layerX, layerW, right, output, labelWidth, lift) {
  let minY = Infinity, maxY = -Infinity, x = right;
  const out = { nodes: {}, edges: {} };
  const place = (v) => {
    const b = v.box;
    const leftAlign = b.kind === "input" || b.kind === "const";
    const cx = v.fx ?? (leftAlign ? layerX[v.layer] + layerW[v.layer] / 2 - b.w / 2 : layerX[v.layer]);
    out.nodes[v.id] = { x: cx, y: v.y, w: b.w, h: b.h, kind: b.kind, layer: v.layer };
    minY = Math.min(minY, v.y - b.h / 2); maxY = Math.max(maxY, v.y + b.h / 2);
  };
  const rest = [...V.values()].filter((v) => !v.lifted);
  rest.forEach(place);
  const places = lift ? lift(out.nodes) : {};
  [...V.values()].filter((v) => v.lifted).forEach(place);
  for (const { key, chain } of chains) {
    out.edges[key] = { points: chain.map((v) => [v.real ? out.nodes[v.id].x : layerX[v.layer], v.y]) };
    if (places[key]) out.edges[key].labels = places[key];
  }
  if (output && out.nodes[output]) {
    const n = out.nodes[output], key = stubKey(output);
    const w = Math.max(SIZES.stub, (labelWidth[key] || 0) + 60);
    out.edges[key] = { points: [[n.x, n.y], [n.x + n.w / 2 + w, n.y]] };
    x = Math.max(x, n.x + n.w / 2 + w);
  }
  out.width = x;
  out.minY = Number.isFinite(minY) ? minY : 0;
  out.height = Number.isFinite(maxY) ? maxY - out.minY : 0;
  return out;
}
