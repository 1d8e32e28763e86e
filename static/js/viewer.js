// The drawing + player + caption alone: the embed page (/embed/{id}) and the one-file offline
// player (/g/{id}/player.html) both mount it on the markup of templates/_viewer.html.

import { createView, titleOf } from "./standalone.js";
import { createPlayer } from "./player.js";
import { getLang, setLang, applyDom, t } from "./i18n.js";
import { createKeymap } from "./keymap.js";

const $ = (id) => document.getElementById(id);

/** Options from a query string: ?step=N|end, ?lang=ja|en, ?autoplay=1, ?speed=x, ?caption=0. */
export function viewerOptions(search) {
  const q = new URLSearchParams(search);
  const step = q.get("step");
  const speed = Number(q.get("speed"));
  return {
    step: step === "end" ? Infinity : Number.isFinite(Number(step)) && step !== null && step !== "" ? Number(step) : 0,
    lang: q.get("lang") === "ja" || q.get("lang") === "en" ? q.get("lang") : null,
    autoplay: q.get("autoplay") === "1" || q.get("autoplay") === "true",
    speed: Number.isFinite(speed) && speed > 0 ? speed : null,
    caption: q.get("caption") !== "0" && q.get("caption") !== "false",
  };
}

/** The speed index of the player's list nearest to a multiplier. */
const nearest = (speeds, x) => speeds.reduce((best, s, i) => (Math.abs(Math.log(s / x)) < Math.abs(Math.log(speeds[best] / x)) ? i : best), 0);

/**
 * Mount the viewer for {doc, evaluation, ops}; returns its small app object (also window.compgraph):
 * {state: {step, steps, frame, lang}, goto(k), step(d), play(), pause(), setLang(l)}.
 */
export function mountViewer(data, opts) {
  if (opts.lang) setLang(opts.lang);
  const relabel = () => { applyDom(); document.title = titleOf(data.doc); };
  relabel();
  const view = createView($("graph"), data);
  const state = { step: 0, frame: null, lang: getLang(), get steps() { return view.steps; } };
  const caption = $("caption");
  caption.hidden = !opts.caption;
  document.body.classList.toggle("no-caption", !opts.caption);
  let player = null;
  const keys = createKeymap();
  keys.install(document);
  const app = {
    state, view, keys, t,
    emit() {},
    goto(k) {
      const frame = view.goto(k);
      state.step = frame.step;
      state.frame = frame;
      player?.show(frame);
      caption.textContent = view.caption(frame);
      return frame;
    },
    step: (d = 1) => app.goto(state.step + d),
    play: () => player.play(),
    pause: () => player.pause(),
    setLang(lang) {
      setLang(lang);
      state.lang = getLang();
      relabel();
      view.redraw();
      app.goto(state.step);
    },
  };
  player = createPlayer(app, {
    play: $("play"), prev: $("prev"), next: $("next"), home: $("home"), end: $("end"),
    scrub: $("scrub"), boundary: $("scrub-boundary"), fwd: $("scrub-fwd"), counter: $("counter"),
    phase: $("phase"), speed: $("speed"), speedValue: $("speed-value"),
  });
  app.player = player;
  if (opts.speed) player.setSpeed(nearest(player.speeds, opts.speed));
  $("lang").addEventListener("click", () => app.setLang(getLang() === "ja" ? "en" : "ja"));
  app.goto(opts.step);
  if (opts.autoplay) player.play();
  window.compgraph = app;
  document.body.dataset.ready = "1";
  return app;
}

/** Show a failure in place of the caption (the page has no other message area). */
export function showFailure(text) {
  const caption = $("caption");
  caption.hidden = false;
  caption.classList.add("error");
  caption.textContent = text;
  document.body.dataset.ready = "error";
}
