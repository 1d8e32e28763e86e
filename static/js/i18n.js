// The one i18n module of the app, the lessons and /train: one language state (kept in
// localStorage), one `t`, one markup convention (data-i18n, data-i18n-title,
// data-i18n-placeholder). The app's strings and captions are here (the book's terms: 順伝播,
// 逆伝播, 乗算ノード, 加算ノード, 局所的な微分, 連鎖律); a page or lesson adds its own table under a
// prefix (addStrings); op titles come from GET /api/ops (setOps), so a new op is named without a
// front-end edit. Text only: callers put it in textContent. No DOM at import (node tests).

const STRINGS = {
  en: {
    "app.title": "compgraph: backpropagation on a computational graph",
    examples: "Examples", play: "Play", pause: "Pause", home: "Start", end: "End",
    prev: "Step back", next: "Step forward", speed: "Speed", share: "Share", undo: "Undo",
    redo: "Redo", delete: "Delete", import: "Import JSON", "export.json": "JSON", "export.svg": "SVG",
    "export.png": "PNG", "export.dot": "DOT", export: "Export", present: "Present", lang: "日本語",
    gradcheck: "Gradient check", expression: "Expression", build: "Build", palette: "Add node",
    inspector: "Inspector", forward: "Forward (順伝播)", backward: "Backward (逆伝播)",
    "share.copied": "Link copied: {url}", "share.saved": "Saved: {url}",
    "autosave.restored": "Restored your last graph", "examples.edited": "(edited)",
    "phase.start": "start", "phase.forward": "forward", "phase.backward": "backward", "select.hint": "Click a node to inspect it.",
    value: "value", label: "label", id: "id", output: "output", apply: "Apply",
    "edit.value.bad": "A value is a number or a rectangular list of numbers, e.g. [[1, 2], [3, 4]]",
    "edit.id.bad": "An id is 1-64 characters of A-Z a-z 0-9 _ - . and must be unique",
    "insp.formula": "Forward", "insp.local": "Local derivative (局所的な微分)",
    "insp.chain": "Chain rule (連鎖律)", operands: "Operands", upstream: "Upstream gradient",
    "sigmoid.expand": "Expand into ×(−1), exp, +1, 1/x", "sigmoid.collapse": "Collapse to σ",
    "gc.input": "input", "gc.abs": "max |diff|", "gc.rel": "max rel. diff", "gc.ok": "agree",
    "gc.bad": "differ", "gc.title": "Backprop vs central differences (h = 1e-4)",
    "err.unconnected": "node '{node}': operand {slot} is not connected",
    "err.network": "The server could not be reached", "table.title": "{name}: {kind} {shape}",
    close: "Close", "expr.placeholder": "x = 1\ny = 2\nz = (x + y) ** 2", step: "Step {k} / {n}",
    "cap.start": "Start: the inputs are known ({inputs}). Press → to run the forward pass.",
    "cap.empty": "An empty graph: add nodes from the palette or type an expression.",
    "cap.invalid": "The graph cannot be evaluated yet: {msg}",
    "cap.forward": "Forward: {op}: {expr} = {value}",
    "cap.seed": "Backward starts: the output {node} receives 1 (∂{node}/∂{node} = 1).",
    "cap.backward": "Backward — {op}: {flows}", "cap.flow": "{up} × {local} = {grad} flows back to {to}",
    "cap.sep": "; ", "cap.noflow": "Backward — {op}: no gradient flows to its inputs", "cap.end": " — Done: every gradient is known.",
    "cap.sum": " ({to} so far: {total}, {count} of {of})",
    "a11y.value": "value {v}", "a11y.grad": "gradient {v}", "a11y.sep": ", ", "a11y.graph": "computational graph",
    "a11y.edge": "edge {from} → {to}", "a11y.out": "output of {from}",
    "new.graph": "New graph", "hint.empty": "An empty canvas: add nodes with the buttons on the left (Tab, Enter), connect them in the Inspector or by dragging from a node's output port (right) to an operand port (left), or type an expression and press Build.",
    "err.unconnected.many": "node '{node}': operands {slots} are not connected", "and": " and ",
  },
  ja: {
    "app.title": "compgraph: 計算グラフで誤差逆伝播法",
    examples: "例題", play: "再生", pause: "一時停止", home: "最初", end: "最後",
    prev: "1ステップ戻る", next: "1ステップ進む", speed: "速さ", share: "共有", undo: "元に戻す",
    redo: "やり直し", delete: "削除", import: "JSON読み込み", "export.json": "JSON", "export.svg": "SVG",
    "export.png": "PNG", "export.dot": "DOT", export: "書き出し", present: "発表", lang: "English",
    gradcheck: "勾配確認", expression: "数式", build: "作成", palette: "ノード追加",
    inspector: "ノードの詳細", forward: "順伝播", backward: "逆伝播",
    "share.copied": "リンクをコピーしました: {url}", "share.saved": "保存しました: {url}",
    "autosave.restored": "前回のグラフを復元しました", "examples.edited": "(編集済み)",
    "phase.start": "開始", "phase.forward": "順伝播", "phase.backward": "逆伝播", "select.hint": "ノードをクリックすると詳細を表示します。",
    value: "値", label: "ラベル", id: "ID", output: "出力", apply: "適用",
    "edit.value.bad": "値は数、または長方形の数のリストです (例: [[1, 2], [3, 4]])",
    "edit.id.bad": "IDは A-Z a-z 0-9 _ - . の1〜64文字で、重複できません",
    "insp.formula": "順伝播", "insp.local": "局所的な微分", "insp.chain": "連鎖律",
    operands: "入力", upstream: "上流から伝わる微分",
    "sigmoid.expand": "×(−1), exp, +1, 1/x に展開", "sigmoid.collapse": "Sigmoidノードにまとめる",
    "gc.input": "入力", "gc.abs": "最大絶対誤差", "gc.rel": "最大相対誤差", "gc.ok": "一致",
    "gc.bad": "不一致", "gc.title": "誤差逆伝播法と数値微分 (中心差分, h = 1e-4) の比較",
    "err.unconnected": "ノード '{node}': 入力 {slot} がつながっていません",
    "err.network": "サーバーに接続できません", "table.title": "{name}: {kind} {shape}",
    close: "閉じる", "expr.placeholder": "x = 1\ny = 2\nz = (x + y) ** 2", step: "ステップ {k} / {n}",
    "cap.start": "開始: 入力の値が決まっています ({inputs})。→ キーで順伝播を進めます。",
    "cap.empty": "空のグラフです。ノードを追加するか数式を入力してください。",
    "cap.invalid": "このグラフはまだ計算できません: {msg}",
    "cap.forward": "順伝播 — {op}: {expr} = {value}",
    "cap.seed": "逆伝播の開始: 出力 {node} に 1 を流します (∂{node}/∂{node} = 1)。",
    "cap.backward": "逆伝播 — {op}: {flows}", "cap.flow": "{up} × {local} = {grad} が {to} へ流れる",
    "cap.sep": "、", "cap.noflow": "逆伝播 — {op}: 入力へ流れる勾配はありません", "cap.end": " — 完了: すべての微分が求まりました。",
    "cap.sum": " ({to} の合計: {total}, {of} 本中 {count} 本目)",
    "a11y.value": "値 {v}", "a11y.grad": "勾配 {v}", "a11y.sep": "、", "a11y.graph": "計算グラフ",
    "a11y.edge": "{from} → {to} の辺", "a11y.out": "{from} の出力",
    "new.graph": "新しいグラフ", "hint.empty": "空のキャンバスです。左のボタン (Tab, Enter) でノードを追加し、詳細欄で入力を選ぶか、ノードの出力ポート (右) から入力ポート (左) へドラッグしてつなぎます。数式を入力して「作成」を押すこともできます。",
    "err.unconnected.many": "ノード '{node}': 入力 {slots} がつながっていません", "and": " と ",
  },
};

const KEY = "compgraph.lang";
const opTitles = new Map();  // op name -> {en, ja} from GET /api/ops
let lang = null;

function stored() {
  try { return globalThis.localStorage?.getItem(KEY) === "ja" ? "ja" : "en"; } catch { return "en"; }
}

export const getLang = () => (lang ??= stored());

export function setLang(next) {
  lang = next === "ja" ? "ja" : "en";
  try { globalThis.localStorage?.setItem(KEY, lang); } catch { /* private mode */ }
  if (globalThis.document) document.documentElement.lang = lang;
}

/** Add a page's or lesson's table ({en: {...}, ja: {...}}) under `prefix` ("lesson.next"). */
export function addStrings(prefix, table) {
  for (const l of ["en", "ja"]) {
    for (const [k, v] of Object.entries(table[l] || {})) STRINGS[l][`${prefix}.${k}`] = v;
  }
}

/** Remember the op titles served by GET /api/ops ([{name, title: {en, ja}}]). */
export function setOps(ops) {
  for (const op of ops) if (op.title) opTitles.set(op.name, op.title);
}

/** An op's display title in the current language (its name when the API gives none). */
export const opTitle = (name) => pick(opTitles.get(name), getLang()) || name;

/** The string for key with {param} filled in; "op.<name>" is that op's title. */
export function t(key, params = {}) {
  const l = getLang();
  let s = STRINGS[l][key] ?? STRINGS.en[key];
  if (s === undefined) s = key.startsWith("op.") ? opTitle(key.slice(3)) : key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}

/** The ja or en text of a {ja, en} object (en when the language has none). */
export const pick = (obj, language = getLang()) => (obj ? obj[language] ?? obj.en ?? "" : "");

/** A node's display name: its English label (meta.label_en) in English when it has one, else its
 * label, else its id. */
export function nodeName(node, language = getLang()) {
  return (language === "en" && node?.meta?.label_en) || node?.label || node?.id || "";
}

/** Re-label static elements: data-i18n -> textContent (a <title> too), data-i18n-title -> title
 * and aria-label, data-i18n-placeholder -> placeholder. */
export function applyDom(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-title]")) {
    el.title = t(el.dataset.i18nTitle);
    el.setAttribute("aria-label", el.title);
  }
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
}
