// A saved graph shown outside the editor (handout, embed, one-file player, video): the app's own
// layout, renderer and frame function on a document whose evaluation is already in hand.

import { layout } from "./layout.js";
import { frameAt, edgesOf, outputOf, captionText } from "./frame.js";
import { Renderer } from "./render.js";
import { t, nodeName, setOps, getLang } from "./i18n.js";
import { labelText, isArray } from "./format.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const MARKERS = [["arrow", 9, "arrowhead"], ["arrow-cur", 9, "arrowhead current"], ["arrow-back", 1, "arrowhead back"]];

/** The arrowhead markers the renderer refers to, when the SVG has none of its own. */
function ensureMarkers(svg) {
  if (svg.querySelector("marker#arrow") || document.getElementById("arrow")) return;
  const defs = svg.querySelector("defs") || svg.insertBefore(document.createElementNS(SVG_NS, "defs"), svg.firstChild);
  for (const [id, refX, cls] of MARKERS) {
    const m = document.createElementNS(SVG_NS, "marker");
    for (const [k, v] of Object.entries({ id, viewBox: "0 0 10 10", refX, refY: 5, markerUnits: "userSpaceOnUse",
      markerWidth: 11, markerHeight: 11, orient: "auto-start-reverse" })) m.setAttribute(k, v);
    const p = document.createElementNS(SVG_NS, "path");
    p.setAttribute("d", "M0,0 L10,5 L0,10 z");
    p.setAttribute("class", cls);
    m.append(p);
    defs.append(m);
  }
}

/** The graph's title in the current language (meta.title_ja in Japanese when there is one). */
export const titleOf = (doc) => (getLang() === "ja" && doc.meta?.title_ja) || doc.title || "compgraph";

/** Layout options as the app computes them: names, op symbols, label widths (17px numbers). */
function layoutOptions(doc, evaluation, ops) {
  const output = outputOf(doc, evaluation);
  const width = (v) => Math.max(isArray(v) ? 64 : 0, labelText(v).length * (isArray(v) ? 8.5 : 10.5));
  const labelWidth = {};
  for (const e of edgesOf(doc, output)) {
    const n = evaluation.nodes?.[e.from];
    labelWidth[e.key] = Math.max(width(n?.value), n?.grad == null ? 0 : width(n.grad));
  }
  return {
    output, labelWidth, charW: 10,
    symbols: Object.fromEntries(Object.values(ops).map((o) => [o.name, o.symbol])),
    boxes: new Set(Object.values(ops).filter((o) => o.box).map((o) => o.name)),
    tall: doc.nodes.some((n) => isArray(evaluation.nodes?.[n.id]?.value)),
    names: Object.fromEntries(doc.nodes.map((n) => [n.id, nodeName(n)])),
  };
}

/**
 * Draw `doc` (with its evaluate answer and the op catalog as a list) into `svg`.
 * @returns {{steps, boundary, goto(k): frame, caption(frame): string, redraw(), frame, renderer}}
 */
export function createView(svg, { doc, evaluation, ops: opList }) {
  const ops = Object.fromEntries(opList.map((o) => [o.name, o]));
  setOps(opList);  // op titles in captions
  ensureMarkers(svg);
  const renderer = new Renderer(svg, { nameOf: (n) => nodeName(n) });
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const view = {
    renderer, doc, evaluation,
    steps: evaluation.trace?.length ?? 0,
    frame: null,
    /** Lay out and draw the structure again (after a language change: names change widths). */
    redraw() {
      const opts = layoutOptions(doc, evaluation, ops);
      renderer.draw({ doc, layout: layout(doc, opts), edges: edgesOf(doc, opts.output), ops, errors: new Map(), selected: null });
      if (view.frame) renderer.frame(view.frame);
    },
    goto(k) {
      view.frame = frameAt(doc, evaluation, k, ops);
      renderer.frame(view.frame);
      return view.frame;
    },
    caption: (frame) => captionText(frame.caption, t, (id) => nodeName(byId.get(id) || { id })),
  };
  view.redraw();
  view.boundary = view.goto(0).boundary;
  return view;
}

/** Control characters (other than tab and newlines) are not allowed in XML: an exported SVG
 * that holds one does not load as an image. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;  // no g: .test() keeps no state
export const xmlSafe = (s) => String(s).replace(new RegExp(CONTROL, "g"), "\uFFFD");

/** A standalone copy of a drawn SVG: the whole drawing (no zoom), sized to its view box, with
 * `css` inlined (omit it for a copy shown inside our own pages). Text is made XML-safe. */
export function svgCopy(svg, css = null) {
  const clone = svg.cloneNode(true);
  clone.removeAttribute("id");
  clone.classList.remove("zoomed-out");
  clone.setAttribute("xmlns", SVG_NS);
  clone.querySelector("g.viewport")?.removeAttribute("transform");
  clone.querySelectorAll("foreignObject").forEach((f) => f.remove());
  const vb = svg.viewBox.baseVal;
  clone.setAttribute("width", Math.round(vb.width));
  clone.setAttribute("height", Math.round(vb.height));
  const walker = document.createTreeWalker(clone, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (CONTROL.test(n.data)) n.data = xmlSafe(n.data);
  for (const el of clone.querySelectorAll("*")) {
    for (const a of el.attributes) if (CONTROL.test(a.value)) a.value = xmlSafe(a.value);
  }
  if (css != null) {
    const style = document.createElementNS(SVG_NS, "style");
    style.textContent = `${css}\nsvg { background: #fff; font-family: var(--font); } .port { display: none; }`;
    clone.prepend(style);
  }
  return clone;
}
