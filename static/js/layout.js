// Left-to-right layered layout in the book's style (pure, deterministic, no DOM; runs in a worker
// for big graphs). Op nodes sit on longest-path layers; each leaf sits one layer left of its first
// consumer (like tax beside the second × of Fig. 5-2); long edges bend through dummy points;
// rows are ordered by a depth-first walk from the output (operand x above y), then barycentre
// sweeps; y coordinates relax toward neighbours with an order-keeping least-squares fit.

const LEAF = new Set(["input", "const"]);
export const SIZES = { r: 28, row: 116, gapMin: 120, charW: 10, boxH: 52, stub: 120 };

/** Width of a node's drawn box, from its kind and text. */
export function nodeBox(node, symbol, isBox) {
  const text = node.label || node.id;
  if (node.op === "input") return { w: Math.max(24, text.length * SIZES.charW + 8), h: 30, kind: "input" };
  if (node.op === "const") return { w: Math.max(30, String(node.valueText ?? "").length * SIZES.charW + 18), h: 30, kind: "const" };
  if (isBox) return { w: Math.max(90, (symbol || node.op).length * 11 + 28), h: SIZES.boxH, kind: "box" };
  return { w: SIZES.r * 2, h: SIZES.r * 2, kind: "op" };
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

// Least-squares fit of y to `want` keeping order and a minimum gap (pool adjacent violators).
function placeRow(want, gap) {
  const blocks = [];
  want.forEach((w, i) => {
    blocks.push({ sum: w - i * gap, n: 1, start: i });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1], a = blocks[blocks.length - 2];
      if (a.sum / a.n <= b.sum / b.n) break;
      a.sum += b.sum; a.n += b.n; blocks.pop();
    }
  });
  const y = new Array(want.length);
  for (const b of blocks) for (let i = b.start; i < b.start + b.n; i++) y[i] = b.sum / b.n + i * gap;
  return y;
}

/**
 * @param doc graph document; @param opts {output, symbols: {op: symbol}, boxes: Set, labelWidth: key -> px}
 * @returns {{nodes: {id: {x, y, w, h, kind, layer}}, edges: {key: {points}}, width, height}}
 */
export function layout(doc, opts = {}) {
  const { output = null, symbols = {}, boxes = new Set(), labelWidth = {} } = opts;
  const nodes = doc.nodes;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const { rank, consumers } = ranks(nodes, byId);
  const nLayers = Math.max(0, ...rank.values()) + 1;
  // Virtual graph: real nodes plus dummies on long edges; vin/vout are [neighbour, slot] lists.
  const V = new Map();
  const vnode = (id, layer, real) => { V.set(id, { id, layer, real, vin: [], vout: [] }); return V.get(id); };
  for (const n of nodes) vnode(n.id, rank.get(n.id), n);
  const chains = [];
  for (const n of nodes) {
    (n.inputs || []).forEach((src, slot) => {
      if (!byId.has(src)) return;
      const chain = [src];
      let prev = src;
      for (let l = rank.get(src) + 1; l < rank.get(n.id); l++) {
        const d = vnode(`\u0000${src}>${n.id}>${slot}>${l}`, l, null);
        V.get(prev).vout.push([d.id, 0]); d.vin.push([prev, 0]);
        chain.push(d.id); prev = d.id;
      }
      V.get(prev).vout.push([n.id, slot]); V.get(n.id).vin.push([prev, slot]);
      chain.push(n.id);
      chains.push({ key: `${src}>${n.id}>${slot}`, chain });
    });
  }
  // Initial order: depth-first from the output (then other sinks), operands in slot order.
  const rows = Array.from({ length: nLayers }, () => []);
  const seen = new Set();
  const visit = (root) => {
    const stack = [root];
    while (stack.length) {
      const id = stack.pop();
      if (seen.has(id)) continue;
      seen.add(id);
      rows[V.get(id).layer].push(id);
      const ins = V.get(id).vin.slice().sort((a, b) => a[1] - b[1]);
      for (let i = ins.length - 1; i >= 0; i--) if (!seen.has(ins[i][0])) stack.push(ins[i][0]);
    }
  };
  if (output && V.has(output)) visit(output);
  for (const n of nodes.slice().reverse()) if (!consumers.get(n.id).length) visit(n.id);
  for (const id of V.keys()) visit(id);
  const pos = new Map();
  const index = () => rows.forEach((r) => r.forEach((id, i) => pos.set(id, i)));
  index();
  // Barycentre sweeps, keeping the order with the fewest crossings.
  const crossings = () => {
    let c = 0;
    for (let l = 0; l + 1 < nLayers; l++) {
      const es = [];
      for (const id of rows[l]) for (const [t, s] of V.get(id).vout) es.push([pos.get(id), pos.get(t) + s * 1e-3]);
      es.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      for (let i = 0; i < es.length; i++) for (let j = i + 1; j < es.length; j++) if (es[j][0] > es[i][0] && es[j][1] < es[i][1]) c++;
      if (es.length > 400) break;  // big graphs: an estimate is enough to compare sweeps
    }
    return c;
  };
  let best = rows.map((r) => r.slice()), bestC = crossings();
  for (let sweep = 0; sweep < 4 && bestC > 0; sweep++) {
    const down = sweep % 2 === 0;
    for (let k = 1; k < nLayers; k++) {
      const l = down ? k : nLayers - 1 - k;
      const bary = new Map(rows[l].map((id) => {
        const nb = down ? V.get(id).vin : V.get(id).vout;
        const vs = nb.map(([o, s]) => pos.get(o) + (down ? 0 : s * 0.3));
        return [id, vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : pos.get(id)];
      }));
      rows[l].sort((a, b) => bary.get(a) - bary.get(b) || pos.get(a) - pos.get(b));
      rows[l].forEach((id, i) => pos.set(id, i));
    }
    const c = crossings();
    if (c < bestC) { bestC = c; best = rows.map((r) => r.slice()); }
  }
  best.forEach((r, l) => { rows[l] = r; });
  index();
  // Sizes and x: each layer as wide as its widest node, gaps wide enough for edge labels.
  const box = new Map();
  for (const [id, v] of V) box.set(id, v.real ? nodeBox(v.real, symbols[v.real.op], boxes.has(v.real.op)) : { w: 0, h: 0, kind: "dummy" });
  const layerW = rows.map((r) => Math.max(0, ...r.map((id) => box.get(id).w)));
  const gapW = new Array(nLayers).fill(SIZES.gapMin);
  for (const { key, chain } of chains) {
    const l = V.get(chain[chain.length - 1]).layer;
    gapW[l] = Math.max(gapW[l], (labelWidth[key] || 0) + 48);
  }
  const layerX = [];
  let x = 0;
  for (let l = 0; l < nLayers; l++) {
    x += (l ? gapW[l] : 0) + layerW[l] / 2;
    layerX.push(x);
    x += layerW[l] / 2;
  }
  // y: start stacked, then relax toward neighbours (ops follow operands, leaves their consumer).
  const y = new Map();
  rows.forEach((r) => r.forEach((id, i) => y.set(id, i * SIZES.row)));
  // Book style: an op node lines up with its first operand (the main chain runs straight, like
  // apple -> x -> x of Fig. 5-14); other operands sit below and reach up to it.
  const relax = (l, dir) => {
    const want = rows[l].map((id) => {
      const v = V.get(id);
      const leaf = v.real && LEAF.has(v.real.op);
      let ys = [];
      if (dir > 0 && !leaf && v.vin.length) {
        const first = v.vin.slice().sort((a, b) => a[1] - b[1])[0];
        ys = [y.get(first[0])];
      } else if (v.vout.length) ys = v.vout.map(([t, s]) => y.get(t) + s * SIZES.row);
      return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : y.get(id);
    });
    const gaps = rows[l].map((id) => Math.max(SIZES.row * 0.8, box.get(id).h + 40));
    const gap = rows[l].length > 1 ? Math.max(...gaps) : 0;
    placeRow(want, gap).forEach((v, i) => y.set(rows[l][i], v));
  };
  for (let it = 0; it < 6; it++) {
    for (let l = nLayers - 2; l >= 0; l--) relax(l, -1);
    for (let l = 1; l < nLayers; l++) relax(l, +1);
  }
  for (let l = nLayers - 2; l >= 0; l--) relax(l, -1);
  // Output: real nodes and edge routes (port to port through dummies).
  let minY = Infinity, maxY = -Infinity;
  const out = { nodes: {}, edges: {} };
  for (const [id, v] of V) {
    if (!v.real) continue;
    const b = box.get(id);
    const leftAlign = b.kind === "input" || b.kind === "const";
    const cx = leftAlign ? layerX[v.layer] + layerW[v.layer] / 2 - b.w / 2 : layerX[v.layer];
    out.nodes[id] = { x: cx, y: y.get(id), w: b.w, h: b.h, kind: b.kind, layer: v.layer };
    minY = Math.min(minY, y.get(id) - b.h / 2); maxY = Math.max(maxY, y.get(id) + b.h / 2);
  }
  for (const { key, chain } of chains) {
    const pts = chain.map((id) => [V.get(id).real ? out.nodes[id].x : layerX[V.get(id).layer], y.get(id)]);
    out.edges[key] = { points: pts };
  }
  if (output && out.nodes[output]) {
    const n = out.nodes[output];
    const w = Math.max(SIZES.stub, (labelWidth[`${output}>>0`] || 0) + 60);
    out.edges[`${output}>>0`] = { points: [[n.x, n.y], [n.x + n.w / 2 + w, n.y]] };
    x = Math.max(x, n.x + n.w / 2 + w);
  }
  out.width = x;
  out.minY = Number.isFinite(minY) ? minY : 0;
  out.height = Number.isFinite(maxY) ? maxY - out.minY : 0;
  return out;
}
