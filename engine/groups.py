"""The document's `groups`: named sets of nodes drawn as one composite box (Affine, Softmax-with-
Loss opened into their primitives, or a user's own, e.g. softplus = log(1 + exp(x))).

A group changes nothing in the arithmetic: the engine evaluates its member nodes as usual. It is
checked here so that a saved document's groups always name nodes that exist (docs/groups.md):

    "groups": [{"id": "h", "name": "softplus", "nodes": ["h.exp", "h.add", "h"],
                "op": null, "collapsed": true}]
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .errors import Problem
from .ops import OPS

GROUP_KEYS = {"id", "name", "nodes", "op", "collapsed"}
ID_RE = re.compile(r"[A-Za-z0-9_.\-]{1,64}")
MAX_NAME = 64


def check_groups(groups, seen: Mapping[str, int], add) -> None:
    """Add a Problem for each malformed group; `seen` maps the document's node ids."""
    if groups is None:
        return
    if not isinstance(groups, list):
        add(Problem("bad_group", "'groups' must be a list of {id, name, nodes}", None, ("groups",)))
        return
    owner: dict[str, str] = {}
    ids: set[str] = set()
    for i, g in enumerate(groups):
        for msg in _group_problems(g, seen, ids, owner):
            node = g.get("id") if isinstance(g, Mapping) and isinstance(g.get("id"), str) else None
            add(Problem("bad_group", msg, node, ("groups", i)))


def _group_problems(g, seen, ids: set[str], owner: dict[str, str]):
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
    yield from _member_problems(label, gid, g.get("nodes"), seen, owner)


def _member_problems(label, gid, nodes, seen, owner: dict[str, str]):
    if not isinstance(nodes, list) or not nodes:
        yield f"{label}: 'nodes' must be a non-empty list of node ids"
        return
    for ref in nodes:
        if not isinstance(ref, str) or ref not in seen:
            yield f"{label}: member {ref!r} is not a node of this graph"
        elif ref in owner and owner[ref] != gid:
            yield f"{label}: node '{ref}' is already in group '{owner[ref]}'"
        else:
            owner[ref] = gid
    if len(set(map(str, nodes))) != len(nodes):
        yield f"{label}: 'nodes' lists a node twice"
