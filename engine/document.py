"""Graph document (dict) -> validated Graph, before any arithmetic.

Every problem found is collected and raised together as one GraphError; each names its node.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .errors import GraphError, Problem
from .groups import check_groups
from .limits import Limits
from .ops import LEAVES, OPS, OpError, fmt_shape
from .values import ValueProblem, to_array

ID_RE = re.compile(r"[A-Za-z0-9_.\-]{1,64}")  # used with fullmatch: "$" lets "a\n" through
DOC_KEYS = {"version", "title", "description", "nodes", "output", "seed", "meta", "groups"}
NODE_KEYS = {"id", "op", "inputs", "value", "label", "attrs", "meta"}
Shape = tuple[int, ...]


@dataclass(frozen=True)
class Node:
    id: str
    op: str
    inputs: tuple[str, ...]
    attrs: dict
    value: np.ndarray | None  # leaves only
    label: str | None
    shape: Shape
    index: int  # position in the document
    meta: dict | None = None

    @property
    def leaf(self) -> bool:
        return self.op in LEAVES


@dataclass(frozen=True)
class Graph:
    """A validated graph: nodes in topological order (document order breaks ties)."""

    nodes: dict[str, Node]
    output: str
    seed: np.ndarray
    title: str | None = None
    description: str | None = None
    meta: dict | None = None
    consumers: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)

    @property
    def order(self) -> list[str]:
        return list(self.nodes)


def parse(doc, limits: Limits | None = None) -> Graph:
    """Validate a graph document and return its Graph, or raise GraphError listing problems."""
    problems: list[Problem] = []
    add = problems.append
    if not isinstance(doc, Mapping):
        raise GraphError([Problem("bad_document", "a graph document must be a JSON object with a"
                                  " 'nodes' list")])
    for key in doc:
        if key not in DOC_KEYS:
            add(Problem("unknown_field", f"the document has an unknown field '{key}' (allowed:"
                        f" {', '.join(sorted(DOC_KEYS))})", None, (key,)))
    version = doc.get("version", 1)
    if isinstance(version, bool) or version != 1:  # True == 1 in Python
        add(Problem("bad_version", f"version {doc.get('version')!r} is not supported; use 1",
                    None, ("version",)))
    for key in ("title", "description"):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            add(Problem("bad_document", f"'{key}' must be a string", None, (key,)))
    if doc.get("meta") is not None and not isinstance(doc["meta"], Mapping):
        add(Problem("bad_document", "'meta' must be an object", None, ("meta",)))
    raw = doc.get("nodes")
    if not isinstance(raw, list) or not raw:
        add(Problem("bad_document", "a graph document needs a non-empty 'nodes' list", None,
                    ("nodes",)))
        raise GraphError(problems)
    if limits and len(raw) > limits.max_nodes:
        add(Problem("too_many_nodes", f"the graph has {len(raw)} nodes; the limit is"
                    f" {limits.max_nodes}", None, ("nodes",)))
        raise GraphError(problems)

    seen: dict[str, int] = {}  # every well-formed id -> index, failed nodes included
    specs = _read_nodes(raw, add, seen)
    for spec in specs.values():
        for pos, ref in enumerate(spec["inputs"]):
            if ref not in seen:  # a failed node has its own problem: do not cascade
                add(Problem("unknown_input", f"node '{spec['id']}': input '{ref}' is not a node"
                            f" of this graph", spec["id"], ("nodes", spec["index"], "inputs", pos)))

    check_groups(doc.get("groups"), seen, add)
    # Carry on past broken nodes, so that one answer lists every problem: nodes that failed or
    # use a missing id are left out of the order, the shapes and the output, and so is
    # everything on or after a cycle; the rest is still checked.
    order = _toposort(specs, add)
    consumers = _consumers(specs, order)
    given = doc.get("output")
    output = None
    if given is not None or not problems:  # the sinks of a broken graph mean nothing
        output = _output(given, specs, seen, order, consumers, add)
    shapes = _infer_shapes(specs, order, add)
    if not problems:
        _check_labels(specs, order, shapes, add)
    if problems:
        raise GraphError(problems)
    if limits:
        total = sum(int(np.prod(shapes[i], dtype=np.int64)) for i in order)
        if total > limits.max_elements:
            biggest = max(order, key=lambda i: int(np.prod(shapes[i], dtype=np.int64)))
            raise GraphError([Problem(
                "array_too_large", f"the graph holds {total} array elements in all; the limit is"
                f" {limits.max_elements} (the largest is node '{biggest}' with shape"
                f" {fmt_shape(shapes[biggest])})", biggest, ("nodes", specs[biggest]["index"]))])
    seed = _seed(doc.get("seed"), output, shapes[output], add)
    if problems:
        raise GraphError(problems)

    nodes = {
        i: Node(i, s["op"], s["inputs"], s["attrs"], s["value"], s["label"], shapes[i], s["index"],
                s["meta"])
        for i in order
        for s in (specs[i],)
    }
    return Graph(nodes, output, seed, doc.get("title"), doc.get("description"), doc.get("meta"),
                 consumers)


def _read_nodes(raw: list, add, seen: dict[str, int]) -> dict[str, dict]:
    specs: dict[str, dict] = {}
    for index, item in enumerate(raw):
        loc = ("nodes", index)
        if not isinstance(item, Mapping):
            add(Problem("bad_node", f"nodes[{index}] must be an object with 'id' and 'op'", None,
                        loc))
            continue
        nid = item.get("id")
        if not isinstance(nid, str) or not ID_RE.fullmatch(nid):
            add(Problem("bad_id", f"nodes[{index}]: id {nid!r} must be 1-64 characters of A-Z a-z"
                        " 0-9 _ - .", None, loc + ("id",)))
            continue
        if nid in seen:
            add(Problem("duplicate_id", f"node '{nid}': the id is used by more than one node"
                        f" (nodes[{seen[nid]}] and nodes[{index}])", nid, loc + ("id",)))
            continue
        seen[nid] = index
        spec = _read_node(nid, index, item, loc, add)
        if spec:
            specs[nid] = spec
    return specs


def _read_node(nid: str, index: int, item: Mapping, loc: tuple, add) -> dict | None:
    ok = True

    def bad(type_, msg, field_=None):
        nonlocal ok
        ok = False
        add(Problem(type_, f"node '{nid}': {msg}", nid, loc + ((field_,) if field_ else ())))

    for key in item:
        if key not in NODE_KEYS:
            bad("unknown_field", f"unknown field '{key}' (allowed: {', '.join(sorted(NODE_KEYS))})",
                key)
    op = item.get("op")
    label = item.get("label")
    if label is not None and not isinstance(label, str):
        bad("bad_label", "label must be a string", "label")
    meta = item.get("meta")
    if meta is not None and not isinstance(meta, Mapping):
        bad("bad_node", "meta must be an object", "meta")
    spec = {"id": nid, "op": op, "index": index, "inputs": (), "attrs": {}, "value": None,
            "label": label, "meta": meta}
    if not isinstance(op, str):  # a list or object would crash the lookups below
        op = None
    if op in LEAVES:
        if item.get("inputs"):
            bad("wrong_arity", f"a {op} node takes no inputs", "inputs")
        if "value" not in item or item["value"] is None:
            bad("missing_value", f"a {op} node needs a 'value' (a number or a nested list of"
                " numbers)", "value")
        else:
            try:
                spec["value"] = to_array(item["value"])
                # results hand out leaf values as they are: read-only, so no run changes another
                spec["value"].flags.writeable = False
            except ValueProblem as e:
                bad(e.type, str(e), "value")
        if item.get("attrs"):
            bad("bad_attr", f"a {op} node takes no attrs", "attrs")
        return spec if ok else None
    if op not in OPS:
        known = ", ".join([*LEAVES, *OPS])
        bad("unknown_op", f"unknown op {item.get('op')!r} (known ops: {known})", "op")
        return None
    cls = OPS[op]
    inputs = item.get("inputs")
    if not isinstance(inputs, list) or not all(isinstance(i, str) for i in inputs):
        bad("bad_inputs", f"'inputs' must be a list of node ids ({op} takes"
            f" {', '.join(cls.operands)})", "inputs")
    elif len(inputs) != len(cls.operands):
        bad("wrong_arity", f"{op} takes {len(cls.operands)} input(s) ({', '.join(cls.operands)}),"
            f" got {len(inputs)}", "inputs")
    else:
        spec["inputs"] = tuple(inputs)
    if "value" in item:
        bad("unexpected_value", f"only input and const nodes have a value, not {op}", "value")
    attrs = item.get("attrs") or {}
    if not isinstance(attrs, Mapping):
        bad("bad_attr", "attrs must be an object", "attrs")
    else:
        try:
            spec["attrs"] = cls.parse_attrs(dict(attrs))
        except OpError as e:
            bad(e.type, str(e), "attrs")
    return spec if ok else None


def _toposort(specs: dict[str, dict], add) -> list[str]:
    """Kahn's algorithm; among ready nodes the earliest in the document goes first."""
    known = {i: [r for r in dict.fromkeys(s["inputs"]) if r in specs] for i, s in specs.items()}
    pending = {i: len(refs) for i, refs in known.items()}
    users: dict[str, list[str]] = {i: [] for i in specs}
    for i, refs in known.items():
        for ref in refs:
            users[ref].append(i)
    ready = [(s["index"], i) for i, s in specs.items() if pending[i] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, i = heapq.heappop(ready)
        order.append(i)
        for u in users[i]:
            pending[u] -= 1
            if pending[u] == 0:
                heapq.heappush(ready, (specs[u]["index"], u))
    if len(order) < len(specs):
        cycle = _find_cycle(specs, {i for i in specs if pending[i] > 0})
        path = " -> ".join(cycle + cycle[:1])
        add(Problem("cycle", f"node '{cycle[0]}': the graph has a cycle ({path}); a computation"
                    " graph must be acyclic", cycle[0], ("nodes", specs[cycle[0]]["index"])))
    return order


def _find_cycle(specs: dict[str, dict], stuck: set[str]) -> list[str]:
    """Walk back along inputs inside the stuck nodes until a node repeats; return that loop."""
    start = min(stuck, key=lambda i: specs[i]["index"])
    seen: dict[str, int] = {}
    path: list[str] = []
    node = start
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = next(r for r in specs[node]["inputs"] if r in stuck)
    loop = path[seen[node]:]
    loop.reverse()  # in the direction values flow
    return loop


def _consumers(specs, order) -> dict[str, tuple[tuple[str, int], ...]]:
    out: dict[str, list[tuple[str, int]]] = {i: [] for i in order}
    for i in order:
        for pos, ref in enumerate(specs[i]["inputs"]):
            if ref in out:
                out[ref].append((i, pos))
    return {i: tuple(v) for i, v in out.items()}


def _output(given, specs, seen, order, consumers, add) -> str | None:
    if given is not None:
        if isinstance(given, str) and given in specs:
            return given
        if not (isinstance(given, str) and given in seen):  # a failed node: reported already
            add(Problem("unknown_output", f"output {given!r} is not a node of this graph", None,
                        ("output",)))
        return None
    sinks = [i for i in order if not consumers[i]]
    sinks.sort(key=lambda i: specs[i]["index"])
    if len(sinks) > 1:
        names = ", ".join(f"'{s}'" for s in sinks)
        add(Problem("ambiguous_output", f"node '{sinks[0]}': the graph has several outputs"
                    f" ({names}); set 'output' to the one whose gradient is seeded", sinks[0],
                    ("output",)))
    return sinks[0]


def _infer_shapes(specs, order, add) -> dict[str, Shape]:
    shapes: dict[str, Shape] = {}
    for i in order:
        s = specs[i]
        if s["value"] is not None:
            shapes[i] = tuple(s["value"].shape)
            continue
        if any(r not in shapes for r in s["inputs"]):
            continue  # an operand already failed: do not cascade
        cls = OPS[s["op"]]
        try:
            shapes[i] = tuple(cls.infer_shape([shapes[r] for r in s["inputs"]], s["attrs"]))
        except OpError as e:
            add(Problem(e.type, f"node '{i}': {e}", i, ("nodes", s["index"])))
    return shapes


def _check_labels(specs, order, shapes, add) -> None:
    """Class labels given as a leaf value are checked now, not halfway through the forward."""
    swl = OPS["softmax_with_loss"]
    for i in order:
        s = specs[i]
        if s["op"] != swl.name:
            continue
        x, t = s["inputs"]
        if specs[t]["value"] is None or shapes[t] == shapes[x]:
            continue  # computed by an op (checked when it runs), or one-hot
        try:
            swl.check_labels(specs[t]["value"], shapes[x][-1])
        except OpError as e:
            add(Problem(e.type, f"node '{i}': {e}", i, ("nodes", s["index"])))


def _seed(given, output: str, shape: Shape, add) -> np.ndarray:
    if given is None:
        return np.ones(shape)
    try:
        seed = to_array(given)
        return np.broadcast_to(seed, shape).astype(np.float64)
    except ValueProblem as e:
        msg = str(e)
    except ValueError:
        msg = f"seed of shape {fmt_shape(np.shape(given))} does not fit output {fmt_shape(shape)}"
    add(Problem("bad_seed", f"node '{output}': {msg}", output, ("seed",)))
    return np.ones(shape)
