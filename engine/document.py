"""Graph document (dict) -> validated Graph, before any arithmetic.

Every problem found is collected and raised together as one GraphError; each names its node.
One pass reads the nodes into columns; a well-formed node takes a fast path, anything unusual
goes to `_read_node`, which says what is wrong. A document listed in topological order (the
usual case) needs no sort.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Mapping

import numpy as np

from .errors import GraphError, Problem
from .groups import check_groups
from .limits import Limits
from .ops import LEAVES, OPS, OpError, fmt_shape
from .ops.base import Elementwise
from .values import to_array

ID_RE = re.compile(r"[A-Za-z0-9_.\-]{1,64}")  # used with fullmatch: "$" lets "a\n" through
_ID_OK = ID_RE.fullmatch
DOC_KEYS = {"version", "title", "description", "nodes", "output", "seed", "meta", "groups"}
NODE_KEYS = frozenset({"id", "op", "inputs", "value", "label", "attrs", "meta"})
Shape = tuple[int, ...]
ELEMENTWISE = frozenset(c for c in OPS.values() if issubclass(c, Elementwise))
_ELEMENTWISE_OPS = frozenset(name for name, c in OPS.items() if c in ELEMENTWISE)
_NO_ATTRS = object()  # marks an op whose attrs cannot default (pow needs p)


def _default_attrs(cls) -> dict | object:
    try:
        return cls.parse_attrs({})
    except OpError:
        return _NO_ATTRS


_DEFAULT_ATTRS = {name: _default_attrs(cls) for name, cls in OPS.items()}
# ops that check operand values before the run (a set: the loop over nodes skips the rest fast)
_CHECKS_VALUES = frozenset(n for n, c in OPS.items() if "check_values" in vars(c))
_ARITY = {name: len(cls.operands) for name, cls in OPS.items()}


class Node:
    """One validated node (a view built on demand from the Graph's columns)."""

    __slots__ = ("id", "op", "inputs", "attrs", "value", "label", "shape", "index", "meta")

    def __init__(self, id, op, inputs, attrs, value, label, shape, index, meta=None):  # noqa: A002
        self.id, self.op, self.inputs, self.attrs = id, op, inputs, attrs
        self.value, self.label, self.shape, self.index, self.meta = value, label, shape, index, meta

    @property
    def leaf(self) -> bool:
        return self.op in LEAVES

    def __repr__(self) -> str:
        return f"Node({self.id!r}, {self.op!r}, inputs={self.inputs}, shape={self.shape})"


class Graph:
    """A validated graph: nodes in topological order (document order breaks ties).

    Held as columns (position k = the k-th node of `order`); `nodes` and `consumers` are built
    on first use.
    """

    def __init__(self, cols: dict, shapes: list, output: str, seed: np.ndarray, doc: Mapping):
        self.ids: list[str] = cols["ids"]
        self.ops: list[str] = cols["ops"]
        self.inputs: list[tuple[str, ...]] = cols["ins"]
        self.attrs: list[dict] = cols["attrs"]
        self.values: list[np.ndarray | None] = cols["values"]
        self.labels, self.metas, self.index = cols["labels"], cols["metas"], cols["index"]
        self.pos: dict[str, int] = cols["pos"]
        self.inpos: list[tuple[int, ...]] = cols["inpos"]
        self.shapes: list[Shape] = shapes
        self.output, self.seed = output, seed
        self.title, self.description = doc.get("title"), doc.get("description")
        self.meta, self.groups = doc.get("meta"), doc.get("groups")  # groups: drawing only
        self._nodes: dict[str, Node] | None = None

    @property
    def order(self) -> list[str]:
        return list(self.ids)

    @property
    def nodes(self) -> dict[str, Node]:
        if self._nodes is None:
            self._nodes = {
                i: Node(i, *row) for i, *row in zip(
                    self.ids, self.ops, self.inputs, self.attrs, self.values, self.labels,
                    self.shapes, self.index, self.metas)}
        return self._nodes

    @property
    def consumers(self) -> dict[str, tuple[tuple[str, int], ...]]:
        out: dict[str, list] = {i: [] for i in self.ids}
        for i, ins in zip(self.ids, self.inputs):
            for p, ref in enumerate(ins):
                out[ref].append((i, p))
        return {i: tuple(v) for i, v in out.items()}


def validate(doc, limits: Limits | None = None, *, copy: bool = True) -> Graph:
    """Validate a graph document and return its Graph, or raise GraphError listing problems.

    copy=False: a float64 numpy leaf value is kept as a read-only view of the caller's array,
    not copied (for a one-off evaluation whose graph is not kept)."""
    problems: list[Problem] = []
    add = problems.append
    raw = _read_header(doc, problems, limits)
    seen: dict[str, int] = {}  # every well-formed id -> index, failed nodes included
    cols, ordered = _read_nodes(raw, add, seen, copy)
    check_groups(doc.get("groups"), seen, add, raw, doc.get("output"))
    if problems or not ordered:
        # Carry on past broken nodes, so that one answer lists every problem: nodes that failed
        # or use a missing id are left out of the order, the shapes and the output, and so is
        # everything on or after a cycle; the rest is still checked.
        _unknown_inputs(cols, seen, add)
        cols = _reorder(cols, _toposort(cols, add))
    output = None
    given = doc.get("output")
    if given is not None or not problems:  # the sinks of a broken graph mean nothing
        output = _output(given, cols, seen, add)
    shapes = _infer_shapes(cols, add)
    if not problems:
        _check_values(cols, shapes, add)
    if problems:
        raise GraphError(problems)
    if limits:
        _check_size(cols, shapes, limits)
    seed = _seed(doc.get("seed"), output, shapes[cols["pos"][output]], add)
    if problems:
        raise GraphError(problems)
    return Graph(cols, shapes, output, seed, doc)


def _read_header(doc, problems: list[Problem], limits: Limits | None) -> list:
    """The document's own fields; returns its 'nodes' list or raises for a document without."""
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
    return raw


COLUMNS = ("ids", "ops", "ins", "attrs", "values", "labels", "metas", "index", "inpos")


def _read_nodes(raw: list, add, seen: dict[str, int], copy: bool = True) -> tuple[dict, bool]:
    """Every node that reads cleanly, as columns in document order; and whether each node's
    inputs all come before it (then document order is the topological order, and "inpos"
    holds each node's input positions). A plain op node is read inline, column by column."""
    cols = {c: [] for c in COLUMNS}
    ids, ops, ins_, attrs_, values, labels, metas, indexes, inposes = (cols[c] for c in COLUMNS)
    pos: dict[str, int] = {}
    ordered = True
    keys, default_attrs, arity = NODE_KEYS, _DEFAULT_ATTRS, _ARITY
    for index, item in enumerate(raw):
        if type(item) is not dict and not isinstance(item, Mapping):
            add(Problem("bad_node", f"nodes[{index}] must be an object with 'id' and 'op'", None,
                        ("nodes", index)))
            continue
        nid = item.get("id")
        if type(nid) is not str or not (nid.isalnum() and nid.isascii() and len(nid) <= 64
                                        or _ID_OK(nid)):
            add(Problem("bad_id", f"nodes[{index}]: id {nid!r} must be 1-64 characters of A-Z"
                        " a-z 0-9 _ - .", None, ("nodes", index, "id")))
            continue
        if nid in seen:
            add(Problem("duplicate_id", f"node '{nid}': the id is used by more than one node"
                        f" (nodes[{seen[nid]}] and nodes[{index}])", nid, ("nodes", index, "id")))
            continue
        seen[nid] = index
        row = None
        op = item.get("op")
        label, meta = item.get("label"), item.get("meta")
        if item.keys() <= keys and (label is None or type(label) is str) and (
                meta is None or type(meta) is dict):
            if "value" in item:
                if op == "input" or op == "const":
                    row = _fast_leaf(item, copy)
            else:
                inputs = item.get("inputs")
                if type(inputs) is list and type(op) is str and \
                        arity.get(op) == len(inputs) and not item.get("attrs"):
                    ins = _str_tuple(inputs)  # the common case: no attrs, inputs all strings
                    if ins is not None and default_attrs[op] is not _NO_ATTRS:
                        row = (op, ins, dict(default_attrs[op]), None)
                if row is None and type(op) is str and op in OPS:
                    row = _fast_op(op, item, default_attrs[op])
        if row is None:
            row = _read_node(nid, index, item, ("nodes", index), add, copy)
            if row is None:
                continue
        inpos = ()
        if ordered and row[1]:
            try:
                ins = row[1]
                inpos = (pos[ins[0]], pos[ins[1]]) if len(ins) == 2 else tuple(
                    [pos[r] for r in ins])
            except KeyError:  # an input listed later, or missing
                ordered = False
        pos[nid] = len(ids)
        ids.append(nid)
        ops.append(row[0])
        ins_.append(row[1])
        attrs_.append(row[2])
        values.append(row[3])
        labels.append(label)
        metas.append(meta)
        indexes.append(index)
        inposes.append(inpos)
    cols["pos"] = pos
    return cols, ordered


def _str_tuple(inputs: list) -> tuple | None:
    """The inputs as a tuple if every one is a string (one to three: no loop), else None."""
    if len(inputs) == 2:
        a, b = inputs
        return (a, b) if type(a) is str and type(b) is str else None
    if len(inputs) == 1:
        return (inputs[0],) if type(inputs[0]) is str else None
    if len(inputs) == 3:  # the Affine layer: x, W, b
        a, b, c = inputs
        return (a, b, c) if type(a) is str and type(b) is str and type(c) is str else None
    return tuple(inputs) if all(type(r) is str for r in inputs) else None


def _fast_op(op: str, item: dict, default_attrs) -> tuple | None:
    """(op, inputs, attrs, None) for a well-formed op node; None sends it to `_read_node`."""
    inputs = item.get("inputs")
    if type(inputs) is not list or len(inputs) != len(OPS[op].operands):
        return None
    for r in inputs:
        if type(r) is not str:
            return None
    attrs = item.get("attrs")
    if not attrs and default_attrs is not _NO_ATTRS:
        return op, tuple(inputs), dict(default_attrs), None
    if type(attrs) is not dict:
        return None
    try:
        return op, tuple(inputs), OPS[op].parse_attrs(dict(attrs)), None
    except OpError:
        return None


def _fast_leaf(item: dict, copy: bool = True) -> tuple | None:
    """(op, (), {}, value) for a leaf whose value reads cleanly (a number, an array, a nested
    list); None sends it to `_read_node`, which names the problem."""
    value = item.get("value")
    if type(value) not in _FAST_VALUES or item.get("inputs") or item.get("attrs"):
        return None
    try:
        return item["op"], (), {}, _leaf_array(value, copy)
    except OpError:
        return None


_FAST_VALUES = frozenset({float, int, list, np.ndarray})


def _leaf_array(value, copy: bool = True) -> np.ndarray:
    """A leaf's value as a read-only float64 array, or OpError saying what is wrong with it.
    Read-only: results hand out leaf values as they are, so no run changes another. copy=False:
    a float64 array is the caller's, read in place through a view (`validate`)."""
    kind = type(value)
    if kind is float or kind is int:  # the common case of a scalar graph: no walk
        try:
            arr = np.array(float(value))
        except OverflowError:
            arr = to_array(value)  # raises, naming the problem
    elif not copy and kind is np.ndarray and value.dtype == np.float64:
        arr = value.view()
    else:
        arr = to_array(value)
    arr.setflags(write=False)  # a third cheaper than `.flags.writeable = False`
    return arr


def _read_node(nid: str, index: int, item: Mapping, loc: tuple, add,
               copy: bool = True) -> tuple | None:
    """(op, inputs, attrs, value) of a node, or None after adding every problem it has."""
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
    if not isinstance(op, str):  # a list or object would crash the lookups below
        op = None
    if op in LEAVES:
        value = _read_leaf(op, item, bad, copy)
        return (op, (), {}, value) if ok else None
    if op not in OPS:
        known = ", ".join([*LEAVES, *OPS])
        bad("unknown_op", f"unknown op {item.get('op')!r} (known ops: {known})", "op")
        return None
    inputs, attrs = _read_op(op, item, bad)
    return (op, inputs, attrs, None) if ok else None


def _read_leaf(op: str, item: Mapping, bad, copy: bool = True) -> np.ndarray | None:
    value = None
    if item.get("inputs"):
        bad("wrong_arity", f"a {op} node takes no inputs", "inputs")
    if "value" not in item or item["value"] is None:
        bad("missing_value", f"a {op} node needs a 'value' (a number or a nested list of"
            " numbers)", "value")
    else:
        try:
            value = _leaf_array(item["value"], copy)
        except OpError as e:
            bad(e.type, str(e), "value")
    if item.get("attrs"):
        bad("bad_attr", f"a {op} node takes no attrs", "attrs")
    return value


def _read_op(op: str, item: Mapping, bad) -> tuple[tuple, dict]:
    cls = OPS[op]
    inputs, attrs = (), {}
    given = item.get("inputs")
    if not isinstance(given, list) or not all(isinstance(i, str) for i in given):
        bad("bad_inputs", f"'inputs' must be a list of node ids ({op} takes"
            f" {', '.join(cls.operands)})", "inputs")
    elif len(given) != len(cls.operands):
        bad("wrong_arity", f"{op} takes {len(cls.operands)} input(s) ({', '.join(cls.operands)}),"
            f" got {len(given)}", "inputs")
    else:
        inputs = tuple(given)
    if "value" in item:
        bad("unexpected_value", f"only input and const nodes have a value, not {op}", "value")
    raw_attrs = item.get("attrs") or {}
    if not isinstance(raw_attrs, Mapping):
        bad("bad_attr", "attrs must be an object", "attrs")
    else:
        try:
            attrs = cls.parse_attrs(dict(raw_attrs))
        except OpError as e:
            bad(e.type, str(e), "attrs")
    return inputs, attrs


def _unknown_inputs(cols: dict, seen: dict[str, int], add) -> None:
    for nid, ins, index in zip(cols["ids"], cols["ins"], cols["index"]):
        for p, ref in enumerate(ins):
            if ref not in seen:  # a failed node has its own problem: do not cascade
                add(Problem("unknown_input", f"node '{nid}': input '{ref}' is not a node of this"
                            f" graph", nid, ("nodes", index, "inputs", p)))


def _toposort(cols: dict, add) -> list[int]:
    """Kahn's algorithm over column positions; among ready nodes the earliest in the document
    goes first. Inputs that failed are not waited for; nodes on or after a cycle are left out."""
    pos, ins_ = cols["pos"], cols["ins"]
    n = len(ins_)
    known = [[pos[r] for r in dict.fromkeys(ins) if r in pos] for ins in ins_]
    pending = [len(refs) for refs in known]
    users: list[list[int]] = [[] for _ in range(n)]
    for k, refs in enumerate(known):
        for j in refs:
            users[j].append(k)
    ready = [k for k in range(n) if pending[k] == 0]  # k is document order
    heapq.heapify(ready)
    order = []
    while ready:
        k = heapq.heappop(ready)
        order.append(k)
        for u in users[k]:
            pending[u] -= 1
            if pending[u] == 0:
                heapq.heappush(ready, u)
    stuck = {k for k in range(n) if pending[k] > 0}
    if stuck:
        cycle = _find_cycle(known, stuck)
        ids = cols["ids"]
        path = " -> ".join(ids[k] for k in cycle + cycle[:1])
        first = ids[cycle[0]]
        add(Problem("cycle", f"node '{first}': the graph has a cycle ({path}); a computation"
                    " graph must be acyclic", first, ("nodes", cols["index"][cycle[0]])))
    return order


def _find_cycle(known: list[list[int]], stuck: set[int]) -> list[int]:
    """Walk back along inputs inside the stuck nodes until a node repeats; return that loop."""
    start = min(stuck)
    seen: dict[int, int] = {}
    path: list[int] = []
    node = start
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = next(r for r in known[node] if r in stuck)
    loop = path[seen[node]:]
    loop.reverse()  # in the direction values flow
    return loop


def _reorder(cols: dict, order: list[int]) -> dict:
    """The columns in `order`, with input positions for the new order."""
    out = {key: [cols[key][k] for k in order] for key in COLUMNS}
    pos = out["pos"] = {i: k for k, i in enumerate(out["ids"])}
    out["inpos"] = [tuple([pos[r] for r in ins if r in pos]) for ins in out["ins"]]
    return out


def _output(given, cols: dict, seen, add) -> str | None:
    pos = cols["pos"]
    if given is not None:
        if isinstance(given, str) and given in pos:
            return given
        if not (isinstance(given, str) and given in seen):  # a failed node: reported already
            add(Problem("unknown_output", f"output {given!r} is not a node of this graph", None,
                        ("output",)))
        return None
    used = set().union(*cols["ins"])
    sinks = [(index, i) for i, index in zip(cols["ids"], cols["index"]) if i not in used]
    sinks.sort()
    if len(sinks) > 1:
        names = ", ".join(f"'{s}'" for _, s in sinks)
        add(Problem("ambiguous_output", f"node '{sinks[0][1]}': the graph has several outputs"
                    f" ({names}); set 'output' to the one whose gradient is seeded", sinks[0][1],
                    ("output",)))
    return sinks[0][1] if sinks else None


def _infer_shapes(cols: dict, add) -> list[Shape | None]:
    """Each node's shape, in order; None where the node or an operand failed."""
    pos, ops, ins_, attrs_ = cols["pos"], cols["ops"], cols["ins"], cols["attrs"]
    shapes: list = [None] * len(ops)
    elementwise, inpos = ELEMENTWISE, cols["inpos"]
    for k, value in enumerate(cols["values"]):
        if value is not None:
            shapes[k] = value.shape
            continue
        ip = inpos[k]
        if ops[k] in _ELEMENTWISE_OPS and 0 < len(ip) <= 2 and len(ip) == len(ins_[k]):
            a = shapes[ip[0]]  # the common case: operands of one shape, no list to build
            if a is not None and (len(ip) == 1 or shapes[ip[1]] == a):
                shapes[k] = a
                continue
        if len(ip) == len(ins_[k]):  # every operand read: by position, no id to look up
            ss = [shapes[j] for j in ip]
        else:
            ss = [shapes[pos[r]] if r in pos else None for r in ins_[k]]
        if None in ss:
            continue  # an operand already failed: do not cascade
        cls = OPS[ops[k]]
        if cls in elementwise and ss.count(ss[0]) == len(ss):
            shapes[k] = ss[0]
            continue
        try:
            shapes[k] = tuple(cls.infer_shape(ss, attrs_[k]))
        except OpError as e:
            nid = cols["ids"][k]
            add(Problem(e.type, f"node '{nid}': {e}", nid, ("nodes", cols["index"][k])))
    return shapes


def _check_values(cols: dict, shapes: list, add) -> None:
    """Operand values an op can check before the run (Op.check_values: softmax's class labels)."""
    pos, values = cols["pos"], cols["values"]
    for k, op in enumerate(cols["ops"]):
        if op not in _CHECKS_VALUES:
            continue
        ins = [pos[r] for r in cols["ins"][k]]
        try:
            OPS[op].check_values([shapes[j] for j in ins], [values[j] for j in ins])
        except OpError as e:
            nid = cols["ids"][k]
            add(Problem(e.type, f"node '{nid}': {e}", nid, ("nodes", cols["index"][k])))


def all_scalars(shapes: list) -> bool:
    """Whether every node is a scalar (one C-speed pass: the shortcut of the size checks)."""
    return shapes.count(()) == len(shapes)


def _check_size(cols: dict, shapes: list, limits: Limits) -> None:
    """limits.max_elements: the elements every node's value holds, broadcasting included."""
    if len(shapes) <= limits.max_elements and all_scalars(shapes):
        return  # every node a scalar: one element each
    sizes = [math.prod(s) if s else 1 for s in shapes]
    total = sum(sizes)
    if total > limits.max_elements:
        k = max(range(len(sizes)), key=sizes.__getitem__)
        biggest = cols["ids"][k]
        raise GraphError([Problem(
            "array_too_large", f"the graph holds {total} array elements in all; the limit is"
            f" {limits.max_elements} (the largest is node '{biggest}' with shape"
            f" {fmt_shape(shapes[k])})", biggest, ("nodes", cols["index"][k]))])


def _seed(given, output: str, shape: Shape, add) -> np.ndarray:
    if given is None:
        return np.ones(shape)
    try:
        seed = to_array(given)
        return np.broadcast_to(seed, shape).astype(np.float64)
    except OpError as e:
        msg = str(e)
    except ValueError:
        msg = f"seed of shape {fmt_shape(np.shape(given))} does not fit output {fmt_shape(shape)}"
    add(Problem("bad_seed", f"node '{output}': {msg}", output, ("seed",)))
    return np.ones(shape)
