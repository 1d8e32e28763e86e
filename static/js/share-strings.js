// The strings of the handout, embed, offline player and video export, in English and 日本語,
// added to the one i18n module under "share." (the language and `t` are i18n.js's).

import { addStrings, t } from "./i18n.js";

addStrings("share", {
  en: {
    "export.handout": "Handout (print)", "export.player": "Player (HTML)",
    "export.video": "Video (WebM)", "export.frames": "Frames (ZIP of PNG)", "export.window": "Window size",
    "export.recording": "Recording the animation… {k} / {n}", "export.saved": "Saved {name}",
    "share.embed": "Embed it in a page: {snippet}",
    "handout.print": "Print / PDF", "handout.steps": "Steps", "handout.all": "All",
    "handout.forward": "Forward pass", "handout.backward": "Backward pass", "handout.per": "Per page",
    "handout.step": "Step {k} / {n}", "handout.note": "Print to PDF from the browser: one step per page (A4 or Letter).",
    "error.load": "Could not load the graph: {msg}",
  },
  ja: {
    "export.handout": "配布資料 (印刷)", "export.player": "プレイヤー (HTML)",
    "export.video": "動画 (WebM)", "export.frames": "コマ送り画像 (PNG の ZIP)", "export.window": "ウィンドウの大きさ",
    "export.recording": "アニメーションを録画中… {k} / {n}", "export.saved": "{name} を保存しました",
    "share.embed": "ページへの埋め込み: {snippet}",
    "handout.print": "印刷 / PDF", "handout.steps": "ステップ", "handout.all": "すべて",
    "handout.forward": "順伝播", "handout.backward": "逆伝播", "handout.per": "1ページあたり",
    "handout.step": "ステップ {k} / {n}", "handout.note": "ブラウザの印刷から PDF に保存できます (1ページに1ステップ、A4 / Letter)。",
    "error.load": "グラフを読み込めません: {msg}",
  },
});

/** A string of these pages: t("share." + key). */
export const st = (key, params = {}) => t(`share.${key}`, params);
