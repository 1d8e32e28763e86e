// frameAt (static/js/frame.js) against a straightforward replay of the trace from step 0, on
// random documents and traces, reached by random walks (forward, back, far jumps).
import { test } from "node:test";
import assert from "node:assert/strict";
import { frameAt, edgeKey, stubKey, edgesOf, maskKey } from "../../static/js/frame.js";

const OPS = { mul: { operands: ["x", "y"], symbol: "×" }, add: { operands: ["x", "y"], symbol: "+" }, exp: { operands: ["x"], symbol: "exp" } };

function rng(seed) {  // mulberry32: the same cases every run
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random graph and a trace of the engine's shape (forward steps, the seed, backward steps). */
function randomCase(rand) {
  const nodes = [];
  const nIn = 1 + Math.floor(rand() * 3), nOp = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < nIn; i++) nodes.push({ id: `x${i}`, op: rand() < 0.8 ? "input" : "const", value: Math.round(rand() * 100) });
  for (let i = 0; i < nOp; i++) {
    const op = ["mul", "add", "exp"][Math.floor(rand() * 3)];
    const pick = () => nodes[Math.floor(rand() * nodes.length)].id;
    nodes.push({ id: `n${i}`, op, inputs: OPS[op].operands.map(pick) });
  }
  const output = nodes[nodes.length - 1].id;
  const doc = { version: 1, nodes, output };
  const trace = [];
  for (const n of nodes.filter((n) => n.inputs)) {
    trace.push({ index: trace.length, phase: "forward", node: n.id, op: n.op, inputs: n.inputs, operands: n.inputs.map(() => rand()), value: rand() });
  }
  trace.push({ index: trace.length, phase: "backward", node: output, op: "seed", upstream: 1 });
  for (const n of nodes.filter((n) => n.inputs).reverse()) {
    trace.push({ index: trace.length, phase: "backward", node: n.id, op: n.op, upstream: rand(),
      edges: n.inputs.map((to, slot) => ({ to, operand: OPS[n.op].operands[slot], local: rand(), grad: rand(), of: 1, count: 1, total: 0 })) });
  }
  const evaluation = { output, trace, nodes: Object.fromEntries(nodes.filter((n) => !n.inputs).map((n) => [n.id, { value: n.value }])) };
  return { doc, evaluation };
}

/** The reference: apply trace steps 0..k-1 to fresh maps. */
function replay(doc, evaluation, k) {
  const values = new Map(), grads = new Map();
  for (const n of doc.nodes) if (!n.inputs) values.set(n.id, evaluation.nodes[n.id].value);
  for (const s of evaluation.trace.slice(0, k)) {
    if (s.phase === "forward") values.set(s.node, s.value);
    else if (s.op === "seed") grads.set(stubKey(s.node), s.upstream);
    else s.edges.forEach((e, slot) => grads.set(edgeKey(e.to, s.node, OPS[s.op].operands.indexOf(e.operand) >= 0 ? OPS[s.op].operands.indexOf(e.operand) : slot), e.grad));
  }
  return { values, grads };
}

const sorted = (m) => new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

test("frames reached by random walks equal a replay from step 0", () => {
  const rand = rng(7);
  for (let c = 0; c < 60; c++) {
    const { doc, evaluation } = randomCase(rand);
    const steps = evaluation.trace.length;
    let k = 0;
    for (let move = 0; move < 40; move++) {
      const r = rand();
      k = r < 0.5 ? k + 1 : r < 0.8 ? k - 1 : Math.floor(rand() * (steps + 3)) - 1;
      const f = frameAt(doc, evaluation, k, OPS);
      const want = replay(doc, evaluation, f.step);
      assert.equal(f.step, Math.max(0, Math.min(steps, k)));
      assert.deepEqual(sorted(new Map(f.values)), sorted(want.values), `values at ${f.step}`);
      assert.deepEqual(sorted(new Map(f.grads)), sorted(want.grads), `grads at ${f.step}`);
      for (const e of edgesOf(doc, evaluation.output)) {
        assert.equal(f.grads.has(e.key), want.grads.has(e.key));
        assert.equal(f.grads.get(e.key), want.grads.get(e.key));
      }
      assert.equal(f.values.size, want.values.size);
      k = f.step;
    }
  }
});

test("the same step gives the same frame whichever way it was reached", () => {
  const { doc, evaluation } = randomCase(rng(3));
  const steps = evaluation.trace.length;
  const direct = frameAt(doc, evaluation, 4, OPS);
  for (let k = steps; k >= 0; k--) frameAt(doc, evaluation, k, OPS);
  const again = frameAt(doc, evaluation, 4, OPS);
  const plain = (f) => ({ ...f, values: sorted(new Map(f.values)), grads: sorted(new Map(f.grads)) });
  assert.deepEqual(plain(again), plain(direct));
});

test("boundary, phase and done follow the seed", () => {
  const { doc, evaluation } = randomCase(rng(11));
  const seedAt = evaluation.trace.findIndex((s) => s.op === "seed");
  assert.equal(frameAt(doc, evaluation, 0, OPS).phase, "start");
  assert.equal(frameAt(doc, evaluation, seedAt, OPS).phase, "forward");
  const atSeed = frameAt(doc, evaluation, seedAt + 1, OPS);
  assert.equal(atSeed.phase, "backward");
  assert.equal(atSeed.boundary, seedAt + 1);
  assert.deepEqual(atSeed.current.edges, [stubKey(evaluation.output)]);
  assert.equal(atSeed.grads.get(stubKey(evaluation.output)), 1);
  const end = frameAt(doc, evaluation, Infinity, OPS);
  assert.equal(end.step, evaluation.trace.length);
  assert.ok(end.done);
  assert.equal(end.caption.at(-1)[0], "cap.end");
});

test("without an evaluation only the leaves are known", () => {
  const doc = { version: 1, nodes: [{ id: "a", op: "input", value: 3 }, { id: "b", op: "exp", inputs: ["a"] }] };
  const f = frameAt(doc, null, 5, OPS);
  assert.equal(f.step, 0);
  assert.deepEqual([...f.values], [["a", 3]]);
  assert.equal(f.grads.size, 0);
  assert.equal(f.caption[0][0], "cap.invalid");
});

test("key formats: edges 'from>to>slot', the output stub, mask keys 'from>to>kind'", () => {
  assert.equal(edgeKey("apple", "apple_price", 0), "apple>apple_price>0");
  assert.equal(stubKey("price"), "price>>0");
  assert.equal(maskKey("tax", "price", "grad"), "tax>price>grad");
});
