// The gradient-check panel: backprop against central differences, per input, colour-coded.

import { api } from "./api.js";
import { fmt } from "./format.js";

export function createGradcheck(app, button, panel) {
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };
  async function run() {
    panel.hidden = false;
    panel.replaceChildren(el("h2", app.t("gradcheck")));
    let res;
    try { res = await api.gradcheck(app.state.document); } catch (err) {
      panel.append(el("p", err.message, "field-error"));
      return;
    }
    const table = el("table");
    const head = el("tr");
    for (const k of ["gc.input", "gc.abs", "gc.rel", ""]) head.append(el("th", k ? app.t(k) : ""));
    table.append(head);
    for (const [id, r] of Object.entries(res.inputs || {})) {
      const ok = r.ok ?? res.ok;
      const tr = el("tr", undefined, ok ? "ok" : "bad");
      tr.dataset.input = id;
      tr.append(el("td", id), el("td", fmt(r.max_abs_diff)), el("td", fmt(r.max_rel_diff)),
        el("td", app.t(ok ? "gc.ok" : "gc.bad"), "verdict"));
      table.append(tr);
    }
    const box = el("div", undefined, `gc ${res.ok ? "ok" : "bad"}`);
    box.append(el("p", app.t("gc.title"), "summary"), table);
    panel.append(box);
  }
  button.addEventListener("click", run);
  app.on("load", () => { panel.hidden = true; });
  app.on("lang", () => { if (!panel.hidden) run(); });
  return { run };
}
