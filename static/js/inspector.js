// The node panel: the op, its forward formula and local derivatives in KaTeX, operand values,
// the upstream gradient and the chain-rule product with the numbers plugged in (once the
// backward pass has reached the node), and the sigmoid expand / collapse toggle. A collapsed user
// group's box shows the group instead (group-inspector.js).

import katex from "/vendor/katex/dist/katex.mjs";
import { fmt, isArray } from "./format.js";
import { nodeName } from "./i18n.js";
import { expandSigmoid, collapseSigmoid, expandedRoot } from "./sigmoid.js";
import { edgeSentences } from "./caption.js";
import { layerControls } from "./composite.js";
import { groupControls } from "./group-controls.js";
import { groupSummary } from "./group-inspector.js";
import { drawnGroup } from "./groups.js";
import { el } from "./el.js";

function tex(latex, display = true) {
  const div = el("div", "formula");
  try { katex.render(latex, div, { displayMode: display, throwOnError: false, output: "html" }); } catch {
    div.textContent = latex;
  }
  return div;
}

export function createInspector(app, root) {
  /** Re-render, keeping the keyboard focus on the same field (a keyboard user edits on). */
  function render() {
    const active = root.contains(document.activeElement) ? document.activeElement.getAttribute("name") : null;
    draw();
    if (active) root.querySelector(`[name="${CSS.escape(active)}"]`)?.focus();
  }
  function draw() {
    const { state } = app;
    const id = state.selected;
    const node = state.document.nodes.find((n) => n.id === id);
    root.replaceChildren();
    if (!node) { root.append(el("p", "summary", app.t("select.hint"))); return; }
    root.dataset.node = id;
    const group = drawnGroup(state.document, id);  // a collapsed user group: its box, not the hidden node
    const op = group ? app.shown?.ops[`group:${group.id}`] || {} : app.ops[node.op] || {};
    if (group) root.append(...groupSummary(app, group, id));
    else head(node, op);
    chain(id, op);
    if (group) { root.append(...groupControls(app, node)); return; }
    const doc = state.document;
    const shapes = Object.fromEntries(Object.entries(state.evaluation?.nodes || {}).map(([k, v]) => [k, v.shape]));
    const lang = state.lang;
    root.append(...layerControls(doc, node, shapes, lang, { edit: app.edit, select: app.select,
      title: (name) => app.ops[name]?.title?.[lang] || name }), ...groupControls(app, node));
    if (node.op === "sigmoid" || expandedRoot(doc, id)) root.append(sigmoidToggle(doc, node));
  }
  /** A node's title, value and gradient, editing fields, formulas and operands. */
  function head(node, op) {
    const { state } = app;
    const id = node.id, lang = state.lang;
    const title = op.title?.[lang] || op.title?.en || node.op;
    root.append(el("div", "op-title", `${title} · ${nodeName(node, lang)}`));
    if (op.summary) root.append(el("p", "summary", op.summary[lang] || op.summary.en));
    const ev = state.evaluation?.nodes?.[id];
    const dl = el("dl");
    const row = (k, v) => { dl.append(el("dt", null, k), el("dd", null, v)); };
    row(app.t("id"), id);
    if (ev) {
      row(app.t("value"), fmt(ev.value));
      if (ev.y !== undefined) row("y (softmax)", fmt(ev.y) + (isArray(ev.y) ? ` ${JSON.stringify(ev.y).slice(0, 80)}` : ""));
      if (ev.grad !== null && state.frame?.phase === "backward" && reached(id)) row(`∂L/∂${nodeName(node, lang)}`, fmt(ev.grad));
    }
    root.append(dl);
    app.editor?.fields(root, node);
    if (op.latex) {
      root.append(el("h3", null, app.t("insp.formula")), tex(op.latex));
      root.append(el("h3", null, app.t("insp.local")));
      for (const g of op.latex_grads || []) root.append(tex(g));
    }
    const fwd = (app.shown || state).evaluation?.trace?.find((s) => s.phase === "forward" && s.node === id);
    if (fwd) {
      root.append(el("h3", null, app.t("operands")));
      const ops = el("dl");
      fwd.inputs.forEach((src, i) => ops.append(el("dt", null, `${op.operands?.[i] ?? i} = ${src}`), el("dd", null, fmt(fwd.operands[i]))));
      root.append(ops);
    }
  }
  /** The upstream gradient and the chain-rule product, once the backward pass is past the node. */
  function chain(id, op) {
    const { state } = app;
    const view = app.shown || state;  // the drawn trace: a collapsed user group is one step (groups.js)
    const trace = view.evaluation?.trace || [];
    const back = trace.find((s) => s.phase === "backward" && s.node === id && s.op !== "seed");
    if (!back || state.step <= back.index) return;
    root.append(el("h3", null, app.t("upstream")), el("p", "num", fmt(back.upstream)));
    const box = el("div", "chain");
    box.append(el("h3", null, app.t("insp.chain")));
    const name = (ref) => nodeName(state.document.nodes.find((n) => n.id === ref) || { id: ref }, state.lang);
    const said = edgeSentences(back, view.document || view.doc, view.ops || app.ops, trace, app.t, name);
    for (const e of said) {
      const i = (op.operands || []).indexOf(e.operand);
      if (op.backward?.[i]?.latex) box.append(tex(op.backward[i].latex));
      box.append(el("p", "num", e.text));
    }
    root.append(box);
  }
  /** The sigmoid's Expand (at a sigmoid) or Collapse (in an expanded one) button. */
  function sigmoidToggle(doc, node) {
    const expand = node.op === "sigmoid";
    const b = el("button", null, app.t(expand ? "sigmoid.expand" : "sigmoid.collapse"));
    b.id = "sigmoid-toggle";
    b.addEventListener("click", () => {
      const at = expand ? node.id : expandedRoot(doc, node.id);
      app.edit((d) => (expand ? expandSigmoid(d, node.id) : collapseSigmoid(d, node.id)));
      app.select(at);
    });
    return b;
  }
  function reached(id) {
    const s = (app.shown || app.state).evaluation?.trace?.find((x) => x.phase === "backward" && (x.node === id || x.edges?.some((e) => e.to === id)));
    return s ? app.state.step > s.index : false;
  }
  // the keyboard: Escape in the inspector goes back to its node in the drawing
  root.addEventListener("keydown", (ev) => {
    if (ev.key !== "Escape" || !app.state.selected) return;
    document.querySelector(`#graph g.node[data-id="${CSS.escape(app.state.selected)}"]`)?.focus();
    ev.preventDefault();
  });
  // Enter on a focused node (focus.js): the focus moves to the panel's first control
  app.on("inspect", () => {
    const first = root.querySelector("input, select, textarea, button, [tabindex='0']");
    if (first) first.focus();
    else { root.tabIndex = -1; root.focus(); }
  });
  let lastStep = -1;
  app.on("select", render);
  app.on("lang", render);
  app.on("evaluated", render);
  app.on("step", (f) => { if (app.state.selected && f.step !== lastStep) { lastStep = f.step; render(); } });
  render();
  return { render };
}
