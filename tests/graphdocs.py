"""Graph-document builders the test suites share (tests/ is on sys.path via its conftest)."""

from __future__ import annotations


def inp(id_, value, **fields):
    return {"id": id_, "op": "input", "value": value, **fields}


def const(id_, value):
    return {"id": id_, "op": "const", "value": value}


def op(id_, name, *inputs, **attrs):
    node = {"id": id_, "op": name, "inputs": list(inputs)}
    if attrs:
        node["attrs"] = attrs
    return node
