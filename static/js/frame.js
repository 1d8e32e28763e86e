// The player's pure function: (document, evaluation, step k) -> frame, what is drawn at step k.
// Step 0 shows only the leaves; step k has applied trace steps 0..k-1; the last step is the
// trace length. Any way of reaching step k gives the same frame.

import { labelText as fmt } from "./format.js";

export const edgeKey = (from, to, slot) => `${from}>${to}>${slot}`;
export const stubKey = (node) => edgeKey(node, "", 0);

/** The drawn edges of a document: operand edges, plus a stub to the right of the output. */
export function edgesOf(doc, output) {
  const edges = [];
  for (const n of doc.nodes) {
    (n.inputs || []).forEach((src, slot) => {
      if (src) edges.push({ key: edgeKey(src, n.id, slot), from: src, to: n.id, slot });
    });
  }
  if (output) edges.push({ key: stubKey(output), from: output, to: "", slot: 0, stub: true });
  return edges;
}

/** The output node: the document's, else the evaluation's, else the one node nobody consumes. */
export function outputOf(doc, evaluation) {
  if (evaluation && evaluation.output) return evaluation.output;
  if (doc.output) return doc.output;
  const used = new Set(doc.nodes.flatMap((n) => n.inputs || []));
  const sinks = doc.nodes.filter((n) => !used.has(n.id) && n.op !== "input" && n.op !== "const");
  return sinks.length === 1 ? sinks[0].id : null;
}

function slotOf(node, operand, to, opsByName) {
  const names = opsByName[node.op]?.operands || [];
  const i = names.indexOf(operand);
  return i >= 0 ? i : (node.inputs || []).indexOf(to);
}

function forwardExpr(step, node, symbol) {
  const v = (step.operands || []).map(fmt);
  switch (step.op) {
    case "add": case "sub": case "mul": case "div": case "matmul":
      return `${v[0]} ${symbol} ${v[1]}`;
    case "pow": return `${v[0]}^${fmt(node?.attrs?.p)}`;
    case "affine": return `${v[0]} · ${v[1]} + ${v[2]}`;
    case "neg": return `-${v[0]}`;
    default: return `${symbol}(${v.join(", ")})`;
  }
}

/** The current node and edges of one trace step, and its caption as [i18n key, params] parts. */
function describe(s, byId, opsByName) {
  const node = byId.get(s.node);
  const opName = [`op.${s.op}`, {}];
  if (s.phase === "forward") {
    const sym = opsByName[s.op]?.symbol || s.op;
    return {
      current: { node: s.node, edges: (s.inputs || []).map((src, slot) => edgeKey(src, s.node, slot)) },
      caption: [["cap.forward", { op: opName, expr: forwardExpr(s, node, sym), value: fmt(s.value) }]],
    };
  }
  if (s.op === "seed") return { current: { node: s.node, edges: [stubKey(s.node)] }, caption: [["cap.seed", { node: { ref: s.node } }]] };
  const keys = [];
  const caption = [];
  (s.edges || []).forEach((e, j) => {
    keys.push(edgeKey(e.to, s.node, slotOf(node || {}, e.operand, e.to, opsByName)));
    caption.push(["cap.flow", { up: fmt(s.upstream), local: fmt(e.local), grad: fmt(e.grad), to: { ref: e.to }, sep: j > 0 }]);
    if (e.of > 1) caption.push(["cap.sum", { to: { ref: e.to }, total: fmt(e.total), count: e.count, of: e.of }]);
  });
  caption.unshift([keys.length ? "cap.backward" : "cap.noflow", { op: opName }]);
  return { current: { node: s.node, edges: keys }, caption };
}

/**
 * @returns {{step, steps, boundary, phase, values: Map, grads: Map, current: {node, edges: string[]},
 *   caption: Array<[string, object]>, done: boolean}}
 */
export function frameAt(doc, evaluation, k, opsByName = {}) {
  const trace = evaluation?.trace || [];
  const steps = trace.length;
  const step = Math.max(0, Math.min(steps, Number.isFinite(k) ? Math.trunc(k) : steps));
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const output = outputOf(doc, evaluation);
  const values = new Map();
  const grads = new Map();
  for (const n of doc.nodes) {
    if (n.op === "input" || n.op === "const") {
      values.set(n.id, evaluation?.nodes?.[n.id]?.value ?? n.value);
    }
  }
  const seedAt = trace.findIndex((s) => s.op === "seed");
  const boundary = seedAt >= 0 ? seedAt + 1 : steps + 1;
  let current = { node: null, edges: [] };
  let caption = [];
  if (!evaluation) caption = [[doc.nodes.length ? "cap.invalid" : "cap.empty", { msg: "" }]];
  // Apply steps 0..step-1 (values and gradients); only the last one is described.
  for (let i = 0; i < step; i++) {
    const s = trace[i];
    if (s.phase === "forward") values.set(s.node, s.value);
    else if (s.op === "seed") grads.set(stubKey(s.node), s.upstream);
    else for (const e of s.edges || []) grads.set(edgeKey(e.to, s.node, slotOf(byId.get(s.node) || {}, e.operand, e.to, opsByName)), e.grad);
  }
  if (step > 0) ({ current, caption } = describe(trace[step - 1], byId, opsByName));
  if (evaluation && step === 0) {
    const inputs = { list: doc.nodes.filter((n) => n.op === "input").map((n) => [n.id, fmt(values.get(n.id))]) };
    caption = [["cap.start", { inputs }]];
  }
  const done = evaluation != null && step === steps && steps > 0;
  if (done) caption.push(["cap.end", {}]);
  const phase = step === 0 ? "start" : step < boundary ? "forward" : "backward";
  return { step, steps, boundary, phase, values, grads, current, caption, done, output };
}

/** The caption as one string in the current language (t from i18n.js; name: node id -> its
 * displayed name). Params are strings, [i18n key, params], {ref: node id} or {list: [[id, value]]}. */
export function captionText(caption, t, name = (id) => id) {
  const param = (v) => (Array.isArray(v) ? t(v[0], v[1]) : v?.ref !== undefined ? name(v.ref)
    : v?.list ? v.list.map(([id, x]) => `${name(id)} = ${x}`).join(", ") : v);
  const resolve = (p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, param(v)]));
  const parts = caption.filter(([key]) => key !== "cap.backward" && key !== "cap.flow");
  if (!caption.some(([key]) => key === "cap.backward")) {
    return caption.map(([key, p]) => t(key, resolve(p))).join("");
  }
  const [, head] = caption.find(([key]) => key === "cap.backward");
  let flows = "";
  for (const [key, p] of caption) {
    if (key === "cap.flow") flows += (p.sep ? t("cap.sep") : "") + t(key, resolve(p));
    else if (key === "cap.sum") flows += t(key, resolve(p));
  }
  const tail = parts.filter(([key]) => key === "cap.end").map(([key, p]) => t(key, p)).join("");
  return t("cap.backward", { ...resolve(head), flows }) + tail;
}
