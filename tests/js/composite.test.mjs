// groups.js: a collapsed user group is drawn as one box whose outer numbers are the engine's; x read
// twice inside (y = x · exp(x)) gets the sum of both gradients, e^x (1 + x). A selection becomes a
// group only when it draws as one box (one output, no input, other groups whole); groups nest.
import { test } from "node:test";
import assert from "node:assert/strict";
import { collapsedView, ancestorsOf, checkGroup, makeGroup, drawnGroup, forgetInGroups, renameGroup } from "../../static/js/groups.js";

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
  assert.equal(v.doc.nodes[1].label, "xexp");  // its name under the box and for screen readers
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

/** x -> softplus (e, one, a, h) -> m = h · w -> z = −m; groups as given. */
const nested = (groups) => ({ version: 1, nodes: [
  { id: "x", op: "input", value: X }, { id: "w", op: "input", value: 3 },
  { id: "e", op: "exp", inputs: ["x"] }, { id: "one", op: "const", value: 1 },
  { id: "a", op: "add", inputs: ["one", "e"] }, { id: "h", op: "log", inputs: ["a"] },
  { id: "m", op: "mul", inputs: ["h", "w"] }, { id: "z", op: "neg", inputs: ["m"] },
], groups });
const softplus = (collapsed) => ({ id: "h", name: "softplus", nodes: ["e", "one", "a", "h"], op: null, collapsed });
const layer = (collapsed, extra = ["m"]) => ({ id: "layer", name: "layer", nodes: ["e", "one", "a", "h", ...extra], op: null, collapsed });

test("a selection is checked: one output, no input, other groups whole", () => {
  const d = nested([]);
  assert.deepEqual(checkGroup(d, ["e", "one", "a", "h"]), { ok: true, output: "h" });
  assert.deepEqual(checkGroup(d, ["e", "a", "h"]), { ok: true, output: "h" });  // the 1 may stay outside
  assert.deepEqual(checkGroup(d, ["x", "e"]), { ok: false, key: "input", node: "x" });
  assert.deepEqual(checkGroup(d, ["e", "h"]), { ok: false, key: "outputs", node: "h", other: "e" });
  assert.deepEqual(checkGroup(d, []), { ok: false, key: "empty" });
  const g = nested([softplus(false)]);
  assert.deepEqual(checkGroup(g, ["a", "h", "m"]), { ok: false, key: "partial", node: "a", other: "e", group: "softplus" });
  assert.equal(checkGroup(g, ["e", "one", "a", "h"]).key, "same");
  assert.deepEqual(checkGroup(g, ["e", "one", "a", "h", "m"]), { ok: true, output: "m" });  // nesting
  assert.deepEqual(checkGroup(g, ["a"]), { ok: true, output: "a" });  // inside it
});

test("a nested group with the same output gets its own id", () => {
  const d2 = nested([{ id: "h", name: "inner", nodes: ["a", "h"], op: null, collapsed: true }]);
  const made = makeGroup(d2, ["e", "one", "a", "h"], "softplus");
  assert.deepEqual([made.ok, made.output, made.id], [true, "h", "h.g2"]);
  assert.deepEqual(d2.groups.map((g) => [g.id, g.collapsed]), [["h", true], ["h.g2", true]]);
  assert.equal(drawnGroup(d2, "h").name, "softplus");  // the outer box is drawn
  assert.equal(renameGroup(d2, "h.g2", "  sp  "), true);
  assert.equal(d2.groups[1].name, "sp");
  assert.equal(renameGroup(d2, "h.g2", " "), false);
});

test("nested groups fold level by level", () => {
  const ids = (v) => v.doc.nodes.map((n) => `${n.id}:${n.op}`);
  assert.deepEqual(ids(collapsedView(nested([softplus(true), layer(false)]), null, {})),
    ["x:input", "w:input", "h:group:h", "m:mul", "z:neg"]);
  assert.deepEqual(ids(collapsedView(nested([softplus(false), layer(true)]), null, {})),
    ["x:input", "w:input", "m:group:layer", "z:neg"]);
  const both = collapsedView(nested([layer(true), softplus(true)]), null, {});
  assert.deepEqual(ids(both), ["x:input", "w:input", "m:group:layer", "z:neg"]);
  assert.deepEqual(both.doc.nodes[2].inputs, ["x", "w"]);
  assert.equal(both.ops["group:layer"].symbol, "layer");
});

test("a deleted node leaves its groups; a group that no longer has one output goes", () => {
  const d = nested([softplus(true), layer(true)]);
  d.nodes = d.nodes.filter((n) => n.id !== "m");
  d.nodes.find((n) => n.id === "z").inputs = [null];
  forgetInGroups(d, "m");
  assert.deepEqual(d.groups.map((g) => g.id), ["h"]);  // the layer is now softplus' twin
  d.nodes = d.nodes.filter((n) => n.id !== "a");
  d.nodes.find((n) => n.id === "h").inputs = [null];
  forgetInGroups(d, "a");  // e and one are read by nobody: three outputs
  assert.equal(d.groups, undefined);
});

test("an Affine layer opened inside user groups stays whole in them, and closes back", async () => {
  const { expandLayer, collapseLayer } = await import("../../static/js/composite.js");
  const d = { version: 1, nodes: [
    { id: "x", op: "input", value: [1, 2] }, { id: "W", op: "input", value: [[1, 2, 3], [4, 5, 6]] },
    { id: "b", op: "input", value: [1, 1, 1] }, { id: "Y", op: "affine", inputs: ["x", "W", "b"] },
    { id: "s", op: "sum", inputs: ["Y"] },
  ], groups: [{ id: "Y", name: "just Y", nodes: ["Y"], op: null }, { id: "s", name: "outer", nodes: ["Y", "s"], op: null }] };
  assert.equal(expandLayer(d, "Y", { x: [2], W: [2, 3], b: [3] }, "Affine"), true);
  assert.deepEqual(d.groups.map((g) => [g.id, g.op, g.nodes.slice().sort()]), [
    ["Y.g2", null, ["Y", "Y.xw"]], ["s", null, ["Y", "Y.xw", "s"]], ["Y", "affine", ["Y", "Y.xw"]]]);
  assert.equal(collapseLayer(d, "Y.xw"), true);
  assert.deepEqual(d.groups.map((g) => [g.id, g.nodes.slice().sort()]), [["Y.g2", ["Y"]], ["s", ["Y", "s"]]]);
  assert.deepEqual(d.nodes.find((n) => n.id === "Y").inputs, ["x", "W", "b"]);
});

test("after an edit, new nodes read only inside a group join it; removed ones leave", async () => {
  const { followEdit } = await import("../../static/js/groups.js");
  const { expandSigmoid, collapseSigmoid } = await import("../../static/js/sigmoid.js");
  const before = { version: 1, nodes: [
    { id: "x", op: "input", value: 0.5 }, { id: "s", op: "sigmoid", inputs: ["x"] },
    { id: "m", op: "mul", inputs: ["s", "x"] }, { id: "z", op: "neg", inputs: ["m"] },
  ], groups: [{ id: "m", name: "x·σ(x)", nodes: ["s", "m"], op: null, collapsed: false }] };
  const open = structuredClone(before);
  assert.ok(expandSigmoid(open, "s"));
  followEdit(before, open);
  const prims = open.nodes.filter((n) => !["x", "m", "z"].includes(n.id)).map((n) => n.id);
  assert.ok(prims.length >= 4);  // ×(−1), exp, +1, 1/x and their constants
  assert.deepEqual(open.groups[0].nodes.slice().sort(), [...prims, "m"].sort());
  const shut = structuredClone(open);
  assert.ok(collapseSigmoid(shut, "s"));
  followEdit(open, shut);
  assert.deepEqual(shut.groups[0].nodes, ["s", "m"]);
});
