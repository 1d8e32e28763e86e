// The drawing for the keyboard and screen readers: every node is focusable (one Tab stop for the
// whole drawing, a roving tabindex), arrow keys move along the edges, and every node and edge
// carries an accessible name with its current value and gradient ("apple_price, value 200,
// gradient 1.1"). The renderer calls prepare() after drawing and name() after each frame.

import { labelText, isArray } from "./format.js";
import { t } from "./i18n.js";

const NAV = new Set(["ArrowRight", "ArrowLeft", "ArrowUp", "ArrowDown", "Home", "End"]);

/** Element-wise sum of two gradients (numbers or nested lists of the same shape). */
function add(a, b) {
  if (a === undefined) return b;
  if (isArray(a) && isArray(b)) return a.map((x, i) => add(x, b[i]));
  return typeof a === "number" && typeof b === "number" ? a + b : a;
}

/** A node's gradient in a frame: the sum over its outgoing edges, once every one is known. */
export function nodeGrad(outEdges, grads) {
  let total;
  for (const e of outEdges) {
    if (!grads.has(e.key)) return undefined;
    total = add(total, grads.get(e.key));
  }
  return total;
}

/** "name, value 200, gradient 1.1" (value and gradient only once they are known). */
export function accessibleName(name, value, grad) {
  const parts = [name];
  if (value !== undefined) parts.push(t("a11y.value", { v: labelText(value) }));
  if (grad !== undefined) parts.push(t("a11y.grad", { v: labelText(grad) }));
  return parts.join(t("a11y.sep"));
}

const setAttr = (el, name, v) => { if (el.getAttribute(name) !== v) el.setAttribute(name, v); };

/** The node a key moves to from node `id`: → a consumer, ← an operand (without one: the nearest
 * node that way), ↑ / ↓ the nearest node above / below, Home / End the first / last node. */
export function neighbour(id, key, nodes, edges) {
  const at = nodes.find((d) => d.n.id === id);
  if (!at) return nodes[0]?.n.id ?? null;
  const ids = (list) => list.map((d) => d.n.id);
  if (key === "Home") return ids(nodes)[0];
  if (key === "End") return ids(nodes).at(-1);
  if (key === "ArrowRight" || key === "ArrowLeft") {
    const next = edges.filter((e) => !e.stub && (key === "ArrowRight" ? e.from === id : e.to === id))
      .map((e) => (key === "ArrowRight" ? e.to : e.from));
    const along = nodes.filter((d) => next.includes(d.n.id));
    along.sort((a, b) => Math.abs(a.p.y - at.p.y) - Math.abs(b.p.y - at.p.y));
    return along[0]?.n.id ?? nearest(at, nodes, key);  // no edge that way: the nearest node that way
  }
  return nearest(at, nodes, key);
}

/** The nearest node in the arrow's direction (the other axis counts double), or `at` itself. */
function nearest(at, nodes, key) {
  const [axis, other, sign] = { ArrowRight: ["x", "y", 1], ArrowLeft: ["x", "y", -1],
    ArrowDown: ["y", "x", 1], ArrowUp: ["y", "x", -1] }[key];
  const cands = nodes.filter((d) => (d.p[axis] - at.p[axis]) * sign > 1);
  const cost = (d) => Math.abs(d.p[axis] - at.p[axis]) + 2 * Math.abs(d.p[other] - at.p[other]);
  cands.sort((a, b) => cost(a) - cost(b));
  return cands[0]?.n.id ?? at.n.id;
}

/** Keyboard and screen-reader support for one Renderer. Enter / Space on a node sends the SVG a
 * "node-open" event, Delete a "node-delete" event (detail: {id}); the inspector and the editor
 * listen. */
export function createA11y(renderer) {
  const svg = renderer.svg.node();
  let focusId = null;  // the node that holds the drawing's Tab stop
  let outEdges = new Map();  // node id -> its outgoing edges (made by prepare)
  const send = (type, id) => svg.dispatchEvent(new CustomEvent(type, { detail: { id }, bubbles: true }));
  svg.setAttribute("role", "group");  // not "img": its nodes are reachable one by one
  svg.setAttribute("aria-roledescription", t("a11y.graph"));
  svg.setAttribute("tabindex", "-1");  // the Tab stop is the node that holds it, not the SVG

  const nodeEl = (id) => renderer.nodeData?.find((d) => d.n.id === id)?.el;
  function focusNode(id) {
    const el = nodeEl(id);
    if (!el) return;
    focusId = id;
    for (const d of renderer.nodeData) setAttr(d.el, "tabindex", d.n.id === id ? "0" : "-1");
    el.focus();
  }

  svg.addEventListener("keydown", (ev) => {
    const g = ev.target.closest?.("g.node");
    if (!g || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const id = g.dataset.id;
    if (NAV.has(ev.key)) focusNode(neighbour(id, ev.key, renderer.nodeData, renderer.edgeData));
    else if (ev.key === "Enter" || ev.key === " ") send("node-open", id);
    else if (ev.key === "Delete" || ev.key === "Backspace") {
      const order = renderer.nodeData.map((d) => d.n.id);
      focusId = order[order.indexOf(id) + 1] ?? order[order.indexOf(id) - 1] ?? null;
      send("node-delete", id);
    } else return;
    ev.preventDefault();
    ev.stopPropagation();  // the player's keys do not act while a node has the focus
  });
  svg.addEventListener("focusin", (ev) => {
    const g = ev.target.closest?.("g.node");
    if (g) focusId = g.dataset.id;
  });

  return {
    focusNode,
    get focused() { return focusId; },
    /** After a drawing: roles, one Tab stop, and the focus kept on its node across redraws. */
    prepare() {
      const nodes = renderer.nodeData || [];
      if (!nodes.some((d) => d.n.id === focusId)) focusId = nodes[0]?.n.id ?? null;
      for (const d of nodes) {
        setAttr(d.el, "role", "button");
        setAttr(d.el, "tabindex", d.n.id === focusId ? "0" : "-1");
      }
      outEdges = new Map(nodes.map((d) => [d.n.id, []]));
      for (const e of renderer.edgeData || []) {
        setAttr(e.el, "role", "img");
        outEdges.get(e.from)?.push(e);
      }
      const active = svg.ownerDocument.activeElement;
      if (focusId && (active === svg.ownerDocument.body || active === null) && svg.dataset.refocus === "1") {
        delete svg.dataset.refocus;
        nodeEl(focusId)?.focus();
      }
    },
    /** After a frame: each node's and each edge's name with the values and gradients known now. */
    name(frame) {
      const edges = renderer.edgeData || [];
      for (const d of renderer.nodeData || []) {
        const grad = nodeGrad(outEdges.get(d.n.id) || [], frame.grads);
        setAttr(d.el, "aria-label", accessibleName(renderer.nameOf(d.n), frame.values.get(d.n.id), grad));
      }
      const byId = new Map((renderer.nodeData || []).map((d) => [d.n.id, renderer.nameOf(d.n)]));
      for (const e of edges) {
        const name = t(e.stub ? "a11y.out" : "a11y.edge", { from: byId.get(e.from) ?? e.from, to: byId.get(e.to) ?? e.to });
        const masked = e.vt.textContent === "" && frame.values.has(e.from);
        const value = masked ? undefined : frame.values.get(e.from);
        const grad = e.gt.textContent === "" ? undefined : frame.grads.get(e.key);
        setAttr(e.el, "aria-label", accessibleName(name, value, grad));
      }
    },
    /** Ask prepare() to put the focus back on the drawing (after a delete from the keyboard). */
    refocus() { svg.dataset.refocus = "1"; },
  };
}
