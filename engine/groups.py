"""The document's `groups`: named sets of nodes drawn as one composite box (Affine, Softmax-with-
Loss opened into their primitives, or a user's own, e.g. softplus = log(1 + exp(x))).

A group changes nothing in the arithmetic: the engine evaluates its member nodes as usual. It is
checked here so that a saved document's groups can always be drawn as one box (docs/groups.md):

    "groups": [{"id": "h", "name": "softplus", "nodes": ["h.exp", "h.add", "h"],
                "op": null, "collapsed": true}]

A group's members are operations and constants (its inputs stay outside) with exactly one output
(one member read outside the group, read by nobody, or the document's `output`, which counts as
read from outside). Groups nest: a group lists another
group's nodes entirely or none of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .errors import Problem
from .ops import OPS

GROUP_KEYS = {"id", "name", "nodes", "op", "collapsed"}
ID_RE = re.compile(r"[A-Za-z0-9_.\-]{1,64}")
MAX_NAME = 64


def check_groups(groups, seen: Mapping[str, int], add, nodes: Sequence = (), output=None) -> None:
    """Add a Problem for each malformed group; `seen` maps the document's node ids to their
    index in `nodes` (the document's raw node list); `output` is the document's `output` field."""
    if groups is None:
        return
    if not isinstance(groups, list):
        add(Problem("bad_group", "'groups' must be a list of {id, name, nodes}", None, ("groups",)))
        return
    ids: set[str] = set()
    sets: list[tuple[str, frozenset, bool]] = []  # checked groups: (label, members, user's)
    readers = _readers(nodes)
    if isinstance(output, str):
        readers.setdefault(output, []).append(None)  # the document's output is read from outside
    for i, g in enumerate(groups):
        for msg in _group_problems(g, seen, ids, sets, nodes, readers):
            node = g.get("id") if isinstance(g, Mapping) and isinstance(g.get("id"), str) else None
            add(Problem("bad_group", msg, node, ("groups", i)))


def _readers(nodes: Sequence) -> dict[str, list[str | None]]:
    """Node id -> the ids of the nodes that read it (from the raw node list)."""
    out: dict[str, list[str]] = {}
    for n in nodes:
        if isinstance(n, Mapping) and isinstance(n.get("inputs"), list):
            for ref in n["inputs"]:
                if isinstance(ref, str):
                    out.setdefault(ref, []).append(n.get("id"))
    return out


def _group_problems(g, seen, ids: set[str], sets: list, nodes, readers):
    if not isinstance(g, Mapping):
        yield f"a group must be an object {{id, name, nodes}}, got {type(g).__name__}"
        return
    gid = g.get("id")
    label = f"group '{gid}'" if isinstance(gid, str) else "a group"
    extra = sorted(set(g) - GROUP_KEYS)
    if extra:
        allowed = ", ".join(sorted(GROUP_KEYS))
        yield f"{label} has an unknown field '{extra[0]}' (allowed: {allowed})"
    if not isinstance(gid, str) or not ID_RE.fullmatch(gid):
        yield f"{label}: 'id' must be 1-64 letters, digits, '_', '.' or '-'"
    elif gid in ids:
        yield f"{label}: the id is used by another group"
    else:
        ids.add(gid)
    name = g.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        yield f"{label}: 'name' must be a non-empty string of at most {MAX_NAME} characters"
    op = g.get("op")
    if op is not None and op not in OPS:
        yield f"{label}: 'op' must be null or an op of the catalog, got {op!r}"
    if not isinstance(g.get("collapsed", False), bool):
        yield f"{label}: 'collapsed' must be true or false"
    members = g.get("nodes")
    bad = list(_member_problems(label, members, seen))
    yield from bad
    if bad:
        return
    mine, user = frozenset(members), op is None
    yield from _nesting_problems(label, mine, user, sets)
    yield from _shape_problems(label, members, mine, seen, nodes, readers)
    sets.append((label, mine, user))


def _member_problems(label, members, seen):
    if not isinstance(members, list) or not members:
        yield f"{label}: 'nodes' must be a non-empty list of node ids"
        return
    for ref in members:
        if not isinstance(ref, str) or ref not in seen:
            yield f"{label}: member {ref!r} is not a node of this graph"
    if len(set(map(str, members))) != len(members):
        yield f"{label}: 'nodes' lists a node twice"


def _nesting_problems(label, mine: frozenset, user: bool, sets: list):
    """Two groups are disjoint, or one holds all of the other (nesting), never part of it; two
    user groups never have the same nodes (a user's group may name an opened layer's nodes)."""
    for other, theirs, their_user in sets:
        if mine == theirs and user and their_user:
            yield f"{label}: it has the same nodes as {other}"
        elif mine & theirs and not (mine <= theirs or theirs <= mine):
            both = sorted(mine & theirs)[0]
            left = sorted((theirs - mine) or (mine - theirs))[0]
            yield (f"{label}: node '{both}' is also in {other}, but node '{left}' is in only one"
                   " of them: a group holds another group's nodes entirely or none of them")


def _shape_problems(label, members: list, mine: frozenset, seen, nodes, readers):
    """Operations and constants only, and exactly one output, so that the group draws as one box."""
    raw = [nodes[seen[m]] if seen[m] < len(nodes) else None for m in members]
    for m, n in zip(members, raw):
        if isinstance(n, Mapping) and n.get("op") == "input":
            yield (f"{label}: node '{m}' is an input; a group holds operations and constants,"
                   " its inputs stay outside")
            return
    if not nodes:
        return
    outs = [m for m in members if not readers.get(m) or any(r not in mine for r in readers[m])]
    if len(outs) > 1:
        yield (f"{label}: nodes '{outs[0]}' and '{outs[1]}' are both read outside the group;"
               " a group has one output")
