// Wiring: builds the app object (window.compgraph) from the store, the keymap, the evaluate loop,
// layout, renderer, player, inspector, editor, exports and menus, and loads the lesson module
// when it exists. Each job lives in its own module; this file only connects them.

import { api } from "./api.js";
import { createStore } from "./state.js";
import { frameAt, edgesOf, captionText, outputOf } from "./frame.js";
import { Renderer } from "./render.js";
import { createPlayer } from "./player.js";
import { t, setLang, getLang, applyDom, nodeName, setOps } from "./i18n.js";
import { fmt, isArray } from "./format.js";
import { createInspector } from "./inspector.js";
import { createNudge } from "./nudge.js";
import { installZoom } from "./zoom.js";
import { installFigureCard } from "./figure-card.js";
import { createEditor } from "./editor.js";
import { installExports } from "./exports.js";
import { showTable } from "./table.js";
import { createGradcheck } from "./gradcheck.js";
import { createKeymap } from "./keymap.js";
import { createGraphFocus } from "./focus.js";
import { keepFitted } from "./fit.js";
import { applyOffsets } from "./move.js";
import { layoutOptions } from "./measure.js";
import { fittedLayout, installRefit } from "./label-fit.js";
import { createEvaluateLoop } from "./evaluate-loop.js";
import { createMaskLayer } from "./mask-layer.js";
import { createExamplesMenu } from "./examples-menu.js";
import { createPresent } from "./present.js";
import { collapsedView, followEdit } from "./groups.js";
import { createPick } from "./pick.js";
import { createOutlines } from "./group-outline.js";

const $ = (id) => document.getElementById(id);
const store = createStore();
const { state } = store;
const keys = createKeymap();
keys.install(document);
let ops = {};
let drawnLayout = null;

const renderer = new Renderer($("graph"), {
  onNodeClick: (id) => app.select(id),
  onNodeDblClick: (id) => {  // edit in place: straight to the value (leaves) or the id
    app.select(id);
    const field = document.querySelector('#inspector-body [name="value"]') || document.querySelector('#inspector-body [name="id"]');
    field?.focus();
    field?.select?.();
  },
  onBackground: () => app.select(null),
  nameOf: (n) => nodeName(n),
  onLabelClick: (edge, kind) => {
    const v = kind === "grad" ? state.frame?.grads.get(edge.key) : state.frame?.values.get(edge.from);
    if (isArray(v)) showTable(`${edge.from}`, t(kind === "grad" ? "backward" : "forward"), v,
      { node: state.evaluation?.nodes?.[edge.from], grad: kind === "grad" });
  },
});
const masks = createMaskLayer(renderer);
const outlines = createOutlines(renderer);
let viewOf = null;
/** What is drawn: the document and evaluation with collapsed user groups as one box (composite.js). */
function shown() {
  if (viewOf?.doc !== state.document || viewOf?.evaluation !== state.evaluation || viewOf?.ops !== ops) {
    viewOf = { doc: state.document, evaluation: state.evaluation, ops, view: collapsedView(state.document, state.evaluation, ops) };
  }
  return viewOf.view;
}
const options = (doc, labelScale = 1) => layoutOptions(doc, shown().evaluation, shown().ops, { present: document.body.classList.contains("present"), labelScale });

/** Layout + structure drawing for the current document and evaluation (L: a layout in hand). */
function redraw(L) {
  const { doc, evaluation, ops: shownOps } = shown();
  if (doc !== state.document) L = null;  // a layout made in the worker is of the full document
  drawnLayout = applyOffsets(L ?? fittedLayout(doc, (k) => options(doc, k), renderer), doc);  // nodes moved by hand (move.js)
  // the output as layoutOptions finds it (not all the options: their label sizes format every value)
  const edges = edgesOf(doc, outputOf(doc, evaluation));
  renderer.draw({ doc, layout: drawnLayout, edges, ops: shownOps, errors: state.errors, selected: state.selected });
  masks.draw();
  outlines.draw(state.document, drawnLayout);
}
const redrawFrame = () => { if (state.frame) { redraw(); app.goto(state.step); } };

function showMessage(text, kind = "info") {
  const box = $("message");
  box.textContent = text;
  box.dataset.kind = kind;
  box.hidden = !text;
}

const loop = createEvaluateLoop(state, {
  ops: () => ops, t, layoutOptions: options,
  show(L, stepTo, detail) {
    showMessage(detail.map((d) => d.msg).join("\n"), detail.length ? "error" : "info");
    redraw(L);
    app.goto(stepTo === "keep" ? state.step : stepTo);
    if (detail.length) app.emit("error", detail);
    else app.emit("evaluated", state.evaluation);
  },
});

/** Re-evaluate after an edit, debounced; the drawing follows when the answer arrives. */
function edited() {
  loop.schedule();
  app.emit("load", state.document);
}

/** A node's displayed name by id, in the current language (captions). */
const nameById = (id) => nodeName(state.document.nodes.find((n) => n.id === id) || { id });

export const app = {
  state,
  keys,
  on: store.on,
  emit: store.emit,
  t,
  format: fmt,
  get ops() { return ops; },
  get layout() { return drawnLayout; },
  /** What is drawn: {doc, evaluation, ops} with collapsed user groups folded into one box. */
  get shown() { return shown(); },
  panel: $("lesson-panel"),
  toolbar: $("lesson-toolbar"),
  /** Show a graph document, evaluate it, go to step 0 (example: the preset it comes from;
   * keepPreset: the autosaved document of a reload, compared with the preset remembered). */
  async loadDocument(doc, { record = true, example = null, keepPreset = false } = {}) {
    loop.cancel();
    if (!keepPreset) menu.remember(example, doc);
    store.setDocument(doc, { record });
    state.selected = null;
    app.clearMask();
    app.emit("load", state.document);
    await loop.run(0);
  },
  async loadExample(name, { record = true } = {}) {
    state.idle = false;  // busy from the request on: a clicker pressed now must not be undone by the answer
    let doc;
    try { doc = await api.example(name); } catch (err) { state.idle = true; throw err; }
    return app.loadDocument(doc, { example: name, record });
  },
  goto(k) {
    const view = shown();
    const frame = frameAt(view.doc, view.evaluation, k, view.ops);
    frame.hidden = state.mask;  // the quiz's boxes: an input of the frame
    state.step = frame.step;
    state.frame = frame;
    renderer.frame(frame);
    app.player.show(frame);
    const errs = [...state.errors.values()];
    const text = errs.length && !state.evaluation ? t("cap.invalid", { msg: errs.join("; ") })
      : captionText(frame.caption, t, nameById);
    // a quiz's caption must not read out the numbers hidden in its boxes (captionFilter blanks them)
    $("caption").textContent = app.captionFilter ? app.captionFilter(text, frame) : text;
    app.emit("step", frame);
    return frame;
  },
  step(delta = 1) { return app.goto(state.step + delta); },
  /** Show a document with an evaluation already in hand (no request): training views, benchmarks. */
  showEvaluation(doc, evaluation, step = 0) {
    loop.cancel();
    store.setDocument(doc, { record: false });
    state.evaluation = evaluation;
    state.errors = new Map();
    redraw();
    app.goto(step);
    app.emit("evaluated", evaluation);
    state.idle = true;
    return state.frame;
  },
  play: () => app.player.play(),
  pause: () => app.player.pause(),
  edit(fn) { store.edit((d) => { fn(d); followEdit(state.document, d); }); edited(); },  // groups follow (groups.js)
  undo() { if (store.undo()) edited(); },
  redo() { if (store.redo()) edited(); },
  select(id) { state.selected = id; renderer.select(id); app.emit("select", id); },
  /** Hide labels behind input boxes: items [{from, to, kind}], onInput(item, text, input). */
  setMask(items, onInput) {
    masks.set(items, onInput);
    state.mask = masks.keys();
    if (state.frame) { state.frame.hidden = state.mask; renderer.frame(state.frame); }
  },
  clearMask() { app.setMask([], null); },
  showMessage,
  setLang(lang) {
    setLang(lang);
    applyDom();
    redrawFrame();  // names (label_en / label) change the layout
    app.emit("lang", state.lang);
  },
  togglePresent: (on) => present.toggle(on),
};
window.compgraph = app;

app.player = createPlayer(app, {
  play: $("play"), prev: $("prev"), next: $("next"), home: $("home"), end: $("end"),
  scrub: $("scrub"), boundary: $("scrub-boundary"), fwd: $("scrub-fwd"), counter: $("counter"),
  phase: $("phase"), speed: $("speed"), speedValue: $("speed-value"),
});
app.renderer = renderer;
installZoom(app, renderer, $("stage"));
installFigureCard(app, $("stage"));
installRefit(app, renderer, $("stage"), () => redrawFrame());
const menu = createExamplesMenu(app, $("examples"));
const present = createPresent(app, $("present"), redrawFrame);
createGraphFocus(app, renderer, $("graph"));
app.pick = createPick(app, renderer, $("graph"), $("side"));
app.on("load", () => {  // undo / redo buttons say whether there is anything to undo / redo
  $("undo").disabled = !store.canUndo();
  $("redo").disabled = !store.canRedo();
});

async function start() {
  setLang(getLang());
  applyDom();
  const [opList, exList] = await Promise.all([api.ops(), api.examples().catch(() => [])]);
  ops = Object.fromEntries(opList.map((o) => [o.name, o]));
  setOps(opList);
  menu.setExamples(exList);
  $("lang").addEventListener("click", () => app.setLang(getLang() === "ja" ? "en" : "ja"));
  keepFitted($("caption"));
  createInspector(app, $("inspector-body"));
  createNudge(app, $("inspector-body"));
  createEditor(app, { palette: $("palette"), expr: $("expr"), build: $("expr-build"), undo: $("undo"), redo: $("redo"), del: $("delete") });
  app.exports = installExports(app, { svg: $("graph") });
  createGradcheck(app, $("gradcheck"), $("gradcheck-panel"));
  await loadFirst();
  performance.mark("compgraph:first-drawn");
  if (document.body.dataset.lesson === "1") {  // the server says /static/lesson/index.js exists
    try {
      const lesson = await import("/static/lesson/index.js");
      lesson.install?.(app);
    } catch (err) { console.warn("lesson module:", err); }
  }
}

/** The first graph: a shared one (/g/{id}), else the autosaved one, else the apple example. */
async function loadFirst() {
  const graphId = document.body.dataset.graphId;
  const saved = store.autosaved();
  const examples = menu.examples;
  if (graphId) return app.loadDocument(await api.load(graphId), { record: false });
  if (saved?.nodes) {
    await app.loadDocument(saved, { record: false, keepPreset: true });
    return showMessage(t("autosave.restored"));
  }
  if (examples.length) return app.loadExample((examples.find((e) => e.name === "apple") || examples[0]).name, { record: false });
  return app.loadDocument({ version: 1, nodes: [] }, { record: false });
}

start().catch((err) => { showMessage(String(err.message || err), "error"); state.idle = true; });
