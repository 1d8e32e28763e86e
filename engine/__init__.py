"""compgraph's engine: graph document in; values, gradients and the step trace out.

    import compgraph as engine
    result = engine.evaluate(document)
    result.values["price"], result.grads["apple"]

Pure numpy, no web imports.
"""

from .cost import Cost, cost
from .document import Graph, Node, parse
from .errors import GraphError, Problem
from .evaluate import Evaluation, Program, compile, evaluate
from .gradcheck import GradCheck, InputCheck, gradcheck, numerical_gradient
from .limits import DEFAULT_LIMITS, Limits
from .ops import OPS, catalog
from .trace import BackwardStep, Edge, ForwardStep, SeedStep

__all__ = [
    "DEFAULT_LIMITS", "OPS", "BackwardStep", "Cost", "Edge", "Evaluation", "ForwardStep",
    "GradCheck", "Graph", "GraphError", "InputCheck", "Limits", "Node", "Problem", "Program",
    "SeedStep", "catalog", "compile", "cost", "evaluate", "gradcheck", "numerical_gradient",
    "parse",
]
