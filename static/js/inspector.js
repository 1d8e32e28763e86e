// The node panel: the op, its forward formula and local derivatives in KaTeX, operand values,
// the upstream gradient and the chain-rule product with the numbers plugged in (once the
// backward pass has reached the node), and the sigmoid expand / collapse toggle.

import katex from "/vendor/katex/dist/katex.mjs";
import { fmt, isArray } from "./format.js";
import { nodeName } from "./i18n.js";
import { expandSigmoid, collapseSigmoid, expandedRoot } from "./sigmoid.js";
import { edgeSentences } from "./caption.js";
import { layerControls } from "./composite.js";
import { groupControls } from "./group-controls.js";
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
    const drawn = app.shown?.doc.nodes.find((n) => n.id === id);  // a collapsed user group: its box
    const op = app.shown?.ops[drawn?.op] || app.ops[node.op] || {};
    const lang = state.lang;
    root.dataset.node = id;
    const title = op.title?.[lang] || op.title?.en || node.op;
    root.append(el("div", "op-title", `${title} · ${nodeName(node, lang)}`));
    if (op.summary) root.append(el("p", "summary", op.summary[lang] || op.summary.en));
    const ev = state.evaluation?.nodes?.[id];
    const dl = el("dl");
    const row = (k, v) => { dl.append(el("dt", null, k), el("dd", null, v)); };
    row(app.t("id"), id);
    if (ev) {
      row(app.t("value"), fmt(ev.value) + (isArray(ev.value) ? "" : ""));
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
    const view = app.shown || state;  // the drawn trace: a collapsed user group is one step (composite.js)
    const trace = view.evaluation?.trace || [];
    const fwd = trace.find((s) => s.phase === "forward" && s.node === id);
    if (fwd) {
      root.append(el("h3", null, app.t("operands")));
      const ops = el("dl");
      fwd.inputs.forEach((src, i) => ops.append(el("dt", null, `${op.operands?.[i] ?? i} = ${src}`), el("dd", null, fmt(fwd.operands[i]))));
      root.append(ops);
    }
    const back = trace.find((s) => s.phase === "backward" && s.node === id && s.op !== "seed");
    if (back && state.step > back.index) {
      root.append(el("h3", null, app.t("upstream")), el("p", "num", fmt(back.upstream)));
      const box = el("div", "chain");
      box.append(el("h3", null, app.t("insp.chain")));
      const name = (ref) => nodeName(state.document.nodes.find((n) => n.id === ref) || { id: ref }, lang);
      const said = edgeSentences(back, view.document || view.doc, view.ops || app.ops, trace, app.t, name);
      for (const e of said) {
        const i = (op.operands || []).indexOf(e.operand);
        if (op.backward?.[i]?.latex) box.append(tex(op.backward[i].latex));
        box.append(el("p", "num", e.text));
      }
      root.append(box);
    }
    const doc = state.document;
    const shapes = Object.fromEntries(Object.entries(state.evaluation?.nodes || {}).map(([k, v]) => [k, v.shape]));
    root.append(...layerControls(doc, node, shapes, lang, { edit: app.edit, select: app.select,
      title: (name) => app.ops[name]?.title?.[lang] || name }), ...groupControls(app, node));
    if (node.op === "sigmoid" || expandedRoot(doc, id)) {
      const expand = node.op === "sigmoid";
      const b = el("button", null, app.t(expand ? "sigmoid.expand" : "sigmoid.collapse"));
      b.id = "sigmoid-toggle";
      b.addEventListener("click", () => {
        const root = expand ? id : expandedRoot(doc, id);
        app.edit((d) => (expand ? expandSigmoid(d, id) : collapseSigmoid(d, id)));
        app.select(root);
      });
      root.append(b);
    }
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
