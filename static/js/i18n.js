// Every UI string and caption in English and Japanese (the book's terms: 順伝播, 逆伝播,
// 乗算ノード, 加算ノード, 局所的な微分, 連鎖律). Text only: callers put it in textContent.

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
    "autosave.restored": "Restored your last graph", "select.hint": "Click a node to inspect it.",
    value: "value", label: "label", id: "id", output: "output", apply: "Apply",
    "edit.value.bad": "A value is a number or a rectangular list of numbers, e.g. [[1, 2], [3, 4]]",
    "edit.id.bad": "An id is 1-64 characters of A-Z a-z 0-9 _ - . and must be unique",
    "op.formula": "Forward", "op.local": "Local derivative (局所的な微分)",
    "op.chain": "Chain rule (連鎖律)", operands: "Operands", upstream: "Upstream gradient",
    "sigmoid.expand": "Expand into ×(−1), exp, +1, 1/x", "sigmoid.collapse": "Collapse to σ",
    "gc.input": "input", "gc.abs": "max |diff|", "gc.rel": "max rel. diff", "gc.ok": "agree",
    "gc.bad": "differ", "gc.title": "Backprop vs central differences (h = 1e-4)",
    "err.unconnected": "node '{node}': operand {slot} is not connected",
    "err.network": "The server could not be reached", "table.title": "{name}: {kind} {shape}",
    close: "Close", "expr.placeholder": "x = 1\ny = 2\nz = (x + y) ** 2", step: "Step {k} / {n}",
    "cap.start": "Start: the inputs are known ({inputs}). Press → to run the forward pass.",
    "cap.empty": "An empty graph: add nodes from the palette or type an expression.",
    "cap.invalid": "The graph cannot be evaluated yet: {msg}",
    "cap.quiz": "Quiz: fill in the boxes to complete the backward pass (step {step}).",
    "cap.forward": "Forward: {op}: {expr} = {value}",
    "cap.seed": "Backward starts: the output {node} receives 1 (∂{node}/∂{node} = 1).",
    "cap.backward": "{op}: {flows}", "cap.flow": "{up} × {local} = {grad} flows back to {to}",
    "cap.sep": "; ", "cap.noflow": "{op}: no gradient flows to its inputs", "cap.end": " — Done: every gradient is known.",
    "cap.sum": " ({to} so far: {total}, {count} of {of})",
    "op.mul": "× node", "op.add": "+ node", "op.sub": "− node", "op.div": "/ node",
    "op.neg": "negation node", "op.exp": "exp node", "op.log": "log node", "op.pow": "power node",
    "op.relu": "ReLU layer", "op.sigmoid": "Sigmoid layer", "op.tanh": "tanh node",
    "op.matmul": "matrix product node", "op.sum": "sum node", "op.affine": "Affine layer",
    "op.softmax_with_loss": "Softmax-with-Loss layer", "op.input": "input", "op.const": "constant",
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
    "autosave.restored": "前回のグラフを復元しました", "select.hint": "ノードをクリックすると詳細を表示します。",
    value: "値", label: "ラベル", id: "ID", output: "出力", apply: "適用",
    "edit.value.bad": "値は数、または長方形の数のリストです (例: [[1, 2], [3, 4]])",
    "edit.id.bad": "IDは A-Z a-z 0-9 _ - . の1〜64文字で、重複できません",
    "op.formula": "順伝播", "op.local": "局所的な微分", "op.chain": "連鎖律",
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
    "cap.quiz": "穴埋め: 四角に数字を入れて逆伝播を完成させよう (ステップ {step})",
    "cap.forward": "順伝播 — {op}: {expr} = {value}",
    "cap.seed": "逆伝播の開始: 出力 {node} に 1 を流します (∂{node}/∂{node} = 1)。",
    "cap.backward": "逆伝播 — {op}: {flows}", "cap.flow": "{up} × {local} = {grad} が {to} へ流れる",
    "cap.sep": "、", "cap.noflow": "{op}: 入力へ流れる勾配はありません", "cap.end": " — 完了: すべての微分が求まりました。",
    "cap.sum": " ({to} の合計: {total}, {of} 本中 {count} 本目)",
    "op.mul": "乗算ノード", "op.add": "加算ノード", "op.sub": "減算ノード", "op.div": "除算ノード",
    "op.neg": "符号反転ノード", "op.exp": "expノード", "op.log": "logノード", "op.pow": "累乗ノード",
    "op.relu": "ReLUレイヤ", "op.sigmoid": "Sigmoidレイヤ", "op.tanh": "tanhノード",
    "op.matmul": "行列の積ノード", "op.sum": "総和ノード", "op.affine": "Affineレイヤ",
    "op.softmax_with_loss": "Softmax-with-Lossレイヤ", "op.input": "入力", "op.const": "定数",
    "a11y.value": "値 {v}", "a11y.grad": "勾配 {v}", "a11y.sep": "、", "a11y.graph": "計算グラフ",
    "a11y.edge": "{from} → {to} の辺", "a11y.out": "{from} の出力",
    "new.graph": "新しいグラフ", "hint.empty": "空のキャンバスです。左のボタン (Tab, Enter) でノードを追加し、詳細欄で入力を選ぶか、ノードの出力ポート (右) から入力ポート (左) へドラッグしてつなぎます。数式を入力して「作成」を押すこともできます。",
    "err.unconnected.many": "ノード '{node}': 入力 {slots} がつながっていません", "and": " と ",
  },
};

const KEY = "compgraph.lang";
let lang = localStorage.getItem(KEY) === "ja" ? "ja" : "en";

export const getLang = () => lang;

export function setLang(next) {
  lang = next === "ja" ? "ja" : "en";
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
}

export function t(key, params = {}) {
  const s = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}

/** A node's display name: its English label (meta.label_en) in English when it has one, else its
 * label, else its id. */
export function nodeName(node, language = lang) {
  return (language === "en" && node?.meta?.label_en) || node?.label || node?.id || "";
}

/** Re-label static elements: data-i18n -> textContent, data-i18n-title -> title and aria-label. */
export function applyDom(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-title]")) {
    el.title = t(el.dataset.i18nTitle);
    el.setAttribute("aria-label", el.title);
  }
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
  document.title = t("app.title");
}
