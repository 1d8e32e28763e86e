"""How a backward step is written, in the book's notation: LaTeX, words (en/ja) and shapes.

An op declares one `GradText` per operand (`Op.backward_text`). The words and shape templates
have placeholders the front end fills from the trace step (static/js/caption.js):

  {to}  the receiving node's shown name     {out}  the op node's shown name
  {up}  the upstream gradient ∂L/∂out       {local} the local derivative (the matrix for ·)
  {grad} the gradient sent to {to}          {x}    the operand's value
  {up_shape} {local_shape} {localT_shape} {grad_shape}   shapes such as (N, 3)
  {y} {t} {n}  softmax_with_loss: the softmax output, the one-hot teacher, the batch size
  {seed} the seed given to the output       {node} the output's shown name
  {sum}  "" or, when the operand was broadcast, BROADCAST with {axes} (the axes summed over,
         in the words of AXES): "summed over the batch, axis 0"
"""

from __future__ import annotations


def grad_text(latex: str, en: str, ja: str, shapes: str = "") -> dict:
    """One operand's backward: the LaTeX, the sentence in both languages, the shape line."""
    return {"latex": latex, "words": {"en": en, "ja": ja}, "shapes": shapes}


def d(num: str, den: str) -> str:
    return rf"\frac{{\partial {num}}}{{\partial {den}}}"


def chain(out: str, operand: str, local: str) -> str:
    """∂L/∂operand = ∂L/∂out · local, the chain rule as the book writes each edge."""
    return rf"{d('L', operand)} = {d('L', out)} \cdot {local}"


def times(operand: str, en_why: str, ja_why: str, out: str = "z", local_tex: str = "") -> dict:
    """The elementwise rule: upstream × local derivative, with what the local derivative is."""
    local = local_tex or d(out, operand)
    return grad_text(chain(out, operand, local),
                     f"{en_why}: {{up}} × {{local}}{{sum}} = {{grad}} flows back to {{to}}",
                     f"{ja_why}: {{up}} × {{local}}{{sum}} = {{grad}} が {{to}} へ流れる")


SEED = {"en": "Backward starts: the output {node} receives the seed {seed} (∂L/∂{node} = {seed}).",
        "ja": "逆伝播の開始: 出力 {node} に {seed} を流します (∂L/∂{node} = {seed})。"}

BROADCAST = {"en": ", summed over {axes},", "ja": " を{axes}について合計"}

AXES = {"batch": {"en": "the batch, axis 0", "ja": "バッチ方向 (第0軸)"},
        "axis": {"en": "axis {i}", "ja": "第{i}軸"}, "sep": {"en": ", ", "ja": "・"}}
