// Share (save -> /g/{id} link, and the <iframe> snippet), JSON import / export, SVG and PNG of
// the picture, DOT; the handout, the one-file player, the video and the PNG frames.

import { api } from "./api.js";
import { svgCopy } from "./standalone.js";
import { st } from "./share-strings.js";
import { installMovingExports } from "./export-animation.js";

function download(name, blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

const fileName = (doc, ext) => `${(doc.title || "graph").replace(/[^\p{L}\p{N}_-]+/gu, "_").slice(0, 60) || "graph"}.${ext}`;

let css = null;
/** A standalone copy of the drawing: our stylesheet inlined, the whole drawing, text XML-safe
 * (a control character in a label would make the file unreadable as an image). A graph drawn on
 * canvas is exported from its model (renderer.exportSource), as SVG. */
async function svgText(svg, renderer = null) {
  css ??= fetch("/static/css/app.css").then((r) => r.text());
  const text = await css;
  return new XMLSerializer().serializeToString(svgCopy(renderer?.exportSource() ?? svg, text));
}

async function pngBlob(svg, renderer, scale = 2) {
  const text = await svgText(svg, renderer);
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    await new Promise((ok, fail) => { img.onload = ok; img.onerror = fail; img.src = url; });
    const canvas = document.createElement("canvas");
    canvas.width = img.width * scale;
    canvas.height = img.height * scale;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise((ok) => canvas.toBlob(ok, "image/png"));
  } finally { URL.revokeObjectURL(url); }
}

/** DOT written here when the server cannot (same shape as POST /api/export/dot). */
function localDot(doc) {
  const q = (s) => JSON.stringify(String(s));
  const lines = [`digraph ${q(doc.title || "graph")} {`, "  rankdir=LR;"];
  for (const n of doc.nodes) lines.push(`  ${q(n.id)} [label=${q(n.label || n.id)}];`);
  for (const n of doc.nodes) for (const s of n.inputs || []) if (s) lines.push(`  ${q(s)} -> ${q(n.id)};`);
  return [...lines, "}"].join("\n");
}

export function installExports(app, { svg }) {
  const $ = (id) => document.getElementById(id);
  const doc = () => app.state.document;
  const closeMenu = () => { $("export-menu").open = false; };
  const on = (id, fn) => $(id).addEventListener("click", async () => {
    closeMenu();
    try { await fn(); } catch (err) { app.showMessage(err.message, "error"); }
  });
  on("export-json", () => download(fileName(doc(), "json"),
    new Blob([JSON.stringify(doc(), null, 2)], { type: "application/json" })));
  const source = () => svgText(svg, app.renderer);
  on("export-svg", async () => download(fileName(doc(), "svg"), new Blob([await source()], { type: "image/svg+xml" })));
  on("export-png", async () => download(fileName(doc(), "png"), await pngBlob(svg, app.renderer)));
  on("export-dot", async () => {
    let text;
    try { text = await api.dot(doc()); } catch (err) { if (err.status === 422) throw err; text = localDot(doc()); }
    download(fileName(doc(), "dot"), new Blob([typeof text === "string" ? text : text.dot], { type: "text/vnd.graphviz" }));
  });
  $("import-json").addEventListener("change", async (ev) => {
    const file = ev.target.files[0];
    ev.target.value = "";
    closeMenu();
    if (!file) return;
    try { await app.loadDocument(JSON.parse(await file.text())); } catch (err) { app.showMessage(err.message, "error"); }
  });
  on("share", async () => {
    const { url } = await api.save(doc());
    const link = new URL(url, location.href).href;
    app.state.shared = link;
    let copied = false;
    try { await navigator.clipboard.writeText(link); copied = true; } catch { /* no permission: show it */ }
    const embed = new URL(url.replace(/^\/g\//, "/embed/"), location.href).href;
    const snippet = `<iframe src="${embed}" width="800" height="500" style="border:0" title="compgraph" allowfullscreen></iframe>`;
    app.state.embedSnippet = snippet;
    app.showMessage(`${app.t(copied ? "share.copied" : "share.saved", { url: link })}\n${st("share.embed", { snippet })}`);
  });
  const moving = installMovingExports(app, { svg, svgText: source, on, download, fileName });
  return { svgText: source, pngBlob: () => pngBlob(svg, app.renderer), ...moving };
}
