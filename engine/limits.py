"""Size, cost and time limits, as named settings. The Python API applies none unless asked.

`max_nodes` and `max_elements` bound what a document holds; the cost limits bound what
evaluating it creates (see `compgraph.cost`), checked after shape inference and before any
arithmetic; `deadline_seconds` bounds the wall-clock time of a run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_nodes: int = 5_000
    max_elements: int = 1_000_000  # array elements summed over every node's value
    max_elements_created: int = 30_000_000  # values, gradients, trace arrays (240 MB of float64)
    max_answer_bytes: int = 50_000_000  # the evaluate answer's estimated JSON size
    max_gradcheck_work: int = 200_000_000  # 2 forward passes per input element x pass work
    deadline_seconds: float | None = 10.0  # wall clock of one run; None: no deadline


DEFAULT_LIMITS = Limits()
