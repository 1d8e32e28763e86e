// The player's pure function: (document, evaluation, step k) -> frame, what is drawn at step k.
// Step 0 shows only the leaves; step k has applied trace steps 0..k-1; the last step is the
// trace length. Any way of reaching step k gives the same frame.

import { inline as fmt } from "./format.js";
import { describe } from "./caption.js";

export { captionText } from "./caption.js";

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

export function slotOf(node, operand, to, opsByName) {
  const names = opsByName[node.op]?.operands || [];
  const i = names.indexOf(operand);
  return i >= 0 ? i : (node.inputs || []).indexOf(to);
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
  if (step > 0) ({ current, caption } = describe(trace[step - 1], byId, opsByName, trace));
  if (evaluation && step === 0) {
    const inputs = { list: doc.nodes.filter((n) => n.op === "input").map((n) => [n.id, fmt(values.get(n.id))]) };
    caption = [["cap.start", { inputs }]];
  }
  const done = evaluation != null && step === steps && steps > 0;
  if (done) caption.push(["cap.end", {}]);
  const phase = step === 0 ? "start" : step < boundary ? "forward" : "backward";
  return { step, steps, boundary, phase, values, grads, current, caption, done, output };
}
