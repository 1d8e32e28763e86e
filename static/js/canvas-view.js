// A big graph's drawing (the Renderer's mode from CANVAS_FROM nodes, in the app's stage): edges
// and nodes painted once on a canvas (canvas-layer.js; again only when the view moves), the
// gradients' lines on a second canvas as they are sent; in the SVG one light group per node
// (focusable, with its accessible name; one rect: the pointer's target, the focus and selection
// rings), which a step leaves alone; and what a step changes in a second SVG over it (so the
// browser repaints only that one): the current step's highlight and node halo, and the value /
// gradient labels of the edges in view while they are legible (made and dropped as the view
// moves).
// Exports draw the whole picture as SVG from the model (exportSvg), never from the canvas.

import { CanvasLayer, drawStatic, drawEdges, meets } from "./canvas-layer.js";

const d3 = globalThis.d3;
const SVG_NS = "http://www.w3.org/2000/svg";
/** Node count from which the app's stage draws on canvas (smaller teaching graphs stay SVG). */
export const CANVAS_FROM = 150;
const LABELS_FROM = 0.45;  // screen px per drawing unit from which labels show (app.css's zoomed-out)
const MARGIN = 40;  // drawing units around a box for its labels and strokes

/** Bounding box of points, grown by m. */
function boxOf(pts, m) {
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  return { x0: Math.min(...xs) - m, y0: Math.min(...ys) - m, x1: Math.max(...xs) + m, y1: Math.max(...ys) + m };
}

const svgEl = (tag, attrs) => {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
};

export class CanvasView {
  /** @param renderer the Renderer; @param helpers {edgeGeometry(edge, L), nodeText(n, p, op, name)} */
  constructor(renderer, helpers) {
    this.r = renderer;
    this.helpers = helpers;
    const svg = renderer.svg.node();
    this.sentLayer = new CanvasLayer(svg, "sent-layer");  // under the static one, like the SVG's order
    this.staticLayer = new CanvasLayer(svg, "static-layer", { settles: true });
    svg.classList.add("canvas-mode");
    svg.style.background = "transparent";
    // the overlay: the renderer's highlight and label layers move into it while this view lasts
    this.overlay = svgEl("svg", { class: "overlay" });
    Object.assign(this.overlay.style, { position: "absolute", left: "0", top: "var(--stage-top, 0)", pointerEvents: "none" });
    svg.after(this.overlay);
    this.viewport = svgEl("g", { class: "viewport" });
    this.halo = svgEl("rect", { class: "cur-halo", fill: "none", stroke: "#e69f00", "stroke-width": 8, visibility: "hidden" });
    this.viewport.append(renderer.glowLayer.node(), renderer.edgeLayer.node(), renderer.hiLayer.node(), this.halo);
    this.overlay.append(this.viewport);
    this.live = new Set();  // edges whose labels are in the SVG now
    this.named = new Set();  // nodes whose accessible name carries their value now
    this.pending = 0;
    this.steps = 0;  // frames shown on the static layer's drawing (paint() starts a drawing)
    this.extent = renderer.zoom.scaleExtent();  // restored by remove()
    this.watchDpr();
  }

  /** Repaint when the device pixel ratio changes (browser zoom, another screen): stay sharp. */
  watchDpr() {
    this.dpr = matchMedia(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`);
    this.onDpr = () => { this.viewChanged(); this.watchDpr(); };
    this.dpr.addEventListener("change", this.onDpr, { once: true });
  }

  remove() {
    cancelAnimationFrame(this.pending);
    this.dpr.removeEventListener("change", this.onDpr);
    this.sentLayer.remove();
    this.staticLayer.remove();
    const r = this.r, nodes = r.nodeLayer.node();
    for (const layer of [r.glowLayer, r.edgeLayer, r.hiLayer]) nodes.before(layer.node());
    this.overlay.remove();
    r.zoom.scaleExtent(this.extent);
    const svg = r.svg.node();
    svg.classList.remove("canvas-mode");
    svg.style.background = "";
  }

  /** Structure: geometry of every edge, one light group per node, the canvases painted. */
  draw({ doc, layout: L, edges, ops, errors }) {
    const r = this.r;
    for (const e of this.live) e.el?.remove();
    this.live.clear();
    this.named.clear();
    r.edgeData = edges.filter((e) => L.edges[e.key]).map((e) => {
      const g = this.helpers.edgeGeometry(e, L);
      const labels = boxOf([g.places.value, g.places.grad].map((q) => [q.x, q.y]), MARGIN);
      return Object.assign(g, { box: boxOf(g.pts, 4), lbox: labels, el: null, vt: null, gt: null, bp: null });
    });
    this.drawNodes(doc.nodes.filter((n) => L.nodes[n.id]).map((n) => this.nodeModel(n, L.nodes[n.id], ops[n.op], errors)));
    // zoom in until the labels are legible (the SVG's 8x is not enough for a big graph)
    r.zoom.scaleExtent([this.extent[0], Math.max(this.extent[1], 2 / (r.fitScale() || 1))]);
    this.sentDrawn = null;
    this.syncOverlay();
    this.paint(false);
    cancelAnimationFrame(this.pending);  // the fitting zoom's repaint: done
    this.pending = 0;
  }

  /** What the canvas draws of a node and where: its texts, error, and box with room for labels. */
  nodeModel(n, p, op, errors) {
    const name = this.r.nameOf(n), err = errors.get(n.id) || "";
    const box = { x0: p.x - p.w / 2 - MARGIN, y0: p.y - p.h / 2 - MARGIN, x1: p.x + p.w / 2 + MARGIN, y1: p.y + p.h / 2 + MARGIN };
    return { n, p, op, name, sym: this.helpers.nodeText(n, p, op, name), err, invalid: !!err, box };
  }

  /** One light group per node (its rect in drawing units), the Renderer's node handles. */
  drawNodes(nodes) {
    const r = this.r;
    r.nodeSel = r.nodeLayer.selectAll("g.node").data(nodes, (d) => d.n.id).join((enter) => {
      const g = enter.append("g").attr("class", "node");
      g.append("rect").attr("class", "halo");  // the focus and selection ring, and the pointer's target
      return g;
    });
    r.bindNodes(r.nodeSel).each(function (d) {
      d.el = this;
      // the rects placed in drawing units: a transform on each group would make the browser
      // handle a thousand transform nodes every frame
      const { x, y, w, h, kind } = d.p, rx = kind === "op" ? w / 2 : kind === "const" ? 4 : 8;
      for (const [k, v] of Object.entries({ x: x - w / 2, y: y - h / 2, width: w, height: h, rx })) this.firstChild.setAttribute(k, v);
      this.setAttribute("aria-label", d.name);
    });
    r.nodeData = nodes;
    this.byId = new Map(nodes.map((d) => [d.n.id, d]));
  }

  /** The view: screen = s * point + (ox, oy); rect: the drawing units in view; labels: legible. */
  view() {
    const svg = this.r.svg.node(), vb = svg.viewBox.baseVal, size = this.r.size;
    if (!size?.width || !size.height || !vb?.width) return null;
    const t = d3.zoomTransform(svg), fit = Math.min(size.width / vb.width, size.height / vb.height);
    const s = fit * t.k;
    const ox = fit * t.x + (size.width - vb.width * fit) / 2 - vb.x * fit;
    const oy = fit * t.y + (size.height - vb.height * fit) / 2 - vb.y * fit;
    const rect = { x0: -ox / s, y0: -oy / s, x1: (size.width - ox) / s, y1: (size.height - oy) / s };
    return { s, ox, oy, rect, labels: s >= LABELS_FROM, size };
  }

  /** Zoom, pan or resize: the overlay follows now, the canvases in the next animation frame
   * (once however many events come). */
  viewChanged() {
    this.syncOverlay();
    if (!this.pending) this.pending = requestAnimationFrame(() => { this.pending = 0; this.paint(); });
  }

  /** The overlay's size, view box and zoom: the SVG's. */
  syncOverlay() {
    const svg = this.r.svg.node(), size = this.r.size;
    for (const a of ["viewBox", "width", "height"]) {
      const v = svg.getAttribute(a) ?? (a === "viewBox" ? null : String(size?.[a] ?? ""));
      if (v !== null && this.overlay.getAttribute(a) !== v) this.overlay.setAttribute(a, v);
    }
    const t = this.r.root.attr("transform");
    if (t) this.viewport.setAttribute("transform", t); else this.viewport.removeAttribute("transform");
  }

  /** Repaint both canvases and bring the labels in view into the SVG (filled in from the last
   * frame unless a new drawing waits for its first). */
  paint(withFrame = true) {
    const v = this.view();
    if (!v) return;
    this.halo.setAttribute("stroke-width", Math.max(8, 6 / v.s));  // at least 6 px: seen when fitted
    const ctx = this.staticLayer.begin(v.size, v);
    const present = document.body.classList.contains("present");
    drawStatic(ctx, { edges: this.r.edgeData, nodes: this.r.nodeData }, { rect: v.rect, s: v.s, names: v.labels, present });
    this.steps = 0;
    this.sentDrawn = null;
    const f = withFrame ? this.r.lastFrame : null;
    if (f) this.paintSent(f, v);
    this.placeLabels(v, f);
  }

  /** The gradients' lines sent by `frame`: one step on, only those its step sent (its current
   * edges); any other change of step or view, all of them again. */
  paintSent(frame, v = null) {
    const r = this.r, next = this.sentDrawn?.scene === r.scene && frame.step === this.sentDrawn.step + 1;
    this.sentDrawn = { scene: r.scene, step: frame.step };
    if (next) {
      const sent = frame.current.edges.map((k) => r.edgeByKey.get(k)).filter((e) => e && frame.grads.has(e.key));
      if (sent.length) this.drawSent(this.sentLayer.ctx, sent);
      return;
    }
    v ??= this.view();
    if (!v) return;
    const ctx = this.sentLayer.begin(v.size, v);
    this.drawSent(ctx, r.edgeData.filter((e) => frame.grads.has(e.key) && meets(e.box, v.rect)));
  }

  /** Gradients' lines on the sent layer (shown from the first). */
  drawSent(ctx, edges) {
    if (!edges.length) return;
    drawEdges(ctx, edges, true);
    this.sentLayer.drew();
  }

  /** A step: the sent gradients' lines, the current node's halo; returns the edges whose labels
   * the Renderer updates. */
  frame(frame) {
    // a drawing stepped through (a second frame on it, a play) settles into a still picture; one
    // replaced as soon as it is shown (an edit and its new answer, a pan) does not
    if (++this.steps === 2) this.staticLayer.settle();
    this.paintSent(frame);
    const d = this.byId.get(frame.current.node);
    if (d) {
      const { x, y, w, h, kind } = d.p;
      const at = { x: x - w / 2, y: y - h / 2, width: w, height: h, rx: kind === "op" ? w / 2 : 8, visibility: "visible" };
      for (const [k, v] of Object.entries(at)) this.halo.setAttribute(k, v);
    } else this.halo.setAttribute("visibility", "hidden");
    return this.live;
  }

  /** Labels in the SVG for the edges in view (none when too small to read); the nodes in view
   * (and the focused one) get accessible names with their values. */
  placeLabels(v, f) {
    const r = this.r, want = new Set();
    if (v.labels) for (const e of r.edgeData) if (meets(e.lbox, v.rect)) want.add(e);
    for (const e of this.live) if (!want.has(e)) this.dropLabels(e);
    const added = [...want].filter((e) => !this.live.has(e));
    for (const e of added) this.makeLabels(e);
    this.live = want;
    const named = new Set(v.labels ? r.nodeData.filter((d) => meets(d.box, v.rect)) : []);
    for (const d of this.named) if (!named.has(d)) d.el.setAttribute("aria-label", d.name);
    this.named = named;
    if (!f) return;
    const hidden = f.hidden ?? new Set();
    for (const e of added) r.edgeFrame(e, f, hidden, false);
    r.curKey = null;  // the value label of the current edge may be new
    r.highlight(f);
    r.a11y.name(f);
  }

  /** The nodes whose accessible names carry values: those in view (labels legible) and the focused one. */
  namedNodes() {
    const focused = this.byId.get(this.r.focused);
    return focused && !this.named.has(focused) ? [...this.named, focused] : [...this.named];
  }

  makeLabels(e) {
    const g = svgEl("g", { class: "edge", "data-from": e.from, "data-to": e.to, "data-slot": e.slot, role: "img" });
    const [vt, gt] = ["value", "grad"].map((kind) => {
      const at = e.places[kind];
      const t = svgEl("text", { class: `label ${kind}`, x: at.x, y: at.y });
      if (this.r.scene.layout.tall) t.style.textAnchor = at.a;
      t.addEventListener("click", () => this.r.handlers.onLabelClick?.(e, kind));
      g.append(t);
      return t;
    });
    this.r.edgeLayer.node().append(g);
    Object.assign(e, { el: g, vt, gt, cls: "edge", gcls: undefined, vh: null, gh: null });
  }

  dropLabels(e) {
    e.el.remove();
    Object.assign(e, { el: null, vt: null, gt: null, vh: null, gh: null });
  }

  /** Bring node `id` into view (centred) when the keyboard focus moves outside it. */
  reveal(id) {
    const d = this.byId.get(id), v = this.view();
    if (!d || !v || meets({ x0: d.p.x, y0: d.p.y, x1: d.p.x, y1: d.p.y }, v.rect)) return;
    this.r.svg.call(this.r.zoom.translateTo, d.p.x, d.p.y);
  }

  /** A full SVG drawing of the current scene and frame (the small graphs' renderer, off-page),
   * for the exports: every node, edge and label as vector elements. */
  exportSvg() {
    const svg = svgEl("svg", {});
    const copy = new this.r.constructor(svg, { nameOf: this.r.nameOf, canvasFrom: Infinity });
    copy.draw(this.r.scene);
    if (this.r.lastFrame) copy.frame(this.r.lastFrame);
    return svg;
  }
}
