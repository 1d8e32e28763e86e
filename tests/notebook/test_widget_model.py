"""cg.show's Python side: what it sends for each kind of input, and edits coming back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import compgraph as cg

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_import_needs_neither_anywidget_nor_httpx_nor_the_web_app():
    code = ("import sys, compgraph; bad = {'anywidget', 'httpx', 'fastapi', 'compgraph.app'}"
            " & set(sys.modules); assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_kind_of_input_gives_the_same_traits():
    path = EXAMPLES / "apple.json"
    doc = json.loads(path.read_text())
    local = cg.evaluate(doc)
    shown = [cg.show(doc), cg.show(path), cg.show(str(path)), cg.show(path.read_text()),
             cg.show(local)]
    for w in shown:
        assert w.steps == len(local.trace) == 5 and w.step == 0 and w.lang == "en"
        assert w.evaluation["nodes"]["apple"]["grad"] == 2.2
        assert [n["id"] for n in w.document["nodes"]] == [n["id"] for n in doc["nodes"]]
        assert {o["name"] for o in w.ops} >= {"mul", "input"}
    assert cg.show(doc, step=-1, lang="ja").step == 5


def test_an_evaluation_keeps_the_documents_groups():
    """cg.show(evaluation) sends the groups too, so the widget draws a collapsed one as a box."""
    doc = json.loads((EXAMPLES / "apple.json").read_text())
    op = next(n["id"] for n in doc["nodes"] if n.get("inputs"))
    groups = [{"id": op, "name": "price", "nodes": [op], "op": None, "collapsed": True}]
    w = cg.show(cg.evaluate({**doc, "groups": groups}))
    assert w.document["groups"] == groups
    assert "groups" not in cg.show(cg.evaluate(doc)).document


def test_a_value_is_evaluated_when_shown():
    x = cg.Value(3.0, name="x")
    w = cg.show((x * x).named("y"))
    assert w.evaluation["nodes"]["x"]["grad"] == 6.0 and x.grad == 6.0


def test_an_edit_from_the_drawing_is_evaluated_in_python():
    doc = json.loads((EXAMPLES / "sigmoid.json").read_text())
    w = cg.show(doc, step=-1)
    before = w.steps
    x = next(n for n in doc["nodes"] if n["op"] == "input")
    edited = {**doc, "nodes": [{**n, "value": 2.0} if n is x else n for n in doc["nodes"]]}
    w.document = edited  # what the widget's sigmoid expand/collapse sends back
    assert w.steps == before and w.step == before
    assert w.evaluation["nodes"][x["id"]]["value"] == 2.0


def test_bad_input_is_refused_clearly():
    with pytest.raises(TypeError, match="cg.show takes a Value"):
        cg.show(42)
    with pytest.raises(ValueError, match="lang must be"):
        cg.show(cg.Value(1.0), lang="fr")
