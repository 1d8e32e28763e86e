"""The JSON path of POST /api/evaluate in process, on the book's 784-50-10 net at batch 100:
reading the body (stdlib `json` against orjson), converting nested lists to arrays and running
the net (against `np.array(list, float64)` of the same leaves plus hand-written numpy, target
<= 1.5x, issue 11), and encoding the answer (stdlib `json` against orjson). CPU time per call."""

from __future__ import annotations

import json
import math

import numpy as np

import compgraph as engine
from compgraph.app import serialize
from compgraph.app.jsoncodec import loads
from compgraph.values import to_array

from .bench_engine import mlp, numpy_two_layer
from .ratios import cpu_times, ratio_row

ELIDE = 1000  # the API's default trace_full_elements


def _body(zeros: float) -> bytes:
    """The net's document as JSON; `zeros`: the share of x that is exactly 0 (MNIST: ~0.8)."""
    doc, x, _, _ = mlp()
    rng = np.random.default_rng(1)
    x[rng.random(x.shape) < zeros] = 0.0
    doc["nodes"][0]["value"] = x
    return json.dumps(doc, default=lambda a: a.tolist()).encode()


def _numpy_from_lists(doc: dict):
    """The baseline: np.array of every leaf's nested list, then the book's numpy gradient."""
    v = {n["id"]: np.array(n["value"], dtype=np.float64) for n in doc["nodes"] if "value" in n}
    return numpy_two_layer(v["x"], v["t"], v)


def _conversion_rows(label: str, body: bytes, repeat: int) -> list[dict]:
    doc = loads(body)
    t = cpu_times({"numpy": lambda: _numpy_from_lists(doc),
                   "evaluate": lambda: engine.evaluate(doc, trace=False),
                   "trace": lambda: engine.evaluate(doc)}, repeat)
    return [ratio_row(f"engine.evaluate from nested lists, {label} / np.array + numpy",
                      t["evaluate"], t["numpy"], 1.5),
            ratio_row(f"the same with the trace, {label} / np.array + numpy", t["trace"],
                      t["numpy"], 1.5)]


def _profile_rows(label: str, body: bytes, repeat: int) -> list[dict]:
    """Where the time of the rows above goes (no targets): converting the leaves (the engine's
    `to_array`, its checks included, and numpy's own reading without a dtype, against
    `np.array(list, float64)`), and the engine on arrays already converted, against numpy."""
    doc = loads(body)
    lists = [n["value"] for n in doc["nodes"] if "value" in n]
    arrays = {n["id"]: np.array(n["value"], dtype=np.float64) for n in doc["nodes"]
              if "value" in n}
    converted = {**doc, "nodes": [{**n, "value": arrays[n["id"]]} if "value" in n else n
                                  for n in doc["nodes"]]}
    t = cpu_times({
        "np.array": lambda: [np.array(v, dtype=np.float64) for v in lists],
        "to_array": lambda: [to_array(v) for v in lists],
        "np.asarray": lambda: [np.asarray(v) for v in lists],
        "numpy": lambda: numpy_two_layer(arrays["x"], arrays["t"], arrays),
        "evaluate": lambda: engine.evaluate(converted, trace=False)}, repeat)
    rows = [ratio_row(f"{label}: leaves converted, engine to_array (checks included) /"
                      " np.array(list, float64)", t["to_array"], t["np.array"], math.inf),
            ratio_row(f"{label}: leaves converted, np.asarray(list) (numpy finds the dtype) /"
                      " np.array(list, float64)", t["np.asarray"], t["np.array"], math.inf),
            ratio_row(f"{label}: engine.evaluate of the converted arrays / numpy forward +"
                      " backward", t["evaluate"], t["numpy"], math.inf)]
    for row in rows:
        del row["target"], row["met"]
    return rows


def _codec_rows(body: bytes, repeat: int) -> list[dict]:
    result = engine.evaluate(loads(body))
    t = cpu_times({
        "json.loads": lambda: json.loads(body, parse_constant=str),
        "orjson.loads": lambda: loads(body),
        "json.dumps": lambda: json.dumps(serialize.evaluation(result, elide_above=ELIDE)),
        "orjson": lambda: serialize.encode_answer(result, elide_above=ELIDE),
        "json.dumps full": lambda: json.dumps(serialize.evaluation(result, trace=False)),
        "orjson full": lambda: serialize.encode_answer(result, trace=False)}, repeat)
    return [ratio_row("read the 2.5 MB body: jsoncodec.loads (orjson) / json.loads",
                      t["orjson.loads"], t["json.loads"], 1.0),
            ratio_row("encode the answer (trace, arrays=auto): encode_answer (orjson) / stdlib"
                      " json.dumps", t["orjson"], t["json.dumps"], 1.0),
            ratio_row("encode the answer ?trace=false: encode_answer (orjson) / stdlib"
                      " json.dumps", t["orjson full"], t["json.dumps full"], 1.0)]


def run(quick: bool = False) -> dict:
    repeat = 5 if quick else 25
    body = _body(0.0)
    rows = _codec_rows(body, repeat)
    rows += _conversion_rows("x uniform in [0, 1)", body, repeat)
    mnist = _body(0.8)
    rows += _conversion_rows("x 80 % zeros (MNIST-like)", mnist, repeat)
    rows += _profile_rows("x 80 % zeros", mnist, repeat)
    return {"title": "JSON path in process (CPU time): decode, nested lists, encode",
            "rows": rows}
