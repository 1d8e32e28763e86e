// The mini-batch's computational graph, drawn by the app's own layout, frame and renderer
// modules (the same view as the main page; matrices are summarised as heatmaps on the edges).

import { layout } from "/static/js/layout.js";
import { frameAt, edgesOf } from "/static/js/frame.js";
import { layoutOptions } from "/static/js/measure.js";
import { Renderer } from "/static/js/render.js";
import { api } from "/static/js/api.js";

export function createGraphView(svg) {
  const renderer = new Renderer(svg, {});
  let ops = null;
  return {
    /** Evaluate the document through the API and draw it with every step applied. */
    async show(doc) {
      ops ??= Object.fromEntries((await api.ops()).map((o) => [o.name, o]));
      const evaluation = await api.evaluateFull(doc);
      const opts = layoutOptions(doc, evaluation, ops);
      const L = layout(doc, opts);
      renderer.draw({ doc, layout: L, edges: edgesOf(doc, opts.output), ops, errors: new Map(), selected: null });
      // every step applied, and no step highlighted: this view is not playing
      renderer.frame({ ...frameAt(doc, evaluation, Infinity, ops), current: { node: null, edges: [] } });
      return evaluation;
    },
  };
}
