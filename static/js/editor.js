// Editing: the palette (from GET /api/ops), adding nodes, connecting by dragging from an output
// port to an operand slot, editing ids / labels / values / attributes in the inspector, delete,
// undo / redo and the expression box (POST /api/parse). Every edit re-evaluates (debounced).

import { api } from "./api.js";
import { fmt } from "./format.js";
import { el } from "./el.js";
import { nodeName } from "./i18n.js";
import { installNodeDrag } from "./move.js";
import { forgetInGroups, renameInGroups } from "./groups.js";

const ID = /^[A-Za-z0-9_.-]{1,64}$/;
const STARTER = "x = 1\ny = 2\nz = (x + y) ** 2";  // Fig. 5-4's chain rule: Build works as it stands
const d3 = globalThis.d3;

/** A value typed by a student: a number or a rectangular nested list of numbers (JSON, no eval). */
export function parseValue(text) {
  let v;
  try { v = JSON.parse(text.trim()); } catch { return undefined; }
  const shape = (x) => (Array.isArray(x) ? [x.length, ...(x.length ? shape(x[0]) : [])] : []);
  const ok = (x, s) => (s.length === 0 ? typeof x === "number" && Number.isFinite(x)
    : Array.isArray(x) && x.length === s[0] && x.every((y) => ok(y, s.slice(1))));
  return ok(v, shape(v)) ? v : undefined;
}

function freshId(doc, op) {
  const used = new Set(doc.nodes.map((n) => n.id));
  if (op === "input") for (const c of ["x", "y", "z", "w", "u", "v"]) if (!used.has(c)) return c;
  const base = op === "input" ? "x" : op === "const" ? "c" : op;
  for (let i = 1; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

export function renameNode(doc, from, to) {
  for (const n of doc.nodes) {
    if (n.id === from) n.id = to;
    if (n.inputs) n.inputs = n.inputs.map((s) => (s === from ? to : s));
  }
  if (doc.output === from) doc.output = to;
  renameInGroups(doc, from, to);
}

export function deleteNode(doc, id) {
  doc.nodes = doc.nodes.filter((n) => n.id !== id);
  for (const n of doc.nodes) if (n.inputs) n.inputs = n.inputs.map((s) => (s === id ? null : s));
  if (doc.output === id) delete doc.output;
  forgetInGroups(doc, id);
}

export function createEditor(app, ui) {
  const svg = d3.select("#graph");
  function addNode(opName) {
    const op = app.ops[opName];
    let id;
    app.edit((doc) => {
      id = freshId(doc, opName);
      const node = { id, op: opName };
      if (op.leaf) node.value = opName === "const" ? 1 : 0;
      else node.inputs = new Array(op.arity).fill(null);
      const attrs = Object.fromEntries((op.attrs || []).filter((a) => a.required)
        .map((a) => [a.name, a.default ?? (a.type === "number" ? 2 : null)]));
      if (Object.keys(attrs).length) node.attrs = attrs;
      doc.nodes.push(node);
    });
    app.select(id);
    return id;
  }
  function connect(src, dst, slot) {
    if (src === dst) return;
    app.edit((doc) => {
      const n = doc.nodes.find((x) => x.id === dst);
      if (n && n.inputs && slot < n.inputs.length) n.inputs[slot] = src;
    });
  }
  function remove(id = app.state.selected) {
    if (!id) return;
    app.edit((doc) => deleteNode(doc, id));
    app.select(null);
  }

  // palette
  const palette = () => {
    ui.palette.replaceChildren(...Object.values(app.ops).map((op) => {
      const b = el("button", { type: "button", title: op.summary?.[app.state.lang] || op.name }, op.leaf ? app.t(`op.${op.name}`)
        : op.box || op.symbol.toLowerCase() === op.name ? op.symbol : `${op.symbol} ${op.name}`);
      b.dataset.op = op.name;
      b.addEventListener("click", () => addNode(op.name));
      return b;
    }));
  };
  palette();
  app.on("lang", palette);

  // drag from an output port to an operand slot
  let drag = null;
  svg.on("pointerdown.connect", (ev) => {
    const t = ev.target;
    if (!t.classList?.contains("port") || !t.classList.contains("out")) return;
    ev.preventDefault();
    ev.stopPropagation();
    const from = t.closest("g.node").dataset.id;
    const [x, y] = d3.pointer(ev, svg.select("g.viewport").node());
    drag = { from, x, y, line: svg.select("g.viewport").append("path").attr("class", "connector") };
    svg.classed("connecting", true);
  });
  svg.on("pointermove.connect", (ev) => {
    if (!drag) return;
    const [x, y] = d3.pointer(ev, svg.select("g.viewport").node());
    drag.line.attr("d", `M${drag.x},${drag.y}L${x},${y}`);
    svg.selectAll(".port.in").classed("target", function () { return this === ev.target; });
  });
  const finish = (ev) => {
    if (!drag) return;
    const target = document.elementFromPoint(ev.clientX, ev.clientY);
    const { from } = drag;
    drag.line.remove();
    drag = null;
    svg.classed("connecting", false);
    if (target?.classList?.contains("port") && target.classList.contains("in")) {
      connect(from, target.closest("g.node").dataset.id, Number(target.dataset.slot));
    }
  };
  window.addEventListener("pointerup", finish);

  // inspector fields: id, label, value (leaves), operands and attributes (ops)
  function fields(root, node) {
    const box = el("div", { className: "edit" });
    const error = el("p", { className: "field-error" });
    const row = (label, input) => {
      const r = el("label", { className: "edit-row" });
      r.append(el("span", {}, label), input);
      box.append(r);
      return input;
    };
    const commit = (input, fn) => input.addEventListener("change", () => {
      error.textContent = "";
      const msg = fn(input.value);
      if (msg) error.textContent = msg;
    });
    commit(row(app.t("id"), el("input", { value: node.id, name: "id" })), (v) => {
      v = v.trim();
      if (v === node.id) return null;
      if (!ID.test(v) || app.state.document.nodes.some((n) => n.id === v)) return app.t("edit.id.bad");
      app.edit((doc) => renameNode(doc, node.id, v));
      app.select(v);
      return null;
    });
    // the label field edits the name shown: meta.label_en in English when the node has one
    const en = app.state.lang === "en" && !!node.meta?.label_en;
    commit(row(app.t("label"), el("input", { value: (en ? node.meta.label_en : node.label) || "", name: "label" })), (v) => {
      app.edit((doc) => {
        const n = doc.nodes.find((x) => x.id === node.id);
        if (en && v) n.meta = { ...n.meta, label_en: v };
        else if (en) { const { label_en, ...rest } = n.meta; n.meta = rest; }  // eslint-disable-line no-unused-vars
        else if (v) n.label = v; else delete n.label;
      });
      return null;
    });
    if (node.op === "input" || node.op === "const") {
      const text = JSON.stringify(node.value);
      const input = Array.isArray(node.value) ? el("textarea", { rows: 3 }) : el("input");
      input.name = "value";
      input.value = text;
      commit(row(app.t("value"), input), (v) => {
        const value = parseValue(v);
        if (value === undefined) return app.t("edit.value.bad");
        app.edit((doc) => { doc.nodes.find((x) => x.id === node.id).value = value; });
        return null;
      });
    } else {
      const op = app.ops[node.op] || { operands: [], attrs: [] };
      (node.inputs || []).forEach((src, slot) => {
        const sel = el("select", { name: `operand-${slot}` });
        sel.append(el("option", { value: "" }, "—"),
          ...app.state.document.nodes.filter((n) => n.id !== node.id).map((n) => el("option", { value: n.id },
            nodeName(n) === n.id ? n.id : `${n.id} (${nodeName(n)})`)));
        sel.value = src || "";
        commit(row(op.operands?.[slot] ?? String(slot), sel), (v) => {
          app.edit((doc) => { doc.nodes.find((x) => x.id === node.id).inputs[slot] = v || null; });
          return null;
        });
      });
      for (const a of op.attrs || []) {
        const input = el("input", { name: `attr-${a.name}`, value: JSON.stringify(node.attrs?.[a.name] ?? a.default ?? "") });
        commit(row(a.name, input), (v) => {
          let value;
          try { value = JSON.parse(v); } catch { return app.t("edit.value.bad"); }
          app.edit((doc) => {
            const n = doc.nodes.find((x) => x.id === node.id);
            n.attrs = { ...(n.attrs || {}), [a.name]: value };
          });
          return null;
        });
      }
    }
    if (node.op !== "input" && node.op !== "const") {  // which node's gradient is seeded
      const out = el("input", { type: "checkbox", name: "output",
        checked: (app.state.document.output ?? app.state.evaluation?.output) === node.id });
      out.addEventListener("change", () => app.edit((doc) => {
        if (out.checked) doc.output = node.id; else delete doc.output;
      }));
      row(app.t("output"), out);
    }
    const del = el("button", { type: "button", className: "danger" }, app.t("delete"));
    del.addEventListener("click", () => remove(node.id));
    box.append(del, error);
    root.append(box);
  }

  // expression box
  async function build() {
    try {
      await app.loadDocument(await api.parse(ui.expr.value));
      app.goto(Infinity);
    } catch (err) {
      app.showMessage(err.message, "error");
    }
  }
  ui.build.addEventListener("click", build);
  ui.expr.addEventListener("keydown", (ev) => { if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) build(); });

  installNodeDrag(app, svg.node());  // drag a node to move it; the background pans

  // onboarding: New graph (an empty canvas with a hint) and a real starter expression
  const hint = el("p", { className: "empty-hint", id: "empty-hint", hidden: true });
  document.getElementById("stage")?.append(hint);
  const showHint = () => {
    hint.textContent = app.t("hint.empty");
    hint.hidden = app.state.document.nodes.length > 0;
  };
  for (const ev of ["load", "evaluated", "error", "lang"]) app.on(ev, showHint);
  const fresh = el("button", { type: "button", id: "new-graph", className: "new-graph" }, app.t("new.graph"));
  fresh.addEventListener("click", () => app.loadDocument({ version: 1, nodes: [] }));
  app.on("lang", () => { fresh.textContent = app.t("new.graph"); });
  ui.palette.before(fresh);
  if (!ui.expr.value) ui.expr.value = STARTER;

  // undo / redo / delete
  ui.undo.addEventListener("click", () => app.undo());
  ui.redo.addEventListener("click", () => app.redo());
  ui.del.addEventListener("click", () => remove());
  const keys = app.keys;
  keys.bind(["Ctrl+z"], () => app.undo(), { name: "undo" });
  keys.bind(["Ctrl+Shift+z", "Ctrl+y"], () => app.redo(), { name: "redo" });
  keys.bind(["Delete", "Backspace"], () => remove(), { name: "delete", when: () => !!app.state.selected });

  const editor = { addNode, connect, remove, fields, build, format: fmt };
  app.editor = editor;
  return editor;
}
