// Every keyboard shortcut of the app in one place (contract section 6 plus P, Escape, N/B,
// Ctrl+Z/Y, Delete and the graph's Tab/arrows/Enter). Modules bind actions; one listener on the
// document dispatches them. One rule decides "typing in a field": text inputs, textareas and
// contenteditable only; a <select>, a button, a checkbox or a range input never swallows a key,
// so a presenter's clicker steps the player whatever was clicked last. Pure at import (no DOM).

const TEXT_TYPES = new Set(["", "text", "number", "search", "email", "url", "tel", "password"]);

/** True when the key goes to a field the user types in (the keymap then stays out of the way). */
export function isTyping(target) {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA") return true;
  return tag === "INPUT" && TEXT_TYPES.has(String(target.getAttribute?.("type") ?? "").toLowerCase());
}

/** The key of an event as a binding name: "Space", "ArrowRight", "p", "Ctrl+z", "Ctrl+Shift+z",
 * "Shift+Tab". Cmd counts as Ctrl; Shift is named only for letters and named keys. */
export function comboOf(ev) {
  let key = ev.key === " " || ev.key === "Spacebar" ? "Space" : ev.key;
  if (key.length === 1) key = key.toLowerCase();
  const shiftMatters = key.length > 1 || /[a-z]/.test(key);
  return (ev.ctrlKey || ev.metaKey ? "Ctrl+" : "") + (ev.altKey ? "Alt+" : "")
    + (ev.shiftKey && shiftMatters ? "Shift+" : "") + key;
}

/**
 * A keymap: bind(keys, run, {when, priority, name}) registers an action for one or more
 * combos; the first binding (highest priority, then latest bound) whose `when()` holds runs,
 * and the event's default is prevented unless `run` returns false (then the next one is tried).
 * Bindings with `typing: true` also run while a text field has focus (Escape, say).
 */
export function createKeymap() {
  const bindings = [];
  let order = 0;
  function bind(keys, run, { when = () => true, priority = 0, name = "", typing = false } = {}) {
    const b = { keys: new Set([keys].flat()), run, when, priority, name, typing, order: order++ };
    bindings.push(b);
    bindings.sort((x, y) => y.priority - x.priority || y.order - x.order);
    return () => bindings.splice(bindings.indexOf(b), 1);
  }
  /** Dispatch one keydown event; true when an action took it. */
  function handle(ev) {
    if (ev.defaultPrevented || ev.isComposing) return false;
    const combo = comboOf(ev);
    const typing = isTyping(ev.target);
    for (const b of bindings) {
      if (!b.keys.has(combo) || (typing && !b.typing) || !b.when(ev)) continue;
      if (b.run(ev) === false) continue;
      ev.preventDefault();
      return true;
    }
    return false;
  }
  /** The bound actions, for a help list: [{name, keys}]. */
  const list = () => bindings.filter((b) => b.name).map((b) => ({ name: b.name, keys: [...b.keys] }));
  const install = (target) => target.addEventListener("keydown", handle);
  return { bind, handle, list, install };
}

/** Move between nodes along edges: "right" to a consumer, "left" to an operand, "up"/"down" to
 * the neighbour above/below in the same layer (positions from the layout). Returns an id or null. */
export function neighbour(doc, L, id, dir) {
  const nodes = doc.nodes.filter((n) => L?.nodes?.[n.id]);
  if (!nodes.length) return null;
  const at = (n) => L.nodes[n.id ?? n];
  const byY = (a, b) => at(a).y - at(b).y || at(a).x - at(b).x;
  const node = nodes.find((n) => n.id === id);
  if (!node) return nodes.slice().sort((a, b) => at(a).x - at(b).x || byY(a, b))[0].id;
  if (dir === "right") {
    const cs = nodes.filter((n) => (n.inputs || []).includes(id)).sort(byY);
    return cs[0]?.id ?? null;
  }
  if (dir === "left") return (node.inputs || []).find((s) => s && at(s)) ?? null;
  const layer = nodes.filter((n) => at(n).layer === at(node).layer).sort(byY);
  const i = layer.indexOf(node) + (dir === "down" ? 1 : -1);
  return layer[i]?.id ?? null;
}
