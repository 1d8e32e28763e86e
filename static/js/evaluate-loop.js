// The evaluate loop: after an edit, wait for typing to pause (debounce), send the document to
// POST /api/evaluate, drop answers that a newer request overtook (sequence numbers), lay big
// graphs out in a worker, then hand the result to the app to draw.

import { api } from "./api.js";

const DEBOUNCE_MS = 250;
const WORKER_FROM = 400;  // nodes: bigger graphs are laid out in a worker (the page stays responsive)

/** Lay `doc` out in a Web Worker (layout-worker.js). */
function workerLayout() {
  let worker = null, jobs = 0;
  return (doc, opts) => {
    worker ??= new Worker("/static/js/layout-worker.js", { type: "module" });
    const id = ++jobs;
    return new Promise((resolve) => {
      const done = (ev) => { if (ev.data.id === id) { worker.removeEventListener("message", done); resolve(ev.data.result); } };
      worker.addEventListener("message", done);
      worker.postMessage({ id, doc, opts: { ...opts, boxes: [...opts.boxes] } });
    });
  };
}

/** Operand slots left empty: [{node, msg}], one message per node naming every empty slot. */
export function emptySlots(doc, ops, t) {
  const out = [];
  for (const n of doc.nodes) {
    const names = (n.inputs || []).map((src, i) => (src ? null : ops[n.op]?.operands?.[i] ?? String(i))).filter((x) => x !== null);
    if (names.length === 1) out.push({ node: n.id, msg: t("err.unconnected", { node: n.id, slot: names[0] }) });
    else if (names.length) out.push({ node: n.id, msg: t("err.unconnected.many", { node: n.id, slots: names.join(t("and")) }) });
  }
  return out;
}

/**
 * @param state the store's state; @param hooks {ops(), t, layoutOptions(doc), show(layout, stepTo,
 *   detail)}: show draws the result (a layout in hand for big graphs, else null).
 */
export function createEvaluateLoop(state, hooks) {
  let seq = 0, timer = null;
  const inWorker = workerLayout();
  async function run(stepTo) {
    const mine = ++seq;
    state.idle = false;
    const doc = state.document;
    let detail = emptySlots(doc, hooks.ops(), hooks.t);
    if (detail.length || !doc.nodes.length) state.evaluation = null;
    else {
      try {
        const ev = await api.evaluate(doc);
        if (mine !== seq) return;
        state.evaluation = ev;
      } catch (err) {
        if (mine !== seq) return;
        state.evaluation = null;
        detail = err.detail || [{ msg: hooks.t("err.network"), node: null }];
      }
    }
    state.errors = new Map();
    for (const d of detail) if (d.node) state.errors.set(d.node, state.errors.has(d.node) ? `${state.errors.get(d.node)}; ${d.msg}` : d.msg);
    let L = null;
    if (doc.nodes.length >= WORKER_FROM) {
      L = await inWorker(doc, hooks.layoutOptions(doc));
      if (mine !== seq) return;
    }
    hooks.show(L, stepTo, detail);
    state.idle = true;
  }
  return {
    /** Evaluate now and go to step stepTo ("keep": stay). */
    run,
    /** Evaluate after a pause in editing (each edit restarts the wait). */
    schedule() { state.idle = false; clearTimeout(timer); timer = setTimeout(() => run(Infinity), DEBOUNCE_MS); },
    /** Forget any pending or running evaluation (a document shown with its answer in hand). */
    cancel() { clearTimeout(timer); seq += 1; },
  };
}
