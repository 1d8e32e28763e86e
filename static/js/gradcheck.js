// The gradient-check panel: backprop against central differences, per input, colour-coded.

import { api } from "./api.js";
import { fmt } from "./format.js";
import { el } from "./el.js";

export function createGradcheck(app, button, panel) {
  async function run() {
    panel.hidden = false;
    panel.replaceChildren(el("h2", null, app.t("gradcheck")));
    let res;
    try { res = await api.gradcheck(app.state.document); } catch (err) {
      panel.append(el("p", "field-error", err.message));
      return;
    }
    const table = el("table");
    const head = el("tr");
    for (const k of ["gc.input", "gc.abs", "gc.rel", ""]) head.append(el("th", null, k ? app.t(k) : ""));
    table.append(head);
    for (const [id, r] of Object.entries(res.inputs || {})) {
      const ok = r.ok ?? res.ok;
      const tr = el("tr", ok ? "ok" : "bad");
      tr.dataset.input = id;
      tr.append(el("td", null, id), el("td", null, fmt(r.max_abs_diff)), el("td", null, fmt(r.max_rel_diff)),
        el("td", "verdict", app.t(ok ? "gc.ok" : "gc.bad")));
      table.append(tr);
    }
    const box = el("div", `gc ${res.ok ? "ok" : "bad"}`);
    box.append(el("p", "summary", app.t("gc.title")), table);
    panel.append(box);
  }
  button.addEventListener("click", run);
  app.on("load", () => { panel.hidden = true; });
  app.on("lang", () => { if (!panel.hidden) run(); });
  return { run };
}
