// The caption of one trace step, in the book's notation. Op names and every backward sentence
// come from the op catalog (GET /api/ops: title, backward[i].words / .shapes, seed, broadcast),
// never from per-op strings here. A caption is a list of [key, params] parts: key an i18n key,
// or "tpl" with params.tpl = {en, ja} from the catalog.

import { edgeKey, stubKey, slotOf } from "./frame.js";
import { inline as written, isArray, shapeOf, shapeText, sizeOf } from "./format.js";
import { getLang } from "./i18n.js";

/** Arrays of at most this many numbers are written out in a caption (a 2x3 like Fig. 5-25's);
 * larger ones by their shape, which the edge labels and the table show in full. */
const CAPTION_OUT = 6;
const inline = (x) => (isArray(x) && sizeOf(x) > CAPTION_OUT ? shapeText(shapeOf(x)) : written(x));

const fill = (tpl, params) => tpl.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
const local = (tpl) => (tpl ? tpl[getLang()] ?? tpl.en : "");
const opTitle = (opsByName, op) => ({ tpl: opsByName[op]?.title || { en: op, ja: op } });

function forwardExpr(step, node, symbol) {
  const v = (step.operands || []).map(inline);
  switch (step.op) {
    case "add": case "sub": case "mul": case "div": case "matmul":
      return `${v[0]} ${symbol} ${v[1]}`;
    case "pow": return `${v[0]}^${inline(node?.attrs?.p)}`;
    case "affine": return `${v[0]} · ${v[1]} + ${v[2]}`;
    case "neg": return `-${v[0]}`;
    default: return `${symbol}(${v.join(", ")})`;
  }
}

/** The axes numpy broadcast an operand of shape `small` along to reach `big` (summed back). */
export function summedAxes(big, small) {
  const lead = big.length - small.length;
  return big.map((n, i) => i).filter((i) => i < lead || (small[i - lead] === 1 && big[i] !== 1));
}

/** "the batch, axis 0" or "axis 1, axis 2", in the catalog's words. */
function axesWords(entry, big, axes) {
  if (axes.length === 1 && axes[0] === 0 && big.length >= 2) return entry.axes.batch;
  const lang = (l) => axes.map((i) => fill(entry.axes.axis[l], { i })).join(entry.axes.sep[l]);
  return { en: lang("en"), ja: lang("ja") };
}

const transposed = (shape) => (shape.length >= 2 ? [...shape.slice(0, -2), shape.at(-1), shape.at(-2)] : shape);

/** The placeholders of one edge's sentence (see engine/ops/notation.py). */
function edgeParams(s, e, entry, fwd) {
  const [up, grad, loc] = [shapeOf(s.upstream), shapeOf(e.grad), shapeOf(e.local)];
  const p = {
    up: inline(s.upstream), local: inline(e.local), grad: inline(e.grad), to: { ref: e.to },
    out: { ref: s.node }, up_shape: shapeText(up), grad_shape: shapeText(grad),
    local_shape: shapeText(loc), localT_shape: shapeText(transposed(loc)), sum: "",
  };
  const axes = isArray(s.upstream) ? summedAxes(up, grad) : [];
  if (axes.length && entry.broadcast) p.sum = { tpl: entry.broadcast, axes: { tpl: axesWords(entry, up, axes) } };
  if (fwd?.y !== undefined) {
    const x = fwd.operands?.[0];
    p.y = inline(fwd.y);
    p.t = inline(onehot(fwd.operands?.[1], x));
    p.n = Array.isArray(x) && Array.isArray(x[0]) ? x.length : isArray(x) && shapeOf(x).length === 2 ? shapeOf(x)[0] : 1;
  }
  return p;
}

/** The teacher as one-hot rows (labels 2 -> [0, 0, 1]), as the book writes t. */
function onehot(t, x) {
  if (!Array.isArray(x) || !Array.isArray(t)) return t;
  const c = Array.isArray(x[0]) ? x[0].length : x.length;
  const row = (k) => Array.from({ length: c }, (_, j) => (j === k ? 1 : 0));
  if (Array.isArray(x[0])) return Array.isArray(t[0]) ? t : t.map(row);
  return t;
}

/** The current node and edges of one trace step, and its caption as [key, params] parts. */
export function describe(s, byId, opsByName, trace = []) {
  const node = byId.get(s.node);
  const opName = opTitle(opsByName, s.op);
  if (s.phase === "forward") {
    const sym = opsByName[s.op]?.symbol || s.op;
    return {
      current: { node: s.node, edges: (s.inputs || []).map((src, slot) => edgeKey(src, s.node, slot)) },
      caption: [["cap.forward", { op: opName, expr: forwardExpr(s, node, sym), value: inline(s.value) }]],
    };
  }
  if (s.op === "seed") {
    const entry = opsByName[node?.op] || Object.values(opsByName)[0];
    const tpl = entry?.seed || { en: "{node}: {seed}", ja: "{node}: {seed}" };
    return { current: { node: s.node, edges: [stubKey(s.node)] },
      caption: [["tpl", { tpl, node: { ref: s.node }, seed: inline(s.upstream) }]] };
  }
  const entry = opsByName[s.op] || {};
  const fwd = trace.find((x) => x.phase === "forward" && x.node === s.node);
  const keys = [];
  const caption = [];
  (s.edges || []).forEach((e, j) => {
    const i = slotOf(node || {}, e.operand, e.to, opsByName);
    keys.push(edgeKey(e.to, s.node, i));
    const text = entry.backward?.[(entry.operands || []).indexOf(e.operand)] || entry.backward?.[i];
    const tpl = text?.words || { en: "{up} × {local} = {grad} → {to}", ja: "{up} × {local} = {grad} → {to}" };
    const params = edgeParams(s, e, entry, fwd);
    caption.push(["tpl", { tpl, ...params, sep: j > 0 }]);
    // the shapes line, unless the sentence already reads as shapes (∂L/∂out not written out)
    const written = !isArray(s.upstream) || sizeOf(s.upstream) <= CAPTION_OUT;
    if (text?.shapes && written) caption.push(["shapes", { text: fill(text.shapes, params) }]);
    if (e.of > 1) caption.push(["cap.sum", { to: { ref: e.to }, total: inline(e.total), count: e.count, of: e.of }]);
  });
  caption.unshift([keys.length ? "cap.backward" : "cap.noflow", { op: opName }]);
  return { current: { node: s.node, edges: keys }, caption };
}

/** One sentence per edge of a backward step (with its shape line), in the current language:
 * what the inspector shows under the op's LaTeX. Returns [{to, operand, text}]. */
export function edgeSentences(s, doc, opsByName, trace, t, name) {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const parts = describe(s, byId, opsByName, trace).caption;
  const out = [];
  for (const part of parts) {
    if (part[0] === "tpl") {
      const e = s.edges[out.length];
      out.push({ to: e.to, operand: e.operand, text: captionText([["tpl", { ...part[1], sep: false }]], t, name) });
    } else if (part[0] === "shapes" && out.length) out.at(-1).text += captionText([part], t, name);
  }
  return out;
}

/** The caption as one string in the current language (t from i18n.js; name: node id -> its
 * displayed name). Params are strings, [i18n key, params], {ref: node id}, {tpl: {en, ja}, ...}
 * or {list: [[id, value]]}. */
export function captionText(caption, t, name = (id) => id) {
  const param = (v) => (Array.isArray(v) ? t(v[0], v[1]) : v?.ref !== undefined ? name(v.ref)
    : v?.tpl ? fill(local(v.tpl), resolve(v)) : v?.list ? v.list.map(([id, x]) => `${name(id)} = ${x}`).join(", ") : v);
  const resolve = (p) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== "tpl").map(([k, v]) => [k, param(v)]));
  const part = ([key, p]) => (key === "tpl" ? param(p) : key === "shapes" ? `  [${p.text}]` : t(key, resolve(p)));
  const head = caption.find(([key]) => key === "cap.backward");
  if (!head) return caption.map(part).join("");
  let flows = "";
  for (const c of caption) {
    if (c[0] === "tpl") flows += (c[1].sep ? t("cap.sep") : "") + part(c);
    else if (c[0] === "shapes" || c[0] === "cap.sum") flows += part(c);
  }
  const tail = caption.filter(([key]) => key === "cap.end").map(part).join("");
  return t("cap.backward", { ...resolve(head[1]), flows }) + tail;
}
