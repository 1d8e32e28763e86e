// The lesson's UI strings in English and Japanese, added to the app's one i18n module under
// "lesson." (t("lesson.next")). Text only: callers use textContent.

import { addStrings } from "/static/js/i18n.js";

addStrings("lesson", {
  en: {
    tour: "Tour", quiz: "Quiz", training: "Training", close: "Close",
    next: "Next ▶", prev: "◀ Back", progress: "Step {k} of {n}",
    figure: "Fig. {fig}", section: "§{sec}",
    keys: "N / B: next / previous step of the tour. PageDown / PageUp (clicker): the animation; at its end they move on.",
    "open.link": "Continue on the training page →",
    "quiz.title": "Fill in the boxes", "quiz.hide": "Hide",
    "quiz.grads": "gradients", "quiz.values": "values", "quiz.both": "both",
    "quiz.score": "{right} of {n} right", "quiz.show": "Show", "quiz.showAll": "Show all answers",
    "quiz.clear": "Start again", "quiz.none": "This graph has no single numbers to hide.",
    "quiz.help": "Type a number into each box and press Enter: ✓ (green) is right, ✗ (red) is wrong. “Show” plays the step that computes it. Untick a row to give that number as a hint.",
    "quiz.box": "Answer box: {name}", "quiz.caption": "Quiz (fill in □) — {text}",
    "quiz.grad": "∂L/∂{from}", "quiz.value": "{from}",
    "quiz.grad.to": "∂L/∂{from} (→ {to})", "quiz.value.to": "{from} (→ {to})",
    "quiz.last.right": "Right!", "quiz.last.wrong": "Not yet: try again", "quiz.wrongs": "{k} wrong",
    "quiz.out": "output", "quiz.pick": "Ask this one (untick to show it as a hint)",
  },
  ja: {
    tour: "ツアー", quiz: "穴埋め", training: "学習", close: "閉じる",
    next: "次へ ▶", prev: "◀ 戻る", progress: "{n} ステップ中 {k}",
    figure: "図{fig}", section: "{sec}節",
    keys: "N / B: ツアーの次 / 前のステップ。PageDown / PageUp (クリッカー): アニメーション。最後まで進むと次のステップへ。",
    "open.link": "学習画面へ進む →",
    "quiz.title": "四角に数字を入れよう", "quiz.hide": "隠す",
    "quiz.grads": "逆伝播 (勾配)", "quiz.values": "順伝播 (値)", "quiz.both": "両方",
    "quiz.score": "{n} 問中 {right} 問正解", "quiz.show": "答え", "quiz.showAll": "すべての答えを見る",
    "quiz.clear": "やり直す", "quiz.none": "このグラフには隠せる数値がありません。",
    "quiz.help": "四角に数字を入力して Enter: ✓ (緑) は正解、✗ (赤) は不正解。「答え」はその値を計算するステップを再生します。チェックを外すとその値はヒントとして表示されます。",
    "quiz.box": "解答欄: {name}", "quiz.caption": "穴埋め (□ を埋めよう) — {text}",
    "quiz.grad": "∂L/∂{from}", "quiz.value": "{from}",
    "quiz.grad.to": "∂L/∂{from} (→ {to})", "quiz.value.to": "{from} (→ {to})",
    "quiz.last.right": "正解!", "quiz.last.wrong": "ちがいます: もう一度", "quiz.wrongs": "{k} 問まちがい",
    "quiz.out": "出力", "quiz.pick": "この値を問う (外すとヒントとして表示)",
  },
});
