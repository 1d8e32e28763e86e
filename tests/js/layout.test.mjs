// layout.js on the book's apple graph (Fig. 5-14) and on random graphs: layers, the straight
// main chain, no overlaps, every edge routed, gaps wide enough for the labels, determinism.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { layout, nodeBox } from "../../static/js/layout.js";
import { edgesOf, stubKey } from "../../static/js/frame.js";
import { SIZES } from "../../static/js/sizes.js";

const example = (name) => {
  const d = JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url)));
  return d.document || d;
};

test("apple: leaves one layer left of their consumer, the main chain straight", () => {
  const doc = example("apple");
  const L = layout(doc, { output: "price" });
  const n = L.nodes;
  assert.equal(n.apple.layer, 0);
  assert.equal(n.apple_num.layer, 0);
  assert.equal(n.apple_price.layer, 1);
  assert.equal(n.tax.layer, 1);  // beside the second ×, as in Fig. 5-2
  assert.equal(n.price.layer, 2);
  assert.equal(n.apple_price.y, n.apple.y);  // apple -> × -> × on one line
  assert.equal(n.price.y, n.apple_price.y);
  assert.ok(n.apple_num.y > n.apple.y && n.tax.y > n.apple_price.y);  // second operands below
  assert.equal(n.apple_price.w, 2 * SIZES.r);
});

test("every edge is routed from its source to its target, the output has its stub", () => {
  const doc = example("apple");
  const L = layout(doc, { output: "price" });
  for (const e of edgesOf(doc, "price")) {
    const pts = L.edges[e.key].points;
    assert.ok(pts.length >= 2, e.key);
    assert.deepEqual(pts[0], [L.nodes[e.from].x, L.nodes[e.from].y]);
    if (!e.stub) assert.deepEqual(pts.at(-1), [L.nodes[e.to].x, L.nodes[e.to].y]);
  }
  const stub = L.edges[stubKey("price")].points;
  assert.ok(stub[1][0] - stub[0][0] >= SIZES.stub);
});

test("wide labels widen the gap before the layer their edge ends in", () => {
  const doc = example("apple");
  const narrow = layout(doc, { output: "price" });
  const wide = layout(doc, { output: "price", labelWidth: { "apple_price>price>0": 400 } });
  const gap = (L) => L.nodes.price.x - L.nodes.apple_price.x;
  assert.ok(gap(wide) - gap(narrow) >= 400 + 48 - SIZES.gapMin - 1);
  assert.equal(wide.nodes.apple_price.x, narrow.nodes.apple_price.x);
});

test("a constant's box grows with its value", () => {
  assert.ok(nodeBox({ op: "const", value: 1.2345678 }).w > nodeBox({ op: "const", value: 1 }).w);
  assert.ok(nodeBox({ op: "input", id: "x" }, "", false, "apple_price").w > nodeBox({ op: "input", id: "x" }, "", false, "x").w);
});

function randomDoc(seed) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const nodes = [];
  for (let i = 0; i < 3; i++) nodes.push({ id: `x${i}`, op: "input", value: i });
  for (let i = 0; i < 25; i++) {
    const pick = () => nodes[Math.floor(rand() * nodes.length)].id;
    nodes.push({ id: `n${i}`, op: rand() < 0.5 ? "mul" : "add", inputs: [pick(), pick()] });
  }
  return { version: 1, nodes };
}

test("random graphs: ops follow their operands left to right, no two nodes overlap, same input same layout", () => {
  for (let seed = 1; seed <= 15; seed++) {
    const doc = randomDoc(seed);
    const L = layout(doc, {});
    for (const n of doc.nodes) {
      for (const src of n.inputs || []) assert.ok(L.nodes[src].layer < L.nodes[n.id].layer, `${src} -> ${n.id}`);
    }
    const boxes = Object.values(L.nodes);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        const apart = Math.abs(a.x - b.x) * 2 >= a.w + b.w || Math.abs(a.y - b.y) * 2 >= a.h + b.h;
        assert.ok(apart, `seed ${seed}: nodes ${i} and ${j} overlap`);
      }
    }
    assert.deepEqual(layout(randomDoc(seed), {}), L);
  }
});
