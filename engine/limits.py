"""Size limits, as named settings. The Python API applies none unless asked."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_nodes: int = 5_000
    max_elements: int = 1_000_000  # array elements summed over every node's value


DEFAULT_LIMITS = Limits()
