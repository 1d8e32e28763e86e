// How numbers, shapes and arrays are written on the drawing and in captions.

/** A trace array too large to send: {elided: true, shape, size, min, max, mean}. */
export const isElided = (x) => x !== null && typeof x === "object" && x.elided === true;

/** An array value: a nested list, or an elided trace array (never assume it is a list). */
export const isArray = (x) => Array.isArray(x) || isElided(x);

/** Numbers up to this many elements are written out (a bracketed grid), larger ones summarised
 * (shape + heatmap + legend, the numbers in the table). */
export const WRITE_OUT = 16;

/** Whether a value is drawn as a heatmap (more numbers than `writeOut` to write out). */
export const heated = (v, writeOut = WRITE_OUT) => isElided(v) || (isArray(v) && sizeOf(v) > writeOut);

export function shapeOf(x) {
  if (isElided(x)) return x.shape.slice();
  const shape = [];
  while (Array.isArray(x)) { shape.push(x.length); x = x[0]; }
  return shape;
}

export const shapeText = (shape) => `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;

/** A number as people read it: 220.00000000000003 -> "220", 110.00000000000001 -> "110". */
export function fmt(x) {
  if (x === null || x === undefined) return "";
  if (typeof x === "string") return x === "Infinity" ? "∞" : x === "-Infinity" ? "-∞" : x;
  if (isArray(x)) return shapeText(shapeOf(x));
  if (typeof x === "boolean") return String(x);
  if (Object.is(x, -0) || x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(3).replace(/\.?0+e/, "e");
  return String(Number(x.toPrecision(6)));
}

/** One element on a drawing: three significant digits (0.333333 -> 0.333). */
export const short = (v) => (typeof v === "number" && v !== 0 && Number.isFinite(v)
  ? String(Number(v.toPrecision(3))) : fmt(v));

/** An elided array by its summary: "(30, 40): -1.2 … 3.4, mean 0.5". */
export const summaryText = (x) => `${shapeText(x.shape)}: ${short(x.min)} … ${short(x.max)}, mean ${short(x.mean)}`;

/** The number of elements of an array value. */
export const sizeOf = (x) => shapeOf(x).reduce((a, b) => a * b, 1);

/** An array written out as the book writes it, "[[1, 2, 3], [4, 5, 6]]", up to WRITE_OUT
 * elements; larger ones as their shape (elided ones with their summary). */
export function inline(x) {
  if (isElided(x)) return summaryText(x);
  if (!Array.isArray(x)) return fmt(x);
  if (sizeOf(x) > WRITE_OUT) return shapeText(shapeOf(x));
  const write = (v) => (Array.isArray(v) ? `[${v.map(write).join(", ")}]` : short(v));
  return write(x);
}

/** The rows of a small array as the book writes it, columns aligned:
 * [[1, 2, 3], [4, 5, 6]] -> ["[[1, 2, 3],", " [4, 5, 6]]"]. One row for scalars and vectors. */
export function gridRows(v, { writeOut = WRITE_OUT } = {}) {
  if (Array.isArray(v) && sizeOf(v) > writeOut) return [shapeText(shapeOf(v))];
  if (!Array.isArray(v) || !Array.isArray(v[0])) return [inline(v)];
  const cells = asRows(v).map((row) => row.map(short));
  const width = cells[0].map((_, j) => Math.max(...cells.map((r) => (r[j] ?? "").length)));
  const last = cells.length - 1;
  return cells.map((r, i) => `${i ? " " : "["}[${r.map((c, j) => c.padStart(width[j])).join(", ")}]${i === last ? "]" : ","}`);
}

// Advance widths in em of the label font (DejaVu Sans) for the characters numbers are written
// with; anything else counts as a digit, CJK as a full em.
const EM = { ".": 0.318, ",": 0.318, " ": 0.318, "-": 0.361, "[": 0.39, "]": 0.39, "(": 0.39, ")": 0.39 };
const emOf = (ch) => EM[ch] ?? (ch.charCodeAt(0) > 0x2e80 ? 1 : 0.636);

/** The drawn width in px of a label at `px` font size: its widest grid row, glyph by glyph (the
 * layout makes this much room; counting every character as a digit overestimates a grid by 40%). */
export function labelWidth(v, px) {
  return Math.max(...gridRows(v).map((row) => [...row].reduce((w, ch) => w + emOf(ch), 0) * px));
}

/** A label on one line: numbers and small arrays written out, bigger ones as their shape. */
export const labelText = inline;

/** Every number of a nested list, flattened (strings like "NaN" become NaN); an elided array
 * gives its min, mean and max. */
export function flatten(x, out = []) {
  if (isElided(x)) out.push(x.min, x.mean, x.max);
  else if (Array.isArray(x)) for (const v of x) flatten(v, out);
  else out.push(typeof x === "number" ? x : Number(x));
  return out;
}

/** A value as a 2-D table (rows of cells) for display: scalars 1x1, vectors one row. */
export function asRows(x) {
  if (isElided(x)) return [[x.min, x.mean, x.max]];
  if (!Array.isArray(x)) return [[x]];
  if (!Array.isArray(x[0])) return [x];
  if (!Array.isArray(x[0][0])) return x;
  return x.map((row) => flatten(row));
}

/** Sign of a gradient for the non-colour cue: "pos", "neg", "zero", or "mixed" for arrays of both. */
export function signOf(x) {
  const vs = isArray(x) ? flatten(x) : [Number(x)];
  const pos = vs.some((v) => v > 0), neg = vs.some((v) => v < 0);
  return pos && neg ? "mixed" : pos ? "pos" : neg ? "neg" : "zero";
}
