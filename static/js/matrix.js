// Array values on the drawing: small ones written out as the book writes them (a bracketed grid
// of numbers, value above the edge and gradient below), larger ones as a heatmap with its own
// colour scale (viridis, never the gradient colours) and a legend, elided trace arrays from their
// summary. Text is set with textContent only.

import { asRows, flatten, gridRows, heated, isElided, short } from "./format.js";

const d3 = globalThis.d3;
const LINE = 1.15;  // em between the rows of a grid
/** Font size (drawing units) of a heatmap legend's numbers. */
export const LEGEND_PX = 12;


/** Write a label: one line, or one <tspan> per grid row. `up` grows the grid upwards (a value
 * label above its edge), else downwards (a gradient below). */
export function setLabel(el, v, masked, up) {
  if (el._v === v && el._m === masked && el._text !== null) return;  // same value: nothing to do
  el._v = v;
  el._m = masked;
  const rows = v === undefined || masked ? [""] : gridRows(v);
  const text = rows.join("\n");
  if (el._text === text) return;
  el._text = text;
  if (rows.length === 1) { el.textContent = text; el.classList.remove("grid"); return; }
  el.replaceChildren();
  el.classList.add("grid");
  el.setAttribute("xml:space", "preserve");
  const x = el.getAttribute("x");
  rows.forEach((row, i) => {
    const ts = document.createElementNS("http://www.w3.org/2000/svg", "tspan");
    ts.setAttribute("x", x);
    ts.setAttribute("dy", i ? `${LINE}em` : up ? `${-(rows.length - 1) * LINE}em` : "0");
    ts.style.whiteSpace = "pre";
    ts.textContent = row;
    el.append(ts);
  });
}

/** The heatmap's colour scale over the finite numbers of a value. */
function scaleOf(v) {
  const vals = flatten(v).filter(Number.isFinite);
  const lo = vals.length ? Math.min(...vals) : 0, hi = vals.length ? Math.max(...vals) : 1;
  return { lo, hi, color: d3.scaleSequential(d3.interpolateViridis).domain([lo, hi > lo ? hi : lo + 1]) };
}

/** Cells coloured by value, then (if `legend`) a legend bar from min to max under them; returns
 * the height. Without the legend the numbers are in the table (a click on the label). */
function heatmap(g, value, legend) {
  const { lo, hi, color } = scaleOf(value);
  const rows = isElided(value) ? [] : asRows(value);
  const nr = rows.length, nc = nr ? Math.max(...rows.map((r) => r.length)) : 0;
  const cell = nr ? Math.max(2, Math.min(8, 56 / nc, 24 / nr)) : 0;
  const cells = rows.flatMap((r, i) => r.map((v, j) => ({ i, j, v })));
  g.selectAll("rect.cell").data(cells.slice(0, 2000)).join("rect").attr("class", "cell")
    .attr("x", (c) => c.j * cell - (nc * cell) / 2).attr("y", (c) => c.i * cell)
    .attr("width", cell).attr("height", cell)
    .attr("fill", (c) => (Number.isFinite(Number(c.v)) ? color(Number(c.v)) : "#888"));
  const top = nr * cell + 2;
  if (!legend) { g.selectAll("g.heat-legend").remove(); return top; }
  const steps = d3.range(8).map((k) => lo + ((hi - lo) * k) / 7);
  const bar = g.selectAll("g.heat-legend").data([0]).join("g").attr("class", "heat-legend")
    .attr("transform", `translate(-28,${top})`);
  bar.selectAll("rect").data(steps).join("rect").attr("x", (s, k) => k * 7).attr("width", 7)
    .attr("height", 5).attr("fill", (s) => color(s));
  bar.selectAll("text").data([short(lo), short(hi)]).join("text").attr("class", "legend-num")
    .attr("x", (s, k) => (k ? 60 : -4)).attr("y", 5).attr("font-size", LEGEND_PX)
    .attr("text-anchor", (s, k) => (k ? "start" : "end")).text((s) => s);
  return top + 6;
}

/** The heatmap of a big array label, above the value text or below the gradient text (made
 * lazily; removed when the value is small enough to be written out). */
export function drawHeat(e, slot, kind, v, place, dy, legend = true) {
  if (!heated(v)) { e[slot]?.remove(); e[slot] = null; return; }
  if (e[slot]?._v === v && e[slot]._legend === legend) return;
  e[slot] ??= d3.select(e.el).insert("g", "text.label").attr("class", `heat ${kind}`).node();
  e[slot]._v = v;
  e[slot]._legend = legend;
  const g = d3.select(e[slot]);
  const h = heatmap(g, v, legend);
  const x = place.x + (place.a === "end" ? -28 : place.a === "start" ? 28 : 0);
  g.attr("transform", `translate(${x},${place.y + dy - (dy < 0 ? h : 0)})`);
}
