// Moving a node by hand: dragging a node moves it (dragging the background still pans). The
// move is kept in the document as the node's offset from its automatic place (meta.offset =
// [dx, dy] in drawing units), so it survives undo, re-layout, saving and sharing.

const d3 = globalThis.d3;
const CLICK = 4;  // px: a shorter drag is a click (select)

/** A copy of layout L with each node moved by its meta.offset and the edges' ends with it; the
 * bounds grow to hold the moved nodes. L itself is not changed (it may be cached). */
export function applyOffsets(L, doc) {
  const moved = doc.nodes.filter((n) => L.nodes[n.id] && Array.isArray(n.meta?.offset));
  if (!moved.length) return L;
  const nodes = { ...L.nodes };
  for (const n of moved) {
    const [dx, dy] = n.meta.offset.map(Number);
    nodes[n.id] = { ...nodes[n.id], x: nodes[n.id].x + (dx || 0), y: nodes[n.id].y + (dy || 0) };
  }
  const shift = (id, p) => (nodes[id] === L.nodes[id] ? p : [p[0] + nodes[id].x - L.nodes[id].x, p[1] + nodes[id].y - L.nodes[id].y]);
  const edges = {};
  for (const [key, e] of Object.entries(L.edges)) {
    const [from, to] = key.split(">");
    const pts = e.points.map((p) => p.slice());
    if (!to) edges[key] = { ...e, points: pts.map((p) => shift(from, p)) };  // the output's stub moves whole
    else {
      pts[0] = shift(from, pts[0]);
      pts[pts.length - 1] = shift(to, pts[pts.length - 1]);
      edges[key] = { ...e, points: pts };
    }
  }
  const all = Object.values(nodes);
  const left = Math.min(0, ...all.map((b) => b.x - b.w / 2));
  const right = Math.max(L.width, ...all.map((b) => b.x + b.w / 2), ...Object.values(edges).flatMap((e) => e.points.map((p) => p[0])));
  const top = Math.min(...all.map((b) => b.y - b.h / 2)), bottom = Math.max(...all.map((b) => b.y + b.h / 2));
  if (left < 0) {  // the drawing starts at x = 0 (the renderer centres 0 .. width)
    for (const id of Object.keys(nodes)) nodes[id] = { ...nodes[id], x: nodes[id].x - left };
    for (const e of Object.values(edges)) e.points = e.points.map(([x, y]) => [x - left, y]);
  }
  return { ...L, nodes, edges, width: right - left, minY: top, height: bottom - top };
}

/** Drag a node of the app's drawing to move it (app.edit records the new offset). */
export function installNodeDrag(app, svgEl) {
  const svg = d3.select(svgEl);
  let drag = null;
  svg.on("pointerdown.move", (ev) => {
    const g = ev.target.closest?.("g.node");
    if (!g || ev.button || ev.target.classList.contains("port")) return;
    const id = g.dataset.id;
    const p = app.layout?.nodes?.[id];
    if (!p) return;
    drag = { id, g, x0: ev.clientX, y0: ev.clientY, px: p.x, py: p.y, k: 1 / (g.getScreenCTM()?.a || 1), moved: false };
    g.setPointerCapture?.(ev.pointerId);
  });
  svg.on("pointermove.move", (ev) => {
    if (!drag) return;
    const dx = ev.clientX - drag.x0, dy = ev.clientY - drag.y0;
    if (!drag.moved && Math.hypot(dx, dy) < CLICK) return;
    drag.moved = true;
    drag.dx = dx * drag.k;
    drag.dy = dy * drag.k;
    drag.g.setAttribute("transform", `translate(${drag.px + drag.dx},${drag.py + drag.dy})`);
  });
  const drop = () => {
    if (!drag) return;
    const { id, moved, dx, dy } = drag;
    drag = null;
    if (!moved) return;
    app.edit((doc) => {
      const n = doc.nodes.find((x) => x.id === id);
      const [ox, oy] = Array.isArray(n?.meta?.offset) ? n.meta.offset : [0, 0];
      if (n) n.meta = { ...n.meta, offset: [Math.round(ox + dx), Math.round(oy + dy)] };
    });
  };
  svg.on("pointerup.move", drop);
  svg.on("pointercancel.move", drop);
}
