// The inspector's head for a collapsed user group (its box): the group, not the hidden output
// node's editing fields. Its name, its members, each outside input's value and the gradient the
// group sends back to it, the output's value and gradient (once the backward pass is past the box).
// The name field, Expand and Ungroup below it are group-controls.js's.

import { el } from "./el.js";
import { fmt } from "./format.js";
import { nodeName } from "./i18n.js";
import { gt } from "./group-strings.js";

/** A <dl> of [term, value] rows. */
function list(rows) {
  const dl = el("dl");
  for (const [k, v] of rows) dl.append(el("dt", null, k), el("dd", null, v));
  return dl;
}

/** The panel's head for group `g` drawn as the box at node `id`, from the drawn (folded) trace. */
export function groupSummary(app, g, id) {
  const { state } = app;
  const lang = state.lang;
  const name = (ref) => nodeName(state.document.nodes.find((n) => n.id === ref) || { id: ref }, lang);
  const trace = (app.shown || state).evaluation?.trace || [];
  const fwd = trace.find((s) => s.phase === "forward" && s.node === id);
  const back = trace.find((s) => s.phase === "backward" && s.node === id && s.op !== "seed");
  const known = back && state.step > back.index;
  const grad = (ref) => back.edges.find((e) => e.to === ref)?.grad;
  const inputs = (fwd?.inputs || []).flatMap((src, i) => [[name(src), fmt(fwd.operands[i])],
    ...(known ? [[`∂L/∂${name(src)}`, fmt(grad(src))]] : [])]);
  const ev = state.evaluation?.nodes?.[id];
  const output = ev ? [[name(id), fmt(ev.value)], ...(known ? [[`∂L/∂${name(id)}`, fmt(ev.grad)]] : [])] : [];
  return [
    el("div", "op-title", `${g.name} · ${gt("kind")}`),
    list([[gt("members"), g.nodes.map(name).join(", ")]]),
    el("h3", null, gt("inputs")), list(inputs),
    el("h3", null, gt("output")), list(output),
  ];
}
