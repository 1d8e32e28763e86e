"""Engine speed: (a) the book's MLP against hand-written numpy, (b) scalar DAGs against a
plain-Python-float interpreter, (c) what recording the trace costs. Ratios, same process."""

from __future__ import annotations

import math
import random
import time

import numpy as np

import compgraph as engine
from compgraph.train import network_document

# --- helpers ------------------------------------------------------------------------------


def best_of(fn, repeat: int, number: int) -> float:
    """Seconds per call: the fastest of `repeat` timings of `number` calls (least noise)."""
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def interleaved(fns: dict, repeat: int, number: int) -> dict:
    """Time several functions in alternation so that noise hits them alike."""
    best = {k: math.inf for k in fns}
    for _ in range(repeat):
        for k, fn in fns.items():
            best[k] = min(best[k], best_of(fn, 1, number))
    return best


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
    repeat, number = (8, 10) if quick else (40, 10)
    times = interleaved({
        "numpy": lambda: numpy_two_layer(x, t, params),
        "compiled": lambda: program.run(trace=False),
        "compiled+trace": lambda: program.run(trace=True),
        "evaluate": lambda: engine.evaluate(doc, trace=False),
    }, repeat, number)
    base = times["numpy"]
    return [{"case": f"MLP 784-50-10 batch 100: {k}", "ms": t * 1e3, "ratio": t / base,
             "target": "<= 1.10" if k == "compiled" else ""} for k, t in times.items()]


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
    """A plain-Python-float interpreter of the same graph: the baseline for (b)."""
    order = [nd["id"] for nd in doc["nodes"]]  # random_dag lists nodes topologically
    pos = {i: k for k, i in enumerate(order)}
    leaves = [(pos[nd["id"]], float(nd["value"])) for nd in doc["nodes"] if "value" in nd]
    plan = [(pos[nd["id"]], nd["op"], tuple(pos[r] for r in nd["inputs"]))
            for nd in doc["nodes"] if "inputs" in nd]
    out = pos[doc["output"]]

    def run():
        vals = [0.0] * len(order)
        for k, v in leaves:
            vals[k] = v
        for k, op, ins in plan:
            vals[k] = PY_FWD[op](*[vals[i] for i in ins])
        grads = [0.0] * len(order)
        grads[out] = 1.0
        for k, op, ins in reversed(plan):
            gs = PY_BWD[op](*[vals[i] for i in ins], vals[k], grads[k])
            for i, g in zip(ins, gs):
                grads[i] += g
        return dict(zip(order, vals)), dict(zip(order, grads))

    return run


def bench_dags(quick: bool) -> list[dict]:
    rows = []
    for n in (1_000, 10_000):
        doc = random_dag(n)
        program = engine.compile(doc)
        baseline = python_interpreter(doc)
        vals, grads = baseline()
        mine = program.run(trace=False)
        ids = list(vals)
        np.testing.assert_allclose([mine.values[i] for i in ids], [vals[i] for i in ids],
                                   rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose([mine.grads[i] for i in ids], [grads[i] for i in ids],
                                   rtol=1e-9, atol=1e-12)
        total = len(doc["nodes"])
        repeat, number = (3, 2) if quick else (7, 5)
        if n > 1_000:
            number = max(1, number // 3)
        times = interleaved({
            "python floats": baseline,
            "compiled": lambda p=program: p.run(trace=False),
            "compiled+trace": lambda p=program: p.run(trace=True),
            "evaluate (validate+plan+run)": lambda d=doc: engine.evaluate(d, trace=False),
        }, repeat, number)
        base = times["python floats"]
        for k, t in times.items():
            rows.append({"case": f"scalar DAG {total} nodes: {k}", "ms": t * 1e3,
                         "us/node": t * 1e6 / total, "ratio": t / base,
                         "target": "<= 3" if k == "compiled" else ""})
    return rows


def run(quick: bool = False) -> dict:
    rows = bench_mlp(quick) + bench_dags(quick)
    return {"title": "engine: ratios against a baseline in the same process (BLAS 1 thread)",
            "rows": rows}
