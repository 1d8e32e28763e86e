// Leaves lifted off the main chain (graphs of arrays): an op's second and third operands that are
// leaves (W1 and b1 of an Affine) sit straight above and below the op instead of in the layer to
// its left, their edges come down (up) beside the op, their grids written beside that edge (value
// left, gradient right) outside the band the main chain's labels take. The chain then only needs
// horizontal room for its own labels, and the drawing uses the stage's height. Pure (no DOM).

const LEAF = new Set(["input", "const"]);
const LINE = 1.15;  // em between grid rows (matrix.js)
const PORT = 8;  // from the op's left side to the lifted leaf's port (its line runs here)

/** Lifted leaves: Map leaf id -> {op, side: -1 above | +1 below}. An op's first non-constant
 * operand stays on the chain; of its other operands, leaves with no other consumer go above
 * (the first) and below (the second); a lone one goes below when the op before it on the chain
 * has a leaf above (t under Softmax-with-Loss, clear of W2's gradient). */
export function liftedLeaves(nodes, byId, consumers) {
  const out = new Map();
  const above = new Set();  // ops with a leaf lifted above them
  for (const n of nodes) {
    if (LEAF.has(n.op)) continue;
    const ins = (n.inputs || []).filter((s) => byId.has(s));
    const align = ins.find((s) => byId.get(s).op !== "const") ?? ins[0];
    const free = ins.filter((s) => s !== align && LEAF.has(byId.get(s).op) && consumers.get(s).length === 1
      && !out.has(s) && ins.indexOf(s) === ins.lastIndexOf(s)).slice(0, 2);
    const first = free.length === 1 && above.has(align) ? 1 : -1;
    free.forEach((s, i) => out.set(s, { op: n.id, side: i ? 1 : first }));
    if (first < 0 && free.length) above.add(n.id);
  }
  return out;
}

/** Horizontal room lifted labels need, per layer and side: left of the op's left side (the value
 * grid) and right of it (the gradient grid). Returns {gap(l): the least gap before layer l, first:
 * how far the leaves of layer 1 reach left (names included), which the drawing's left end must
 * leave room for}. Names of lifted leaves sit above (below) every label and may reach over the
 * gap before their op. */
export function liftNeeds(lifted, V, nLayers, labelSize, keyOf) {
  const zeros = () => new Array(nLayers).fill(0);
  const left = { [-1]: zeros(), 1: zeros() }, right = { [-1]: zeros(), 1: zeros() };
  let first = 0;
  for (const [id, { op, side }] of lifted) {
    const l = V.get(op).layer, s = labelSize(keyOf(id, op));
    left[side][l] = Math.max(left[side][l], s.value + 2 * PORT);
    const circle = V.get(op).box.kind === "op" ? V.get(op).box.w / 2 : 0;  // its port is at the top
    right[side][l] = Math.max(right[side][l], s.grad + PORT + circle);
    if (l === 1) first = Math.max(first, V.get(id).box.w + PORT + 6, s.value + 2 * PORT);
  }
  /** The gap before layer l that keeps the lifted labels of layers l - 1 and l apart. */
  const gap = (l) => Math.max(...[-1, 1].map((d) => (right[d][l - 1] && left[d][l] ? right[d][l - 1] + left[d][l] + 16 : 0)));
  return { gap, first };
}

/** The band around the chain (y offsets from an op's centre) that its labels, boxes and names
 * take at label scale k: {above, below} in drawing units (render.js besideSource). */
export function chainBand(rows, px, boxes, k = 1) {
  const h = Math.max(0, ...boxes.map((b) => b.h)) / 2;
  return {
    above: Math.max(6 + 6 * k + (rows.value - 1) * LINE * px + 0.85 * px, h) + 10,
    below: Math.max(16 + 19 * k + (rows.grad - 1) * LINE * px + 0.3 * px, h + 26) + 10,
  };
}

/** Place the lifted leaves beside their ops (x, y of each leaf's vnode; fx: its centre x) and
 * return the label places of their edges: key -> {value: {x, y, a}, grad: {x, y, a}}. */
export function placeLifted(lifted, V, pos, band, px, labelSize, keyOf) {
  const places = {};
  // one height per side: the leaves' names in one row, clear of every lifted label
  const most = { [-1]: 1, 1: 1 };
  for (const [id, { op, side }] of lifted) {
    const { rows } = labelSize(keyOf(id, op));
    most[side] = Math.max(most[side], rows.grad, rows.value);
  }
  for (const [id, { op, side }] of lifted) {
    const o = pos[op], v = V.get(id), key = keyOf(id, op);
    const { rows } = labelSize(key);
    const gr = rows.grad, vr = rows.value, r = most[side];
    // a box takes its operands at its left side; a circle at its top (bottom), straight down (up)
    const portX = o.kind === "op" ? o.x : o.x - o.w / 2 - PORT;
    const gradX = o.kind === "op" ? o.x + PORT : o.x - o.w / 2 + PORT;
    const edge = side < 0 ? o.y - band.above : o.y + band.below;  // where the lifted labels begin
    const height = r * LINE * px;
    // value grows upwards from its last row, the gradient downwards from its first (matrix.js)
    const top = side < 0 ? edge - height : edge;
    const vy = top + 0.85 * px + (vr - 1) * LINE * px, gy = top + 0.85 * px;
    places[key] = { value: { x: portX - PORT, y: vy, a: "end" }, grad: { x: gradX, y: gy, a: "start" } };
    v.y = side < 0 ? top - 8 - v.box.h / 2 : top + height + 8 + v.box.h / 2;
    v.fx = portX - 6 - v.box.w / 2;
  }
  return places;
}
