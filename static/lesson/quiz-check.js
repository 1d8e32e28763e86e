// Checking a typed quiz answer: the mirror of app/lessons/quiz.py (same cases in
// tests/lessons/quiz_cases.json). Pure functions, no DOM.
//
// Right when the answer equals the expected number up to float noise (2.2 vs
// 2.2000000000000006), or is the expected number correctly rounded to the decimals typed with
// at least two significant digits ("0.197" or "0.20" for 0.19661...). Reads "1,000", full-width
// "２．２", typographic minus signs and simple fractions ("11/10").

const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2212\u30fc\uff0d]/g;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/;
const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;
const RTOL = 1e-6, ATOL = 1e-9;

/** Full-width to ASCII, dashes to "-", spaces out, lower case, thousands commas out. */
export function normalize(text) {
  let s = String(text ?? "").normalize("NFKC").trim().toLowerCase().replace(DASHES, "-");
  s = s.replace(/\s+/g, "");
  if (THOUSANDS.test(s)) return s.replace(/,/g, "");
  if ((s.match(/,/g) || []).length === 1 && !s.includes(".")) return s.replace(",", ".");
  return s;
}

/** The number a student typed, or null when it is not one. */
export function parse(text) {
  const s = normalize(text);
  if (s.includes("/")) {
    const i = s.indexOf("/");
    const a = parse(s.slice(0, i)), b = parse(s.slice(i + 1));
    return a !== null && b !== null && b !== 0 ? a / b : null;
  }
  return NUMBER.test(s) ? Number(s) : null;
}

function roundingTolerance(s) {
  if (s.includes("/") || s.includes("e") || !s.includes(".")) return 0;
  const mantissa = s.replace(/^[+-]+/, "");
  const digits = mantissa.replace(".", "").replace(/^0+/, "");
  if (digits.length < 2) return 0;
  const decimals = mantissa.split(".")[1].length;
  return 0.5 * 10 ** -decimals * (1 + 1e-9);
}

/** {ok: true | false | null, value}: ok is null when the text is not a number. */
export function check(text, expected) {
  const value = parse(text);
  if (value === null) return { ok: null, value: null };
  if (!Number.isFinite(expected)) return { ok: value === expected, value }; // no tolerance at ±∞
  const tol = Math.max(ATOL, RTOL * Math.abs(expected), roundingTolerance(normalize(text)));
  return { ok: Number.isFinite(value) && Math.abs(value - expected) <= tol, value };
}

/** How the answer is shown: at most 10 significant digits, float noise gone (2.2, 110);
 *  exponent form below 1e-4 and from 1e10 on, like Python's "{:.10g}". */
export function formatAnswer(x) {
  if (x === 0) return "0";
  const [mant, exp] = Number(x).toExponential(9).split("e");
  const e = Number(exp);
  const strip = (t) => (t.includes(".") ? t.replace(/\.?0+$/, "") : t);
  if (e < -4 || e >= 10) return `${strip(mant)}e${e}`;
  return strip(Number(x).toFixed(Math.max(0, 9 - e)));
}
