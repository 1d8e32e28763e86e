"""The op registry: `@register` on an op class is all it takes to add an op to the catalog.

The catalog (and GET /api/ops) lists ops in registration order: the order of the classes in
`elementwise.py`, then in `layers.py` (the order `ops/__init__.py` imports them).
"""

from __future__ import annotations

OPS: dict[str, type] = {}
LEAF_NAMES = ("input", "const")  # leaves are not ops: they are described in ops/__init__.py


def register(cls: type) -> type:
    """Add an op class to OPS under its own `name`; refuse a missing or taken name."""
    name = vars(cls).get("name")
    if not isinstance(name, str) or not name:
        raise TypeError(f"{cls.__name__} declares no name of its own: it cannot be registered")
    if name in OPS or name in LEAF_NAMES:
        raise ValueError(f"op name {name!r} is taken ({(OPS.get(name) or 'a leaf')!r})")
    OPS[name] = cls
    return cls
