// /g/{id}/handout: every step of the animation as a printed page (drawing, caption, step number,
// title), drawn by the app's renderer into a working SVG and copied once per step.
// Query: lang=en|ja, steps=all|forward|backward, per=1|2|4|6 (steps per page), paper=a4|letter.

import { api } from "./api.js";
import { createView, svgCopy, titleOf } from "./standalone.js";
import { setLang, t, applyDom } from "./i18n.js";
import { el } from "./el.js";
import { st } from "./share-strings.js";

const $ = (id) => document.getElementById(id);
const PER = [1, 2, 4, 6];
/** Steps per page -> [columns, rows] and whether the page turns, for a wide drawing (a tall
 * one swaps columns and rows and turns the other way). */
const GRID = { 1: [1, 1, false], 2: [1, 2, true], 4: [2, 2, false], 6: [2, 3, true] };

export function handoutOptions(search) {
  const q = new URLSearchParams(search);
  const per = Number(q.get("per"));
  return {
    lang: q.get("lang") === "ja" ? "ja" : "en",
    steps: ["forward", "backward"].includes(q.get("steps")) ? q.get("steps") : "all",
    per: PER.includes(per) ? per : 1,
    paper: ["a4", "letter"].includes(q.get("paper")) ? q.get("paper") : "",
  };
}

/** The step indices printed: the start and the forward steps, or the backward steps from the
 * finished forward pass to the end, or all of them. */
export function stepList(which, boundary, steps) {
  const from = which === "backward" ? Math.max(0, boundary - 1) : 0;
  const to = which === "forward" ? Math.min(steps, boundary - 1) : steps;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** One step: its header (title, step number and phase), the drawing, the caption. */
function cell(view, k, title) {
  const frame = view.goto(k);
  const box = el("section", "cell");
  box.dataset.step = frame.step;
  const head = el("header", "cell-head");
  head.append(el("h1", "cell-title", title), el("span", "cell-step", st("handout.step", { k: frame.step, n: frame.steps })),
    el("span", `cell-phase ${frame.phase}`, t(`phase.${frame.phase}`)));
  const figure = el("figure", "cell-drawing");
  figure.append(svgCopy(view.renderer.svg.node()));
  box.append(head, figure, el("p", "cell-caption", view.caption(frame)));
  return box;
}

function fillBar(opts) {
  const form = $("handout-bar");
  for (const [k, v] of Object.entries(opts)) if (form.elements[k]) form.elements[k].value = String(v);
  applyDom();
  form.addEventListener("change", () => {
    const q = new URLSearchParams(new FormData(form));
    if (!q.get("paper")) q.delete("paper");
    location.search = q.toString();
  });
  $("print").addEventListener("click", () => window.print());
}

async function start() {
  const opts = handoutOptions(location.search);
  setLang(opts.lang);
  fillBar(opts);
  const doc = await api.load(document.body.dataset.graphId);
  const [ops, evaluation] = await Promise.all([api.ops(), api.evaluate(doc)]);
  const view = createView($("work"), { doc, evaluation, ops });
  const title = titleOf(doc);
  document.title = `${title} — ${t("app.title")}`;
  const vb = view.renderer.svg.node().viewBox.baseVal;
  const wide = vb.width / vb.height > 1.25;
  const [c, r, turn] = GRID[opts.per];
  const landscape = wide !== turn;
  document.body.classList.add(landscape ? "landscape" : "portrait", `grid-${wide ? c : r}x${wide ? r : c}`,
    ...(opts.paper ? [opts.paper] : []));
  const steps = stepList(opts.steps, view.boundary, view.steps);
  const sheets = [];
  for (let i = 0; i < steps.length; i += opts.per) {
    const sheet = el("article", "sheet");
    sheet.append(...steps.slice(i, i + opts.per).map((k) => cell(view, k, title)));
    sheets.push(sheet);
  }
  $("sheets").replaceChildren(...sheets);
  document.body.dataset.ready = "1";
}

start().catch((err) => {
  $("sheets").replaceChildren(el("p", "message", st("error.load", { msg: err.message || err })));
  document.body.dataset.ready = "error";
});
