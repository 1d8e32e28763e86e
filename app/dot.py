"""Graphviz DOT of an evaluated graph: values above the edges, gradients below (in red).

The book's figures, for papers and slides: `dot -Tsvg graph.dot > graph.svg`.
"""

from __future__ import annotations

import html
import re

import numpy as np

import compgraph as engine

LEAF_SHAPE = {"input": "box", "const": "plaintext"}
MAX_ITEMS = 6  # arrays with more elements are drawn as their shape
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def quote(text: str) -> str:
    """A DOT double-quoted string: backslashes, quotes and newlines escaped, other control
    characters shown as \\uXXXX text (Graphviz would reject or swallow them)."""
    text = CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text.replace("\r", ""))
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\n", "\\n") + '"'


def output_marker(ids) -> str:
    """The id of the point the output's edge ends at: `__output`, or with more underscores
    when a node already has that id."""
    marker = "__output"
    while marker in ids:
        marker = "_" + marker
    return marker


def fmt(a, max_items: int = MAX_ITEMS) -> str:
    if a is None:
        return ""
    arr = np.asarray(a, dtype=np.float64)
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    if arr.size > max_items:
        return "array " + engine.ops.fmt_shape(arr.shape)
    return np.array2string(arr, precision=4, separator=", ", max_line_width=40)


def _edge_label(value, grad, grads: bool) -> str:
    parts = [html.escape(fmt(value)).replace("\n", "<br/>")]
    if grads and grad is not None:
        parts.append(f'<font color="red">{html.escape(fmt(grad)).replace(chr(10), "<br/>")}'
                     "</font>")
    return "<" + "<br/>".join(parts) + ">"


def to_dot(result: engine.Evaluation, *, grads: bool = True) -> str:
    graph = result.graph
    sent = {}  # (consumer, operand name) -> gradient sent along that edge
    for s in result.trace:
        if isinstance(s, engine.BackwardStep):
            for e in s.edges:
                sent[(s.node, e.operand)] = e.grad
    symbols = {op["name"]: op["symbol"] for op in engine.catalog()}
    lines = [f"digraph {quote(graph.title or 'compgraph')} {{", "  rankdir=LR;",
             '  node [fontname="Helvetica"]; edge [fontname="Helvetica", fontsize=10];']
    for i, node in graph.nodes.items():
        if node.leaf:
            text = node.label or i
            lines.append(f"  {quote(i)} [label={quote(text)}, shape={LEAF_SHAPE[node.op]}];")
        else:
            text = symbols.get(node.op, node.op) + (f"\n{node.label}" if node.label else "")
            shape = "box" if engine.OPS[node.op].box else "circle"
            lines.append(f"  {quote(i)} [label={quote(text)}, shape={shape}];")
    for i, node in graph.nodes.items():
        operands = engine.OPS[node.op].operands if not node.leaf else ()
        for name, src in zip(operands, node.inputs):
            label = _edge_label(result.values[src], sent.get((i, name)), grads)
            lines.append(f"  {quote(src)} -> {quote(i)} [label={label}];")
    out, marker = graph.output, output_marker(graph.nodes)
    lines.append(f"  {quote(marker)} [shape=point, width=0.05];")
    lines.append(f"  {quote(out)} -> {quote(marker)} "
                 f"[label={_edge_label(result.values[out], result.grads[out], grads)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
