// The quiz's boxes on the drawing: their accessible names and answer keys, keeping them off the
// nodes' names, and the caption with the numbers the boxes hide blanked out ("□").

import { labelText } from "/static/js/format.js";

const BLANK = "□";

/** text with every listed number (as the drawing writes it) replaced by a blank box; a number
 * inside a longer one ("1.1" in "11.1", "2" in "2.2") is left alone. */
export function blankNumbers(text, numbers) {
  const words = [...new Set(numbers.map((x) => labelText(x)))].filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (!words.length) return text;
  return text.replace(new RegExp(`(?<![\\d.])(?:${words.join("|")})(?![\\d]|\\.\\d)`, "g"), BLANK);
}

/** The box inputs on the drawing, by their key "from>to>kind". */
export function boxInputs(doc = document) {
  return new Map([...doc.querySelectorAll("input.mask-input")]
    .map((i) => [`${i.dataset.from}>${i.dataset.to}>${i.dataset.kind}`, i]));
}

const overlap = (a, b) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) > 0
  && Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)) > 0;

/** Move each box sideways (then up or down) until it covers no node and no name on the drawing. */
export function keepOffNames(svg) {
  const obstacles = [...svg.querySelectorAll("g.node text.symbol, g.node text.name, g.node .shape")]
    .map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
  for (const fo of svg.querySelectorAll("foreignObject.mask-box")) {
    const at = fo.__data__ || {};  // the renderer's place for it (this may run twice on one drawing)
    const x0 = at.x ?? Number(fo.getAttribute("x")), y0 = at.y ?? Number(fo.getAttribute("y"));
    const box = fo.getBoundingClientRect();
    if (!box.width) continue;
    const scale = box.width / Number(fo.getAttribute("width"));  // screen px per drawing unit
    const free = ([dx, dy]) => !obstacles.some((o) => overlap(o, {
      left: box.left + dx * scale, right: box.right + dx * scale, top: box.top + dy * scale, bottom: box.bottom + dy * scale }));
    const moves = [[0, 0]];
    for (let d = 8; d <= 72; d += 8) moves.push([-d, 0], [d, 0], [0, d / 2], [-d, d / 2], [d, d / 2]);
    const move = moves.find(free) || [0, 0];
    fo.setAttribute("x", x0 + move[0]);
    fo.setAttribute("y", y0 + move[1]);
  }
}
