// Quiz mode (Fig. 5-15): chosen value or gradient labels become empty boxes; an answer is judged
// once it is complete (Enter, leaving the box, or a pause in typing: "3" on the way to "3.3" is not
// wrong), in colour, shape (✓ / ✗) and words; "Show" reveals one answer by playing its step, and
// the caption explains every step with the numbers still asked blanked out.
// The teacher picks the boxes: a mode (gradients, values, both), then a tick per label.

import { check, formatAnswer } from "./quiz-check.js";
import "./strings.js";
import { t, nodeName } from "/static/js/i18n.js";
import { el } from "/static/js/el.js";
import { blankNumbers, boxInputs, keepOffNames } from "./quiz-boxes.js";

const PAUSE_MS = 1200;  // typing stopped this long: the answer is judged

/** The boxes a graph offers: one per scalar label, with its expected number and its step. */
export function quizItems(doc, evaluation, mode) {
  const items = [];
  const trace = evaluation?.trace || [];
  const consumers = new Map(doc.nodes.map((n) => [n.id, []]));
  for (const n of doc.nodes) (n.inputs || []).forEach((src) => consumers.get(src)?.push(n.id));
  const scalar = (v) => typeof v === "number";
  for (const s of trace) {
    if (s.phase === "forward" && (mode === "values" || mode === "both") && scalar(s.value)) {
      const tos = consumers.get(s.node)?.length ? [...new Set(consumers.get(s.node))] : [""];
      for (const to of tos) {
        items.push({ from: s.node, to, kind: "value", expected: s.value, step: s.index + 1 });
      }
    }
    if (s.phase === "backward" && s.op !== "seed" && (mode === "grads" || mode === "both")) {
      for (const e of s.edges || []) {
        if (scalar(e.grad)) {
          items.push({ from: e.to, to: s.node, kind: "grad", expected: e.grad, step: s.index + 1 });
        }
      }
    }
  }
  return items;
}

/** The quiz: its panel in root; its score also on stage (stageBox) for presentation mode, where
 * the panel is hidden. */
export function createQuiz(app, root, onChange, stageBox = null) {
  let active = false, mode = "grads", items = [], results = new Map(), shown = new Set(), given = new Set();
  let last = null;  // the state of the last answered box: "right" | "wrong" | null
  const key = (m) => `${m.from}>${m.to}>${m.kind}`;
  const labelOf = (id) => {
    const n = app.state.document.nodes.find((x) => x.id === id);
    return id ? nodeName(n || { id }) : t("lesson.quiz.out");
  };

  const open = () => items.filter((m) => !shown.has(key(m)) && !given.has(key(m)));
  const itemName = (m) => t(`lesson.quiz.${m.kind}${items.filter((x) => x.from === m.from && x.kind === m.kind).length > 1 ? ".to" : ""}`,
    { from: labelOf(m.from), to: m.to ? labelOf(m.to) : t("lesson.quiz.out") });

  function applyMask() {
    app.setMask(open().map(({ from, to, kind }) => ({ from, to, kind })), onInput);
    dressBoxes();
  }

  /** Names, answer keys and right / wrong state on the boxes drawn now, kept off the names. */
  function dressBoxes() {
    if (!active) return;
    const svg = root.ownerDocument.getElementById("graph");
    for (const [k, input] of boxInputs(root.ownerDocument)) {
      const m = items.find((x) => key(x) === k);
      if (!m) continue;
      input.setAttribute("aria-label", t("lesson.quiz.box", { name: itemName(m) }));
      input.onchange = () => judge(m, input.value);
      input.onkeydown = (ev) => { if (ev.key === "Enter") { judge(m, input.value); ev.stopPropagation(); } };
      markBox(input, results.get(k));
    }
    if (svg) keepOffNames(svg);
  }

  function markBox(input, ok) {
    input.classList.toggle("right", ok === true);
    input.classList.toggle("wrong", ok === false);
    if (ok === undefined || ok === null) input.removeAttribute("aria-invalid");
    else input.setAttribute("aria-invalid", String(!ok));
    input.title = ok === true ? `✓ ${t("lesson.quiz.last.right")}` : ok === false ? `✗ ${t("lesson.quiz.last.wrong")}` : "";
  }

  let pause = null;
  function onInput(m, text) {  // typing: no verdict until the answer looks complete
    clearTimeout(pause);
    const input = boxInputs(root.ownerDocument).get(key(m));
    if (input) markBox(input, undefined);
    pause = setTimeout(() => judge(m, text), PAUSE_MS);
  }

  function judge(m, text) {
    clearTimeout(pause);
    const item = items.find((x) => key(x) === key(m));
    if (!item) return;
    const r = String(text).trim() ? check(text, item.expected) : { ok: null };
    const input = boxInputs(root.ownerDocument).get(key(m));
    if (input) markBox(input, r.ok ?? undefined);
    if (r.ok === null) results.delete(key(m)); else results.set(key(m), r.ok);
    last = r.ok === null ? null : r.ok ? "right" : "wrong";
    render();
  }

  /** The caption while the quiz runs: the step explained, the numbers still asked blanked out. */
  app.captionFilter = (text, frame) => {
    if (!active) return text;
    const blanked = blankNumbers(text, open().map((m) => m.expected));
    return t("lesson.quiz.caption", { text: blanked, step: frame.step });
  };
  for (const ev of ["present", "lang", "evaluated"]) app.on(ev, dressBoxes);

  function start(nextMode) {
    mode = nextMode || app.state.document.meta?.quiz?.hide || "grads";
    items = quizItems(app.state.document, app.state.evaluation, mode);
    results = new Map();
    shown = new Set();
    given = new Set();
    last = null;
    active = true;
    applyMask();
    app.goto(mode === "grads" ? Infinity : 0);
    render();
    onChange?.();
  }

  function stop() {
    if (!active) return;
    active = false;
    items = [];
    app.clearMask();
    render();
    onChange?.();
  }

  function reveal(m) {
    shown.add(key(m));
    results.delete(key(m));
    applyMask();
    app.goto(m.step);
    render();
  }

  /** The on-stage score (shown by CSS in presentation mode only): n of N right, wrong count, and
   * whether the last answer was right. */
  function renderStage(right, total, wrong) {
    if (!stageBox) return;
    stageBox.classList.toggle("active", active && items.length > 0);
    stageBox.dataset.last = last || "open";
    stageBox.dataset.right = right;
    stageBox.dataset.total = total;
    stageBox.dataset.wrong = wrong;
    const parts = [el("div", "lesson-stage-score-main", t("lesson.quiz.score", { right, n: total }))];
    if (wrong) parts.push(el("div", "lesson-stage-score-wrong", `✗ ${t("lesson.quiz.wrongs", { k: wrong })}`));
    if (last) parts.push(el("div", "lesson-stage-score-last", `${last === "right" ? "✓" : "✗"} ${t(`lesson.quiz.last.${last}`)}`));
    stageBox.replaceChildren(...parts);
  }

  function render() {
    root.replaceChildren();
    root.hidden = !active;
    if (!active || !items.length) renderStage(0, 0, 0);
    if (!active) return;
    root.append(el("h2", null, t("lesson.quiz.title")));
    const modes = el("div", "lesson-modes");
    modes.append(el("span", null, t("lesson.quiz.hide")));
    for (const m of ["grads", "values", "both"]) {
      const b = el("button", m === mode ? "on" : "", t(`lesson.quiz.${m}`));
      b.dataset.mode = m;
      b.addEventListener("click", () => start(m));
      modes.append(b);
    }
    root.append(modes);
    if (!items.length) { root.append(el("p", "lesson-muted", t("lesson.quiz.none"))); return; }
    root.append(el("p", "lesson-muted", t("lesson.quiz.help")));
    const asked = items.filter((m) => !given.has(key(m)));
    const right = asked.filter((m) => results.get(key(m)) === true).length;
    renderStage(right, asked.length, asked.filter((m) => results.get(key(m)) === false).length);
    const score = el("p", "lesson-score", t("lesson.quiz.score", { right, n: asked.length }));
    score.dataset.right = right;
    score.dataset.total = asked.length;
    root.append(score);
    const list = el("ol", "lesson-quiz-list");
    for (const m of items) {
      const li = el("li");
      const r = results.get(key(m));
      li.dataset.state = shown.has(key(m)) ? "shown" : r === true ? "right" : r === false ? "wrong" : "open";
      li.dataset.key = key(m);
      const pick = el("input", "lesson-pick");
      pick.type = "checkbox";
      pick.checked = !given.has(key(m));
      pick.title = t("lesson.quiz.pick");
      pick.setAttribute("aria-label", pick.title);
      pick.addEventListener("change", () => {
        if (pick.checked) given.delete(key(m)); else given.add(key(m));
        results.delete(key(m));
        applyMask();
        render();
      });
      li.append(pick);
      const name = itemName(m);
      li.append(el("span", "lesson-mark", { right: "✓", wrong: "✗", shown: "=", open: "·" }[li.dataset.state]));
      li.append(el("span", "lesson-item", name));
      if (shown.has(key(m))) li.append(el("span", "lesson-answer", formatAnswer(m.expected)));
      else {
        const b = el("button", "lesson-show", t("lesson.quiz.show"));
        b.addEventListener("click", () => reveal(m));
        li.append(b);
      }
      list.append(li);
    }
    root.append(list);
    const row = el("div", "lesson-row");
    const all = el("button", "lesson-show-all", t("lesson.quiz.showAll"));
    all.addEventListener("click", () => { items.forEach((m) => shown.add(key(m))); results.clear(); applyMask(); app.goto(Infinity); render(); });
    const again = el("button", "lesson-again", t("lesson.quiz.clear"));
    again.addEventListener("click", () => start(mode));
    const close = el("button", "lesson-close", t("lesson.close"));
    close.addEventListener("click", stop);
    row.append(all, again, close);
    root.append(row);
  }

  return { start, stop, render, get active() { return active; }, get items() { return items; } };
}
