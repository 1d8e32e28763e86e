// Wiring: builds the app object (window.compgraph), connects store, layout, renderer, player,
// inspector, editor and exports, and loads the lesson module when it exists.

import { api } from "./api.js";
import { createStore } from "./state.js";
import { layout } from "./layout.js";
import { frameAt, edgesOf, outputOf, captionText } from "./frame.js";
import { Renderer } from "./render.js";
import { createPlayer } from "./player.js";
import { t, setLang, getLang, applyDom, nodeName, setOps } from "./i18n.js";
import { fmt, labelText, isArray } from "./format.js";
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

const $ = (id) => document.getElementById(id);
const store = createStore();
const { state } = store;
const keys = createKeymap();
keys.install(document);
let ops = {};
let evalSeq = 0;
let timer = null;
let drawnLayout = null;
let examples = [];

/** Nodes with empty operand slots, each with one message naming every empty slot. */
function unconnected(doc) {
  const errors = new Map();
  for (const n of doc.nodes) {
    const slots = (n.inputs || []).map((src, i) => (src ? null : ops[n.op]?.operands?.[i] ?? i)).filter((x) => x !== null);
    if (slots.length === 1) errors.set(n.id, t("err.unconnected", { node: n.id, slot: slots[0] }));
    else if (slots.length) errors.set(n.id, t("err.unconnected.many", { node: n.id, slots: slots.join(t("and")) }));
  }
  return errors;
}

function labelWidths(doc, evaluation, output) {
  const w = {};
  if (!evaluation) return w;
  // px per character: 17px numbers (21px bold in presentation mode); vectors are drawn at 14px
  const charW = document.body.classList.contains("present") ? 13 : 10.5;
  const width = (v) => Math.max(isArray(v) ? 64 : 0, labelText(v).length * (isArray(v) ? 8.5 : charW));
  for (const e of edgesOf(doc, output)) {
    const grad = evaluation.nodes?.[e.from]?.grad;
    w[e.key] = Math.max(width(evaluation.nodes?.[e.from]?.value), grad == null ? 0 : width(grad));
  }
  return w;
}

function layoutOptions(doc) {
  const output = outputOf(doc, state.evaluation);
  const symbols = Object.fromEntries(Object.values(ops).map((o) => [o.name, o.symbol]));
  const boxes = new Set(Object.values(ops).filter((o) => o.box).map((o) => o.name));
  const tall = doc.nodes.some((n) => isArray(n.value) || isArray(state.evaluation?.nodes?.[n.id]?.value));
  const names = Object.fromEntries(doc.nodes.map((n) => [n.id, nodeName(n)]));
  const charW = document.body.classList.contains("present") ? 12.5 : 10;  // presentation: 21px bold names
  return { output, symbols, boxes, tall, names, charW, labelWidth: labelWidths(doc, state.evaluation, output) };
}

// Big graphs are laid out in a worker so that the page stays responsive.
const WORKER_FROM = 400;
let worker = null, jobs = 0;
function layoutInWorker(doc, opts) {
  worker ??= new Worker("/static/js/layout-worker.js", { type: "module" });
  const id = ++jobs;
  return new Promise((resolve) => {
    const done = (ev) => { if (ev.data.id === id) { worker.removeEventListener("message", done); resolve(ev.data.result); } };
    worker.addEventListener("message", done);
    worker.postMessage({ id, doc, opts: { ...opts, boxes: [...opts.boxes] } });
  });
}

/** Layout + structure drawing for the current document and evaluation (L: a layout in hand). */
function redraw(L) {
  const doc = state.document;
  const opts = layoutOptions(doc);
  L ??= layout(doc, opts);
  const output = opts.output;
  drawnLayout = L;
  renderer.draw({ doc, layout: L, edges: edgesOf(doc, output), ops, errors: state.errors, selected: state.selected });
  renderer.setMask(renderer.mask, maskHandler);
}

function showMessage(text, kind = "info") {
  const el = $("message");
  el.textContent = text;
  el.dataset.kind = kind;
  el.hidden = !text;
}

async function evaluateNow(stepTo) {
  const seq = ++evalSeq;
  state.idle = false;
  const doc = state.document;
  const local = unconnected(doc);
  let detail = [];
  if (local.size || !doc.nodes.length) {
    state.evaluation = null;
    detail = [...local].map(([node, msg]) => ({ node, msg }));
  } else {
    try {
      const ev = await api.evaluate(doc);
      if (seq !== evalSeq) return;
      state.evaluation = ev;
    } catch (err) {
      if (seq !== evalSeq) return;
      state.evaluation = null;
      detail = err.detail || [{ msg: t("err.network"), node: null }];
    }
  }
  state.errors = new Map();
  for (const d of detail) if (d.node) state.errors.set(d.node, state.errors.has(d.node) ? `${state.errors.get(d.node)}; ${d.msg}` : d.msg);
  showMessage(detail.map((d) => d.msg).join("\n"), detail.length ? "error" : "info");
  let L = null;
  if (doc.nodes.length >= WORKER_FROM) {
    L = await layoutInWorker(doc, layoutOptions(doc));
    if (seq !== evalSeq) return;
  }
  redraw(L);
  app.goto(stepTo === "keep" ? state.step : stepTo);
  if (detail.length) app.emit("error", detail);
  else app.emit("evaluated", state.evaluation);
  state.idle = true;
}

/** Re-evaluate after an edit, debounced; the drawing follows when the answer arrives. */
function scheduleEvaluate() {
  state.idle = false;
  clearTimeout(timer);
  timer = setTimeout(() => evaluateNow(Infinity), 250);
  app.emit("load", state.document);
}

/** A node's displayed name by id, in the current language (captions). */
function nameById(id) { return nodeName(state.document.nodes.find((n) => n.id === id) || { id }); }

function maskHandler(item, text, input) { renderer.maskCallback?.(item, text, input); }

export const app = {
  state,
  keys,
  on: store.on,
  emit: store.emit,
  t,
  format: fmt,
  get ops() { return ops; },
  get layout() { return drawnLayout; },
  panel: $("lesson-panel"),
  toolbar: $("lesson-toolbar"),
  async loadDocument(doc, { record = true } = {}) {
    clearTimeout(timer);
    store.setDocument(doc, { record });
    state.selected = null;
    $("examples").value = "";
    renderer.mask = [];
    renderer.maskCallback = null;
    app.emit("load", state.document);
    await evaluateNow(0);
  },
  async loadExample(name) {
    const doc = await api.example(name);
    const done = app.loadDocument(doc);
    $("examples").value = name;
    return done;
  },
  goto(k) {
    const frame = frameAt(state.document, state.evaluation, k, ops);
    state.step = frame.step;
    state.frame = frame;
    renderer.frame(frame);
    player?.show(frame);
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
    clearTimeout(timer);
    evalSeq += 1;
    store.setDocument(doc, { record: false });
    state.evaluation = evaluation;
    state.errors = new Map();
    redraw();
    app.goto(step);
    app.emit("evaluated", evaluation);
    state.idle = true;
    return state.frame;
  },
  play: () => player.play(),
  pause: () => player.pause(),
  edit(fn) { store.edit(fn); scheduleEvaluate(); },
  undo() { if (store.undo()) scheduleEvaluate(); },
  redo() { if (store.redo()) scheduleEvaluate(); },
  select(id) { state.selected = id; renderer.select(id); app.emit("select", id); },
  setMask(items, onInput) { renderer.maskCallback = onInput; renderer.setMask(items, maskHandler); renderer.frame(state.frame); },
  clearMask() { app.setMask([], null); },
  showMessage,
  setLang(lang) {
    setLang(lang);
    applyDom();
    fillExamples();
    if (state.frame) redraw(), app.goto(state.step);  // names (label_en / label) change the layout
    app.emit("lang", state.lang);
  },
  togglePresent(on = !document.body.classList.contains("present")) {
    document.body.classList.toggle("present", on);
    if (on && !document.fullscreenElement) document.documentElement.requestFullscreen?.().catch(() => {});
    if (!on && document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
    if (state.frame) redraw(), app.goto(state.step);
    app.emit("present", on);
  },
};
window.compgraph = app;

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
const player = createPlayer(app, {
  play: $("play"), prev: $("prev"), next: $("next"), home: $("home"), end: $("end"),
  scrub: $("scrub"), boundary: $("scrub-boundary"), fwd: $("scrub-fwd"), counter: $("counter"),
  phase: $("phase"), speed: $("speed"), speedValue: $("speed-value"),
});
app.player = player;
createGraphFocus(app, renderer, $("graph"));
app.renderer = renderer;
installZoom(app, renderer, $("stage"));
installFigureCard(app, $("stage"));

function fillExamples() {
  const sel = $("examples");
  const current = sel.value;
  const ja = getLang() === "ja";
  sel.replaceChildren(new Option("—", ""), ...examples.map((e) => {
    const option = new Option((ja && (e.title_ja || e.meta?.title_ja)) || e.title || e.name, e.name);
    option.title = (ja && e.summary_ja) || e.summary || "";
    return option;
  }));
  sel.value = current;
}

async function start() {
  setLang(getLang());
  applyDom();
  const [opList, exList] = await Promise.all([api.ops(), api.examples().catch(() => [])]);
  ops = Object.fromEntries(opList.map((o) => [o.name, o]));
  setOps(opList);
  const order = (e) => e.order ?? e.meta?.order ?? 1e9;
  examples = exList.slice().sort((a, b) => order(a) - order(b));  // stable: else the API's order
  fillExamples();
  $("examples").addEventListener("change", (ev) => ev.target.value && app.loadExample(ev.target.value));
  $("lang").addEventListener("click", () => app.setLang(getLang() === "ja" ? "en" : "ja"));
  $("present").addEventListener("click", () => app.togglePresent());
  keys.bind("p", () => app.togglePresent(), { name: "present" });
  keys.bind("Escape", () => app.togglePresent(false), { when: () => document.body.classList.contains("present") });
  document.addEventListener("fullscreenchange", () => {
    if (!document.fullscreenElement && document.body.classList.contains("present")) app.togglePresent(false);
  });
  keepFitted($("caption"));
  createInspector(app, $("inspector-body"));
  createNudge(app, $("inspector-body"));
  createEditor(app, { palette: $("palette"), expr: $("expr"), build: $("expr-build"), undo: $("undo"), redo: $("redo"), del: $("delete") });
  app.exports = installExports(app, { svg: $("graph") });
  createGradcheck(app, $("gradcheck"), $("gradcheck-panel"));
  const graphId = document.body.dataset.graphId;
  const saved = store.autosaved();
  if (graphId) await app.loadDocument(await api.load(graphId), { record: false });
  else if (saved && saved.nodes) { await app.loadDocument(saved, { record: false }); showMessage(t("autosave.restored")); }
  else if (examples.length) await app.loadExample((examples.find((e) => e.name === "apple") || examples[0]).name);
  else await app.loadDocument({ version: 1, nodes: [] }, { record: false });
  performance.mark("compgraph:first-drawn");
  if (document.body.dataset.lesson === "1") {  // the server says /static/lesson/index.js exists
    try {
      const lesson = await import("/static/lesson/index.js");
      lesson.install?.(app);
    } catch (err) { console.warn("lesson module:", err); }
  }
}

start().catch((err) => { showMessage(String(err.message || err), "error"); state.idle = true; });
