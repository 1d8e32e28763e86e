// The training page's two D3 plots: the decision-boundary heatmap with the data points, and the
// loss curve. Pure drawing: each call redraws from the data it is given (joins keyed by index).

const d3 = globalThis.d3;
export const CLASS_COLORS = ["#E69F00", "#56B4E9", "#009E73"];  // Okabe-Ito: colour-blind safe

function size(svg) {
  const r = svg.node().getBoundingClientRect();
  return { w: Math.max(200, r.width), h: Math.max(160, r.height) };
}

/** Heatmap of the predicted class (opacity = confidence), the points, the mini-batch circled. */
export function drawBoundary(svgEl, { boundary, x, t, classes, batch = [] }) {
  const svg = d3.select(svgEl);
  const { w, h } = size(svg);
  const side = Math.min(w, h);
  svg.attr("viewBox", `0 0 ${w} ${h}`);
  const ox = (w - side) / 2, oy = (h - side) / 2;
  const sx = d3.scaleLinear().domain([-1.5, 1.5]).range([ox, ox + side]);
  const sy = d3.scaleLinear().domain([-1.5, 1.5]).range([oy + side, oy]);
  const cells = [];
  if (boundary) {
    const g = boundary.axis.length, step = 3 / (g - 1);
    boundary.cls.forEach((row, i) => row.forEach((c, j) => cells.push({ i, j, c, p: Number(boundary.prob[i][j]) })));
    const floor = 1 / classes;
    svg.selectAll("g.heat").data([0]).join("g").attr("class", "heat")
      .selectAll("rect").data(cells).join("rect")
      .attr("x", (d) => sx(boundary.axis[d.j] - step / 2)).attr("y", (d) => sy(boundary.axis[d.i] + step / 2))
      .attr("width", sx(step) - sx(0) + 0.5).attr("height", sy(0) - sy(step) + 0.5)
      .attr("fill", (d) => CLASS_COLORS[d.c])
      .attr("fill-opacity", (d) => 0.12 + 0.5 * Math.max(0, (d.p - floor) / (1 - floor)));
  }
  const inBatch = new Set(batch);
  const pts = x.map((p, k) => ({ k, x: p[0], y: p[1], c: t[k], b: inBatch.has(k) }));
  svg.selectAll("g.points").data([0]).join("g").attr("class", "points")
    .selectAll("circle").data(pts, (d) => d.k).join("circle")
    .attr("cx", (d) => sx(d.x)).attr("cy", (d) => sy(d.y))
    .attr("r", (d) => (d.b ? 5.5 : 3.2)).attr("fill", (d) => CLASS_COLORS[d.c])
    .attr("class", (d) => (d.b ? "pt batch" : "pt"));
  svg.selectAll("rect.frame").data([0]).join("rect").attr("class", "frame")
    .attr("x", ox).attr("y", oy).attr("width", side).attr("height", side);
  svg.attr("data-cells", cells.length).attr("data-batch", inBatch.size);
}

/** Mini-batch loss per step (thin) and whole-data loss (thick, with dots). */
export function drawLoss(svgEl, { batch, full }, labels) {
  const svg = d3.select(svgEl);
  const { w, h } = size(svg);
  svg.attr("viewBox", `0 0 ${w} ${h}`);
  const m = { l: 48, r: 12, t: 10, b: 28 };
  const steps = Math.max(1, batch.length, ...full.map((d) => d.step));
  const ys = [...batch, ...full.map((d) => d.loss)].map(Number).filter(Number.isFinite);
  const x = d3.scaleLinear().domain([0, steps]).range([m.l, w - m.r]);
  const y = d3.scaleLinear().domain([0, Math.max(0.1, d3.max(ys) ?? 1)]).nice().range([h - m.b, m.t]);
  svg.selectAll("g.xaxis").data([0]).join("g").attr("class", "xaxis axis")
    .attr("transform", `translate(0,${h - m.b})`).call(d3.axisBottom(x).ticks(6));
  svg.selectAll("g.yaxis").data([0]).join("g").attr("class", "yaxis axis")
    .attr("transform", `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(5));
  const line = d3.line().defined((d) => Number.isFinite(d[1])).x((d) => x(d[0])).y((d) => y(d[1]));
  svg.selectAll("path.batch-loss").data([batch.map((v, i) => [i + 1, Number(v)])]).join("path")
    .attr("class", "batch-loss").attr("d", line);
  const fullPts = full.map((d) => [d.step, Number(d.loss)]);
  svg.selectAll("path.curve").data([fullPts]).join("path").attr("class", "curve").attr("d", line)
    .attr("data-points", fullPts.length);
  svg.selectAll("circle.full").data(fullPts).join("circle").attr("class", "full")
    .attr("cx", (d) => x(d[0])).attr("cy", (d) => y(d[1])).attr("r", 2.5);
  const legend = svg.selectAll("g.legend").data([0]).join("g").attr("class", "legend")
    .attr("transform", `translate(${w - m.r - 190},${m.t + 4})`);
  legend.selectAll("text").data(labels).join("text").attr("y", (d, i) => 12 + i * 16)
    .attr("x", 26).text((d) => d);
  legend.selectAll("line").data(["curve", "batch-loss"]).join("line")
    .attr("class", (d) => d).attr("x1", 0).attr("x2", 20)
    .attr("y1", (d, i) => 8 + i * 16).attr("y2", (d, i) => 8 + i * 16);
}
