// quiz-check.js on the cases the Python side checks too (tests/lessons/quiz_cases.json).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { check, formatAnswer, parse } from "../../static/lesson/quiz-check.js";

const cases = JSON.parse(readFileSync(new URL("../lessons/quiz_cases.json", import.meta.url)));

test("answers judged as in the shared cases", () => {
  for (const [text, expected, ok] of cases.check) assert.equal(check(text, expected).ok, ok, `${text} vs ${expected}`);
});

test("text that is no number is neither right nor wrong", () => {
  for (const text of cases.invalid) assert.equal(check(text, 1).ok, null, JSON.stringify(text));
});

test("answers shown without float noise", () => {
  for (const [x, want] of cases.format) assert.equal(formatAnswer(x), want, String(x));
});

test("fractions and full-width digits", () => {
  assert.equal(parse("11/10"), 1.1);
  assert.equal(parse("２．２"), 2.2);
  assert.equal(parse("1/0"), null);
});
