// The chapter-5 tour: ordered steps (GET /api/tour), each a preset with its key sentence and
// narration; next / previous, progress dots, deep links (/?tour=3), and the clicker: PageDown
// at the end of a step's animation (PageUp at its start) moves to the next (previous) step.

import "./strings.js";
import { api } from "/static/js/api.js";
import { t, pick } from "/static/js/i18n.js";
import { el } from "/static/js/el.js";
import { keepFitted } from "/static/js/fit.js";

export function createTour(app, root, overlay, { quiz, onChange } = {}) {
  let data = null, index = -1, active = false, busy = Promise.resolve();
  const current = () => data?.steps[index];
  // presentation mode: the key sentence on stage, shrunk to fit its strip above the drawing
  const progressEl = el("span", "lesson-present-progress"), keyEl = el("span", "lesson-present-key");
  keepFitted(keyEl);
  const forwardOnly = () => !!app.state.document.meta?.forward_only;
  const lastStep = () => (forwardOnly() ? Math.max(0, app.state.boundary - 1) : app.state.steps);

  async function load() {
    data ??= await api.tour();
    return data;
  }

  /** Show step i (0-based, or a step id, or "5" for the 1-based number of a deep link);
   *  `at` = "start" or "end" of its animation. */
  function go(i, at = "start") {
    busy = busy.then(async () => {
      await load();
      const n = data.steps.length;
      if (typeof i === "string") {
        i = /^\d+$/.test(i) ? Number(i) - 1 : data.steps.findIndex((s) => s.id === i);
        if (i < 0) return;
      }
      index = Math.max(0, Math.min(n - 1, i));
      active = true;
      const step = current();
      const url = new URL(window.location.href);
      url.searchParams.set("tour", String(index + 1));
      window.history.replaceState(null, "", url);
      await app.loadExample(step.preset);
      if (at === "end") app.goto(lastStep());
      if (step.quiz) quiz?.start("grads"); else quiz?.stop();
      render();
      onChange?.();
    }).catch((err) => console.warn("tour:", err));
    return busy;
  }

  function stop() {
    active = false;
    const url = new URL(window.location.href);
    url.searchParams.delete("tour");
    window.history.replaceState(null, "", url);
    render();
    onChange?.();
  }

  const next = () => (active && index < data.steps.length - 1 ? go(index + 1) : busy);
  const prev = (at = "start") => (active && index > 0 ? go(index - 1, at) : busy);

  function render() {
    root.replaceChildren();
    root.hidden = !active;
    overlay.classList.toggle("active", active);
    if (!active || !data) return overlay.replaceChildren();
    const step = current(), n = data.steps.length;
    const head = el("div", "lesson-tour-head");
    head.append(el("h2", null, pick(data.title)));
    const progress = el("p", "lesson-progress", t("lesson.progress", { k: index + 1, n }));
    progress.dataset.step = index + 1;
    progress.dataset.total = n;
    head.append(progress);
    root.append(head);
    const dots = el("div", "lesson-dots");
    dots.setAttribute("role", "tablist");
    data.steps.forEach((s, i) => {
      const d = el("button", i === index ? "dot on" : i < index ? "dot done" : "dot");
      d.title = `${i + 1}. ${pick(s.title)}`;
      d.setAttribute("aria-label", d.title);
      d.addEventListener("click", () => go(i));
      dots.append(d);
    });
    root.append(dots);
    const fig = /^\d+-\d+$/.test(step.figure) ? ` · ${t("lesson.figure", { fig: step.figure })}` : "";
    const where = `${t("lesson.section", { sec: step.section })}${fig}`;
    root.append(el("p", "lesson-where", where));
    root.append(el("h3", "lesson-title", pick(step.title)));
    root.append(el("blockquote", "lesson-key", pick(step.key)));
    root.append(el("p", "lesson-narration", pick(step.narration)));
    if (step.link) {
      const a = el("a", "lesson-link button", t("lesson.open.link"));
      a.href = step.link;
      root.append(a);
    }
    const row = el("div", "lesson-row");
    const back = el("button", "lesson-prev", t("lesson.prev"));
    back.disabled = index === 0;
    back.addEventListener("click", () => prev());
    const fwd = el("button", "lesson-next", t("lesson.next"));
    fwd.disabled = index === n - 1;
    fwd.addEventListener("click", () => next());
    const close = el("button", "lesson-close", t("lesson.close"));
    close.addEventListener("click", stop);
    row.append(back, fwd, close);
    root.append(row);
    root.append(el("p", "lesson-muted lesson-keys", t("lesson.keys")));
    // presentation mode: the panel is hidden, so the key sentence and progress go on the stage
    progressEl.textContent = `${index + 1} / ${n} · ${step.section}`;
    keyEl.textContent = pick(step.key);
    overlay.replaceChildren(progressEl, keyEl);
  }

  // Keys: N / B always step the tour; PageDown / PageUp step the animation (player.js) and,
  // pressed at the end / start of it, move the tour on / back (bound above the player's keys).
  const keys = app.keys, on = { when: () => active, priority: 1 };
  keys.bind("n", () => next(), { ...on, name: "tour.next" });
  keys.bind("b", () => prev(), { ...on, name: "tour.prev" });
  keys.bind("PageDown", () => next(), { ...on, when: () => active && app.state.step >= lastStep() });
  keys.bind("PageUp", () => prev("end"), { ...on, when: () => active && app.state.step <= 0 });

  return {
    load, go, next, prev, stop, render,
    get active() { return active; }, get index() { return index; },
    get ready() { return busy; },
  };
}
