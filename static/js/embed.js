// /embed/{id}: the saved graph's drawing, player and caption, for an <iframe> on any site.

import { api } from "./api.js";
import { mountViewer, viewerOptions, showFailure } from "./viewer.js";
import { st } from "./share-strings.js";

async function start() {
  const doc = await api.load(document.body.dataset.graphId);
  const [ops, evaluation] = await Promise.all([api.ops(), api.evaluate(doc)]);
  mountViewer({ doc, evaluation, ops }, viewerOptions(location.search));
}

start().catch((err) => showFailure(st("error.load", { msg: err.message || err })));
