// The inspector's user-group controls: for each group holding the node (innermost first; for a
// collapsed box, its group and those around it) a name field (rename), Expand / Collapse and
// Ungroup; and a form that groups the node with its ancestors. All are document edits, so undo,
// redo, share and reload keep them. The same name + Make group form serves the selection (pick.js).

import { el } from "./el.js";
import { gt, refusal } from "./group-strings.js";
import { ancestorsOf, checkGroup, drawnGroup, groupsOf, makeGroup, outputOf, renameGroup, setCollapsed, ungroup } from "./groups.js";

function button(id, text, onClick) {
  const b = el("button", { type: "button" }, text);
  if (id) b.id = id;
  b.addEventListener("click", onClick);
  return b;
}

/**
 * A name field, a Make group button and the message of a refusal; `idsOf(doc)` gives the nodes
 * (checked by groups.js before the edit), `done(found)` runs after the group is made. Element ids
 * and names start with `prefix`.
 */
export function makeForm(app, prefix, idsOf, done) {
  const field = el("input", { name: `${prefix}-name`, placeholder: gt("name"), maxLength: 64, "aria-label": gt("name") });
  const error = el("p", { className: "field-error", id: `${prefix}-error`, role: "alert" });
  const make = button(`${prefix}-make`, gt("make"), () => {
    const name = field.value.trim();
    const found = name ? checkGroup(app.state.document, idsOf(app.state.document)) : { ok: false, key: "name" };
    error.textContent = found.ok ? "" : refusal(found);
    if (!found.ok) return;
    app.edit((d) => makeGroup(d, idsOf(d), name));
    done?.(found, name);
    app.select(found.output);
  });
  field.addEventListener("keydown", (ev) => { if (ev.key === "Enter") make.click(); });
  return [field, make, error];
}

/** One group's box of controls; the first one's elements carry the ids the tests and docs use. */
function groupBox(app, g, first, nodeId) {
  const doc = app.state.document;
  const box = el("fieldset", { className: "group-box", "data-group": g.id });
  const name = el("input", { name: `group-rename-${g.id}`, value: g.name, maxLength: 64 });
  if (first) name.id = "group-rename";
  name.addEventListener("change", () => {
    const v = name.value.trim();
    if (v && v !== g.name) app.edit((d) => renameGroup(d, g.id, v));
    else name.value = g.name;
  });
  const row = el("label", "edit-row", el("span", null, gt("rename")), name);
  const out = outputOf(doc, g);
  const toggle = button(first && "group-toggle", gt(g.collapsed ? "show" : "shut", { name: g.name }), () => {
    app.edit((d) => setCollapsed(d, g.id, !g.collapsed));
    app.select(g.collapsed ? nodeId : out ?? nodeId);
  });
  const remove = button(first && "group-remove", gt("ungroup", { name: g.name }), () => {
    app.edit((d) => ungroup(d, g.id));
    app.select(nodeId);
  });
  box.append(el("legend", null, gt("legend", { name: g.name })), row, toggle, remove);
  return box;
}

/** The inspector's group lines for `node`. */
export function groupControls(app, node) {
  const doc = app.state.document;
  const drawn = drawnGroup(doc, node.id);
  const chain = groupsOf(doc, node.id).filter((g) => !drawn || g.nodes.length >= drawn.nodes.length);
  const out = chain.map((g, i) => groupBox(app, g, i === 0, node.id));
  if (node.op === "input" || node.op === "const" || drawn) return out;
  const hint = el("p", "group-hint", gt("hint"));
  return [...out, hint, ...makeForm(app, "group", (d) => ancestorsOf(d, node.id))];
}
