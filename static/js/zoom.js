// Zoom in / out / fit buttons beside the wheel, in the drawing's top-right corner: the same d3
// zoom the wheel drives, so both agree. "Fit" returns to the whole graph in view.

const WORDS = { en: { in: "Zoom in", out: "Zoom out", fit: "Fit the graph" },
  ja: { in: "拡大", out: "縮小", fit: "全体を表示" } };

// set through the CSSOM: the page's CSP refuses style attributes
const STYLE = { position: "absolute", top: "8px", right: "8px", display: "flex", gap: "4px", zIndex: 2 };

export function installZoom(app, renderer, stage) {
  const bar = document.createElement("div");
  bar.id = "zoom-buttons";
  Object.assign(bar.style, STYLE);
  const button = (id, text, act) => {
    const b = document.createElement("button");
    b.id = id;
    b.type = "button";
    b.textContent = text;
    b.addEventListener("click", act);
    bar.append(b);
    return b;
  };
  const by = (k) => () => renderer.svg.call(renderer.zoom.scaleBy, k);
  const buttons = {
    in: button("zoom-in", "+", by(1.25)),
    out: button("zoom-out", "−", by(0.8)),
    fit: button("zoom-fit", "⤢", () => renderer.svg.call(renderer.zoom.transform, globalThis.d3.zoomIdentity)),
  };
  const label = () => {
    const w = WORDS[app.state.lang] || WORDS.en;
    for (const [k, b] of Object.entries(buttons)) { b.title = w[k]; b.setAttribute("aria-label", w[k]); }
  };
  label();
  app.on("lang", label);
  stage.append(bar);
  return bar;
}
