// Draws a layout + frame into the SVG with D3 joins keyed by id: nodes, edges, value labels above
// each edge, gradient labels below (vermillion; negative ones blue, italic and underlined), the
// current step highlighted. Labels are set with textContent only: never parsed as HTML.

import { fmt, isArray, signOf } from "./format.js";
import { maskKey } from "./frame.js";
import { ensureDefs } from "./defs.js";
import { drawHeat, setLabel, LEGEND_PX } from "./matrix.js";
import { createA11y } from "./a11y.js";
import { fitOf } from "./label-fit.js";
import { CanvasView, CANVAS_FROM } from "./canvas-view.js";

const d3 = globalThis.d3;

function endpoints(edge, L) {
  const pts = edge.points.map((p) => p.slice());
  const [from, to] = [L.nodes[edge.from], edge.stub ? null : L.nodes[edge.to]];
  if (from) pts[0] = [from.x + from.w / 2 + (from.kind === "input" ? 6 : 0), from.y];
  if (to) {
    const [px, py] = pts[pts.length - 2];
    if (to.kind === "op") {
      const dx = to.x - px, dy = to.y - py, d = Math.hypot(dx, dy) || 1;
      const r = to.w / 2 + 2;
      pts[pts.length - 1] = [to.x - (dx / d) * r, to.y - (dy / d) * r];
    } else pts[pts.length - 1] = [to.x - to.w / 2 - 2, to.y];
  }
  return pts;
}

const line = (pts) => (pts.length > 2 ? d3.line().curve(d3.curveMonotoneX)(pts) : d3.line()(pts));

/** Where an edge's labels go on a scalar graph: the value on the upper side of its last segment,
 * the gradient on the lower side (beside the line when it is slanted, like the book's arrows). */
function alongLine(pts) {
  const [a, b] = [pts[pts.length - 2], pts[pts.length - 1]];
  const dx = b[0] - a[0], dy = b[1] - a[1], len = Math.hypot(dx, dy) || 1;
  const slanted = Math.abs(dy) > 8;
  const t = slanted ? 0.4 : 0.5;
  const m = [a[0] + dx * t, a[1] + dy * t];
  const n = [dy / len, -dx / len];  // the upper normal
  const side = Math.abs(n[0]) < 0.3 ? "middle" : n[0] < 0 ? "end" : "start";
  const flip = { middle: "middle", end: "start", start: "end" };
  return {
    anchor: m,
    value: { x: m[0] + n[0] * (slanted ? 18 : 12), y: m[1] + n[1] * (slanted ? 18 : 12), a: side },
    grad: { x: m[0] - n[0] * (slanted ? 30 : 24), y: m[1] - n[1] * (slanted ? 30 : 24) + 12, a: flip[side] },
  };
}

/** Where an edge's labels go on a graph of arrays (tall labels, heatmaps): the value above its
 * line, the gradient below. On a horizontal stretch, at its middle; a slanted edge with none (a
 * leaf's straight line to its op) has them beside its source, on the side its line leaves free,
 * so the labels of the edges converging on one op never meet (layout.js leaves the room). */
function besideSource(pts, k = 1) {
  const flat = pts.slice(1).map((b, i) => [pts[i], b])
    .filter(([a, b]) => Math.abs(b[1] - a[1]) <= 8 && b[0] - a[0] > 60)
    .sort(([a, b], [c, d]) => d[0] - c[0] - (b[0] - a[0]))[0];
  if (flat) {
    const [a, b] = flat, m = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    // clear of the line and of the gradient's line (12 below it) at any label scale k
    // (layout-lift.js's chainBand keeps the same room)
    return { anchor: m, value: { x: m[0], y: m[1] - 6 - 6 * k, a: "middle" }, grad: { x: m[0], y: m[1] + 16 + 19 * k, a: "middle" } };
  }
  const [s, n] = [pts[0], pts[1]];
  const up = n[1] < s[1];  // the line leaves upwards: the value goes left, the gradient right
  return {
    anchor: s,
    value: { x: s[0] + (up ? -4 : 10), y: s[1] - 16, a: up ? "end" : "start" },
    grad: { x: s[0] + (up ? 10 : -4), y: s[1] + 28, a: up ? "start" : "end" },
  };
}

/** An edge with its drawn geometry: end points at the node outlines, the line and the gradient's
 * line as path data (made when first read: a big graph's canvas draws from the points and needs
 * the path data only of the highlighted edges), and where its value and gradient labels go. */
export function edgeGeometry(edge, L) {
  const pts = endpoints({ ...edge, points: L.edges[edge.key].points }, L);
  const lifted = L.edges[edge.key].labels;  // a leaf above or below its op (layout-lift.js)
  const places = lifted ? { anchor: pts[0], ...lifted } : (L.tall ? besideSource : alongLine)(pts, L.labelScale);
  let d, backD;
  return { ...edge, pts, places, anchor: places.anchor,
    get d() { return (d ??= line(pts)); },
    get backD() { return (backD ??= line(pts.map(([x, y]) => [x, y + 12]))); } };
}

/** The text in an op's circle: its symbol; a power shows its exponent like the book's "**2". */
export function symbolOf(node, op) {
  if (node.op === "pow" && node.attrs?.p !== undefined) return `**${fmt(node.attrs.p)}`;
  return op?.symbol || node.op;
}

/** The text drawn in a node: an input's name, a constant's value, an op's symbol. */
export const nodeText = (n, p, op, name) => (p.kind === "input" ? name : p.kind === "const" ? fmt(n.value) : symbolOf(n, op));

export class Renderer {
  constructor(svg, { onNodeClick, onNodeDblClick, onLabelClick, onBackground, nameOf, canvasFrom } = {}) {
    ensureDefs(svg);
    this.svg = d3.select(svg);
    this.nameOf = nameOf || ((n) => n.label || n.id);  // a node's displayed name (the app: by language)
    this.root = this.svg.append("g").attr("class", "viewport");
    // The current step's highlight lives in two small overlay layers (a glow under the edges, the
    // coloured line over them): a step rewrites a few overlay paths, never classes on the edges.
    this.glowLayer = this.root.append("g").attr("class", "highlights under");
    this.edgeLayer = this.root.append("g").attr("class", "edges");
    this.hiLayer = this.root.append("g").attr("class", "highlights over");
    this.nodeLayer = this.root.append("g").attr("class", "nodes");
    this.layers = new Map();  // named layers above the drawing, owned by their callers (quiz boxes)
    this.handlers = { onNodeClick, onNodeDblClick, onLabelClick, onBackground };
    this.drawn = 0;
    this.labelK = 1;  // the edge labels' scale (label-fit.js)
    this.lite = null;  // the big-graph view (canvas-view.js) while one is drawn
    this.zoom = d3.zoom().scaleExtent([0.05, 8])
      .filter((ev) => !ev.target.classList?.contains("port") && (!ev.ctrlKey || ev.type === "wheel") && !ev.button
        && (ev.type === "wheel" || !ev.target.closest?.("g.node")))  // a node drags itself (move.js); the background pans
      .on("zoom", (ev) => {
      this.root.attr("transform", ev.transform);
      this.svg.classed("zoomed-out", ev.transform.k * this.fitScale() * this.labelK < 0.45);
      this.lite?.viewChanged();
    });
    this.svg.call(this.zoom).on("dblclick.zoom", null);
    // In the app's stage the SVG gets its size in pixels: a percentage height would make every
    // layout of the page (a new caption) lay out all of the drawing again. Elsewhere (pages that
    // reuse the renderer) it keeps its CSS size.
    const stage = svg.parentNode?.id === "stage" ? svg.parentNode : null;
    // graphs of this many nodes are drawn on a canvas (only in the app's stage: exports, embeds,
    // handouts and videos keep the SVG)
    this.canvasFrom = canvasFrom ?? (stage ? CANVAS_FROM : Infinity);
    const fit = (rect) => {
      this.size = { width: Math.floor(rect.width), height: Math.floor(rect.height) };
      if (stage) { svg.setAttribute("width", this.size.width); svg.setAttribute("height", this.size.height); }
      this.svg.classed("zoomed-out", d3.zoomTransform(svg).k * this.fitScale() * this.labelK < 0.45);
      this.lite?.viewChanged();
    };
    fit((stage || svg).getBoundingClientRect());
    new ResizeObserver(([entry]) => fit(entry.contentRect)).observe(stage || svg);
    this.svg.on("click", (ev) => { if (ev.target === svg) onBackground?.(); });
    this.a11y = createA11y(this);  // focusable nodes (one Tab stop), accessible names
  }

  /** A named <g> layer above the drawing (made once), for a caller's own marks. */
  layer(name) {
    if (!this.layers.has(name)) this.layers.set(name, this.root.append("g").attr("class", name).node());
    return this.layers.get(name);
  }

  /** Where an edge's value or gradient label sits: {x, y, a (text-anchor)}, or null. */
  labelPlace(from, to, kind, slot) {
    const e = this.edgeData?.find((d) => d.from === from && d.to === to && (slot === undefined || d.slot === slot));
    return e?.places?.[kind === "grad" ? "grad" : "value"] ?? null;
  }

  /** Screen pixels per drawing unit at zoom 1 (the stage size comes from a ResizeObserver, so
   * zooming and drawing never force a synchronous layout). */
  fitScale() {
    const vb = this.svg.node().viewBox.baseVal, r = this.size;
    return vb && vb.width && r ? Math.min(r.width / vb.width, r.height / vb.height) : 1;
  }

  /** Structure and positions: call when the document or its layout changes. */
  draw(scene) {
    const { doc, layout: L, edges, ops, errors, selected } = scene;
    this.scene = scene;
    this.fitView(L);
    const big = doc.nodes.length >= this.canvasFrom;
    if (big !== !!this.lite) {  // a change of mode: the other mode's elements go
      this.edgeLayer.selectAll("*").remove();
      this.nodeLayer.selectAll("*").remove();
      this.lite?.remove();
      this.lite = big ? new CanvasView(this, { edgeGeometry, nodeText }) : null;
    }
    if (this.lite) this.lite.draw(scene);
    else {
      this.drawEdges(edges, L);
      this.drawNodes(doc, L, ops, errors);
    }
    this.index();
    this.select(selected);
    this.a11y.prepare();
    this.drawn += 1;
    this.svg.attr("data-drawn", this.drawn);
  }

  /** The view box around the layout (clear of the figure card, this.card), zoom reset; the
   * edge labels at the layout's label scale. */
  fitView(L) {
    this.svg.attr("viewBox", fitOf(L, this.size, this.card).box.join(" "));
    this.labelK = L.labelScale ?? 1;
    this.svg.node().style.setProperty("--label-k", this.labelK);
    this.svg.node().style.setProperty("--name-k", Math.sqrt(this.labelK));  // names and symbols (measure.js)
    this.svg.call(this.zoom.transform, d3.zoomIdentity);  // also sets "zoomed-out" for big graphs
  }

  /** Edge groups: the line, the gradient's line, the value and gradient labels at their places. */
  drawEdges(edges, L) {
    const drawnEdges = edges.filter((e) => L.edges[e.key]).map((e) => edgeGeometry(e, L));
    this.edgeSel = this.edgeLayer.selectAll("g.edge").data(drawnEdges, (e) => e.key).join((enter) => {
      const g = enter.append("g").attr("class", "edge");
      g.append("path").attr("class", "line").attr("marker-end", "url(#arrow)");
      g.append("path").attr("class", "back").attr("visibility", "hidden").attr("marker-start", "url(#arrow-back)");
      g.append("text").attr("class", "label value");
      g.append("text").attr("class", "label grad");
      return g;
    });
    this.edgeSel.attr("data-from", (e) => e.from).attr("data-to", (e) => e.to).attr("data-slot", (e) => e.slot)
      .each(function (e) {
        const g = d3.select(this), lp = e.places;
        g.select("path.line").attr("d", e.d);
        g.select("path.back").attr("d", e.backD);
        g.select("text.label.value").attr("x", lp.value.x).attr("y", lp.value.y).style("text-anchor", L.tall ? lp.value.a : null);
        g.select("text.label.grad").attr("x", lp.grad.x).attr("y", lp.grad.y).style("text-anchor", L.tall ? lp.grad.a : null);
        g.selectAll("text.label").each(function () { this._text = null; this._v = undefined; });
        g.selectAll("g.heat").remove();
      });
    this.edgeSel.selectAll("text.label").on("click", (ev) => {
      const e = d3.select(ev.currentTarget.parentNode).datum();
      const kind = ev.currentTarget.classList.contains("grad") ? "grad" : "value";
      this.handlers.onLabelClick?.(e, kind);
    });
  }

  /** Node groups: shape, symbol or name, error text, ports. */
  drawNodes(doc, L, ops, errors) {
    const nodes = doc.nodes.filter((n) => L.nodes[n.id]).map((n) => ({ n, p: L.nodes[n.id], op: ops[n.op] }));
    this.nodeSel = this.nodeLayer.selectAll("g.node").data(nodes, (d) => d.n.id).join((enter) => {
      const g = enter.append("g").attr("class", "node");
      g.append("rect").attr("class", "halo");
      g.append("rect").attr("class", "shape");
      g.append("circle").attr("class", "shape");
      g.append("text").attr("class", "symbol");
      g.append("text").attr("class", "name");
      g.append("text").attr("class", "error");
      g.append("circle").attr("class", "port out").attr("r", 6);
      return g;
    });
    const nameOf = this.nameOf;
    this.bindNodes(this.nodeSel).attr("transform", (d) => `translate(${d.p.x},${d.p.y})`).each(function (d) {
        const g = d3.select(this), { p, n } = d;
        const isCircle = p.kind === "op";
        g.select("circle.shape").attr("r", isCircle ? p.w / 2 : 0).attr("display", isCircle ? null : "none");
        for (const cls of ["shape", "halo"]) {  // the halo is the current-step highlight
          g.select(`rect.${cls}`).attr("display", p.kind === "input" ? "none" : null)
            .attr("x", -p.w / 2 - (p.kind === "input" ? 4 : 0)).attr("y", -p.h / 2).attr("width", p.w)
            .attr("height", p.h).attr("rx", isCircle ? p.w / 2 : p.kind === "const" ? 4 : 8);
        }
        g.select("rect.shape").attr("display", isCircle || p.kind === "input" ? "none" : null);
        const name = nameOf(n);
        const sym = nodeText(n, p, d.op, name);
        g.select("text.symbol").text(sym).attr("x", p.kind === "input" ? p.w / 2 : 0)
          .classed("long", p.kind === "op" && sym.length > 2).classed("longer", p.kind === "op" && sym.length > 4);
        g.select("text.name").text(p.kind === "input" || p.kind === "const" ? "" : name).attr("y", p.h / 2 + 18);
        g.select("circle.port.out").attr("cx", p.w / 2 + (p.kind === "input" ? 6 : 0));
        const msg = errors.get(n.id) || "";
        d.invalid = !!msg;
        g.select("text.error").text(msg).attr("y", -p.h / 2 - 12);
        const slots = p.kind === "op" || p.kind === "box" ? (d.op?.operands || []) : [];
        g.selectAll("circle.port.in").data(slots).join("circle").attr("r", 6)
          .attr("class", (sl, i) => `port in${(n.inputs || [])[i] ? "" : " empty"}`)
          .attr("data-slot", (s, i) => i).attr("cx", -p.w / 2)
          .attr("cy", (s, i) => (i - (slots.length - 1) / 2) * 16);
      });
  }

  /** Node groups' ids and click handlers (both modes). */
  bindNodes(sel) {
    return sel.attr("data-id", (d) => d.n.id).attr("data-op", (d) => d.n.op)
      .on("click", (ev, d) => { ev.stopPropagation(); this.handlers.onNodeClick?.(d.n.id, ev); })
      .on("dblclick", (ev, d) => { ev.stopPropagation(); this.handlers.onNodeDblClick?.(d.n.id, ev); });
  }

  /** The element to export: this SVG, or for a graph drawn on the canvas a full SVG drawing of
   * the same scene and frame (vector-exact, made from the model). */
  exportSource() {
    return this.lite ? this.lite.exportSvg() : this.svg.node();
  }

  /** Per-element handles for the cheap per-frame updates. */
  index() {
    if (!this.lite) {  // a big graph's view keeps its own (canvas-view.js)
      this.edgeSel.each(function (e) {
        Object.assign(e, { el: this, vt: this.querySelector("text.label.value"), gt: this.querySelector("text.label.grad"),
          bp: this.querySelector("path.back"), sent: undefined,
          vh: null, gh: null });
      });
      this.edgeData = this.edgeSel.data();
      this.nodeSel.each(function (d) { d.el = this; });
      this.nodeData = this.nodeSel.data();
    }
    this.edgeByKey = new Map(this.edgeData.map((e) => [e.key, e]));
    this.curKey = null;
    for (const p of [...(this.glowPool || []), ...(this.hiPool || [])]) p._want = null;  // new geometry
  }

  /** Labels and highlights of one frame (cheap: only what changed touches the DOM). */
  frame(frame) {
    if (!this.edgeData) return;
    this.lastFrame = frame;
    const edges = this.lite ? this.lite.frame(frame) : this.edgeData;  // a big graph: the labelled ones
    const hidden = frame.hidden ?? NONE;  // mask keys of labels shown as quiz boxes
    const legend = this.fitScale() * LEGEND_PX >= 10;  // a heatmap's legend only where it is legible
    for (const e of edges) this.edgeFrame(e, frame, hidden, legend);
    for (const d of this.lite ? [] : this.nodeData) {  // a big graph's current node: its own halo
      const cls = this.nodeClass(d);
      if (d.cls !== cls) { d.el.setAttribute("class", cls); d.cls = cls; }
    }
    this.highlight(frame);
    this.a11y.name(frame);
  }

  /** One edge's labels, its classes and its gradient's line (SVG) at a frame; only what changed
   * touches the DOM. */
  edgeFrame(e, frame, hidden, legend) {
    const value = frame.values.get(e.from);
    const grad = frame.grads.get(e.key);
    const anyMask = hidden.size > 0;
    const cls = `edge${e.stub ? " stub" : ""}${isArray(value) ? " array" : ""}`;
    if (e.cls !== cls) { e.el.setAttribute("class", cls); e.cls = cls; }
    const sent = grad !== undefined;  // the gradient's line: its own attribute, not a class on the edge
    if (e.bp && e.sent !== sent) { e.bp.setAttribute("visibility", sent ? "visible" : "hidden"); e.sent = sent; }
    setLabel(e.vt, value, anyMask && hidden.has(maskKey(e.from, e.to, "value")), true);
    setLabel(e.gt, grad, anyMask && hidden.has(maskKey(e.from, e.to, "grad")), false);
    const gcls = `label grad ${grad === undefined ? "" : signOf(grad)}${isArray(grad) ? " array" : ""}${e.gt.classList.contains("grid") ? " grid" : ""}`;
    if (e.gcls !== gcls) { e.gt.setAttribute("class", gcls); e.gcls = gcls; }
    if (isArray(value) || e.vh) drawHeat(e, "vh", "value", value, e.places.value, -20, legend);
    if (isArray(grad) || e.gh) drawHeat(e, "gh", "grad", grad, e.places.grad, 8, legend);
  }

  /** The current edges' highlight in the overlay layers: a glow under the edge (its forward line,
   * or its gradient line once the gradient is sent) and the line redrawn over it in a deeper
   * colour; the value label of a forward edge turns brown. Only these few elements change. */
  highlight(frame) {
    const key = `${frame.step}|${frame.current.edges.join(" ")}`;
    if (this.curKey === key) return;
    this.curKey = key;
    const cur = frame.current.edges.map((k) => this.edgeByKey.get(k)).filter(Boolean)
      .map((e) => ({ e, back: frame.grads.has(e.key) }));
    // one path per current edge in each layer, reused from step to step (a step sets a few
    // attributes); every attribute is always present, set in one order, so the same step gives
    // the same DOM however it was reached
    for (const [layer, pool, cls] of [[this.glowLayer, "glowPool", "glow"], [this.hiLayer, "hiPool", "hi"]]) {
      const paths = (this[pool] ??= []);
      while (paths.length > cur.length) paths.pop().remove();
      while (paths.length < cur.length) {
        const p = layer.append("path").node();
        for (const a of ["class", "d", "data-from", "data-to", "marker-start", "marker-end"]) p.setAttribute(a, "");
        paths.push(p);
      }
      paths.forEach((p, i) => {
        const c = cur[i];
        const want = `${cls}${c.back ? " back" : ""}|${c.e.key}`;
        if (p._want === want) return;
        p._want = want;
        p.setAttribute("class", `${cls}${c.back ? " back" : ""}`);
        p.setAttribute("d", c.back ? c.e.backD : c.e.d);
        p.setAttribute("data-from", c.e.from);
        p.setAttribute("data-to", c.e.to);
        p.setAttribute("marker-start", cls === "hi" && c.back ? "url(#arrow-back)" : "none");
        p.setAttribute("marker-end", cls === "hi" && !c.back ? "url(#arrow)" : "none");
      });
    }
    const fwd = new Set(cur.filter((c) => !c.back).map((c) => c.e));
    for (const e of this.hot || []) if (!fwd.has(e)) e.vt?.classList.remove("current");
    for (const e of fwd) e.vt?.classList.add("current");
    this.hot = fwd;
  }

  nodeClass(d) {
    const f = this.lite ? null : this.lastFrame;  // a big graph shows the step in its overlay
    return ["node", d.p.kind, d.invalid && "invalid", d.n.id === this.selected && "selected",
      d.n.id === this.focused && "focused", this.picked?.has(d.n.id) && "picked",
      f?.values.has(d.n.id) && "known", f?.current.node === d.n.id && "current"].filter(Boolean).join(" ");
  }

  select(id) {
    this.selected = id;
    this.restyleNodes();
  }

  /** The keyboard focus (focus.js): a ring on the node; a focusable node element takes the focus. */
  setFocus(id) {
    this.focused = id;
    this.restyleNodes();
    this.a11y.focus(id);
    if (this.lite) { this.lite.reveal(id); if (this.lastFrame) this.a11y.name(this.lastFrame); }
    const el = this.nodeData?.find((d) => d.n.id === id)?.el;
    if (el && el.hasAttribute("tabindex") && el.ownerDocument.activeElement !== el) el.focus();
  }

  /** The nodes chosen for a group (pick.js): a class, and aria-pressed while any is chosen. */
  setPicked(ids) {
    this.picked = ids;
    this.restyleNodes();
  }

  restyleNodes() {
    for (const d of this.nodeData || []) {
      d.cls = this.nodeClass(d);
      d.el.setAttribute("class", d.cls);
      if (this.picked?.size) d.el.setAttribute("aria-pressed", String(this.picked.has(d.n.id)));
      else d.el.removeAttribute("aria-pressed");
    }
  }
}

const NONE = new Set();
