// The strings of composite boxes (opened layers, user groups, the group selection), in English
// and 日本語, added to the one i18n module under "group." (the language and `t` are i18n.js's).

import { addStrings, t } from "./i18n.js";

addStrings("group", {
  en: {
    part: "Part of {name} ({id}): {role}", open: "Open {name} into its primitives", close: "Close into {name}",
    legend: "Group “{name}”", rename: "Group name", show: "Expand {name}", shut: "Collapse {name} into one box",
    ungroup: "Ungroup {name}", name: "name", make: "Make group",
    kind: "user-defined group", members: "Members", inputs: "Inputs (value, and the gradient the group sends back)",
    output: "Output",
    hint: "Group this node and everything it is computed from (up to the inputs) into one named box, e.g. softplus (or Shift+click exactly the nodes you want):",
    "pick.title": "Selected for a group: {n}", "pick.hint": "Shift+click nodes, or press Shift+Enter on a focused node, to choose exactly the nodes of a group.",
    "pick.clear": "Clear selection",
    "err.empty": "Choose the nodes of the group first (Shift+click, or Shift+Enter on a node).",
    "err.name": "Type a name for the group.",
    "err.input": "'{node}' is an input: a group holds operations and constants, its inputs stay outside.",
    "err.partial": "'{node}' is in group “{group}”, but '{other}' is not selected: take all of “{group}” or none of it.",
    "err.same": "These are exactly the nodes of group “{group}”.",
    "err.outputs": "'{other}' and '{node}' are both read outside the selection: a group has one output (add the nodes between them, or leave one out).",
  },
  ja: {
    part: "{name} ({id}) の一部: {role}", open: "{name} をプリミティブに展開", close: "{name} にまとめる",
    legend: "グループ「{name}」", rename: "グループ名", show: "{name} を展開", shut: "{name} を 1 つの箱にまとめる",
    ungroup: "{name} のグループを解除", name: "名前", make: "グループにする",
    kind: "ユーザー定義のグループ", members: "メンバー", inputs: "入力 (値と、グループが返す勾配)", output: "出力",
    hint: "このノードと、それを計算するノード (入力まで) を名前つきの 1 つの箱にまとめます (例: softplus。ノードを選ぶなら Shift+クリック):",
    "pick.title": "グループにするノード: {n} 個", "pick.hint": "Shift+クリック、またはフォーカスしたノードで Shift+Enter を押して、グループにするノードをちょうど選びます。",
    "pick.clear": "選択を解除",
    "err.empty": "先にグループにするノードを選んでください (Shift+クリック、またはノードで Shift+Enter)。",
    "err.name": "グループの名前を入力してください。",
    "err.input": "'{node}' は入力です: グループに入るのは演算と定数で、入力は外に置きます。",
    "err.partial": "'{node}' はグループ「{group}」の一部ですが、'{other}' が選ばれていません: 「{group}」は全部入れるか、まったく入れないかです。",
    "err.same": "これはグループ「{group}」とまったく同じノードです。",
    "err.outputs": "'{other}' と '{node}' の両方が選択の外で使われています: グループの出力は 1 つです (間のノードを加えるか、どちらかを外してください)。",
  },
});

/** A string of composite boxes: t("group." + key). */
export const gt = (key, params = {}) => t(`group.${key}`, params);

/** The message for a refused group (groups.js checkGroup's answer). */
export const refusal = (found) => gt(`err.${found.key}`, found);
