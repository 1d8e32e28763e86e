// format.js: how numbers, shapes and arrays are written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fmt, inline, shapeOf, shapeText, flatten, asRows, signOf, WRITE_OUT } from "../../static/js/format.js";

test("float noise is gone, big and small numbers in exponent form", () => {
  assert.equal(fmt(220.00000000000003), "220");
  assert.equal(fmt(110.00000000000001), "110");
  assert.equal(fmt(2.2000000000000006), "2.2");
  assert.equal(fmt(-0), "0");
  assert.equal(fmt(1234567), "1.235e+6");
  assert.equal(fmt(0.00001), "1e-5");
  assert.equal(fmt("Infinity"), "∞");
  assert.equal(fmt(null), "");
});

test("arrays: small ones written out as the book does, bigger ones as their shape", () => {
  assert.equal(inline([0.3, 0.2, 0.5]), "[0.3, 0.2, 0.5]");
  assert.equal(inline([1 / 3, 2]), "[0.333, 2]");
  assert.equal(inline([[1, 2], [3, 4]]), "[[1, 2], [3, 4]]");
  assert.equal(inline(Array.from({ length: WRITE_OUT + 1 }, (_, i) => i)), `(${WRITE_OUT + 1},)`);
  assert.equal(fmt([[1, 2], [3, 4]]), "(2, 2)");
  assert.deepEqual(shapeOf([[1, 2, 3], [4, 5, 6]]), [2, 3]);
  assert.equal(shapeText([3]), "(3,)");
});

test("flatten, rows and signs", () => {
  assert.deepEqual(flatten([[1, [2]], "NaN"]).slice(0, 2), [1, 2]);
  assert.ok(Number.isNaN(flatten(["NaN"])[0]));
  assert.deepEqual(asRows(5), [[5]]);
  assert.deepEqual(asRows([1, 2]), [[1, 2]]);
  assert.equal(signOf(-2), "neg");
  assert.equal(signOf([1, -1]), "mixed");
  assert.equal(signOf(0), "zero");
});
