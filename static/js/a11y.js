// The drawing for the keyboard and screen readers: every node is focusable (one Tab stop for the
// whole drawing, a roving tabindex that follows focus.js's focus), and every node and edge carries
// an accessible name with its current value and gradient ("apple_price, value 200, gradient 1.1").
// The renderer calls prepare() after drawing, focus(id) from setFocus and name() after each frame.

import { labelText, isArray } from "./format.js";
import { t, getLang } from "./i18n.js";

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

/** Screen-reader and Tab support for one Renderer: the keys themselves are keymap.js's and the
 * focus model focus.js's (app.state.focus, renderer.setFocus). */
export function createA11y(renderer) {
  const svg = renderer.svg.node();
  let outEdges = new Map();  // node id -> its outgoing edges (made by prepare)
  let names = new Map();  // node id -> its displayed name (made by prepare)
  let hadFocus = false;  // a node has (or had, until it was deleted) the keyboard focus
  let said = new Map();  // node datum or edge -> its last accessible name and what it was made of
  let edgeNames = new Map();  // edge key -> { lang, text }: "from → to" (made by edgeName)
  /** The accessible name of `key` (a node datum or an edge), made again only when its name, value,
   * gradient or the language changed: a step changes a few, and making them all again was a
   * third of a step's script with a thousand nodes zoomed in. */
  function nameOf(key, name, value, grad) {
    const lang = getLang(), was = said.get(key);
    if (was && was.name === name && was.value === value && was.grad === grad && was.lang === lang) return was.text;
    const text = accessibleName(name, value, grad);
    said.set(key, { name, value, grad, lang, text });
    return text;
  }
  /** "from → to" of an edge in the current language (made once a drawing and language). */
  const edgeName = (e) => {
    const lang = getLang(), was = edgeNames.get(e.key);
    if (was?.lang === lang) return was.text;
    const text = t(e.stub ? "a11y.out" : "a11y.edge", { from: names.get(e.from) ?? e.from, to: names.get(e.to) ?? e.to });
    edgeNames.set(e.key, { lang, text });
    return text;
  };
  svg.setAttribute("role", "group");  // not "img": its nodes are reachable one by one
  svg.setAttribute("aria-roledescription", t("a11y.graph"));
  svg.setAttribute("tabindex", "-1");  // the Tab stop is a node (else Shift+Tab from a node comes back)
  svg.addEventListener("focusin", (ev) => { hadFocus = !!ev.target.closest?.("g.node"); });
  svg.addEventListener("focusout", (ev) => {  // a node removed (deleted) keeps the claim
    const left = ev.target;  // read now: in a shadow root (the widget) it is null after dispatch
    queueMicrotask(() => { if (left.isConnected && !svg.contains(svg.ownerDocument.activeElement)) hadFocus = false; });
  });

  /** The node holding the drawing's one Tab stop: the focused one, else the first from the left. */
  function stop(nodes) {
    if (nodes.some((d) => d.n.id === renderer.focused)) return renderer.focused;
    return nodes.slice().sort((a, b) => a.p.x - b.p.x || a.p.y - b.p.y)[0]?.n.id ?? null;
  }

  return {
    /** After a drawing: roles, one Tab stop (a roving tabindex), and after a delete from the
     * keyboard the focus back on a node. */
    prepare() {
      const nodes = renderer.nodeData || [];
      const id = stop(nodes);
      outEdges = new Map(nodes.map((d) => [d.n.id, []]));
      names = new Map(nodes.map((d) => [d.n.id, renderer.nameOf(d.n)]));
      said = new Map();
      edgeNames = new Map();
      for (const d of nodes) {
        setAttr(d.el, "role", "button");
        setAttr(d.el, "tabindex", d.n.id === id ? "0" : "-1");
      }
      for (const e of renderer.edgeData || []) {
        if (e.el) setAttr(e.el, "role", "img");  // a big graph's edges have elements while labelled
        outEdges.get(e.from)?.push(e);
      }
      const doc = svg.ownerDocument;
      if (hadFocus && id && (doc.activeElement === doc.body || !doc.activeElement)) {
        nodes.find((d) => d.n.id === id).el.focus();
      }
    },
    /** Move the Tab stop with the keyboard focus (renderer.setFocus). */
    focus(id) {
      for (const d of renderer.nodeData || []) setAttr(d.el, "tabindex", d.n.id === id ? "0" : "-1");
    },
    /** After a frame: each node's and each edge's name with the values and gradients known now
     * (a big graph: the nodes in view and the focused one, the labelled edges). */
    name(frame) {
      const edges = renderer.edgeData || [];
      for (const d of renderer.lite?.namedNodes() ?? renderer.nodeData ?? []) {
        const grad = nodeGrad(outEdges.get(d.n.id) || [], frame.grads);
        setAttr(d.el, "aria-label", nameOf(d, names.get(d.n.id) ?? renderer.nameOf(d.n), frame.values.get(d.n.id), grad));
      }
      for (const e of edges) {
        if (!e.el) continue;
        const masked = e.vt.textContent === "" && frame.values.has(e.from);
        const value = masked ? undefined : frame.values.get(e.from);
        const grad = e.gt.textContent === "" ? undefined : frame.grads.get(e.key);
        setAttr(e.el, "aria-label", nameOf(e, edgeName(e), value, grad));
      }
    },
  };
}
