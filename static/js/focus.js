// The keyboard focus inside the drawing: the current node id (app.state.focus), moved with the
// arrow keys along edges (keymap.neighbour), Enter opens the inspector and moves the focus into it
// (inspector.js: its first control; Escape there comes back to the node), Delete deletes. The keys
// act while a node of the drawing has focus (a11y.js makes the nodes focusable: one Tab stop);
// the renderer shows the focused node (renderer.setFocus).

import { neighbour } from "./keymap.js";

export function createGraphFocus(app, renderer, svg) {
  const inGraph = () => svg.contains(document.activeElement);
  const on = { when: inGraph, priority: 2 };
  function focus(id) {
    app.state.focus = id;
    renderer.setFocus(id);
    app.emit("focus", id);
  }
  const move = (dir) => () => {
    const id = neighbour(app.state.document, app.layout, app.state.focus, dir);
    if (id) focus(id);
  };
  const keys = app.keys;
  keys.bind("ArrowRight", move("right"), { ...on, name: "focus.right" });
  keys.bind("ArrowLeft", move("left"), { ...on, name: "focus.left" });
  keys.bind("ArrowDown", move("down"), { ...on, name: "focus.down" });
  keys.bind("ArrowUp", move("up"), { ...on, name: "focus.up" });
  const inspect = () => {
    if (!app.state.focus) return;
    app.select(app.state.focus);
    app.emit("inspect", app.state.focus);
  };
  keys.bind("Enter", inspect, { ...on, name: "focus.inspect" });
  keys.bind(["Delete", "Backspace"], () => app.state.focus && app.editor?.remove(app.state.focus),
    { ...on, when: () => inGraph() && !!app.state.focus, name: "focus.delete" });
  svg.addEventListener("focusin", (ev) => {  // a focusable node (Tab) takes the focus itself
    const id = ev.target.closest?.("g.node")?.dataset.id;
    if (id && id !== app.state.focus) focus(id);
  });
  app.on("select", (id) => { if (id && id !== app.state.focus) focus(id); });
  app.on("load", () => { if (!app.state.document.nodes.some((n) => n.id === app.state.focus)) app.state.focus = null; });
  return { focus };
}
