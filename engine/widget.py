"""cg.show: an anywidget that draws and plays a graph with the web app's own modules.

The widget's `_esm` is one bundled ES module (static/dist/widget.js: the web app's layout,
renderer, frame, captions, player and i18n with D3 and KaTeX inside), so it needs no server and
no network. anywidget is imported only here, when `show` is first called.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np

from .document import Graph
from .evaluate import Evaluation, evaluate
from .ops import catalog

HERE = Path(__file__).resolve().parent
# installed: compgraph/static (package data); in a checkout: the repo's static/ beside engine/
BUNDLES = (HERE / "static" / "dist" / "widget.js", HERE.parent / "static" / "dist" / "widget.js")
TRACE_FULL_ELEMENTS = 1000  # like the API: larger trace arrays travel as shape + min/max/mean


def bundle() -> Path:
    """The widget's ES module, or a FileNotFoundError saying how to build it."""
    for path in BUNDLES:
        if path.is_file():
            return path
    raise FileNotFoundError("the notebook widget's bundle static/dist/widget.js is missing:"
                            " run `make widget` (or `make setup`) in the compgraph checkout")


def show(x, *, lang: str = "en", step: int | None = None):
    """A widget playing `x`: a Value, a graph document (dict), a saved graph's JSON (text or
    a path to a .json file) or an Evaluation (local, or a Client's answer).

    `step` starts the player there (default 0: only the inputs known; -1: the last step).
    Set `w.step` from Python to move the drawing; `w.steps` is the last step.
    """
    return _widget_class()(**widget_state(x, lang=lang, step=step))


def widget_state(x, *, lang: str = "en", step: int | None = None) -> dict:
    """The widget's synced traits for `x` (what `show` sends to the browser)."""
    if lang not in ("en", "ja"):
        raise ValueError(f"lang must be 'en' or 'ja', got {lang!r}")
    document, result = _read(x)
    answer = _answer(result)
    steps = len(answer["trace"])
    start = 0 if step is None else (steps if step < 0 else min(step, steps))
    return {"document": document, "evaluation": answer, "ops": catalog(), "steps": steps,
            "step": start, "lang": lang}


def _answer(result: Evaluation) -> dict:
    from compgraph.app.serialize import evaluation as to_json

    return to_json(result, elide_above=TRACE_FULL_ELEMENTS)


def _read(x) -> tuple[dict, Evaluation]:
    from .value import Value

    if isinstance(x, Value):
        if x.evaluation is None:
            x.backward()
        return x.to_document(), x.evaluation
    if isinstance(x, Evaluation):
        return graph_document(x.graph), x
    if isinstance(x, Path) or (isinstance(x, str) and not x.lstrip().startswith("{")):
        x = Path(x).read_text(encoding="utf-8")
    if isinstance(x, str):
        x = json.loads(x)
    if not isinstance(x, dict):
        raise TypeError(f"cg.show takes a Value, a graph document, its JSON or an Evaluation,"
                        f" not {type(x).__name__}")
    return _plain(x), evaluate(x)


def _plain(doc: dict) -> dict:
    """The document as JSON data (numpy leaf values become lists)."""
    return json.loads(json.dumps(doc, default=lambda a: np.asarray(a).tolist()))


def graph_document(graph: Graph) -> dict:
    """A validated Graph back as a graph document (what an Evaluation carries)."""
    nodes = []
    for n in graph.nodes.values():
        node = {"id": n.id, "op": n.op}
        if n.leaf:
            node["value"] = np.asarray(n.value).tolist()
        else:
            node["inputs"] = list(n.inputs)
        node.update({k: v for k, v in (("attrs", n.attrs), ("label", n.label),
                                        ("meta", n.meta)) if v})
        nodes.append(node)
    doc = {"version": 1, "nodes": nodes, "output": graph.output}
    doc.update({k: v for k, v in (("title", graph.title), ("meta", graph.meta),
                                  ("groups", graph.groups)) if v})
    return _plain(doc)


@cache
def _widget_class():
    import anywidget
    import traitlets

    class CompgraphWidget(anywidget.AnyWidget):
        """The graph, drawn and played; `step` is synced both ways."""

        _esm = bundle()
        document = traitlets.Dict().tag(sync=True)
        evaluation = traitlets.Dict().tag(sync=True)
        ops = traitlets.List().tag(sync=True)
        step = traitlets.Int(0).tag(sync=True)
        steps = traitlets.Int(0).tag(sync=True)
        lang = traitlets.Unicode("en").tag(sync=True)
        selected = traitlets.Unicode(None, allow_none=True).tag(sync=True)

        @traitlets.observe("document")
        def _evaluate_edit(self, change):
            """The drawing edited the document (sigmoid expand/collapse): evaluate it here."""
            if change["old"] and change["new"] != change["old"]:
                answer = _answer(evaluate(change["new"]))
                self.steps = len(answer["trace"])
                self.step = min(self.step, self.steps)
                self.evaluation = answer

    return CompgraphWidget
