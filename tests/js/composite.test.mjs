// composite.js collapsedView: a collapsed user group is drawn as one box whose outer numbers are
// the engine's; x read twice inside (y = x · exp(x)) gets the sum of both gradients, e^x (1 + x).
import { test } from "node:test";
import assert from "node:assert/strict";
import { collapsedView, ancestorsOf } from "../../static/js/composite.js";

const X = 0.5, E = Math.exp(X);
const doc = (collapsed) => ({ version: 1, output: "z", nodes: [
  { id: "x", op: "input", value: X },
  { id: "e", op: "exp", inputs: ["x"] },
  { id: "y", op: "mul", inputs: ["x", "e"] },
  { id: "z", op: "neg", inputs: ["y"] },
], groups: [{ id: "y", name: "xexp", nodes: ["e", "y"], op: null, collapsed }] });

/** The trace the engine gives for z = −(x · e^x), with the book's local gradients by hand. */
const evaluation = () => ({ output: "z", order: ["x", "e", "y", "z"], nodes: {
  x: { value: X, grad: -E * (1 + X) }, e: { value: E, grad: -X }, y: { value: X * E, grad: -1 }, z: { value: -X * E, grad: 1 } },
trace: [
  { phase: "forward", node: "e", op: "exp", inputs: ["x"], operands: [X], value: E },
  { phase: "forward", node: "y", op: "mul", inputs: ["x", "e"], operands: [X, E], value: X * E },
  { phase: "forward", node: "z", op: "neg", inputs: ["y"], operands: [X * E], value: -X * E },
  { phase: "backward", node: "z", op: "seed", upstream: 1, edges: [] },
  { phase: "backward", node: "z", op: "neg", upstream: 1, edges: [{ to: "y", operand: "x", grad: -1 }] },
  { phase: "backward", node: "y", op: "mul", upstream: -1, edges: [{ to: "x", operand: "x", grad: -E }, { to: "e", operand: "y", grad: -X }] },
  { phase: "backward", node: "e", op: "exp", upstream: -X, edges: [{ to: "x", operand: "x", grad: -X * E }] },
].map((s, index) => ({ ...s, index })) });

test("an open group draws as it is", () => {
  const d = doc(false), ev = evaluation();
  const v = collapsedView(d, ev, {});
  assert.equal(v.doc, d);
  assert.equal(v.evaluation, ev);
});

test("a collapsed group is one box with the summed gradient on its input edge", () => {
  const v = collapsedView(doc(true), evaluation(), {});
  assert.deepEqual(v.doc.nodes.map((n) => [n.id, n.op, n.inputs]), [["x", "input", undefined], ["y", "group:y", ["x"]], ["z", "neg", ["y"]]]);
  assert.equal(v.ops["group:y"].symbol, "xexp");
  const t = v.evaluation.trace;
  assert.deepEqual(t.map((s) => [s.node, s.op]), [["y", "group:y"], ["z", "neg"], ["z", "seed"], ["z", "neg"], ["y", "group:y"]]);
  assert.deepEqual(t.map((s) => s.index), [0, 1, 2, 3, 4]);
  assert.equal(t[0].value, X * E);
  assert.deepEqual(t[0].operands, [X]);
  const [edge] = t[4].edges;
  assert.equal(edge.to, "x");
  assert.ok(Math.abs(edge.grad - -E * (1 + X)) < 1e-12);
  assert.ok(Math.abs(edge.local - E * (1 + X)) < 1e-12);  // d(x e^x)/dx
  assert.deepEqual(Object.keys(v.evaluation.nodes).sort(), ["x", "y", "z"]);
});

test("a group whose inner node is read outside stays open", () => {
  const d = doc(true);
  d.nodes.push({ id: "w", op: "mul", inputs: ["e", "z"] });
  assert.equal(collapsedView(d, evaluation(), {}).doc, d);
});

test("the nodes a group takes: the node and its ancestors up to the inputs", () => {
  const d = doc(false);
  delete d.groups;
  assert.deepEqual(ancestorsOf(d, "y"), ["e", "y"]);
  assert.deepEqual(ancestorsOf(d, "z"), ["e", "y", "z"]);
});
