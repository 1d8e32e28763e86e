// A saved graph shown outside the editor (handout, embed, one-file player, video): the app's own
// layout, renderer and frame function on a document whose evaluation is already in hand.

import { layout } from "./layout.js";
import { frameAt, edgesOf, captionText } from "./frame.js";
import { Renderer } from "./render.js";
import { t, nodeName, setOps, getLang } from "./i18n.js";
import { layoutOptions } from "./measure.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** The graph's title in the current language (meta.title_ja in Japanese when there is one). */
export const titleOf = (doc) => (getLang() === "ja" && doc.meta?.title_ja) || doc.title || "compgraph";

/**
 * Draw `doc` (with its evaluate answer and the op catalog as a list) into `svg`.
 * @returns {{steps, boundary, goto(k): frame, caption(frame): string, redraw(), frame, renderer}}
 */
export function createView(svg, { doc, evaluation, ops: opList }) {
  const ops = Object.fromEntries(opList.map((o) => [o.name, o]));
  setOps(opList);  // op titles in captions
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
