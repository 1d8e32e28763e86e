// Open user groups outlined in the drawing: a dashed box around the drawn nodes of each group that
// is not folded into a box, its name at the top left, so the levels of nested groups show (the
// outer box around the inner one). Drawn in a renderer layer that takes no pointer events.

import { foldedGroups } from "./groups.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const PAD = 12, STEP = 12, NAME_BELOW = 24, LABEL = 16;

const contains = (outer, inner) => outer !== inner && inner.nodes.every((m) => outer.nodes.includes(m));

/** The open user groups with drawn nodes (none hidden inside a folded group), each with how many
 * of them it holds (its padding grows with it). */
export function openGroups(doc, L) {
  const folded = foldedGroups(doc).map((f) => f.g);
  const open = (doc.groups || []).filter((g) => g.op == null && !folded.includes(g)
    && !folded.some((f) => contains(f, g)) && g.nodes.some((m) => L.nodes[m]));
  return open.map((g) => ({ g, depth: open.filter((o) => contains(g, o)).length }));
}

/** The box around a group's drawn nodes: {x, y, w, h} in drawing units. */
export function outlineBox(g, L, depth) {
  const pad = PAD + STEP * depth;
  const boxes = g.nodes.map((m) => L.nodes[m]).filter(Boolean);
  const x0 = Math.min(...boxes.map((b) => b.x - b.w / 2)) - pad, x1 = Math.max(...boxes.map((b) => b.x + b.w / 2)) + pad;
  const y0 = Math.min(...boxes.map((b) => b.y - b.h / 2)) - pad - LABEL * (1 + depth), y1 = Math.max(...boxes.map((b) => b.y + b.h / 2 + NAME_BELOW)) + pad;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

function make(tag, attrs, text) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
}

export function createOutlines(renderer) {
  const layer = renderer.layer("group-outlines");
  return {
    /** Outline the open groups of `doc` at the positions of layout `L`. */
    draw(doc, L) {
      layer.replaceChildren(...openGroups(doc, L).map(({ g, depth }) => {
        const b = outlineBox(g, L, depth);
        const out = make("g", { class: "group-outline", "data-group": g.id });
        out.append(make("rect", { x: b.x, y: b.y, width: b.w, height: b.h, rx: 10 }),
          make("text", { x: b.x + 8, y: b.y + 16 }, g.name));
        return out;
      }));
    },
  };
}
