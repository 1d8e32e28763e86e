// The quiz's boxes on the drawing: an input box in place of each hidden label, in a layer of its
// own above the drawing (renderer.layer). Which labels are hidden is an input of the frame
// (frame.hidden, mask keys); this layer only draws the boxes and reports what is typed.

import { maskKey } from "./frame.js";

const d3 = globalThis.d3;
const BOX = { w: 68, h: 30 };

export function createMaskLayer(renderer) {
  let items = [], onInput = null;
  const keyOf = (m) => maskKey(m.from, m.to, m.kind);
  /** Place the boxes at their labels (after every drawing: positions change). */
  function draw() {
    const pos = items.map((m) => {
      const p = renderer.labelPlace(m.from, m.to, m.kind, m.slot);
      const dx = p?.a === "end" ? -BOX.w : p?.a === "start" ? 0 : -BOX.w / 2;
      return p ? { ...m, x: p.x + dx, y: p.y - 22 } : null;
    }).filter(Boolean);
    d3.select(renderer.layer("masks")).selectAll("foreignObject.mask-box").data(pos, keyOf)
      .join((enter) => {
        const fo = enter.append("foreignObject").attr("class", "mask-box").attr("width", BOX.w).attr("height", BOX.h);
        fo.append("xhtml:input").attr("class", "mask-input").attr("inputmode", "decimal");
        return fo;
      })
      .attr("x", (m) => m.x).attr("y", (m) => m.y)
      .each(function (m) {
        const input = this.querySelector("input");
        Object.assign(input.dataset, { from: m.from, to: m.to, kind: m.kind });
        input.oninput = () => onInput?.(m, input.value, input);
      });
  }
  return {
    draw,
    /** Show boxes for items [{from, to, kind}] (none: []); onInput(item, text, input) as typed. */
    set(next, callback) { items = next; onInput = callback; draw(); },
    /** The hidden labels' mask keys (the frame's `hidden`). */
    keys: () => new Set(items.map(keyOf)),
  };
}
