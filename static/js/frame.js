// The player's pure function: (document, evaluation, step k) -> frame, what is drawn at step k.
// Step 0 shows only the leaves; step k has applied trace steps 0..k-1; the last step is the
// trace length. Any way of reaching step k gives the same frame, in O(1) a step (an index of
// the trace is made once per evaluation). Pure: no DOM (node tests import it).

import { inline as fmt } from "./format.js";
import { describe } from "./caption.js";

export { captionText } from "./caption.js";

export const edgeKey = (from, to, slot) => `${from}>${to}>${slot}`;
export const stubKey = (node) => edgeKey(node, "", 0);
/** The one key of a label that a quiz may hide: "from>to>kind" (kind "value" or "grad"). */
export const maskKey = (from, to, kind) => `${from}>${to}>${kind}`;

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

/** What is known at a step, without copying per step: each key's writes in step order, read
 * at step k (the last write at or before k). Map-like: get, has, size, keys, entries, forEach. */
class StepView {
  constructor(writes, step) { this.writes = writes; this.step = step; }
  get(key) {
    const w = this.writes.get(key);
    if (!w) return undefined;
    let lo = 0, hi = w.length - 1, found = -1;  // usually one write: a single comparison
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (w[mid][0] <= this.step) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found < 0 ? undefined : w[found][1];
  }
  has(key) { const w = this.writes.get(key); return !!w && w[0][0] <= this.step; }
  *keys() { for (const [k, w] of this.writes) if (w[0][0] <= this.step) yield k; }
  *entries() { for (const k of this.keys()) yield [k, this.get(k)]; }
  [Symbol.iterator]() { return this.entries(); }
  forEach(fn) { for (const [k, v] of this.entries()) fn(v, k, this); }
  get size() { return [...this.keys()].length; }
}

const write = (writes, key, step, v) => {
  const w = writes.get(key);
  if (w) w.push([step, v]); else writes.set(key, [[step, v]]);
};

/** The per-evaluation index of a trace (built once, O(trace)): every value and gradient write
 * with the step after which it is known, the forward/backward boundary and the output. */
function timeline(doc, evaluation, opsByName) {
  const trace = evaluation?.trace || [];
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const values = new Map(), grads = new Map();
  for (const n of doc.nodes) {
    if (n.op === "input" || n.op === "const") write(values, n.id, 0, evaluation?.nodes?.[n.id]?.value ?? n.value);
  }
  trace.forEach((s, i) => {
    if (s.phase === "forward") write(values, s.node, i + 1, s.value);
    else if (s.op === "seed") write(grads, stubKey(s.node), i + 1, s.upstream);
    else for (const e of s.edges || []) write(grads, edgeKey(e.to, s.node, slotOf(byId.get(s.node) || {}, e.operand, e.to, opsByName)), i + 1, e.grad);
  });
  const seedAt = trace.findIndex((s) => s.op === "seed");
  return { doc, opsByName, trace, byId, values, grads, output: outputOf(doc, evaluation),
    boundary: seedAt >= 0 ? seedAt + 1 : trace.length + 1 };
}

const timelines = new WeakMap();  // evaluation -> its timeline (for the document it was made for)
const NO_EVALUATION = {};

function timelineFor(doc, evaluation, opsByName) {
  const key = evaluation || NO_EVALUATION;
  let tl = timelines.get(key);
  if (!tl || tl.doc !== doc || tl.opsByName !== opsByName) timelines.set(key, tl = timeline(doc, evaluation, opsByName));
  return tl;
}

/**
 * The frame at step k: O(1) from an index of the trace made once per evaluation (no replay from
 * step 0); the same frame however step k was reached.
 * @returns {{step, steps, boundary, phase, values, grads, current: {node, edges: string[]},
 *   caption: Array<[string, object]>, done: boolean, output}} values / grads: Map-like views.
 */
export function frameAt(doc, evaluation, k, opsByName = {}) {
  const tl = timelineFor(doc, evaluation, opsByName);
  const { trace, boundary, output } = tl;
  const steps = trace.length;
  const step = Math.max(0, Math.min(steps, Number.isFinite(k) ? Math.trunc(k) : steps));
  const values = new StepView(tl.values, step), grads = new StepView(tl.grads, step);
  let current = { node: null, edges: [] };
  let caption = [];
  if (!evaluation) caption = [[doc.nodes.length ? "cap.invalid" : "cap.empty", { msg: "" }]];
  if (step > 0) ({ current, caption } = describe(trace[step - 1], tl.byId, opsByName, trace));
  if (evaluation && step === 0) {
    const inputs = { list: doc.nodes.filter((n) => n.op === "input").map((n) => [n.id, fmt(values.get(n.id))]) };
    caption = [["cap.start", { inputs }]];
  }
  const done = evaluation != null && step === steps && steps > 0;
  if (done) caption.push(["cap.end", {}]);
  const phase = step === 0 ? "start" : step < boundary ? "forward" : "backward";
  return { step, steps, boundary, phase, values, grads, current, caption, done, output };
}
