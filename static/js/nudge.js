// The gradient read as the book reads it (5.1: "if the apple costs 1 yen more, the total rises by
// 2.2 yen"): nudge one input (or one element of it) by Δ with a slider, arrow keys or a typed
// number, and see the predicted change ∂L/∂x × Δ next to the actual change of the output,
// re-evaluated through the API. "The output's change" is Σ seed × Δoutput (the seed is 1 for the
// book's scalar outputs).

import { api } from "./api.js";
import { fmt, flatten, isArray, shapeOf } from "./format.js";
import { getLang, nodeName } from "./i18n.js";

const WORDS = {
  en: { title: "Nudge", element: "element", delta: "Δ", predicted: "predicted: ∂L/∂{x} × Δ = {g} × {d} = {p}",
    actual: "actual change of {out}: {a} ({from} → {to})", hint: "Move the slider (or press ←/→ on it) to change {x}." },
  ja: { title: "値を少し動かす", element: "要素", delta: "Δ", predicted: "予測: ∂L/∂{x} × Δ = {g} × {d} = {p}",
    actual: "{out} の実際の変化: {a} ({from} → {to})", hint: "スライダー (または ←/→ キー) で {x} を動かします。" },
};
const say = (key, p = {}) => WORDS[getLang()][key].replace(/\{(\w+)\}/g, (m, k) => (k in p ? p[k] : m));

/** The index path of flat element k in an array of this shape. */
export function indexOf(shape, k) {
  const idx = [];
  for (let i = shape.length - 1; i >= 0; i--) { idx.unshift(k % shape[i]); k = Math.floor(k / shape[i]); }
  return idx;
}

/** A copy of value with element `idx` (an index path; [] for a scalar) increased by delta. */
export function nudged(value, idx, delta) {
  if (!idx.length) return Number(value) + delta;
  const copy = value.slice();
  copy[idx[0]] = nudged(value[idx[0]], idx.slice(1), delta);
  return copy;
}

/** Σ seed × (after − before): how much the seeded output changed. */
export function outputChange(before, after, seed) {
  const b = flatten(before), a = flatten(after);
  const s = seed === undefined || seed === null ? [1] : flatten(seed);
  return a.reduce((sum, v, i) => sum + (v - b[i]) * s[i % s.length], 0);
}

const el = (tag, attrs = {}, text) => Object.assign(document.createElement(tag), attrs, text === undefined ? {} : { textContent: text });

export function createNudge(app, after) {
  const box = el("section", { id: "nudge" });
  after.after(box);
  let seq = 0;
  let timer = null;

  function render() {
    const { state } = app;
    const node = state.document.nodes.find((n) => n.id === state.selected);
    const ev = state.evaluation;
    box.replaceChildren();
    if (!node || node.op !== "input" || !ev?.nodes?.[node.id] || !ev.nodes[ev.output]) { box.hidden = true; return; }
    box.hidden = false;
    const x = ev.nodes[node.id].value;
    const shape = isArray(x) ? shapeOf(x) : [];
    const name = nodeName(node);
    box.append(el("h3", {}, say("title")), el("p", { className: "hint" }, say("hint", { x: name })));
    const pick = el("input", { id: "nudge-element", type: "number", min: 0, max: flatten(x).length - 1, step: 1, value: 0 });
    if (shape.length) box.append(el("label", {}, `${say("element")} `), pick);
    const at = () => indexOf(shape, Math.max(0, Math.min(flatten(x).length - 1, Number(pick.value) || 0)));
    const base = () => Number(shape.length ? at().reduce((v, i) => v[i], x) : x);
    const unit = () => 10 ** Math.floor(Math.log10(Math.max(Math.abs(base()), 1)));
    const slider = el("input", { id: "nudge-slider", type: "range", value: 0 });
    const typed = el("input", { id: "nudge-delta", type: "number", value: 0 });
    const scale = () => {
      const u = unit();
      Object.assign(slider, { min: -u, max: u, step: u / 100 });
      typed.step = u / 100;
    };
    scale();
    const out = el("p", { id: "nudge-result", className: "num" });
    box.append(el("label", {}, `${say("delta")} `), slider, typed, out);
    const update = (delta) => { clearTimeout(timer); timer = setTimeout(() => measure(node, at(), delta, out), 120); };
    slider.addEventListener("input", () => { typed.value = slider.value; update(Number(slider.value)); });
    typed.addEventListener("input", () => { slider.value = typed.value; update(Number(typed.value)); });
    pick.addEventListener("input", () => { scale(); slider.value = 0; typed.value = 0; out.textContent = ""; });
  }

  async function measure(node, idx, delta, out) {
    const { state } = app;
    const ev = state.evaluation;
    const mine = ++seq;
    const grad = ev.nodes[node.id].grad;
    const g = idx.length ? idx.reduce((v, i) => v[i], grad) : grad;
    const doc = structuredClone(state.document);
    const target = doc.nodes.find((n) => n.id === node.id);
    target.value = nudged(ev.nodes[node.id].value, idx, delta);
    let after;
    try { after = await api.evaluate(doc); } catch (err) { out.textContent = err.message; return; }
    if (mine !== seq) return;  // a newer nudge is on its way
    const before = ev.nodes[ev.output].value, now = after.nodes[ev.output].value;
    const outName = nodeName(state.document.nodes.find((n) => n.id === ev.output) || { id: ev.output });
    const x = nodeName(node) + (idx.length ? `[${idx.join(", ")}]` : "");
    out.dataset.predicted = String(Number(g) * delta);
    out.dataset.actual = String(outputChange(before, now, state.document.seed));
    out.replaceChildren(
      el("span", { className: "predicted" }, say("predicted", { x, g: fmt(Number(g)), d: fmt(delta), p: fmt(Number(g) * delta) })),
      el("br"),
      el("span", { className: "actual" }, say("actual", { out: outName, a: fmt(Number(out.dataset.actual)),
        from: isArray(before) ? "" : fmt(before), to: isArray(now) ? "" : fmt(now) }).replace(" ( → )", "")));
  }

  app.on("select", render);
  app.on("lang", render);
  app.on("evaluated", render);
  render();
  return { render };
}
