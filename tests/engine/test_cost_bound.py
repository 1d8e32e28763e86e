"""The run's cost check for scalar graphs (compgraph.cost.check): a bound from a few counts, the
exact model only near a limit. The bound must never be under the exact model (or a graph over a
limit would run), must equal it when every op node sends a gradient to every operand, and a
limit must trip exactly where the exact model says, naming the same node."""

from __future__ import annotations

import importlib
import random

import pytest
from enginehelp import const, doc, inp, op

import compgraph as engine
from compgraph import Limits

cost_module = importlib.import_module("compgraph.cost")
UNARY = ["neg", "tanh", "sigmoid", "relu", "exp"]
BINARY = ["add", "sub", "mul", "div"]


def random_scalar_doc(n: int, seed: int, consts: float = 0.2, extra_sinks: bool = False) -> dict:
    """A random scalar DAG: inputs and consts, unary and binary ops over recent nodes; with
    extra_sinks, the output is given and some op nodes feed nothing (no gradient reaches them)."""
    rng = random.Random(seed)
    nodes = [inp("x0", 0.5), inp("x1", -0.25)]
    ids = ["x0", "x1"]
    for k in range(n):
        nid = f"n{k}"
        if rng.random() < 0.15:
            nodes.append(const(nid, rng.uniform(0.5, 1.5)) if rng.random() < consts else
                         inp(nid, rng.uniform(-1, 1)))
        elif rng.random() < 0.4:
            nodes.append(op(nid, rng.choice(UNARY), rng.choice(ids[-8:])))
        else:
            nodes.append(op(nid, rng.choice(BINARY), rng.choice(ids[-8:]), rng.choice(ids[-8:])))
        ids.append(nid)
    consumed = {r for nd in nodes for r in nd.get("inputs", [])}
    sinks = [i for i in ids if i not in consumed]
    if extra_sinks:
        return doc(*nodes, output=sinks[-1])
    acc = sinks[0]
    for j, s in enumerate(sinks[1:]):
        nodes.append(op(f"r{j}", "add", acc, s))
        acc = f"r{j}"
    return doc(*nodes)


CASES = [(n, seed, consts, extra) for n, seed in ((5, 1), (60, 2), (400, 3))
         for consts in (0.0, 0.5) for extra in (False, True)]


@pytest.mark.parametrize("n,seed,consts,extra", CASES)
@pytest.mark.parametrize("trace,elide", [(True, None), (False, None), (True, 0), (True, 1000)])
def test_the_bound_is_never_under_the_exact_model(n, seed, consts, extra, trace, elide):
    graph = engine.validate(random_scalar_doc(n, seed, consts, extra))
    exact = engine.cost(graph, trace=trace, elide_above=elide)
    elements, answer = cost_module.scalar_bound(graph, trace, elide)
    assert elements >= exact.elements_created
    assert answer >= exact.answer_bytes


@pytest.mark.parametrize("trace,elide", [(True, None), (False, None), (True, 0)])
def test_the_bound_is_exact_when_every_operand_receives_a_gradient(trace, elide):
    # no consts, one output that every node feeds: the bound's assumptions all hold
    graph = engine.validate(random_scalar_doc(300, 7, consts=0.0))
    assert "const" not in graph.ops
    exact = engine.cost(graph, trace=trace, elide_above=elide)
    assert cost_module.scalar_bound(graph, trace, elide) == (exact.elements_created,
                                                             exact.answer_bytes)


def test_a_const_operand_makes_the_bound_larger_by_its_edge():
    # z = x * c: the exact model sends no gradient to the const c (no edge, no element)
    graph = engine.validate(doc(inp("x", 2.0), const("c", 3.0), op("z", "mul", "x", "c")))
    exact = engine.cost(graph)
    elements, answer = cost_module.scalar_bound(graph, True, None)
    assert elements - exact.elements_created == 1  # the gradient c would have received
    edge = cost_module.EDGE_BYTES + 3 * cost_module.NUMBER_BYTES
    assert answer - exact.answer_bytes == edge


def test_array_graphs_have_no_bound():
    graph = engine.validate(doc(inp("x", [1.0, 2.0]), op("y", "tanh", "x")))
    assert cost_module.scalar_bound(graph, True, None) is None


@pytest.mark.parametrize("extra", [False, True])
@pytest.mark.parametrize("field", ["max_elements_created", "max_answer_bytes"])
def test_a_limit_trips_where_the_exact_model_says(field, extra):
    document = random_scalar_doc(200, 11, consts=0.5, extra_sinks=extra)
    exact = engine.cost(document)
    total = exact.elements_created if field == "max_elements_created" else exact.answer_bytes
    engine.evaluate(document, limits=Limits(**{field: total}))  # at the limit: runs
    with pytest.raises(engine.GraphError) as over:
        engine.evaluate(document, limits=Limits(**{field: total - 1}))
    with pytest.raises(engine.GraphError) as model:
        exact.check(Limits(**{field: total - 1}))
    [p] = over.value.problems
    assert p.type == "limit" and field in p.msg
    assert (p.node, p.msg) == (model.value.problems[0].node, model.value.problems[0].msg)
    assert f"'{p.node}'" in p.msg


def test_max_elements_of_a_scalar_graph_counts_one_a_node():
    document = random_scalar_doc(50, 5)
    n = len(document["nodes"])
    engine.validate(document, Limits(max_elements=n))
    with pytest.raises(engine.GraphError) as info:
        engine.validate(document, Limits(max_elements=n - 1))
    [p] = info.value.problems
    assert p.type == "array_too_large" and f"{n} array elements" in p.msg
