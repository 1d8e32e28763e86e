// Entry of the one-file player (/g/{id}/player.html, bundled by esbuild into static/dist/):
// the graph, its evaluation and the op catalog come from the page's JSON block; no network.

import { mountViewer, viewerOptions, showFailure } from "./viewer.js";

try {
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  mountViewer(data, viewerOptions(location.search));
} catch (err) {
  showFailure(String(err.message || err));
}
