// Expand a sigmoid node into the book's primitives (Figs. 5-19 to 5-22) and collapse it back:
// x -> ×(-1) -> exp -> +1 -> 1/t, with 1/t written as div(1, t). The last node keeps the
// sigmoid's id, so its consumers and its numbers are unchanged.

const parts = (id) => ({
  m1: `${id}.m1`, mul: `${id}.mul`, exp: `${id}.exp`, one: `${id}.one`, add: `${id}.add`, num: `${id}.num`,
});

export function expandSigmoid(doc, id) {
  const i = doc.nodes.findIndex((n) => n.id === id && n.op === "sigmoid");
  if (i < 0) return false;
  const node = doc.nodes[i];
  const p = parts(id);
  const x = node.inputs[0];
  const { inputs, op, ...keep } = node;
  doc.nodes.splice(i, 1,
    { id: p.m1, op: "const", value: -1 },
    { id: p.mul, op: "mul", inputs: [x, p.m1] },
    { id: p.exp, op: "exp", inputs: [p.mul] },
    { id: p.one, op: "const", value: 1 },
    { id: p.add, op: "add", inputs: [p.exp, p.one] },
    { id: p.num, op: "const", value: 1 },
    { ...keep, op: "div", inputs: [p.num, p.add] });
  return true;
}

/** The id of the expanded sigmoid that node `id` belongs to, or null. */
export function expandedRoot(doc, id) {
  const root = id.replace(/\.(m1|mul|exp|one|add|num)$/, "");
  const p = parts(root);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const last = byId.get(root);
  const ok = last?.op === "div" && last.inputs?.[0] === p.num && last.inputs?.[1] === p.add
    && byId.get(p.add)?.inputs?.[0] === p.exp && byId.get(p.exp)?.inputs?.[0] === p.mul;
  return ok ? root : null;
}

export function collapseSigmoid(doc, id) {
  const root = expandedRoot(doc, id);
  if (!root) return false;
  const p = parts(root);
  const x = doc.nodes.find((n) => n.id === p.mul).inputs[0];
  const drop = new Set(Object.values(p));
  const at = doc.nodes.findIndex((n) => n.id === p.m1);
  const last = doc.nodes.find((n) => n.id === root);
  const { inputs, op, ...keep } = last;
  doc.nodes = doc.nodes.filter((n) => !drop.has(n.id) && n.id !== root);
  doc.nodes.splice(Math.max(0, Math.min(at, doc.nodes.length)), 0, { ...keep, op: "sigmoid", inputs: [x] });
  return true;
}
