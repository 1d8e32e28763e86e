// sigmoid.js: expanding into ×(−1), exp, +1, 1/x computes the same function, and collapsing
// gives the document back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expandSigmoid, collapseSigmoid, expandedRoot } from "../../static/js/sigmoid.js";

/** A tiny independent evaluator of the documents these produce. */
function run(doc, x) {
  const v = {};
  const f = { mul: (a, b) => a * b, add: (a, b) => a + b, div: (a, b) => a / b, exp: Math.exp, sigmoid: (a) => 1 / (1 + Math.exp(-a)) };
  for (const n of doc.nodes) v[n.id] = n.op === "input" ? x : n.op === "const" ? n.value : f[n.op](...n.inputs.map((i) => v[i]));
  return v;
}

const base = () => ({ version: 1, nodes: [{ id: "x", op: "input", value: 0 }, { id: "s", op: "sigmoid", inputs: ["x"], label: "σ" }, { id: "y", op: "mul", inputs: ["s", "s"] }] });

test("the expanded graph computes the sigmoid", () => {
  const doc = base();
  assert.equal(expandSigmoid(doc, "s"), true);
  assert.equal(doc.nodes.length, 9);
  for (const x of [-3, -0.5, 0, 0.7, 4]) {
    assert.ok(Math.abs(run(doc, x).s - 1 / (1 + Math.exp(-x))) < 1e-15);
    assert.ok(Math.abs(run(doc, x).y - run(base(), x).y) < 1e-15);
  }
  assert.equal(expandedRoot(doc, "s.exp"), "s");
  assert.equal(expandedRoot(doc, "x"), null);
});

test("collapse undoes expand", () => {
  const doc = base();
  expandSigmoid(doc, "s");
  assert.equal(collapseSigmoid(doc, "s.add"), true);
  assert.deepEqual(doc, base());
  assert.equal(expandSigmoid(doc, "y"), false);  // not a sigmoid
});
