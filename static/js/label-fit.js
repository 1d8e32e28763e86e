// The drawing fitted to the stage: the view box around a layout that leaves the figure card's
// corner free (the drawing goes below the card or beside it, whichever keeps it larger), and, for
// a small graph of arrays, the label scale at which its grids are at least MIN_PX tall on screen
// (the labels grow against the nodes, the layout makes room, until they are legible).

import { layout } from "./layout.js";
import { SIZES } from "./sizes.js";

/** Smallest on-screen font (px) of an edge label that the fit aims for. */
export const MIN_PX = 10.5;
const MAX_SCALE = 3;  // labels at most this much larger than the size table
const PAD = 40;  // as little as keeps the labels inside: at 1280x720 every unit counts

/** Where the layout goes on a stage of `size` {width, height} px with the figure card {w, h} px
 * in its top-left corner (or null): {box: [x0, y0, w, h] (the view box), scale (px per unit)}. */
export function fitOf(L, size, card) {
  const w = Math.max(L.width + 2 * PAD, 600), h = Math.max(L.height + 2 * PAD + 60, 300);
  const cx = L.width / 2, cy = L.minY + L.height / 2;
  if (!size?.width || !size?.height) return { box: [cx - w / 2, cy - h / 2, w, h], scale: 1 };
  const W = size.width, H = size.height;
  const plain = { left: 0, top: 0, scale: Math.min(W / w, H / h) };
  // the card covers the drawing (the layout's box, centred) unless it is beside or above it
  const covers = card && (W - L.width * plain.scale) / 2 < card.w && (H - L.height * plain.scale) / 2 < card.h;
  const ways = covers ? [{ left: 0, top: Math.min(card.h, H * 0.6) }, { left: Math.min(card.w, W * 0.6), top: 0 }] : [plain];
  const best = ways.map((o) => ({ ...o, scale: Math.min((W - o.left) / w, (H - o.top) / h) }))
    .sort((a, b) => b.scale - a.scale)[0];
  const s = best.scale;
  // the free region's centre is the layout's centre; the box spans the whole stage
  const x0 = cx - (W - best.left) / s / 2 - best.left / s, y0 = cy - (H - best.top) / s / 2 - best.top / s;
  return { box: [x0, y0, W / s, H / s], scale: s };
}

/** The layout of a document with its label scale chosen (optionsFor(k): the layout options at
 * label scale k; view: {size, card} of the renderer). Only small graphs of arrays are scaled. */
export function fittedLayout(doc, optionsFor, view) {
  let k = 1, opts = optionsFor(k), L = layout(doc, opts);
  const scaled = opts.tall && doc.nodes.length <= SIZES.liftMax && view?.size?.width;
  for (let i = 0; scaled && i < 6; i++) {
    const px = fitOf(L, view.size, view.card).scale * opts.arrayPx;
    if (px >= MIN_PX - 0.05 || k >= MAX_SCALE) break;
    k = Math.min(MAX_SCALE, k * (MIN_PX / px) * 1.02);
    opts = optionsFor(k);
    L = layout(doc, opts);
  }
  return { ...L, labelScale: k };
}

/** Fit again when the stage or the figure card changes size: a small graph of arrays is laid out
 * again (its label scale depends on the stage), any other only re-fitted. */
export function installRefit(app, renderer, stage, redraw) {
  let last = null;
  const refit = () => {
    const L = renderer.scene?.layout;
    if (!L) return;
    if (L.tall && renderer.scene.doc.nodes.length <= SIZES.liftMax) redraw();
    else renderer.fitView(L);
  };
  new ResizeObserver(([entry]) => {
    const key = `${Math.floor(entry.contentRect.width)}x${Math.floor(entry.contentRect.height)}`;
    if (key !== last) { const first = last === null; last = key; if (!first) refit(); }
  }).observe(stage);
  app.on("card", refit);
}
