// The training page (/train): the two-layer net of 5.7 learning a 2-D data set through
// POST /api/train/step (stateless: the parameters live here and go back and forth).

import { drawBoundary, drawLoss } from "./train-plots.js";
import { createGraphView } from "./train-graph.js";
import { api } from "/static/js/api.js";
import { t, getLang, setLang, addStrings, applyDom } from "/static/js/i18n.js";

addStrings("train", {
  en: {
    title: "Training the two-layer net (5.7)", page: "compgraph: training the two-layer net (5.7)", tour: "Tour", data: "Data and model", dataset: "Data set",
    hidden: "Hidden size", seed: "Seed", hyper: "Hyper-parameters", lr: "Learning rate",
    batch: "Batch size", n: "Steps to run", step: "1 SGD step", run: "Run N steps", stop: "Stop",
    reset: "Reset", procedure: "The four steps of learning", p1: "Mini-batch",
    p1d: "pick training data at random", p2: "Gradient",
    p2d: "backprop gives the loss gradient of each parameter", p3: "Update",
    p3d: "move each parameter a little against its gradient", p4: "Repeat", p4d: "steps 1, 2, 3 again",
    boundary: "Decision boundary (mini-batch circled)", loss: "Loss", gradcheck: "Gradient check (5.7.3)",
    "gradcheck.note": "Backprop against numerical differentiation (central difference, h = 1e-4) on the current mini-batch and parameters. Differences around 1e-6 are normal: the loss takes log(y + 1e-7), which backprop's y − t leaves out, and ReLU has a kink at 0. Red means above 1e-4.",
    param: "parameter", mean: "mean |diff|", max: "max |diff|",
    graph: "The mini-batch's computational graph (Affine1 → Relu1 → Affine2 → SoftmaxWithLoss)",
    "graph.note": "Values above the edges, gradients below; matrices are drawn as small heatmaps.",
    status: "step {step} · loss {loss} · accuracy {acc}%",
    "legend.full": "loss on all data", "legend.batch": "mini-batch loss",
    open: "Open in the graph view (animation) →",
  },
  ja: {
    title: "2層ニューラルネットワークの学習 (5.7)", page: "compgraph: 2層ニューラルネットワークの学習 (5.7)", tour: "ツアー", data: "データとモデル",
    dataset: "データセット", hidden: "隠れ層のサイズ", seed: "シード", hyper: "ハイパーパラメータ",
    lr: "学習率", batch: "バッチサイズ", n: "実行するステップ数", step: "SGD 1ステップ",
    run: "N ステップ実行", stop: "停止", reset: "リセット", procedure: "学習の手順",
    p1: "ミニバッチ", p1d: "訓練データの中からランダムに一部のデータを選び出す", p2: "勾配の算出",
    p2d: "各重みパラメータに関する損失関数の勾配を求める (誤差逆伝播法)", p3: "パラメータの更新",
    p3d: "重みパラメータを勾配方向に微小量だけ更新する", p4: "繰り返す", p4d: "1, 2, 3 を繰り返す",
    boundary: "決定境界 (ミニバッチは大きな点)", loss: "損失関数の値", gradcheck: "勾配確認 (5.7.3)",
    "gradcheck.note": "現在のミニバッチとパラメータで、誤差逆伝播法と数値微分 (中心差分, h = 1e-4) の勾配を比べる。1e-6 程度の差は正常: 損失は log(y + 1e-7) を計算するが逆伝播の y − t はこの 1e-7 を含まず、ReLU は 0 で折れ曲がる。1e-4 を超えると赤。",
    param: "パラメータ", mean: "平均 |差|", max: "最大 |差|",
    graph: "ミニバッチの計算グラフ (Affine1 → Relu1 → Affine2 → SoftmaxWithLoss)",
    "graph.note": "エッジの上に順伝播の値、下に逆伝播の勾配。行列は小さなヒートマップで表示。",
    status: "ステップ {step} · 損失 {loss} · 認識精度 {acc}%",
    "legend.full": "全データの損失", "legend.batch": "ミニバッチの損失",
    open: "グラフ画面で開く (アニメーション) →",
  },
});

const $ = (id) => document.getElementById(id);
const num = (id) => Number($(id).value);
const GRID = 40;
const state = { params: null, step: 0, batchLoss: [], full: [], data: null, last: null, running: false, phase: null };
const graph = createGraphView($("graph"));

function hyper() {
  return {
    dataset: $("train-dataset").value, hidden_size: num("train-hidden"), seed: num("train-seed"),
    learning_rate: num("train-lr"), batch_size: num("train-batch"),
  };
}

const post = (body) => api.trainStep(body);

function showError(err) {
  $("train-error").textContent = err ? String(err.message || err) : "";
  $("train-error").hidden = !err;
}

function setPhase(phase) {
  state.phase = phase;
  for (const li of document.querySelectorAll("#train-phases li")) li.classList.toggle("on", li.dataset.phase === phase);
  $("train-phases").dataset.phase = phase || "";
}
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

function drawAll() {
  const d = state.data;
  if (!d) return;
  drawBoundary($("train-boundary"), { boundary: state.boundary, x: d.x, t: d.t, classes: d.classes, batch: state.batchRows });
  drawLoss($("train-loss"), { batch: state.batchLoss, full: state.full }, [t("train.legend.full"), t("train.legend.batch")]);
  const last = state.full[state.full.length - 1];
  const st = $("train-status");
  if (last) {
    st.textContent = t("train.status", { step: state.step, loss: Number(last.loss).toFixed(4), acc: (last.acc * 100).toFixed(1) });
    st.dataset.step = state.step;
    st.dataset.loss = last.loss;
    st.dataset.first = state.full[0].loss;
    st.dataset.acc = last.acc;
  }
}

function showGradcheck(rows) {
  const body = $("train-gradcheck").querySelector("tbody");
  body.replaceChildren(...Object.entries(rows || {}).map(([k, r]) => {
    const tr = document.createElement("tr");
    tr.dataset.param = k;
    tr.className = Number(r.max_abs_diff) < 1e-4 ? "ok" : "bad";  // ~1e-6 is expected: see the note
    for (const v of [k, Number(r.mean_abs_diff).toExponential(2), Number(r.max_abs_diff).toExponential(2)]) {
      const td = document.createElement("td");
      td.textContent = v;
      tr.append(td);
    }
    return tr;
  }));
}

function absorb(res) {
  state.params = res.params;
  state.step = res.step;
  state.batchLoss.push(...res.losses);
  state.full.push({ step: res.step, loss: res.loss, acc: res.accuracy });
  if (res.boundary) state.boundary = res.boundary;
  if (res.last) state.batchRows = res.last.batch;
  if (res.gradcheck) showGradcheck(res.gradcheck);
}

async function finish(res) {
  if (res.graph) {
    try { await graph.show(res.graph); } catch (err) { showError(err); }
    state.graph = res.graph;
    $("train-open").disabled = false;
  }
}

/** Save the mini-batch's graph (POST /api/graphs) and open it in the main view. */
async function openInApp() {
  if (!state.graph) return;
  const doc = { ...state.graph, title: `TwoLayerNet: ${state.data.name}, step ${state.step}` };
  try { window.location.href = (await api.save(doc)).url; } catch (err) { showError(err); }
}

async function reset() {
  showError(null);
  const h = hyper();
  state.data = await api.trainDataset(h.dataset);
  Object.assign(state, { params: null, step: 0, batchLoss: [], full: [], boundary: null, batchRows: [] });
  try {
    const res = await post({ ...h, steps: 0, grid: GRID, gradcheck: true, graph: true });
    absorb(res);
    setPhase(null);
    drawAll();
    await finish(res);
  } catch (err) { showError(err); }
}

/** One SGD step, its four phases shown one after another. */
async function oneStep() {
  showError(null);
  try {
    const res = await post({ ...hyper(), steps: 1, step: state.step, params: state.params, grid: GRID, gradcheck: true, graph: true });
    setPhase("batch");
    state.batchRows = res.last.batch;
    drawAll();
    await pause(350);
    setPhase("gradient");
    await finish(res);
    showGradcheck(res.gradcheck);
    await pause(350);
    setPhase("update");
    absorb(res);
    drawAll();
    await pause(350);
    setPhase("repeat");
  } catch (err) { showError(err); }
}

async function run() {
  showError(null);
  let left = Math.max(1, Math.min(5000, num("train-n")));
  const chunk = Math.max(1, Math.ceil(left / 10));  // about ten redraws per run
  state.running = true;
  setButtons();
  setPhase("repeat");
  try {
    while (left > 0 && state.running) {
      const n = Math.min(chunk, left);
      left -= n;
      const final = left === 0 || !state.running;
      const res = await post({ ...hyper(), steps: n, step: state.step, params: state.params, grid: GRID, gradcheck: final, graph: final });
      absorb(res);
      drawAll();
      if (final) await finish(res);
    }
  } catch (err) { showError(err); }
  state.running = false;
  setButtons();
  $("train-status").dataset.done = String(state.step);
}

function setButtons() {
  $("train-stop").disabled = !state.running;
  for (const id of ["train-step", "train-run", "train-reset"]) $(id).disabled = state.running;
}

function applyLang() {
  applyDom();
  drawAll();
}

$("train-step").addEventListener("click", oneStep);
$("train-run").addEventListener("click", run);
$("train-stop").addEventListener("click", () => { state.running = false; });
$("train-reset").addEventListener("click", reset);
$("train-open").addEventListener("click", openInApp);
for (const id of ["train-dataset", "train-hidden", "train-seed"]) $(id).addEventListener("change", reset);
$("train-lang").addEventListener("click", () => {
  setLang(getLang() === "ja" ? "en" : "ja");
  applyLang();
});
window.addEventListener("resize", drawAll);
setLang(getLang());
applyLang();
reset().then(() => { document.body.dataset.ready = "1"; });
window.compgraphTrain = state;
