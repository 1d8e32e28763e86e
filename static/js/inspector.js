// The node panel: the op, its forward formula and local derivatives in KaTeX, operand values,
// the upstream gradient and the chain-rule product with the numbers plugged in (once the
// backward pass has reached the node), and the sigmoid expand / collapse toggle.

import katex from "/vendor/katex/dist/katex.mjs";
import { fmt, isArray } from "./format.js";
import { nodeName } from "./i18n.js";
import { expandSigmoid, collapseSigmoid, expandedRoot } from "./sigmoid.js";

const el = (tag, text, cls) => {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
};

function tex(latex, display = true) {
  const div = el("div", null, "formula");
  try { katex.render(latex, div, { displayMode: display, throwOnError: false, output: "html" }); } catch {
    div.textContent = latex;
  }
  return div;
}

const texNum = (v) => (isArray(v) ? `\\text{${fmt(v)}}` : fmt(v).replace("e", "\\mathrm{e}"));
const texId = (id) => `\\text{${id.replace(/[_]/g, "\\_")}}`;

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
    if (!node) { root.append(el("p", app.t("select.hint"), "summary")); return; }
    const op = app.ops[node.op] || {};
    const lang = state.lang;
    root.dataset.node = id;
    root.append(el("div", `${app.t(`op.${node.op}`)} · ${nodeName(node, lang)}`, "op-title"));
    if (op.summary) root.append(el("p", op.summary[lang] || op.summary.en, "summary"));
    const ev = state.evaluation?.nodes?.[id];
    const dl = el("dl");
    const row = (k, v) => { dl.append(el("dt", k), el("dd", v)); };
    row(app.t("id"), id);
    if (ev) {
      row(app.t("value"), fmt(ev.value) + (isArray(ev.value) ? "" : ""));
      if (ev.y !== undefined) row("y (softmax)", fmt(ev.y) + (isArray(ev.y) ? ` ${JSON.stringify(ev.y).slice(0, 80)}` : ""));
      if (ev.grad !== null && state.frame?.phase === "backward" && reached(id)) row("∂L/∂·", fmt(ev.grad));
    }
    root.append(dl);
    app.editor?.fields(root, node);
    if (op.latex) {
      root.append(el("h3", app.t("op.formula")), tex(op.latex));
      root.append(el("h3", app.t("op.local")));
      for (const g of op.latex_grads || []) root.append(tex(g));
    }
    const fwd = state.evaluation?.trace?.find((s) => s.phase === "forward" && s.node === id);
    if (fwd) {
      root.append(el("h3", app.t("operands")));
      const ops = el("dl");
      fwd.inputs.forEach((src, i) => ops.append(el("dt", `${op.operands?.[i] ?? i} = ${src}`), el("dd", fmt(fwd.operands[i]))));
      root.append(ops);
    }
    const back = state.evaluation?.trace?.find((s) => s.phase === "backward" && s.node === id && s.op !== "seed");
    if (back && state.step > back.index) {
      root.append(el("h3", app.t("upstream")), el("p", fmt(back.upstream), "num"));
      const box = el("div", null, "chain");
      box.append(el("h3", app.t("op.chain")));
      for (const e of back.edges) {
        const out = op.output || "z";
        const line = `\\frac{\\partial L}{\\partial ${texId(e.to)}} = \\frac{\\partial L}{\\partial ${out}}\\,`
          + `\\frac{\\partial ${out}}{\\partial ${e.operand}} = ${texNum(back.upstream)} \\times ${texNum(e.local)} = ${texNum(e.grad)}`;
        box.append(tex(line));
        box.append(el("p", `${fmt(back.upstream)} × ${fmt(e.local)} = ${fmt(e.grad)} → ${e.to}`, "num"));
      }
      root.append(box);
    }
    const doc = state.document;
    if (node.op === "sigmoid" || expandedRoot(doc, id)) {
      const expand = node.op === "sigmoid";
      const b = el("button", app.t(expand ? "sigmoid.expand" : "sigmoid.collapse"));
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
    const s = app.state.evaluation?.trace?.find((x) => x.phase === "backward" && (x.node === id || x.edges?.some((e) => e.to === id)));
    return s ? app.state.step > s.index : false;
  }
  // the keyboard: Escape in the inspector goes back to its node in the drawing
  root.addEventListener("keydown", (ev) => {
    if (ev.key !== "Escape" || !app.state.selected) return;
    document.querySelector(`#graph g.node[data-id="${CSS.escape(app.state.selected)}"]`)?.focus();
    ev.preventDefault();
  });
  let lastStep = -1;
  app.on("select", render);
  app.on("lang", render);
  app.on("evaluated", render);
  app.on("step", (f) => { if (app.state.selected && f.step !== lastStep) { lastStep = f.step; render(); } });
  render();
  return { render };
}
