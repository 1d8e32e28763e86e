"""Engine speed as ratios against baselines run in the same process, interleaved:
(a) the book's MLP against hand-written numpy, (b) scalar DAGs against a plain-Python-float
interpreter that reads the same document, (c) the trace and the API's limits included.

Times are CPU time of this thread (`ratios.cpu_times`: on 2 shared cores, wall time measures
the neighbours); each row gives the min and the median ratio over the repeats (`ratio_row`: a
target is met when the median is). The interpreter runs with the garbage collector off, as
`engine.evaluate` does, so GC pauses flatter neither side.
"""

from __future__ import annotations

import gc
import math
import random
from dataclasses import replace

import numpy as np

import compgraph as engine
from compgraph.document import validate
from compgraph.evaluate import no_gc
from compgraph.train import network_document

from .ratios import cpu_times, ratio_row

# --- helpers ------------------------------------------------------------------------------


def timings(fns: dict, repeat: int, number: int) -> dict[str, list[float]]:
    """`ratios.cpu_times`, after a full collection: each sample starts from the same heap."""
    gc.collect()
    return cpu_times(fns, repeat, number)


def ratio_rows(prefix: str, times: dict[str, list[float]], base: str, targets: dict,
               per: int | None = None) -> list[dict]:
    """One `ratios.ratio_row` per function against `base`; rows without a target inform."""
    rows = []
    for k, ts in times.items():
        if k == base:
            continue
        row = ratio_row(f"{prefix}: {k} / {base}", ts, times[base], targets.get(k, math.inf))
        if k not in targets:
            del row["target"], row["met"]
        if per:
            row["us_per_node"] = round(min(ts) * 1e3 / per, 2)
        rows.append(row)
    return rows


def api_limits(nodes: int) -> engine.Limits:
    """The API's default limits, with room for this many nodes (10k and 50k exceed 5,000)."""
    return replace(engine.DEFAULT_LIMITS, max_nodes=max(nodes, engine.DEFAULT_LIMITS.max_nodes),
                   max_elements=max(nodes, engine.DEFAULT_LIMITS.max_elements))


def built(result):
    """Read the whole trace (its steps are built on first read), as the answer's encoder does."""
    for s in result.trace:
        for e in getattr(s, "edges", ()):
            e.total  # noqa: B018
    return result


# --- (a) the book's two-layer net, 784-50-10 at batch 100 ---------------------------------


def mlp(batch=100, sizes=(784, 50, 10), seed=0):
    rng = np.random.default_rng(seed)
    d, h, c = sizes
    x = rng.random((batch, d))
    t = np.eye(c)[rng.integers(0, c, batch)]
    params = {"W1": 0.01 * rng.standard_normal((d, h)), "b1": np.zeros(h),
              "W2": 0.01 * rng.standard_normal((h, c)), "b2": np.zeros(c)}
    doc = network_document(x, t, params, data="const")  # the net /train trains
    return doc, x, t, params


def numpy_two_layer(x, t, p):
    """The book's TwoLayerNet.gradient, written out by hand (forward, then backward)."""
    a1 = x @ p["W1"] + p["b1"]
    mask = a1 <= 0
    z1 = np.where(mask, 0.0, a1)
    a2 = z1 @ p["W2"] + p["b2"]
    e = np.exp(a2 - a2.max(axis=1, keepdims=True))
    y = e / e.sum(axis=1, keepdims=True)
    n = x.shape[0]
    loss = -np.sum(t * np.log(y + 1e-7)) / n
    da2 = (y - t) / n
    grads = {"W2": z1.T @ da2, "b2": da2.sum(axis=0)}
    dz1 = da2 @ p["W2"].T
    da1 = np.where(mask, 0.0, dz1)
    grads["W1"] = x.T @ da1
    grads["b1"] = da1.sum(axis=0)
    return loss, grads  # no dx: x is data (the engine skips it too, x being a const)


def bench_mlp(quick: bool) -> list[dict]:
    doc, x, t, params = mlp()
    program = engine.compile(doc)
    check = program.run(trace=False)
    loss, grads = numpy_two_layer(x, t, params)
    np.testing.assert_allclose(check.values["SoftmaxWithLoss"], loss, rtol=1e-12)
    for k, g in grads.items():
        np.testing.assert_allclose(check.grads[k], g, rtol=1e-10, atol=1e-15)
    repeat, number = (8, 5) if quick else (30, 10)
    limits = api_limits(len(doc["nodes"]))
    times = timings({
        "numpy": lambda: numpy_two_layer(x, t, params),
        "compiled run": lambda: program.run(trace=False),
        "evaluate": lambda: engine.evaluate(doc, trace=False),
        "evaluate, API limits": lambda: engine.evaluate(doc, trace=False, limits=limits),
        "evaluate + trace built": lambda: built(engine.evaluate(doc)),
        # where evaluate's time goes besides the run (no target): reading the document
        "validate (part of evaluate)": lambda: validate(doc, copy=False),
    }, repeat, number)
    return ratio_rows("MLP 784-50-10 batch 100 (numpy arrays)", times, "numpy",
                      {"compiled run": 1.10, "evaluate": 1.10})


# --- (b) random scalar DAGs ---------------------------------------------------------------

SCALAR_OPS = ["add", "sub", "mul", "neg", "tanh", "sigmoid", "relu", "exp", "div", "log", "pow"]


def random_dag(n: int, seed: int = 0) -> dict:
    """Scalar DAG with fan-out over every scalar op, its values kept finite.

    Pools: B holds values in [-1, 1] (inputs, tanh, sigmoid, B**2), P values >= 0.27 (exp and
    sigmoid of B). Ops that could grow or blow up take their operands from those pools.
    """
    rng = random.Random(seed)
    nodes, pool_b, pool_p, pool_any = [], [], [], []

    def pick(pool):
        return pool[-1 - min(int(rng.expovariate(0.05)), len(pool) - 1)]

    sinks: dict[str, None] = {}  # insertion-ordered: nodes nobody consumes yet

    def add(op, inputs, *pools, attrs=None):
        nid = f"v{len(nodes)}"
        node = {"id": nid, "op": op, "inputs": inputs}
        if attrs:
            node["attrs"] = attrs
        nodes.append(node)
        for r in inputs:
            sinks.pop(r, None)
        sinks[nid] = None
        for pool in (pool_any, *pools):
            pool.append(nid)

    for _ in range(max(2, n // 10)):
        nid = f"v{len(nodes)}"
        nodes.append({"id": nid, "op": "input", "value": rng.uniform(-1, 1)})
        pool_b.append(nid)
        pool_any.append(nid)
    add("exp", [pick(pool_b)], pool_p)
    while len(nodes) + len(sinks) - 1 < n:  # the adds that join the sinks come last
        op = SCALAR_OPS[len(nodes) % len(SCALAR_OPS)]
        if op in ("add", "sub", "mul"):
            add(op, [pick(pool_b), pick(pool_b)])
        elif op == "div":
            add(op, [pick(pool_b), pick(pool_p)])
        elif op == "log":
            add(op, [pick(pool_p)])
        elif op == "exp":
            add(op, [pick(pool_b)], pool_p)
        elif op == "pow":
            add(op, [pick(pool_b)], pool_b, attrs={"p": 2})
        elif op in ("tanh", "sigmoid"):
            add(op, [pick(pool_any)], pool_b, *([pool_p] if op == "sigmoid" else []))
        else:  # neg, relu
            add(op, [pick(pool_any)])
    # one output: add up every node nobody consumes
    ends = list(sinks)
    acc = ends[0]
    for j, s in enumerate(ends[1:]):
        nodes.append({"id": f"s{j}", "op": "add", "inputs": [acc, s]})
        acc = f"s{j}"
    return {"nodes": nodes, "output": acc}


def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0


def _guard(fn, fallback):
    def g(*a):
        try:
            return fn(*a)
        except (ArithmeticError, ValueError):
            return fallback(*a)
    return g


PY_FWD = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": _guard(lambda a, b: a / b, lambda a, b: math.copysign(math.inf, a) if a else math.nan),
    "neg": lambda a: -a, "tanh": math.tanh, "sigmoid": _sigmoid,
    "relu": lambda a: a if a > 0 else 0.0,
    "exp": _guard(math.exp, lambda a: math.inf),
    "log": _guard(math.log, lambda a: -math.inf if a == 0 else math.nan),
    "pow": lambda a: a * a,
}
PY_BWD = {
    "add": lambda a, b, o, d: (d, d), "sub": lambda a, b, o, d: (d, -d),
    "mul": lambda a, b, o, d: (d * b, d * a),
    "div": _guard(lambda a, b, o, d: (d / b, -d * o / b), lambda a, b, o, d: (math.nan, math.nan)),
    "neg": lambda a, o, d: (-d,), "tanh": lambda a, o, d: (d * (1 - o * o),),
    "sigmoid": lambda a, o, d: (d * o * (1 - o),), "relu": lambda a, o, d: (d if a > 0 else 0.0,),
    "exp": lambda a, o, d: (d * o,),
    "log": _guard(lambda a, o, d: (d / a,), lambda a, o, d: (math.nan,)),
    "pow": lambda a, o, d: (d * 2 * a,),
}


def python_interpreter(doc: dict):
    """Evaluate a scalar document with Python floats, reading the document on every call: the
    baseline for (b). Nodes run in document order (random_dag lists them topologically)."""
    fwd, bwd = PY_FWD, PY_BWD
    pos: dict[str, int] = {}
    vals: list[float] = []
    plan = []
    for k, node in enumerate(doc["nodes"]):
        pos[node["id"]] = k
        if "value" in node:
            vals.append(float(node["value"]))
        else:
            ins = [pos[r] for r in node["inputs"]]
            vals.append(fwd[node["op"]](*[vals[i] for i in ins]))
            plan.append((k, node["op"], ins))
    grads = [0.0] * len(vals)
    grads[pos[doc["output"]]] = 1.0
    for k, op, ins in reversed(plan):
        for i, g in zip(ins, bwd[op](*[vals[i] for i in ins], vals[k], grads[k])):
            grads[i] += g
    return pos, vals, grads


def check_dag(doc: dict) -> None:
    """The engine and the interpreter agree on every value and gradient."""
    pos, vals, grads = python_interpreter(doc)
    mine = engine.evaluate(doc, trace=False)
    ids = list(pos)
    np.testing.assert_allclose([mine.values[i] for i in ids], vals, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose([mine.grads[i] for i in ids], grads, rtol=1e-9, atol=1e-12)


def bench_dags(quick: bool) -> list[dict]:
    rows = []
    for n in (1_000, 10_000, 50_000):
        doc = random_dag(n)
        check_dag(doc)
        total = len(doc["nodes"])
        program = engine.compile(doc)
        limits = api_limits(total)
        repeat, number = (3, 1) if quick else (9, max(1, 10_000 // n))

        def interpreter(d=doc):
            with no_gc():
                return python_interpreter(d)

        times = timings({
            "python floats": interpreter,
            "compiled run": lambda p=program: p.run(trace=False),
            "evaluate, trace": lambda d=doc: engine.evaluate(d),
            "evaluate, trace, API limits": lambda d=doc, lim=limits: engine.evaluate(d, limits=lim),
            "evaluate + trace built": lambda d=doc: built(engine.evaluate(d)),
        }, repeat, number)
        rows += ratio_rows(f"scalar DAG {total} nodes", times, "python floats",
                           {"evaluate, trace": 3, "evaluate, trace, API limits": 3},
                           per=total)
    return rows


def run(quick: bool = False) -> dict:
    rows = bench_mlp(quick) + bench_dags(quick)
    return {"title": "engine: CPU-time ratios against baselines in the same process (BLAS 1"
                     " thread; min and median over repeats)", "rows": rows}
