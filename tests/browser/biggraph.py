"""A random computational graph of any size for the big-graph browser tests: a DAG whose
nodes each read one or two of the last few nodes (or a leaf), with inputs, constants and
several ops, summed into one output."""

from __future__ import annotations

import random

UNARY = ("tanh", "sigmoid")
BINARY = ("add", "mul", "sub", "add", "mul")


def random_dag(n: int, seed: int = 1) -> dict:
    """About n nodes: n // 8 inputs, a few constants, ops that read mostly values nobody has
    read yet (else one of the last few nodes), the remaining ends summed into one output."""
    rng = random.Random(seed)
    nodes = [{"id": f"in{i}", "op": "input", "value": round(rng.uniform(-1, 1), 2)}
             for i in range(max(2, n // 8))]
    nodes += [{"id": f"c{i}", "op": "const", "value": round(rng.uniform(0.5, 2), 1)}
              for i in range(max(1, n // 40))]
    unread = [nd["id"] for nd in nodes]
    rng.shuffle(unread)
    recent = list(unread[-8:])
    while len(nodes) < n - 3:
        op = rng.choice(UNARY + BINARY)

        def pick():
            return unread.pop(0) if unread and rng.random() < 0.6 else rng.choice(recent[-8:])

        nid = f"v{len(nodes)}"
        nodes.append({"id": nid, "op": op, "inputs": [pick() for _ in range(1 if op in UNARY else 2)]})
        recent.append(nid)
        unread.append(nid)
    used = {s for nd in nodes for s in nd.get("inputs", [])}
    ends = [nd["id"] for nd in nodes if nd["id"] not in used]
    while len(ends) > 1:  # a balanced sum tree: few layers
        pairs = [ends[i:i + 2] for i in range(0, len(ends), 2)]
        ends = []
        for pair in pairs:
            if len(pair) == 1:
                ends.append(pair[0])
                continue
            nid = f"s{len(nodes)}"
            nodes.append({"id": nid, "op": "add", "inputs": pair})
            ends.append(nid)
    return {"version": 1, "title": f"random DAG {n}", "nodes": nodes, "output": ends[0]}
