// The notebook widget (anywidget ES module, bundled into static/dist/widget.js): the web app's
// own view (layout, renderer, frame, captions), player, keymap, inspector and i18n, mounted in
// a shadow root so the app's styles stay inside it. The model carries the document, its
// evaluate answer and the op catalog (from Python), and `step`/`steps`/`lang`/`selected`. A
// document's collapsed user groups are drawn as one box each, as in the app (groups.js).

import "./d3-global.js";
import { createView } from "../js/standalone.js";
import { createPlayer } from "../js/player.js";
import { createKeymap } from "../js/keymap.js";
import { createInspector } from "../js/inspector.js";
import { collapsedView } from "../js/groups.js";
import { setLang, getLang, t } from "../js/i18n.js";
import { fitText } from "../js/fit.js";
import appCss from "../css/app.css";
import katexCss from "/vendor/katex/dist/katex.min.css";
import widgetCss from "./widget.css";
import markup from "./widget.html";

/** KaTeX's fonts are declared once in the page (a shadow root's @font-face is ignored). */
function installFonts() {
  if (document.getElementById("compgraph-katex-css")) return;
  const style = document.createElement("style");
  style.id = "compgraph-katex-css";
  style.textContent = katexCss;
  document.head.append(style);
}

/** A tiny event hub with the app's on/emit interface (what player and inspector expect). */
function hub() {
  const fns = {};
  return {
    on(name, fn) { (fns[name] ??= new Set()).add(fn); return () => fns[name].delete(fn); },
    emit(name, arg) { for (const fn of fns[name] ?? []) fn(arg); },
  };
}

function relabel(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-title]")) {
    el.title = t(el.dataset.i18nTitle);
    el.setAttribute("aria-label", el.title);
  }
}

function render({ model, el }) {
  installFonts();
  const shadow = el.shadowRoot ?? el.attachShadow({ mode: "open" });
  shadow.innerHTML = `<style>${appCss.replaceAll(":root", ":host")}\n${katexCss}\n${widgetCss}</style>${markup}`;
  const $ = (id) => shadow.getElementById(id);
  const box = $("cg-widget");
  const events = hub();
  const keys = createKeymap();
  keys.install(box);  // keys only while the widget has focus: the notebook keeps its own
  const state = { step: 0, steps: 0, frame: null, selected: null, lang: getLang(), document: null, evaluation: null };
  let view = null;
  const app = {
    ...events, state, keys, t, ops: {},
    goto(k) {
      setLang(state.lang);
      const frame = view.goto(k);
      state.step = frame.step;
      state.frame = frame;
      player.show(frame);
      $("caption").textContent = view.caption(frame);
      fitText($("caption"));
      box.dataset.step = String(frame.step);
      if (model.get("step") !== frame.step) { model.set("step", frame.step); model.save_changes(); }
      events.emit("step", frame);
      return frame;
    },
    step: (d = 1) => app.goto(state.step + d),
    play: () => player.play(),
    pause: () => player.pause(),
    select(id) {
      state.selected = id ?? null;
      $("side").hidden = !state.selected;
      if ((model.get("selected") ?? null) !== state.selected) { model.set("selected", state.selected); model.save_changes(); }
      events.emit("select", state.selected);
    },
    edit(fn) {  // the inspector's edits (fn changes a copy in place): Python evaluates the new document
      const doc = structuredClone(state.document);
      fn(doc);
      model.set("document", doc);
      model.save_changes();
    },
  };
  const player = createPlayer(app, {
    play: $("play"), prev: $("prev"), next: $("next"), home: $("home"), end: $("end"),
    scrub: $("scrub"), boundary: $("scrub-boundary"), fwd: $("scrub-fwd"), counter: $("counter"),
    phase: $("phase"), speed: $("speed"), speedValue: $("speed-value"),
  });
  function load() {
    state.lang = model.get("lang") === "ja" ? "ja" : "en";
    setLang(state.lang);
    state.document = model.get("document");
    state.evaluation = model.get("evaluation");
    app.ops = Object.fromEntries(model.get("ops").map((o) => [o.name, o]));
    app.shown = collapsedView(state.document, state.evaluation, app.ops);  // collapsed groups: one box each
    const svg = $("graph");
    svg.replaceChildren();
    const { doc, evaluation, ops } = app.shown;
    view = createView(svg, { doc, evaluation, ops: Object.values(ops) });
    view.renderer.handlers.onNodeClick = (id) => app.select(id);
    view.renderer.handlers.onBackground = () => app.select(null);
    state.steps = view.steps;
    if (model.get("steps") !== view.steps) { model.set("steps", view.steps); model.save_changes(); }  // a box: 2 steps
    relabel(shadow);
    $("lang").textContent = state.lang === "ja" ? "English" : "日本語";
    app.goto(model.get("step"));
    events.emit("evaluated", state.evaluation);
  }
  $("lang").addEventListener("click", () => { model.set("lang", state.lang === "ja" ? "en" : "ja"); model.save_changes(); });
  const onStep = () => { if (model.get("step") !== state.step) app.goto(model.get("step")); };
  const onLang = () => { load(); events.emit("lang", state.lang); };
  const onSelected = () => { if ((model.get("selected") ?? null) !== state.selected) app.select(model.get("selected")); };
  model.on("change:step", onStep);
  model.on("change:lang", onLang);
  model.on("change:evaluation", load);
  model.on("change:selected", onSelected);
  load();
  createInspector(app, $("inspector-body"));
  app.select(model.get("selected"));
  return () => {
    player.pause();
    model.off("change:step", onStep);
    model.off("change:lang", onLang);
    model.off("change:evaluation", load);
    model.off("change:selected", onSelected);
  };
}

export default { render };
