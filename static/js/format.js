// How numbers, shapes and arrays are written on the drawing and in captions.

export const isArray = Array.isArray;

export function shapeOf(x) {
  const shape = [];
  while (Array.isArray(x)) { shape.push(x.length); x = x[0]; }
  return shape;
}

export const shapeText = (shape) => `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;

/** A number as people read it: 220.00000000000003 -> "220", 110.00000000000001 -> "110". */
export function fmt(x) {
  if (x === null || x === undefined) return "";
  if (typeof x === "string") return x === "Infinity" ? "∞" : x === "-Infinity" ? "-∞" : x;
  if (Array.isArray(x)) return shapeText(shapeOf(x));
  if (typeof x === "boolean") return String(x);
  if (Object.is(x, -0) || x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(3).replace(/\.?0+e/, "e");
  return String(Number(x.toPrecision(6)));
}

/** An edge label: short vectors written out ("[0.3, 0.2, 0.5]"), bigger arrays as their shape. */
export function labelText(x) {
  if (Array.isArray(x) && x.length <= 4 && x.every((v) => !Array.isArray(v))) {
    return `[${x.map((v) => (typeof v === "number" && v !== 0 ? String(Number(v.toPrecision(3))) : fmt(v))).join(", ")}]`;
  }
  return fmt(x);
}

/** Every number of a nested list, flattened (strings like "NaN" become NaN). */
export function flatten(x, out = []) {
  if (Array.isArray(x)) for (const v of x) flatten(v, out);
  else out.push(typeof x === "number" ? x : Number(x));
  return out;
}

/** A value as a 2-D table (rows of cells) for display: scalars 1x1, vectors one row. */
export function asRows(x) {
  if (!Array.isArray(x)) return [[x]];
  if (!Array.isArray(x[0])) return [x];
  if (!Array.isArray(x[0][0])) return x;
  return x.map((row) => flatten(row));
}

/** Sign of a gradient for the non-colour cue: "pos", "neg", "zero", or "mixed" for arrays of both. */
export function signOf(x) {
  const vs = Array.isArray(x) ? flatten(x) : [Number(x)];
  const pos = vs.some((v) => v > 0), neg = vs.some((v) => v < 0);
  return pos && neg ? "mixed" : pos ? "pos" : neg ? "neg" : "zero";
}
