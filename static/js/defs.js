// The drawing's own <defs>, made by the renderer (no page has to paste them): the arrowheads
// (forward and backward), and the size table's font sizes as custom properties on the <svg>
// (sizes.js; set through the CSSOM, which the pages' CSP allows), so an exported copy of the SVG
// carries them too.

import { applySizes } from "./sizes.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const MARKERS = [["arrow", 9, "arrowhead"], ["arrow-back", 1, "arrowhead back"]];

function make(tag, attrs) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** Add the markers and the font sizes to `svg` unless it has them. */
export function ensureDefs(svg) {
  applySizes(svg.style);
  if (svg.querySelector("defs.compgraph")) return;
  const defs = make("defs", { class: "compgraph" });
  for (const [id, refX, cls] of MARKERS) {
    const m = make("marker", { id, viewBox: "0 0 10 10", refX, refY: 5, markerUnits: "userSpaceOnUse",
      markerWidth: 11, markerHeight: 11, orient: "auto-start-reverse" });
    m.append(make("path", { d: "M0,0 L10,5 L0,10 z", class: cls }));
    defs.append(m);
  }
  svg.prepend(defs);
}
