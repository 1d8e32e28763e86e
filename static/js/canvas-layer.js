// The canvases under a big graph's SVG (canvas-view.js): one with the parts that never change
// during a play (edge lines, arrowheads, node shapes, symbols, names, errors) and one with the
// gradients' lines, drawn as they are sent. They draw in drawing units under the view's
// transform, so strokes and text scale with the zoom as the SVG's do, at the screen's
// devicePixelRatio (sharp on HiDPI), and skip what lies outside the view. Colours and sizes are
// app.css's for the SVG drawing.

import { SIZES } from "./sizes.js";

const d3 = globalThis.d3;
const R = SIZES.r;
const INK = "#1a1a1a", GRAD = "#c2410c", MUTED = "#666", ERR = "#b00020";
const LEGIBLE_PX = 4;  // text smaller than this on screen is not drawn
/** app.css's line widths, ink and symbol sizes: on screen, and in presentation mode (body.present). */
const LOOK = {
  screen: { line: 1.6, shape: 1.8, ink: INK, weight: "", op: [22, 16, 12], box: 15, input: 17, names: true },
  present: { line: 2.6, shape: 3, ink: "#000", weight: "bold", op: [26, 18, 14], box: 17, input: 21, names: false },
};

/** A canvas element under `svg` in its parent (the stage), not taking pointer events. */
function stageCanvas(svg, cls) {
  const c = document.createElement("canvas");
  c.className = cls;
  // set through the CSSOM: the page's CSP refuses style attributes
  Object.assign(c.style, { position: "absolute", left: "0", top: "var(--stage-top, 0)", pointerEvents: "none" });
  svg.parentNode.insertBefore(c, svg);
  return c;
}

/** Show or hide a canvas (visibility: unlike display, it keeps the canvas's layout and layer). */
const showCanvas = (el, on) => { const v = on ? "" : "hidden"; if (el.style.visibility !== v) el.style.visibility = v; };
const idle = globalThis.requestIdleCallback ?? ((fn) => setTimeout(fn, 50));

/** A layer of the drawing on canvas, placed right under `svg` and sized like it.
 *
 * Chromium copies a shown 2D canvas into a new compositor resource at every frame, changed or
 * not (Canvas2DResourceProvider::ProduceCanvasResource, measured: 0.45 ms a frame for the stage's
 * size, more than a step's script at a thousand nodes), and a hidden one costs nothing. So:
 * - a layer drawn bit by bit (the gradients' lines) is hidden while nothing is drawn on it (the
 *   forward pass);
 * - a layer drawn whole (`settles`: the static one) is drawn and shown on its 2D canvas, and once
 *   asked to settle (canvas-view.js: when steps are played on it) and the page is idle, its
 *   picture moves to a second, "bitmaprenderer", canvas (an ImageBitmap handed over: nothing to
 *   do at later frames) and the 2D one is hidden, until it is drawn again (zoom, pan, a new
 *   graph: showing the 2D canvas again costs its next paint 2.5 ms, measured at 331 nodes).
 *   Drawing on an OffscreenCanvas and handing each picture over at once instead was measured
 *   3-4 ms slower a drawing (a new backing store each time). */
export class CanvasLayer {
  constructor(svg, cls, { settles = false } = {}) {
    this.canvas = stageCanvas(svg, cls);
    this.ctx = this.canvas.getContext("2d");
    this.still = settles && typeof createImageBitmap === "function" ? stageCanvas(svg, `${cls} still`) : null;
    this.stillCtx = this.still?.getContext("bitmaprenderer") ?? null;
    if (this.still) showCanvas(this.still, false);
    if (!this.stillCtx) this.still?.remove();
    this.drawing = 0;  // which drawing is on the 2D canvas (counted by begin())
    this.settling = -1;  // which drawing settle() was asked for
    this.settles = settles;
    if (!settles) this.drew(false);
  }

  /** Clear the canvas, sized to `size` CSS pixels at the device pixel ratio, and set the
   * transform of `view` (screen = s * point + o). */
  begin(size, view) {
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(size.width * dpr)), h = Math.max(1, Math.round(size.height * dpr));
    for (const c of [this.canvas, this.stillCtx && this.still]) {
      if (!c || (c.width === w && c.height === h)) continue;
      Object.assign(c, { width: w, height: h });
      Object.assign(c.style, { width: `${size.width}px`, height: `${size.height}px` });
    }
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.clearRect(0, 0, w, h);
    this.ctx.setTransform(dpr * view.s, 0, 0, dpr * view.s, dpr * view.ox, dpr * view.oy);
    this.drawing += 1;
    this.drew(this.settles);  // a layer that settles shows its 2D canvas at once, the other once drawn on
    return this.ctx;
  }

  /** Show the 2D canvas (something is drawn on it since begin()) or hide it (nothing is). */
  drew(some = true) {
    showCanvas(this.canvas, some);
    if (this.stillCtx) showCanvas(this.still, false);
  }

  /** When the page is idle, show the drawing as a still bitmap instead of the 2D canvas (unless
   * the layer is drawn again meanwhile). */
  settle() {
    if (!this.stillCtx || this.settling === this.drawing) return;
    const drawing = this.settling = this.drawing;
    idle(() => {
      if (drawing !== this.drawing || !this.canvas.isConnected) return;
      createImageBitmap(this.canvas).then((picture) => {
        if (drawing !== this.drawing || !this.canvas.isConnected) return picture.close();
        this.stillCtx.transferFromImageBitmap(picture);
        showCanvas(this.still, true);
        showCanvas(this.canvas, false);
      }, () => {});  // no picture (a canvas of no size): the 2D canvas stays
    });
  }

  remove() {
    this.canvas.remove();
    this.still?.remove();
  }
}

/** Whether box {x0, y0, x1, y1} meets rect (same shape). */
export const meets = (b, r) => b.x0 <= r.x1 && b.x1 >= r.x0 && b.y0 <= r.y1 && b.y1 >= r.y0;

/** defs.js's arrowhead marker (a 10x10 triangle shown 11 units wide, reference point (ref, 5))
 * added to the current path at `at`, turned by angle `a`. */
function arrowhead(ctx, at, a, ref) {
  const c = Math.cos(a) * 1.1, s = Math.sin(a) * 1.1;
  const pt = (u, v) => [at[0] + c * (u - ref) - s * (v - 5), at[1] + s * (u - ref) + c * (v - 5)];
  ctx.moveTo(...pt(0, 0));
  ctx.lineTo(...pt(10, 5));
  ctx.lineTo(...pt(0, 10));
  ctx.closePath();
}

const angle = (a, b) => Math.atan2(b[1] - a[1], b[0] - a[0]);

/** Lines through points as render.js draws them (monotone curves through bends) into the path. */
function addLines(ctx, list) {
  const curve = d3.line().curve(d3.curveMonotoneX).context(ctx), straight = d3.line().context(ctx);
  for (const pts of list) (pts.length > 2 ? curve : straight)(pts);
}

/** Edge lines with their arrowheads (at the end), or gradients' lines (12 below, the arrowhead
 * at the start pointing back), in one stroke and one fill. */
export function drawEdges(ctx, edges, back = false, look = LOOK.screen) {
  const list = edges.map((e) => (back ? e.pts.map(([x, y]) => [x, y + 12]) : e.pts));
  ctx.beginPath();
  addLines(ctx, list);
  ctx.globalAlpha = back ? 0.85 : 1;
  ctx.lineWidth = look.line;
  ctx.strokeStyle = back ? GRAD : look.ink;
  ctx.setLineDash([]);
  ctx.stroke();
  ctx.globalAlpha = 1;
  ctx.beginPath();
  for (const pts of list) {
    const n = pts.length;
    if (back) arrowhead(ctx, pts[0], angle(pts[0], pts[1]) + Math.PI, 1);
    else arrowhead(ctx, pts[n - 1], angle(pts[n - 2], pts[n - 1]), 9);
  }
  ctx.fillStyle = back ? GRAD : look.ink;
  ctx.fill();
}

/** The outline of a node's shape (none for an input: its name is its picture). */
function shape(ctx, { p }) {
  if (p.kind === "op") {
    ctx.moveTo(p.x + R, p.y);
    ctx.arc(p.x, p.y, R, 0, 2 * Math.PI);
  } else if (p.kind !== "input") ctx.roundRect(p.x - p.w / 2, p.y - p.h / 2, p.w, p.h, p.kind === "const" ? 4 : 8);
}

const FILL = { op: "#fff", box: "#fafafa", const: "#f3f3f3" };

/** Node shapes: one fill and stroke per kind; invalid nodes outlined in the error style. */
function drawShapes(ctx, nodes, look) {
  for (const [kind, fill] of Object.entries(FILL)) {
    for (const invalid of [false, true]) {
      const some = nodes.filter((d) => d.p.kind === kind && !!d.invalid === invalid);
      if (!some.length) continue;
      ctx.beginPath();
      for (const d of some) shape(ctx, d);
      ctx.fillStyle = fill;
      ctx.fill();
      ctx.setLineDash(invalid ? [5, 3] : kind === "const" ? [3, 2] : []);
      ctx.lineWidth = invalid ? 3 : look.shape;
      ctx.strokeStyle = invalid ? ERR : look.ink;
      ctx.stroke();
    }
  }
  ctx.setLineDash([]);
}

/** A node's symbol font (app.css's .node .symbol rules): [px, family key]. */
function symbolFont(d, look) {
  const k = d.p.kind, n = d.sym.length;
  if (k === "input") return [look.input, "font"];
  if (k === "box") return [look.box, "num"];
  if (k === "const") return [15, "num"];
  return [look.op[n > 4 ? 2 : n > 2 ? 1 : 0], "num"];
}

/** Texts in one font, skipped where they would be too small to read at scale `s`. */
function texts(ctx, s, items, font, { align = "center", baseline = "middle", fill = INK } = {}) {
  if (!items.length || font.px * s < LEGIBLE_PX) return;
  ctx.font = `${font.weight || ""} ${font.px}px ${font.family}`;
  Object.assign(ctx, { textAlign: align, textBaseline: baseline, fillStyle: fill });
  for (const [text, x, y] of items) ctx.fillText(text, x, y);
}

/** Font families from app.css's custom properties (read once). */
let families = null;
function familiesOf() {
  if (families) return families;
  const css = getComputedStyle(document.documentElement);
  families = { num: css.getPropertyValue("--num").trim() || "sans-serif", font: css.getPropertyValue("--font").trim() || "sans-serif" };
  return families;
}

/** Symbols, names (when `names`) and error messages of the nodes. */
function drawTexts(ctx, nodes, s, names, look) {
  const fam = familiesOf();
  const bySize = new Map();
  for (const d of nodes) {
    const [px, key] = symbolFont(d, look);
    const k = `${px} ${key}`;
    if (!bySize.has(k)) bySize.set(k, { px, key, input: [], other: [] });
    bySize.get(k)[d.p.kind === "input" ? "input" : "other"].push([d.sym, d.p.x + (d.p.kind === "input" ? d.p.w / 2 : 0), d.p.y]);
  }
  for (const { px, key, input, other } of bySize.values()) {
    texts(ctx, s, other, { px, family: fam[key], weight: look.weight }, { fill: look.ink });
    texts(ctx, s, input, { px, family: fam[key], weight: look.weight }, { align: "end", fill: look.ink });
  }
  if (names && look.names) {
    const shown = nodes.filter((d) => d.p.kind === "op" || d.p.kind === "box");
    texts(ctx, s, shown.map((d) => [d.name, d.p.x, d.p.y + d.p.h / 2 + 18]), { px: 11, family: fam.font }, { baseline: "alphabetic", fill: MUTED });
  }
  const errs = nodes.filter((d) => d.err).map((d) => [d.err, d.p.x, d.p.y - d.p.h / 2 - 12]);
  texts(ctx, s, errs, { px: 13, weight: 600, family: fam.font }, { baseline: "alphabetic", fill: ERR });
}

/** The static layer: edges, then nodes over them, within `rect` (drawing units); `present`:
 * presentation mode's heavier lines and bigger, bold symbols. */
export function drawStatic(ctx, { edges, nodes }, { rect, s, names, present = false }) {
  const look = present ? LOOK.present : LOOK.screen;
  drawEdges(ctx, edges.filter((e) => meets(e.box, rect)), false, look);
  const seen = nodes.filter((d) => meets(d.box, rect));
  drawShapes(ctx, seen, look);
  drawTexts(ctx, seen, s, names, look);
}
