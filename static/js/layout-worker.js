// Runs layout.js off the main thread for big graphs (the page stays responsive meanwhile).
import { layout } from "./layout.js";

self.onmessage = (ev) => {
  const { id, doc, opts } = ev.data;
  self.postMessage({ id, result: layout(doc, { ...opts, boxes: new Set(opts.boxes) }) });
};
