// Choosing exactly the nodes of a group: Shift+click a node, or Shift+Enter (Shift+Space) on the
// node that has the keyboard focus (focus.js), toggles it in the selection (a collapsed box: all of
// its group); Escape in the drawing clears it. The renderer marks the chosen nodes (class
// "picked", aria-pressed), and a panel above the inspector lists them, with the name field and
// Make group (group-controls.js), which checks the selection first (groups.js checkGroup).

import { el } from "./el.js";
import { gt } from "./group-strings.js";
import { makeForm } from "./group-controls.js";
import { drawnGroup } from "./groups.js";
import { nodeName } from "./i18n.js";

export function createPick(app, renderer, svg, host) {
  const picked = new Set();
  const panel = el("section", { id: "group-pick", className: "group-pick", hidden: true });
  host.prepend(panel);
  const title = el("h2", { id: "pick-title" });
  const list = el("p", { className: "pick-list", id: "pick-list", "aria-live": "polite" });
  const hint = el("p", "group-hint");
  const clearButton = el("button", { type: "button", id: "pick-clear" });
  clearButton.addEventListener("click", () => clear());
  let form = [];

  function build() {  // the texts in the current language (the typed name stays)
    const typed = form[0]?.value ?? "";
    form = makeForm(app, "pick", () => [...picked], () => clear());
    form[0].value = typed;
    panel.setAttribute("aria-labelledby", "pick-title");
    hint.textContent = gt("pick.hint");
    clearButton.textContent = gt("pick.clear");
    panel.replaceChildren(title, list, hint, el("div", "pick-form", ...form.slice(0, 2)), form[2], clearButton);
    show();
  }
  function show() {
    renderer.setPicked(picked);
    panel.hidden = !picked.size;
    const doc = app.state.document;
    title.textContent = gt("pick.title", { n: picked.size });
    list.textContent = doc.nodes.filter((n) => picked.has(n.id))
      .map((n) => (nodeName(n) === n.id ? n.id : `${nodeName(n)} (${n.id})`)).join(", ");
  }
  /** Add node `id` to the selection, or take it out (a collapsed box: its whole group). */
  function toggle(id) {
    if (!id) return;
    const g = drawnGroup(app.state.document, id);
    const on = !picked.has(id);
    for (const m of g ? g.nodes : [id]) if (on) picked.add(m); else picked.delete(m);
    form[2].textContent = "";
    show();
  }
  function clear() {
    picked.clear();
    form[2].textContent = "";
    show();
  }

  svg.addEventListener("click", (ev) => {  // before the node's own click (which selects it)
    const node = ev.shiftKey && ev.target.closest?.("g.node");
    if (!node) return;
    ev.stopPropagation();
    toggle(node.dataset.id);
  }, true);
  const onNode = () => svg.contains(document.activeElement) && !!app.state.focus;
  app.keys.bind(["Shift+Enter", "Shift+Space"], () => toggle(app.state.focus), { when: onNode, priority: 3, name: "group.pick" });
  app.keys.bind("Escape", () => clear(), { when: () => onNode() && picked.size > 0, priority: 3, name: "group.unpick" });
  app.on("load", () => {  // an edit, undo or another graph: nodes that are gone leave the selection
    const ids = new Set(app.state.document.nodes.map((n) => n.id));
    for (const id of picked) if (!ids.has(id)) picked.delete(id);
    show();
  });
  app.on("lang", build);
  build();
  return { toggle, clear, get ids() { return [...picked]; } };
}
