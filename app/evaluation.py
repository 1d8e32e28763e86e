"""Evaluating a request's graph under the app's limits, including the arithmetic it will do.

The engine's limits bound what a run creates and sends; `max_evaluation_work` also bounds its
work (the cost model's forward work, in the units of `max_gradcheck_work`), so a graph that
creates little but computes a lot (a 2,400-reader fan-out without a trace) is refused before
it runs, naming the node that tips it, instead of running into the deadline.
"""

from __future__ import annotations

from itertools import accumulate

import compgraph as engine
from compgraph.cost import NUMBER_BYTES

from .settings import Settings


def evaluate(document, settings: Settings, *, trace: bool,
             elide_above: int | None = None) -> engine.Evaluation:
    graph, _ = plan(document, settings, trace=trace, elide_above=elide_above)
    return engine.evaluate(graph, trace=trace, limits=settings.limits, elide_above=elide_above)


def plan(document, settings: Settings, *, trace: bool,
         elide_above: int | None = None) -> tuple[engine.Graph, engine.Cost]:
    """The parsed graph and what evaluating it will cost, refused when over
    `max_evaluation_work`."""
    graph = engine.validate(document, settings.limits)
    cost = engine.cost(graph, trace=trace, elide_above=elide_above)
    check_work(cost, settings.max_evaluation_work)
    return graph, cost


def runs_inline(cost: engine.Cost, inline_work: int) -> bool:
    """Whether the cost model says an evaluation is small enough to answer on the event loop
    (`Settings.inline_work`): its forward work, the array elements it creates and the numbers
    its answer holds (`answer_bytes` at NUMBER_BYTES a number) each at most `inline_work`."""
    return (cost.forward_work <= inline_work and cost.elements_created <= inline_work
            and cost.answer_bytes <= inline_work * NUMBER_BYTES)


def check_work(cost: engine.Cost, limit: int) -> None:
    if cost.forward_work <= limit:
        return
    node = next(i for i, total in zip(cost.ids, accumulate(cost.work)) if total > limit)
    raise engine.GraphError([engine.Problem(
        "limit", f"node '{node}': evaluating this graph would take {cost.forward_work:,} units"
        f" of work; the limit max_evaluation_work is {limit:,}"
        f" ({cost.forward_work / limit:.1f}x); node '{node}' brings the running total past it",
        node)])
